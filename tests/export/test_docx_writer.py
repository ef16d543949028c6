"""Word conventions of every export: letterhead, styles, lists, tables, fields, properties, language."""

from __future__ import annotations

import io
import zipfile

from docx.oxml.ns import qn

from minutes_app.export import docx as docx_export
from minutes_app.export.docx.letterhead import default_letterhead

from . import views
from .letterheads import FOOTER_TEXT, HEADER_TEXT, bare_letterhead, uploaded_letterhead
from .reading import body_text, header_text, headings, open_docx, package_text

BASE = default_letterhead("Landkreis Teststadt", "https://www.lk-teststadt.de")


def _paper(base: bytes = BASE) -> bytes:
    return docx_export.build_paper(views.paper(), base, views.CREATED)


def test_builtin_letterhead_is_a4_arial_german_with_the_body_in_the_header():
    doc = open_docx(_paper())
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert header_text(section).startswith("Landkreis Teststadt")
    fonts = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == "Arial" and fonts.get(qn("w:asciiTheme")) is None
    languages = {lang.get(qn("w:val")) for lang in doc.styles.element.iter(qn("w:lang"))}
    assert languages == {"de-DE"}
    assert doc.styles["Heading 1"].font.color.rgb == (0, 0, 0)
    # No preview picture of python-docx's empty template page, no "Microsoft Macintosh Word" as application.
    with zipfile.ZipFile(io.BytesIO(_paper())) as package:
        assert not {"docProps/thumbnail.jpeg", "docProps/app.xml"} & set(package.namelist())


def test_document_properties():
    props = open_docx(_paper()).core_properties
    assert props.title == "Vorlage 001/2026: Radwegekonzept 2030"
    assert props.subject == "Beschlussvorlage"
    assert props.author == "Landkreis Teststadt" and props.last_modified_by == "Landkreis Teststadt"
    assert props.language == "de-DE"
    assert props.category == "Vorlage"
    assert props.content_status == "Öffentliche Fassung"
    assert props.created.year == 2026


def test_markup_becomes_real_headings_lists_bold_and_italic():
    doc = open_docx(_paper())
    assert headings(doc, 1) == ["Radwegekonzept 2030"]
    assert "Sachverhalt/Begründung" in headings(doc, 2)
    assert headings(doc, 3) == ["1. Abschnitt", "2. Abschnitt", "3. Abschnitt"]
    runs = [run for p in doc.paragraphs for run in p.runs]
    assert any(run.text == "Kosten" and run.bold for run in runs)
    assert any(run.text == "Zeitplan" and run.italic for run in runs)
    numbering = doc.part.numbering_part.element
    formats = {
        a.get(qn("w:abstractNumId")): a.find(".//" + qn("w:numFmt")).get(qn("w:val"))
        for a in numbering.iterchildren(qn("w:abstractNum"))
    }
    num_to_abstract = {
        n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val"))
        for n in numbering.iterchildren(qn("w:num"))
    }
    items = [
        (p.text, p._p.pPr.numPr.numId.val)
        for p in doc.paragraphs
        if p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    bullets = [num for text, num in items if text.endswith("Gesichtspunkt")]
    numbered = [num for text, num in items if text.endswith("Schritt")]
    assert {formats[num_to_abstract[str(n)]] for n in bullets} == {"bullet"}
    assert {formats[num_to_abstract[str(n)]] for n in numbered} == {"decimal"}
    # Each numbered list starts at 1 again: one list instance per list.
    assert len(set(numbered)) == 3


def test_tables_repeat_their_header_row_and_rows_do_not_split():
    doc = open_docx(_paper())
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Gremium")
    header = table.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[0].cells] == ["Gremium", "Rolle", "Sitzung", "Ergebnis"]
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert table.style.name == "Table Grid"


def test_footer_has_page_x_of_y_fields():
    doc = open_docx(_paper())
    footer = doc.sections[0].footer
    xml = footer._element.xml
    assert " PAGE " in xml and " NUMPAGES " in xml
    assert xml.count('w:fldCharType="begin"') == 2
    assert footer.paragraphs[-1].text.startswith("Vorlage 001/2026\tSeite ")


def test_uploaded_letterhead_keeps_header_logo_and_footer_and_drops_its_body_text():
    data = docx_export.build_minutes(views.minutes(), uploaded_letterhead(), views.CREATED)
    doc = open_docx(data)
    assert "Platzhalter" not in body_text(doc)
    first, non_public = doc.sections
    assert HEADER_TEXT in header_text(first) and "nichtöffentlich" not in header_text(first)
    # The non-public part has a header of its own: the letterhead (logo included) plus the marker.
    assert not non_public.header.is_linked_to_previous
    assert HEADER_TEXT in header_text(non_public) and "– nichtöffentlich –" in header_text(non_public)
    copied = non_public.header.part
    embeds = [b.get(qn("r:embed")) for b in copied.element.iter(qn("a:blip"))]
    assert embeds and all(copied.rels[rel_id].target_part.content_type == "image/png" for rel_id in embeds)
    footer = "\n".join(p.text for p in first.footer.paragraphs)
    assert FOOTER_TEXT in footer and "Seite" in footer
    assert doc.core_properties.author == "Landkreis Teststadt"
    assert "Erika Admin" not in package_text(data)


def test_letterhead_without_styles_or_numbering_gets_what_the_exports_need():
    doc = open_docx(docx_export.build_paper(views.paper(), bare_letterhead(), views.CREATED))
    assert headings(doc, 1) == ["Radwegekonzept 2030"]
    heading = doc.styles["Heading 2"].element
    assert heading.find(".//" + qn("w:outlineLvl")).get(qn("w:val")) == "1"
    assert doc.part.numbering_part.element.find(qn("w:abstractNum")) is not None
    assert any(t.style is not None and t.style.name == "Table Grid" for t in doc.tables)


def test_text_with_control_characters_still_makes_a_valid_document():
    view = views.paper(reasoning="Zeile mit \x07Steuerzeichen\x0b und\tTabulator")
    doc = open_docx(docx_export.build_paper(view, BASE, views.CREATED))
    assert "Zeile mit Steuerzeichen und" in body_text(doc)
