"""Reading generated documents back: python-docx for structure, the raw package for leaks."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document
from docx.oxml.ns import qn


def open_docx(data: bytes) -> Document:
    """The document, after checking it is an intact zip package."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
    return docx.Document(io.BytesIO(data))


def package_text(data: bytes) -> str:
    """Every XML part of the package (body, headers, footers, properties, numbering) as one string."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join(
            package.read(name).decode("utf-8") for name in package.namelist() if name.endswith((".xml", ".rels"))
        )


def paragraph_text(p: object) -> str:
    """A paragraph's text with line breaks as "\n" and tabs as "\t"."""
    parts = []
    for element in p.iter(qn("w:t"), qn("w:br"), qn("w:tab")):  # type: ignore[attr-defined]
        parts.append(element.text or "" if element.tag == qn("w:t") else "\n" if element.tag == qn("w:br") else "\t")
    return "".join(parts)


def body_lines(doc: Document) -> list[str]:
    """Paragraph texts of the body in reading order, table cells included."""
    lines = []
    for block in doc.element.body.iterchildren():
        if block.tag == qn("w:p"):
            lines.append(paragraph_text(block))
        elif block.tag == qn("w:tbl"):
            lines.extend(paragraph_text(cell_p) for cell_p in block.iter(qn("w:p")))
    return [line for line in lines if line]


def body_text(doc: Document) -> str:
    """The body as one string."""
    return "\n".join(body_lines(doc))


def headings(doc: Document, level: int) -> list[str]:
    """Texts of the paragraphs in Word's style "Heading <level>"."""
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name == f"Heading {level}"]


def header_text(section: object) -> str:
    """All text of a section's (default) header."""
    return "\n".join(p.text for p in section.header.paragraphs)  # type: ignore[attr-defined]
