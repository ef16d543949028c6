"""Einladung: addressees, date, time and place, the Tagesordnung in its two parts, the chair's signature."""

from __future__ import annotations

from datetime import datetime

from ...services.documents import Audience, InvitationView, ItemView
from .common import SIGNATURE_LINE, DocumentMeta, DocxWriter, date_long, date_short, time_short

SUPPLEMENT = " (Nachtrag)"


def agenda_table(writer: DocxWriter, items: tuple[ItemView, ...]) -> None:
    """The items of one part: TOP, Betreff (Nachträge marked), Vorlage."""
    if not items:
        writer.paragraph("Keine Tagesordnungspunkte.", italic=True)
        return
    rows = [
        [item.number, item.title + (SUPPLEMENT if item.is_supplement else ""), item.paper_reference] for item in items
    ]
    writer.table(["TOP", "Betreff", "Vorlage"], rows, [1.1, 6, 1.6])


def build_invitation(view: InvitationView, base: bytes, created: datetime) -> bytes:
    """The Einladung as DOCX on the letterhead ``base``."""
    head = view.head
    writer = DocxWriter(
        base,
        DocumentMeta(
            title=f"Einladung – {head.meeting_name} am {date_short(head.start)}",
            subject="Einladung und Tagesordnung",
            author=head.body_name,
            category="Einladung",
            footer_label=f"Einladung · {head.committee_short} · {date_short(head.start)}",
            status=view.audience.label,
            created=created,
            keywords=", ".join(head.committees),
        ),
    )
    markers = []
    if view.audience is Audience.INTERNAL and view.non_public_items:
        markers.append("enthält nichtöffentliche Tagesordnungspunkte")
    if view.draft:
        markers.append("Entwurf – noch nicht versandt")
    if markers:
        writer.mark_all_pages(" · ".join(markers))
    writer.paragraph(f"Datum: {date_short(view.issued)}", align_right=True)
    writer.lines(["An die Mitglieder", *head.committees])
    writer.heading("Einladung", 1)
    writer.facts(
        [
            ("Sitzung", head.meeting_name),
            ("Gremium", "\n".join(head.committees)),
            ("Sitzungsnummer", head.number),
            ("Datum", date_long(head.start)),
            ("Beginn", time_short(head.start)),
            ("Ort", head.place),
        ]
    )
    if head.cancelled:
        writer.paragraph("Diese Sitzung wurde abgesagt.", bold=True, size=13)
    writer.paragraph("Sehr geehrte Damen und Herren,")
    writer.paragraph(
        f"hiermit lade ich Sie zur Sitzung am {date_long(head.start)} um {time_short(head.start)} ein. "
        "Die Tagesordnung lautet:"
    )
    writer.heading("Tagesordnung", 2)
    writer.heading("Öffentlicher Teil", 3)
    agenda_table(writer, view.public_items)
    if view.non_public_items:
        writer.heading("Nichtöffentlicher Teil", 3)
        agenda_table(writer, view.non_public_items)
    report_items = [i for i in (*view.public_items, *view.non_public_items) if i.implementation_report]
    if report_items:
        writer.heading(f"Zu {report_items[0].number}: Bericht zur Umsetzung der Beschlüsse", 3)
        if view.implementation_report:
            rows = [[r.decision, r.meeting, r.department, r.due, r.status] for r in view.implementation_report]
            writer.table(["Beschluss", "Sitzung", "Zuständig", "Frist", "Stand"], rows, [4, 2.5, 2, 1.3, 1.5])
        else:
            writer.paragraph("Es gibt keine offenen oder überfälligen Beschlüsse.", italic=True)
    if any(item.is_supplement for item in (*view.public_items, *view.non_public_items)):
        writer.paragraph(
            "Mit „(Nachtrag)“ gekennzeichnete Punkte wurden nach dem Versand der Einladung ergänzt.", italic=True
        )
    writer.paragraph("Mit freundlichen Grüßen", keep_with_next=True)
    writer.signatures([(SIGNATURE_LINE, view.chair, "Vorsitz")])
    return writer.to_bytes()
