"""A real PDF (Word document converted by LibreOffice) is uploaded; its cleaned text is found by search.

The PDF has what council PDFs have: a word broken by a hyphen at the line end, a soft hyphen
the line broke at, a Symbol-font bullet list, a table, a running header and "- n -" page numbers.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from pypdf import PdfReader

from minutes_app.search import SearchIndexes, indexes
from minutes_app.services import files
from tests.search.conftest import decision

HEADER = "Niederschrift UVA/12/2026"


def _page_number_footer(document: docx.Document) -> None:
    """Footer "- n -" with a PAGE field, as Word templates print it."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" -")


def _minutes_docx(path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.left_margin, section.right_margin = Cm(2), Cm(13)
    section.header.paragraphs[0].text = HEADER
    _page_number_footer(document)
    document.add_paragraph("TOP 3 Neubau am Gewerbegebiet Nord")
    paragraph = document.add_paragraph("Der Ausschuss berät über den Recycling-")
    paragraph.add_run().add_break()
    paragraph.add_run("hof im Gewerbegebiet Nord. Rückfragen per E-Mail an die Bau-")
    paragraph.add_run().add_break()
    paragraph.add_run("und Umweltverwaltung.")
    # A paragraph narrower than its one word: the line must break at one of the soft hyphens.
    narrow = document.add_paragraph("Audio\u00adaufnahme\u00adverfahren")
    narrow.paragraph_format.right_indent = Cm(3.5)
    for line in ("Kosten laut Vorlage", "Förderung durch das Land"):
        item = document.add_paragraph()
        bullet = item.add_run("\uf0b7")
        bullet.font.name = "Symbol"
        item.add_run("\t" + line)
    table = document.add_table(rows=3, cols=2)
    for row, cells in enumerate([("Jahr", "Ansatz"), ("2026", "1.300.000 €"), ("2027", "1.350.000 €")]):
        for column, value in enumerate(cells):
            table.cell(row, column).text = value
    for number in range(40):
        document.add_paragraph(f"Wortbeitrag {number}: Die Verwaltung beantwortet Fragen zur Planung.")
    document.save(path)


@pytest.fixture(scope="module")
def minutes_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The converted PDF (one soffice run for the module)."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) fehlt: apt-get install -y --no-install-recommends "
                    "libreoffice-writer-nogui (make test installiert es).", pytrace=False)
    folder = tmp_path_factory.mktemp("pdf")
    _minutes_docx(folder / "niederschrift.docx")
    completed = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(folder), str(folder / "niederschrift.docx")],
        capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(folder)}, check=False,
    )
    pdf = folder / "niederschrift.pdf"
    assert pdf.exists(), f"Die Umwandlung ist fehlgeschlagen: {completed.stdout} {completed.stderr}"
    return pdf.read_bytes()


@pytest.fixture
def search_indexes(app) -> SearchIndexes:
    with app.app_context():
        return indexes()


def test_the_raw_pdf_text_has_the_defects(minutes_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(minutes_pdf))
    raw = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 3
    assert "Recycling-\nhof" in raw
    assert "Audio-\naufnahme-\nverfahren" in raw
    assert "\uf0b7" in raw
    assert "- 2 -" in raw
    assert raw.count(HEADER) == len(reader.pages)


def test_uploaded_pdf_text_is_cleaned_and_found_in_search(minutes_pdf: bytes, session, factory, tmp_path,
                                                          search_indexes: SearchIndexes) -> None:
    record = files.store_upload(session, None, stream=io.BytesIO(minutes_pdf), file_name="Niederschrift.pdf",
                                store_dir=tmp_path / "store", max_mb=20, public=True)
    text = record.text
    assert "Recyclinghof im Gewerbegebiet Nord." in text
    assert "\nAudioaufnahmeverfahren\n" in text
    assert "E-Mail" in text and "Bau- und Umweltverwaltung." in text
    assert "- Kosten laut Vorlage\n- Förderung durch das Land" in text
    assert "\uf0b7" not in text and "\u00ad" not in text
    assert text.count(HEADER) == 1
    assert "- 2 -" not in text
    table_row = next(line for line in text.split("\n") if line.startswith("2026"))
    assert "1.300.000 €" in table_row and "   " in table_row

    paper, _item, _meeting = decision(factory, name="Neubau am Gewerbegebiet Nord")
    paper.files.append(record)
    session.commit()
    for word in ("Recyclinghof", "Audioaufnahmeverfahren"):
        hits = {hit.id for hit in search_indexes.public.search(word).hits}
        assert f"file:{record.id}" in hits, word
