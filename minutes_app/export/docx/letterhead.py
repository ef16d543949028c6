"""The letterhead: the base document every export starts from, and what each export adds to it.

Administrators upload a ``.docx`` per body; its page setup, styles, header,
footer and logo are kept and its body text is replaced by the document. Without
an upload the clean built-in letterhead (A4, Arial, the body's name in the
header) is used. On top of either, every export gets the same Word conventions:
German as document language, the heading, list and table styles it needs,
"Seite X von Y" as PAGE/NUMPAGES fields in the footer, and, where a part is
confidential, a marker in the header of every page of that part.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from io import BytesIO

import docx
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section, _Footer, _Header
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.text.paragraph import Paragraph

FONT = "Arial"
LANGUAGE = "de-DE"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: (size in half-points, space before and after in twips) of the heading levels of the built-in letterhead.
_HEADINGS = {1: (32, 240, 120), 2: (26, 240, 80), 3: (23, 180, 60), 4: (22, 120, 40)}
GREY = RGBColor(0x55, 0x55, 0x55)
_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _set_fonts(rpr: object, name: str = FONT) -> None:
    """Explicit fonts for every script; theme attributes would win over them, so they go."""
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # type: ignore[attr-defined]
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _doc_defaults_rpr(doc: Document) -> object:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    return rpr


def set_language(doc: Document) -> None:
    """German as the language of the whole document (spell check, hyphenation), overriding the template's."""
    rpr = _doc_defaults_rpr(doc)
    if rpr.find(qn("w:lang")) is None:  # type: ignore[attr-defined]
        # Word insists on the schema order: lang comes before these three.
        rpr.insert_element_before(  # type: ignore[attr-defined]
            OxmlElement("w:lang"), "w:eastAsianLayout", "w:specVanish", "w:oMath"
        )
    for lang in doc.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
    proof = doc.settings.element.find(qn("w:proofState"))
    if proof is not None:  # the template's "already checked" flag would hide German spelling errors
        doc.settings.element.remove(proof)


def _outline_style(doc: Document, name: str, level: int) -> None:
    """A heading style that Word's navigation pane lists (outline level), added when the template lacks it."""
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.bold = True
    style.font.size = Pt(_HEADINGS[level][0] / 2)
    style.paragraph_format.keep_with_next = True
    style.paragraph_format.space_before = Pt(_HEADINGS[level][1] / 20)
    style.paragraph_format.space_after = Pt(_HEADINGS[level][2] / 20)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level - 1))
    style.element.get_or_add_pPr().append(outline)


def ensure_styles(doc: Document) -> None:
    """Add the styles the exports use when an uploaded letterhead does not define them."""
    for level in range(1, 5):
        if f"Heading {level}" not in doc.styles:
            _outline_style(doc, f"Heading {level}", level)
    if "List Paragraph" not in doc.styles:
        style = doc.styles.add_style("List Paragraph", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.paragraph_format.left_indent = Cm(1.27)
    if "Table Grid" not in doc.styles:
        style = doc.styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            line = OxmlElement(f"w:{edge}")
            for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "auto")):
                line.set(qn(f"w:{key}"), value)
            borders.append(line)
        tbl_pr = style.element.find(qn("w:tblPr"))
        if tbl_pr is None:
            tbl_pr = OxmlElement("w:tblPr")
            style.element.append(tbl_pr)
        tbl_pr.append(borders)


def _house_styles(doc: Document) -> None:
    """Arial throughout, black headings with clear sizes, calm spacing."""
    rpr = _doc_defaults_rpr(doc)
    _set_fonts(rpr)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for level, (size, before, after) in _HEADINGS.items():
        style = doc.styles[f"Heading {level}"]
        _set_fonts(style.element.get_or_add_rPr())
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.size = Pt(size / 2)
        style.font.bold = True
        style.font.italic = level == 4
        style.paragraph_format.space_before = Pt(before / 20)
        style.paragraph_format.space_after = Pt(after / 20)
        style.paragraph_format.keep_with_next = True
    for name in ("Header", "Footer"):
        style = doc.styles[name]
        style.font.size = Pt(8.5)
        for tabs in style.element.xpath("w:pPr/w:tabs"):  # US Letter positions of the python-docx template
            tabs.getparent().remove(tabs)


def page_text_width(section: Section) -> Emu:
    """Width between the margins (for right-aligned tabs and table columns)."""
    width = (section.page_width or Cm(21)) - (section.left_margin or Cm(2.5)) - (section.right_margin or Cm(2))
    return Emu(width)


def _bottom_rule(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "4"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    # Schema order: the border comes before shading, tabs, spacing and alignment.
    ppr.insert_element_before(borders, *_AFTER_BORDER)


@lru_cache(maxsize=16)
def default_letterhead(body_name: str, contact_line: str = "") -> bytes:
    """The built-in letterhead of a body: A4, DIN margins, the body's name with a rule in the header."""
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.7), Cm(2.2)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1)
    _house_styles(doc)
    set_language(doc)
    header = section.header.paragraphs[0]
    name = header.add_run(body_name)
    name.bold = True
    name.font.size = Pt(13)
    if contact_line:
        contact = section.header.add_paragraph()
        run = contact.add_run(contact_line)
        run.font.color.rgb = GREY
        _bottom_rule(contact)
    else:
        _bottom_rule(header)
    # python-docx's template names "Microsoft Macintosh Word" as its application and has a preview
    # picture of an empty page; both parts are optional and would only mislead.
    package_rels = doc.part.package.rels
    for rel_id in [k for k, rel in package_rels.items() if rel.reltype in (RT.EXTENDED_PROPERTIES, RT.THUMBNAIL)]:
        package_rels.pop(rel_id)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def open_base(letterhead: bytes) -> Document:
    """Open a letterhead as the base of a new document: its body text goes, everything else stays."""
    doc = docx.Document(BytesIO(letterhead))
    doc.element.body.clear_content()
    # The template's preview picture would show the template, not this document.
    package_rels = doc.part.package.rels
    for rel_id in [key for key, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        package_rels.pop(rel_id)
    ensure_styles(doc)
    set_language(doc)
    return doc


def add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (e.g. PAGE) that Word and LibreOffice compute when they lay out the page."""
    for kind, text in (
        ("begin", None),
        ("instr", f" {instruction} "),
        ("separate", None),
        ("text", placeholder),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            run.text = placeholder
            continue
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _footers_of(doc: Document, section: Section) -> list[_Footer]:
    """The footers that show on the section's pages (first page and even pages only where switched on)."""
    footers = [section.footer]
    if section.different_first_page_header_footer:
        footers.append(section.first_page_footer)
    if doc.settings.odd_and_even_pages_header_footer:
        footers.append(section.even_page_footer)
    return footers


def _headers_of(doc: Document, section: Section) -> list[_Header]:
    headers = [section.header]
    if section.different_first_page_header_footer:
        headers.append(section.first_page_header)
    if doc.settings.odd_and_even_pages_header_footer:
        headers.append(section.even_page_header)
    return headers


def add_page_numbers(doc: Document, label: str) -> None:
    """Footer line: the document's short label on the left, "Seite X von Y" on the right, on every page."""
    section = doc.sections[0]
    width = page_text_width(section)
    if "Footer" not in doc.styles:
        doc.styles.add_style("Footer", WD_STYLE_TYPE.PARAGRAPH).base_style = doc.styles["Normal"]
    footer_style = doc.styles["Footer"]
    for footer in _footers_of(doc, section):
        paragraphs = footer.paragraphs
        paragraph = paragraphs[0] if len(paragraphs) == 1 and not paragraphs[0].text.strip() else footer.add_paragraph()
        paragraph.style = footer_style
        tab_stops = paragraph.paragraph_format.tab_stops
        # The template's own tab stops (often centre and right for US Letter) would catch the tab first.
        for inherited in footer_style.paragraph_format.tab_stops:
            if inherited.position != width:
                tab_stops.add_tab_stop(inherited.position, WD_TAB_ALIGNMENT.CLEAR)
        tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run(f"{label}\tSeite ")
        add_field(paragraph, "PAGE", "1")
        paragraph.add_run(" von ")
        add_field(paragraph, "NUMPAGES", "1")


def _marker_paragraph(header: _Header, text: str) -> None:
    paragraph = header.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(4)
    run = paragraph.add_run(f"– {text} –")
    run.bold = True
    run.font.size = Pt(10)


def mark_all_pages(doc: Document, text: str) -> None:
    """Show ``text`` (e.g. "nichtöffentlich") in the header of every page of the document."""
    for header in _headers_of(doc, doc.sections[0]):
        _marker_paragraph(header, text)


def _copy_header(source: _Header, target: _Header) -> None:
    """Copy the letterhead header with its images into the target's own header part."""
    target.is_linked_to_previous = False
    target_element = target._element
    for child in list(target_element):
        target_element.remove(child)
    if source.is_linked_to_previous:  # the first section has no such header: start empty
        return
    id_map: dict[str, str] = {}
    for rel_id, rel in source.part.rels.items():
        if rel.is_external:
            id_map[rel_id] = target.part.relate_to(rel.target_ref, rel.reltype, is_external=True)
        else:
            id_map[rel_id] = target.part.relate_to(rel.target_part, rel.reltype)
    for child in source._element:
        clone = copy.deepcopy(child)
        for element in clone.iter():
            for attr, value in element.attrib.items():
                if attr.startswith(f"{{{_R_NS}}}") and value in id_map:
                    element.set(attr, id_map[value])
        target_element.append(clone)


def start_marked_section(doc: Document, text: str) -> Section:
    """Start a new page whose section shows ``text`` in the header of each of its pages."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    # add_section() keeps the last sectPr for the new section and inserts a copy before it,
    # so the letterhead's section must be looked up afresh.
    first = doc.sections[0]
    pairs = [(first.header, section.header)]
    if section.different_first_page_header_footer:
        pairs.append((first.first_page_header, section.first_page_header))
    if doc.settings.odd_and_even_pages_header_footer:
        pairs.append((first.even_page_header, section.even_page_header))
    for source, target in pairs:
        _copy_header(source, target)
        _marker_paragraph(target, text)
    return section
