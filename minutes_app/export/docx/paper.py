"""Vorlage, laid out like the printed original: facts, Beratungsfolge, texts, Anlagen, Sichtvermerke."""

from __future__ import annotations

from datetime import datetime

from ...services.documents import Audience
from ...services.paper_document import PaperView
from .common import SIGNATURE_LINE, DocumentMeta, DocxWriter, date_short

NO_TEXT = "Keine Angaben."


def _sections(writer: DocxWriter, view: PaperView) -> None:
    for title, text in (
        ("Antrag der Verwaltung", view.resolution_proposal),
        ("Sachverhalt/Begründung", view.reasoning),
        ("Finanzierung und Folgekosten", view.financial_impact),
    ):
        writer.heading(title, 2)
        if text.strip():
            writer.markup(text, 3)
        else:
            writer.paragraph(NO_TEXT, italic=True)


def _sign_offs(writer: DocxWriter, view: PaperView) -> None:
    writer.heading("Sichtvermerke", 2)
    for row in view.sign_offs:
        writer.paragraph(row.position, bold=True, keep_with_next=True, space_after=2)
        if row.signed_at is not None:
            deputy = "i. V. " if row.deputy else ""
            writer.paragraph(f"gez. {deputy}{row.name}, {date_short(row.signed_at)}", space_after=12)
            continue
        writer.paragraph(SIGNATURE_LINE, keep_with_next=True, space_after=2)
        note = f" ({row.state_label})" if row.state_label else ""
        writer.paragraph(f"{row.name}{note}", space_after=12)


def build_paper(view: PaperView, base: bytes, created: datetime) -> bytes:
    """The Vorlage as DOCX on the letterhead ``base``."""
    writer = DocxWriter(
        base,
        DocumentMeta(
            title=f"Vorlage {view.reference}: {view.title}",
            subject=view.type_label,
            author=view.body_name,
            category="Vorlage",
            footer_label=f"Vorlage {view.reference}",
            status=view.audience.label,
            created=created,
            keywords=", ".join((view.originator, *view.participants)),
        ),
    )
    markers = []
    if view.audience is Audience.INTERNAL and not view.public:
        markers.append("nichtöffentlich")
    if view.audience is Audience.INTERNAL and view.draft:
        markers.append(f"Entwurf – nicht freigegeben ({view.state_label})")
    if markers:
        writer.mark_all_pages(" · ".join(markers))
    writer.paragraph(f"Vorlage {view.reference}", bold=True, size=12, space_after=0)
    writer.heading(view.title, 1)
    writer.facts(
        [
            ("Vorlage-Nr.", view.reference),
            ("Art", view.type_label),
            ("Datum", date_short(view.paper_date)),
            ("Status", "öffentlich" if view.public else "nichtöffentlich"),
            ("Federführend", view.originator),
            ("Beteiligt", "\n".join(view.participants)),
            (
                "Bearbeitungsstand",
                f"{view.state_label}, Version {view.version}" if view.audience is Audience.INTERNAL else "",
            ),
        ]
    )
    writer.heading("Beratungsfolge", 2)
    if view.consultations:
        rows = [
            [
                step.committee,
                step.role,
                ", ".join(p for p in (date_short(step.meeting_start), step.item_number) if p),
                step.result,
            ]
            for step in view.consultations
        ]
        writer.table(["Gremium", "Rolle", "Sitzung", "Ergebnis"], rows, [4, 2.2, 2.2, 2.6])
    else:
        writer.paragraph("Keine Beratungsfolge festgelegt.", italic=True)
    _sections(writer, view)
    writer.heading("Anlagen", 2)
    if view.files:
        writer.bullets([name if public else f"{name} (nichtöffentlich)" for name, public in view.files])
    else:
        writer.paragraph("Keine Anlagen.", italic=True)
    if view.recorded_signatures:
        writer.heading("Sichtvermerke", 2)
        for line in view.recorded_signatures:
            writer.paragraph(line, space_after=6)
    if view.sign_offs:
        _sign_offs(writer, view)
    return writer.to_bytes()
