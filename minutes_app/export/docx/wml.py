"""Direct WordprocessingML for the body text: paragraphs, runs and tables.

python-docx's object API re-validates the element order on every call and
writes text character by character; a 40-item Niederschrift has about a
thousand runs, so the writer creates these elements with lxml directly (in the
order the schema prescribes) and leaves python-docx the package, styles,
sections, headers and footers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml.etree import SubElement, _Element

VAL = qn("w:val")
_P, _PPR, _PSTYLE, _KEEP_NEXT, _SPACING, _JC = (
    qn(t) for t in ("w:p", "w:pPr", "w:pStyle", "w:keepNext", "w:spacing", "w:jc")
)
_NUMPR, _ILVL, _NUMID = qn("w:numPr"), qn("w:ilvl"), qn("w:numId")
_R, _RPR, _B, _I, _SZ, _T, _BR, _TAB = (qn(t) for t in ("w:r", "w:rPr", "w:b", "w:i", "w:sz", "w:t", "w:br", "w:tab"))
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: XML 1.0 forbids these; stored texts are normalized, but titles and names are not all texts.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPLIT = re.compile(r"(\t|\n)")


@dataclass(frozen=True)
class Span:
    """A piece of text with its emphasis; ``size`` in points."""

    text: str
    bold: bool = False
    italic: bool = False
    size: float | None = None
    #: Grey highlight: a passage redacted in the public version, shown in the full version.
    highlight: bool = False


def clean(text: str) -> str:
    """The text without characters XML cannot carry."""
    return _FORBIDDEN.sub("", text)


def paragraph(
    style_id: str | None = None,
    *,
    keep_next: bool = False,
    num_id: int | None = None,
    before: float | None = None,
    after: float | None = None,
    align: str | None = None,
) -> _Element:
    """A ``w:p`` with its properties in schema order (pStyle, keepNext, numPr, spacing, jc); sizes in points."""
    p = parse_xml(f"<w:p {nsdecls('w')}/>")
    if style_id or keep_next or num_id is not None or before is not None or after is not None or align:
        ppr = SubElement(p, _PPR)
        if style_id:
            SubElement(ppr, _PSTYLE).set(VAL, style_id)
        if keep_next:
            SubElement(ppr, _KEEP_NEXT)
        if num_id is not None:
            num_pr = SubElement(ppr, _NUMPR)
            SubElement(num_pr, _ILVL).set(VAL, "0")
            SubElement(num_pr, _NUMID).set(VAL, str(num_id))
        if before is not None or after is not None:
            spacing = SubElement(ppr, _SPACING)
            if before is not None:
                spacing.set(qn("w:before"), str(round(before * 20)))
            if after is not None:
                spacing.set(qn("w:after"), str(round(after * 20)))
        if align:
            SubElement(ppr, _JC).set(VAL, align)
    return p


def run(p: _Element, span: Span) -> None:
    """Append a run; tabs and line ends in the text become ``w:tab`` and ``w:br``."""
    r = SubElement(p, _R)
    if span.bold or span.italic or span.size or span.highlight:
        rpr = SubElement(r, _RPR)
        if span.bold:
            SubElement(rpr, _B)
        if span.italic:
            SubElement(rpr, _I)
        if span.size:
            SubElement(rpr, _SZ).set(VAL, str(round(span.size * 2)))
        if span.highlight:  # schema order: w:highlight follows w:sz
            SubElement(rpr, qn("w:highlight")).set(VAL, "lightGray")
    for piece in _SPLIT.split(clean(span.text)):
        if piece == "\t":
            SubElement(r, _TAB)
        elif piece == "\n":
            SubElement(r, _BR)
        elif piece:
            t = SubElement(r, _T)
            t.text = piece
            if piece[0].isspace() or piece[-1].isspace():
                t.set(_SPACE, "preserve")


def line_break(p: _Element) -> None:
    """A line break inside the paragraph."""
    SubElement(SubElement(p, _R), _BR)


def _run_xml(span: Span) -> str:
    props = ("<w:b/>" if span.bold else "") + ("<w:i/>" if span.italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = []
    for index, line in enumerate(clean(span.text).split("\n")):
        if index:
            parts.append("<w:br/>")
        if line:
            parts.append(f'<w:t xml:space="preserve">{escape(line)}</w:t>')
    return f"<w:r>{rpr}{''.join(parts)}</w:r>" if parts else ""


def _cell_xml(width: int, spans: list[Span], fill: str = "", before: int = 0) -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    spacing = f'<w:pPr><w:spacing w:before="{before}"/></w:pPr>' if before else ""
    runs = "".join(_run_xml(span) for span in spans)
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr><w:p>{spacing}{runs}</w:p></w:tc>'


def table(
    widths: list[int],
    rows: list[list[list[Span]]],
    *,
    style_id: str | None,
    header: bool,
    borders: bool = True,
) -> _Element:
    """A ``w:tbl``: column widths in twips, each cell a list of spans; rows never split across pages.

    With ``header`` the first row is shaded and marked ``w:tblHeader``, so Word
    and LibreOffice repeat it at the top of every page the table runs onto.
    """
    style = f"<w:tblStyle w:val={quoteattr(style_id)}/>" if style_id else ""
    no_borders = (
        ""
        if borders
        else (
            "<w:tblBorders>"
            + "".join(f'<w:{edge} w:val="nil"/>' for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + "</w:tblBorders>"
        )
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    body = []
    for index, cells in enumerate(rows):
        is_header = header and index == 0
        tr_pr = "<w:trPr><w:cantSplit/>" + ('<w:tblHeader w:val="true"/>' if is_header else "") + "</w:trPr>"
        tcs = "".join(
            _cell_xml(width, spans, "E6E6E6" if is_header else "") for width, spans in zip(widths, cells, strict=True)
        )
        body.append(f"<w:tr>{tr_pr}{tcs}</w:tr>")
    xml = (
        f'<w:tbl {nsdecls("w")}><w:tblPr>{style}<w:tblW w:w="{sum(widths)}" w:type="dxa"/>{no_borders}'
        f'<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(body)}</w:tbl>'
    )
    return parse_xml(xml)


def signature_table(widths: list[int], blocks: list[tuple[str, str, str]]) -> _Element:
    """Signature blocks side by side without borders: the line (or "gez. …"), the name, the function."""
    cells = []
    for width, (mark, name, function) in zip(widths, blocks, strict=True):
        lines = "".join(f"<w:p>{_run_xml(Span(text))}</w:p>" for text in (name, function) if text)
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:keepNext/><w:spacing w:before="600" w:after="40"/></w:pPr>{_run_xml(Span(mark))}</w:p>'
            f"{lines}</w:tc>"
        )
    nil = "".join(f'<w:{edge} w:val="nil"/>' for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{nil}</w:tblBorders>'
        f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr></w:tbl>"
    )
