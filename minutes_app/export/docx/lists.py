"""Real Word lists (bullets and numbering) that do not depend on the letterhead's list styles.

An uploaded letterhead may have no numbering definitions at all, or ones that
look odd; the exports therefore add their own: one bulleted definition shared
by all bullet lists and one numbered definition per numbered list, so that
every list starts at its own first number in Word and LibreOffice alike.
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart
from lxml.etree import _Element

from .letterhead import FONT

_LEVEL = (
    '<w:abstractNum {ns} w:abstractNumId="{id}"><w:multiLevelType w:val="singleLevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
    '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="709" w:hanging="357"/></w:pPr>'
    '<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/></w:rPr></w:lvl></w:abstractNum>'
)


def _numbering_root(doc: Document) -> _Element:
    """The document's numbering part, created when the letterhead has none."""
    try:
        part = doc.part.part_related_by(RT.NUMBERING)
    except KeyError:
        partname = doc.part.package.next_partname("/word/numbering%d.xml")
        part = NumberingPart(partname, CT.WML_NUMBERING, parse_xml(f"<w:numbering {nsdecls('w')}/>"), doc.part.package)
        doc.part.relate_to(part, RT.NUMBERING)
    return part.element  # type: ignore[attr-defined, no-any-return]


class ListNumbering:
    """Adds numbering definitions on first use; list paragraphs refer to them by instance id."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._root: _Element | None = None
        self._bullet_id: int | None = None

    def _next_id(self, tag: str, attr: str) -> int:
        assert self._root is not None
        ids = [int(e.get(qn(attr), "0")) for e in self._root.iterchildren(qn(tag))]
        return max(ids, default=0) + 1

    def _define(self, fmt: str, text: str, start: int) -> int:
        """A new single-level definition and a list instance using it; returns the instance id."""
        if self._root is None:
            self._root = _numbering_root(self._doc)
        abstract_id = self._next_id("w:abstractNum", "w:abstractNumId")
        abstract = parse_xml(_LEVEL.format(ns=nsdecls("w"), id=abstract_id, start=start, fmt=fmt, text=text, font=FONT))
        # The schema wants every abstractNum before the first num.
        first_num = self._root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self._root.append(abstract)
        num_id = self._next_id("w:num", "w:numId")
        instance = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
        )
        cleanup = self._root.find(qn("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(instance)
        else:
            self._root.append(instance)
        return num_id

    def bullets(self) -> int:
        """The instance id of the bullet list (shared: bullets need no restart)."""
        if self._bullet_id is None:
            self._bullet_id = self._define("bullet", "•", 1)
        return self._bullet_id

    def numbered(self, start: int) -> int:
        """A fresh numbered list starting at ``start``."""
        return self._define("decimal", "%1.", start)
