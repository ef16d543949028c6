"""Niederschrift: head, attendance, per item discussion, resolution and vote, signatures, approval.

The public version holds the public part only. The full version puts the
non-public part in a section of its own that starts on a new page and carries
"nichtöffentlich" in the header of each of its pages; the signatures and the
approval follow it there.
"""

from __future__ import annotations

from datetime import datetime

from ...services.documents import Audience, MinutesDocument
from ...secretariat.vote_details import VoteDetails
from ...services.minutes_view import AttendanceView, AttendeeLine, ItemView
from .common import SIGNATURE_LINE, DocumentMeta, DocxWriter, date_long, date_short, time_short
from .invitation import SUPPLEMENT

NON_PUBLIC_MARK = "nichtöffentlich"
_ATTENDANCE_COLUMNS = ["Name", "Funktion", "Fraktion", "Bemerkung"]


def outcome(result_label: str, vote_label: str) -> str:
    """E.g. "beschlossen (einstimmig)" or "abgelehnt (3 Ja, 9 Nein, 0 Enthaltungen)"."""
    if result_label and vote_label:
        return f"{result_label} ({vote_label})"
    return result_label or vote_label


def _attendance(writer: DocxWriter, attendance: AttendanceView, public: bool) -> None:
    groups: list[tuple[str, list[AttendeeLine]]] = [
        ("Anwesend", attendance.present),
        ("Entschuldigt", attendance.excused),
        ("Abwesend", attendance.absent),
        ("Von der Verwaltung", attendance.staff),
        ("Gäste", attendance.guests),
    ]
    shown = False
    for title, lines in groups:
        if not lines:
            continue
        shown = True
        writer.heading(title, 3)
        rows = [[line.name, line.role, line.faction, line.detail] for line in lines]
        writer.table(_ATTENDANCE_COLUMNS, rows, [4, 2.6, 2, 3])
    if public and attendance.guest_count:
        shown = True
        guests = "ein Gast" if attendance.guest_count == 1 else f"{attendance.guest_count} Gäste"
        writer.labelled("Gäste", guests)
    if not shown:
        writer.paragraph("Keine Anwesenheit erfasst.", italic=True)


def result_line(writer: DocxWriter, result_label: str, vote_label: str) -> None:
    """"Abstimmungsergebnis" only where a vote was taken; a result without a vote is just the "Ergebnis"."""
    if result_label or vote_label:
        writer.labelled("Abstimmungsergebnis" if vote_label else "Ergebnis", outcome(result_label, vote_label))


def vote_details(writer: DocxWriter, details: VoteDetails) -> None:
    """Teilabstimmungen as a list and the table per Fraktion with its totals."""
    if details.parts:
        writer.paragraph("Teilabstimmungen:", bold=True, keep_with_next=True, space_after=2)
        writer.bullets([part.text for part in details.parts])
    if details.factions is not None:
        table = details.factions
        caption = "Abstimmung nach Fraktionen" + (" (aus den Einzelstimmen)" if table.derived else "") + ":"
        writer.paragraph(caption, bold=True, keep_with_next=True, space_after=2)
        rows = [[r.name, str(r.yes), str(r.no), str(r.abstain)] for r in table.rows]
        rows.append(["Gesamt", *(str(n) for n in table.totals)])
        writer.table(["Fraktion", "Ja", "Nein", "Enthaltungen"], rows, [4, 1.5, 1.5, 2])


def _items(writer: DocxWriter, items: list[ItemView], supplements: frozenset[int]) -> None:
    """Every item with its number, title, Vorlage, course of discussion, resolution and vote."""
    if not items:
        writer.paragraph("Keine Tagesordnungspunkte.", italic=True)
    for item in items:
        if item.kind == "separator":
            writer.paragraph(item.name, bold=True, keep_with_next=True, space_before=12, space_after=6)
            continue
        writer.heading(f"{item.number} {item.name}{SUPPLEMENT if item.id in supplements else ''}", 3 + min(item.depth, 1))
        if item.paper is not None:
            writer.labelled("Vorlage", item.paper.reference, keep_with_next=True)
        if item.quorum is not None and item.kind == "item":
            writer.labelled("Beschlussfähigkeit", item.quorum.label)
        if item.minutes_text.strip():
            writer.paragraph("Beratungsverlauf:", bold=True, keep_with_next=True, space_after=2)
            writer.markup(item.minutes_text, 4)
        if item.resolution_text.strip():
            writer.paragraph("Beschluss:", bold=True, keep_with_next=True, space_after=2)
            writer.markup(item.resolution_text, 4)
        result_line(writer, item.result_label, item.vote_label)
        vote_details(writer, item.details)
        if item.member_votes:
            writer.paragraph("Namentliche Abstimmung:", bold=True, keep_with_next=True, space_after=2)
            writer.bullets([f"{name}: {vote}" for name, vote in item.member_votes])


def _signature(name: str, signed_at: datetime | None, function: str) -> tuple[str, str, str]:
    mark = f"gez. am {date_short(signed_at)}" if signed_at is not None else SIGNATURE_LINE
    return mark, name, function


def _approval(writer: DocxWriter, view: MinutesDocument) -> None:
    reading = view.reading
    if view.approved_at is None:
        return
    writer.heading("Genehmigung", 2)
    when = reading.approval_text or f"am {date_short(view.approved_at)}"
    writer.paragraph(f"Die Niederschrift wurde {when} genehmigt.")
    for label, note in (
        ("Berichtigungen", reading.approval_note),
        ("Berichtigungen zum nichtöffentlichen Teil", reading.approval_note_internal),
    ):
        if note.strip():
            writer.paragraph(f"{label}:", bold=True, keep_with_next=True, space_after=2)
            writer.markup(note, 3)


def build_minutes(view: MinutesDocument, base: bytes, created: datetime) -> bytes:
    """The Niederschrift (public or full version) as DOCX on the letterhead ``base``."""
    head, reading = view.head, view.reading
    public = view.audience is Audience.PUBLIC
    writer = DocxWriter(
        base,
        DocumentMeta(
            title=f"Niederschrift – {head.meeting_name} am {date_short(head.start)}",
            subject="Niederschrift (öffentlicher Teil)" if public else "Niederschrift (vollständige Fassung)",
            author=head.body_name,
            category="Niederschrift",
            footer_label=f"Niederschrift · {head.committee_short} · {date_short(head.start)}",
            status=view.audience.label,
            created=created,
            keywords=", ".join(head.committees),
        ),
    )
    if view.draft:
        writer.mark_all_pages("Entwurf")
    writer.heading("Niederschrift", 1)
    writer.paragraph(
        "Öffentlicher Teil" if public else "Vollständige Fassung (öffentlicher und nichtöffentlicher Teil)", bold=True
    )
    writer.facts(
        [
            ("Sitzung", head.meeting_name),
            ("Gremium", "\n".join(reading.committee_names)),
            ("Sitzungsnummer", head.number),
            ("Datum", date_long(head.start)),
            ("Ort", head.place),
            ("Beginn", time_short(reading.started_at or head.start)),
            ("Ende", time_short(reading.ended_at or head.end)),
            ("Vorsitz", reading.chair_name),
            ("Schriftführung", reading.recorder_name),
            ("Stand", reading.state_label),
        ]
    )
    writer.heading("Anwesenheit", 2)
    if view.draft and not view.attendance_confirmed:
        writer.paragraph("Die Anwesenheit ist noch nicht bestätigt.", italic=True)
    _attendance(writer, reading.attendance, public)
    writer.heading("Öffentlicher Teil", 2)
    _items(writer, reading.public_items, view.supplement_ids)
    if public and reading.has_non_public_part:
        writer.paragraph("Der nichtöffentliche Teil der Sitzung ist nicht Bestandteil dieser Fassung.", italic=True)
    if reading.non_public_items:
        writer.start_marked_part(NON_PUBLIC_MARK)
        writer.heading("Nichtöffentlicher Teil", 2)
        _items(writer, reading.non_public_items, view.supplement_ids)
    if reading.ended_at:
        writer.paragraph(f"Ende der Sitzung: {time_short(reading.ended_at)}", keep_with_next=True)
    if view.recorded_signatures:
        for line in view.recorded_signatures:
            writer.paragraph(line, space_after=6)
    else:
        writer.signatures(
            [
                _signature(reading.chair_name, view.chair_signed_at, "Vorsitz"),
                _signature(reading.recorder_name, view.recorder_signed_at, "Schriftführung"),
            ]
        )
    _approval(writer, view)
    return writer.to_bytes()
