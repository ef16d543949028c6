"""Letterheads as administrators upload them, made with python-docx."""

from __future__ import annotations

import io
import struct
import zlib

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Cm

HEADER_TEXT = "Kreisverwaltung Musterhausen – Der Landrat"
FOOTER_TEXT = "Bankverbindung: Kreissparkasse Musterhausen"


def tiny_png() -> bytes:
    """A valid 1×1 pixel PNG (the logo)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00"))
        + chunk(b"IEND", b"")
    )


def uploaded_letterhead() -> bytes:
    """A letterhead with a logo and text in the header, a footer line, a body placeholder and a stray author."""
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    header = section.header.paragraphs[0]
    header.add_run().add_picture(io.BytesIO(tiny_png()), width=Cm(1))
    header.add_run(HEADER_TEXT)
    section.footer.paragraphs[0].text = FOOTER_TEXT
    doc.add_paragraph("Platzhalter für den Brieftext")
    doc.core_properties.author = "Erika Admin"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def bare_letterhead() -> bytes:
    """A letterhead without heading, list and table styles and without numbering definitions."""
    doc = docx.Document()
    for style_id in ("Heading1", "Heading2", "Heading3", "Heading4", "ListParagraph", "TableGrid"):
        for element in doc.styles.element.xpath(f'w:style[@w:styleId="{style_id}"]'):
            doc.styles.element.remove(element)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype == RT.NUMBERING:
            doc.part.drop_rel(rel_id)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
