"""Beschlussauszug: one decision with meeting, item, vote and result, for the departments that carry it out."""

from __future__ import annotations

from datetime import datetime

from ...services.documents import ExtractView
from .common import SIGNATURE_LINE, DocumentMeta, DocxWriter, date_long, date_short
from .minutes import NON_PUBLIC_MARK, result_line, vote_details


def build_resolution_extract(view: ExtractView, base: bytes, created: datetime) -> bytes:
    """The Beschlussauszug as DOCX on the letterhead ``base``."""
    head, item = view.head, view.item
    writer = DocxWriter(
        base,
        DocumentMeta(
            title=f"Beschlussauszug {item.number} – {head.meeting_name} am {date_short(head.start)}",
            subject=item.title,
            author=head.body_name,
            category="Beschlussauszug",
            footer_label=f"Beschlussauszug · {head.committee_short} · {date_short(head.start)} · {item.number}",
            status=view.audience.label,
            created=created,
            keywords=", ".join(head.committees),
        ),
    )
    markers = [NON_PUBLIC_MARK] if not item.public else []
    if view.draft:
        markers.append("Entwurf")
    if markers:
        writer.mark_all_pages(" · ".join(markers))
    writer.heading("Beschlussauszug", 1)
    writer.paragraph("aus der Niederschrift", bold=True)
    writer.facts(
        [
            ("Sitzung", head.meeting_name),
            ("Gremium", "\n".join(head.committees)),
            ("Sitzungsnummer", head.number),
            ("Datum", date_long(head.start)),
            ("Tagesordnungspunkt", f"{item.number} ({'öffentlich' if item.public else 'nichtöffentlich'})"),
            ("Betreff", item.title),
            ("Vorlage", item.paper_reference),
        ]
    )
    writer.heading("Beschluss", 2)
    if item.resolution_text.strip():
        writer.markup(item.resolution_text, 3)
    else:
        writer.paragraph("Zu diesem Tagesordnungspunkt ist kein Beschlusstext erfasst.", italic=True)
    if item.result_label or item.vote_label:
        result_line(writer, item.result_label, item.vote_label)
    else:
        writer.labelled("Ergebnis", "nicht erfasst")
    vote_details(writer, item.details)
    if view.departments:
        writer.heading("Zur Kenntnis und weiteren Veranlassung", 2)
        writer.bullets(list(view.departments))
    writer.paragraph("Für die Richtigkeit des Auszugs:", keep_with_next=True, space_before=18)
    writer.signatures([(SIGNATURE_LINE, view.recorder, f"Schriftführung, {date_short(created)}")])
    return writer.to_bytes()
