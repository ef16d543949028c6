"""Each document type converted with LibreOffice (headless) to PDF; pdftotext shows the expected text.

LibreOffice exits with 0 even when it cannot read a file, so the tests check
that each PDF exists and holds the headings. One soffice run converts all four
documents (module scope) to keep the suite fast.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from minutes_app.export import docx as docx_export
from minutes_app.export.docx.letterhead import default_letterhead

from . import views

INSTALL_HINT = (
    "LibreOffice und poppler-utils werden für die DOCX-Prüfung gebraucht: "
    "apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils (make test installiert sie)."
)


def _require_tools() -> None:
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} fehlt. {INSTALL_HINT}", pytrace=False)


@pytest.fixture(scope="module")
def pdf_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The text of every page of each converted document, by document name."""
    _require_tools()
    folder = tmp_path_factory.mktemp("docx")
    base = default_letterhead("Landkreis Teststadt", "https://www.lk-teststadt.de")
    documents = {
        "einladung": docx_export.build_invitation(views.invitation(), base, views.CREATED),
        "vorlage": docx_export.build_paper(views.paper(), base, views.CREATED),
        "niederschrift": docx_export.build_minutes(views.minutes(), base, views.CREATED),
        "beschlussauszug": docx_export.build_resolution_extract(views.extract(), base, views.CREATED),
    }
    sources = []
    for name, data in documents.items():
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        sources.append(str(path))
    # A private profile: concurrent soffice runs sharing one block each other.
    profile = (folder / "profile").as_uri()
    completed = subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *sources,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(folder)},
    )
    pages = {}
    for name in documents:
        pdf = folder / f"{name}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 0, f"{name}.pdf fehlt: {completed.stdout} {completed.stderr}"
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages[name] = text.split("\f")[:-1]  # pdftotext ends every page with a form feed
    return pages


def _text(pages: list[str]) -> str:
    return "\n".join(pages)


def test_invitation_pdf(pdf_pages):
    text = _text(pdf_pages["einladung"])
    for expected in (
        "Landkreis Teststadt",
        "Einladung",
        "Tagesordnung",
        "Öffentlicher Teil",
        "Nichtöffentlicher Teil",
        "Haushaltssatzung 2026",
        "Donnerstag, 12. März 2026",
        "Vorsitz",
        "Seite 1 von 1",
    ):
        assert expected in text


def test_paper_pdf(pdf_pages):
    text = _text(pdf_pages["vorlage"])
    for expected in (
        "Vorlage 001/2026",
        "Radwegekonzept 2030",
        "Beratungsfolge",
        "Antrag der Verwaltung",
        "Sachverhalt/Begründung",
        "Finanzierung und Folgekosten",
        "Anlagen",
        "Sichtvermerke",
        "gez. i. V. Thomas Landmann",
    ):
        assert expected in text
    # The numbered lists of the three sections each start at 1.
    assert len(re.findall(r"1\.\s+erster Schritt", text)) == 3


def test_minutes_pdf_marks_every_page_of_the_non_public_part(pdf_pages):
    pages = pdf_pages["niederschrift"]
    text = _text(pages)
    for expected in (
        "Niederschrift",
        "Anwesenheit",
        "Öffentlicher Teil",
        "Nichtöffentlicher Teil",
        "Schriftführung",
        f"Seite 1 von {len(pages)}",
    ):
        assert expected in text
    start = next(n for n, page in enumerate(pages) if "Nichtöffentlicher Teil" in page and "N 1" in page)
    assert start > 0 and len(pages) - start >= 2, "the non-public part should run over several pages"
    assert all("– nichtöffentlich –" not in page for page in pages[:start])
    assert all("– nichtöffentlich –" in page for page in pages[start:])
    # The attendance list runs onto the second page, and its header row repeats there.
    assert "Mitglied 44" in pages[1] and "Mitglied 00" not in pages[1]
    assert all(re.search(r"Name\s+Funktion\s+Fraktion\s+Bemerkung", page) for page in pages[:2])


def test_resolution_extract_pdf(pdf_pages):
    text = _text(pdf_pages["beschlussauszug"])
    for expected in (
        "Beschlussauszug",
        "Beschluss",
        "Radwegekonzept",
        "Zur Kenntnis und weiteren Veranlassung",
        "Fachbereich Verkehr",
        "Für die Richtigkeit des Auszugs",
    ):
        assert expected in text
