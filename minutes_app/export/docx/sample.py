"""A sample document that shows administrators how the exports look on a letterhead."""

from __future__ import annotations

from datetime import datetime

from .common import SIGNATURE_LINE, DocumentMeta, DocxWriter, date_long

SAMPLE_TEXT = """## I. Überschrift eines Abschnitts

Ein Absatz mit **fetter** und *kursiver* Schrift.

- erster Punkt einer Aufzählung
- zweiter Punkt

1. erster nummerierter Punkt
2. zweiter nummerierter Punkt"""


def build_sample(body_name: str, base: bytes, created: datetime) -> bytes:
    """Headings, facts, a text with lists, a table and a signature line on the letterhead ``base``."""
    writer = DocxWriter(
        base,
        DocumentMeta(
            title="Musterdokument",
            subject="Vorschau des Briefkopfs",
            author=body_name,
            category="Muster",
            footer_label="Musterdokument",
            status="Muster",
            created=created,
        ),
    )
    writer.heading("Musterdokument", 1)
    writer.facts([("Körperschaft", body_name), ("Datum", date_long(created))])
    writer.heading("Text mit Gliederung", 2)
    writer.markup(SAMPLE_TEXT, 3)
    writer.heading("Tabelle", 2)
    writer.table(["TOP", "Betreff", "Vorlage"], [["Ö 1", "Beispielpunkt", "001/2026"]], [1.1, 6, 1.6])
    writer.signatures([(SIGNATURE_LINE, "Name", "Funktion")])
    return writer.to_bytes()
