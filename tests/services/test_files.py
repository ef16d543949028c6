"""The file store: type by content, size limits, zip bombs, text extraction, nothing left behind."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from minutes_app.models import File
from minutes_app.services import files
from minutes_app.services.errors import ValidationFailed
from tests.papers_support import EXE_BYTES, PNG_BYTES, docx_bytes, jpeg_bytes, pdf_bytes, zip_bomb_docx


def _store(session, tmp_path, data: bytes, name: str, max_mb: int = 20, **kw) -> File:
    return files.store_upload(
        session, None, stream=io.BytesIO(data), file_name=name, store_dir=tmp_path / "store", max_mb=max_mb, **kw
    )


def _blobs(tmp_path: Path) -> list[Path]:
    store = tmp_path / "store"
    return [p for p in store.rglob("*") if p.is_file()] if store.exists() else []


def _assert_nothing_kept(session, tmp_path):
    assert session.scalar(select(func.count(File.id))) == 0
    assert _blobs(tmp_path) == []


def test_pdf_is_stored_with_hash_size_and_text(session, tmp_path):
    data = pdf_bytes("Haushalt Jobcenter")

    record = _store(session, tmp_path, data, "C:\\fakepath\\Kostenübersicht 2027.pdf", title="Anlage 1")

    assert record.file_name == "Kostenübersicht 2027.pdf"
    assert record.name == "Anlage 1"
    assert record.media_type == "application/pdf"
    assert record.size == len(data)
    import hashlib

    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert "Haushalt Jobcenter" in record.text
    blob = files.blob_path(tmp_path / "store", record.storage_key)
    assert blob.read_bytes() == data
    assert len(record.storage_key) == 32 and "Kosten" not in str(blob)


def test_docx_text_is_extracted(session, tmp_path):
    record = _store(session, tmp_path, docx_bytes("Kostenübersicht Jobcenter"), "bericht.docx")

    assert record.media_type == files.DOCX.media_type
    assert "Kostenübersicht Jobcenter" in record.text


def test_images_are_accepted_by_content(session, tmp_path):
    assert _store(session, tmp_path, PNG_BYTES, "plan.png").media_type == "image/png"
    assert _store(session, tmp_path, jpeg_bytes(), "foto.JPG").media_type == "image/jpeg"


def test_odt_and_xlsx_are_recognised_by_their_zip_entries(session, tmp_path):
    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
            "<text:p>Stellungnahme des Kreises</text:p></office:text></office:body></office:document-content>",
        )
    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        )
        archive.writestr("xl/workbook.xml", "<workbook/>")

    odt_record = _store(session, tmp_path, odt.getvalue(), "stellungnahme.odt")
    assert odt_record.media_type == files.ODT.media_type and "Stellungnahme des Kreises" in odt_record.text
    assert _store(session, tmp_path, xlsx.getvalue(), "kosten.xlsx").media_type == files.XLSX.media_type


def test_executable_renamed_to_pdf_is_refused(session, tmp_path):
    with pytest.raises(ValidationFailed) as failed:
        _store(session, tmp_path, EXE_BYTES, "rechnung.pdf")

    assert failed.value.errors["file"].startswith("Ausführbare Dateien")
    _assert_nothing_kept(session, tmp_path)


def test_zip_bomb_disguised_as_docx_is_refused(session, tmp_path):
    with pytest.raises(ValidationFailed) as failed:
        _store(session, tmp_path, zip_bomb_docx(), "bericht.docx")

    assert "Archivbombe" in failed.value.errors["file"]
    _assert_nothing_kept(session, tmp_path)


def test_archive_over_the_unpacked_limit_is_refused(session, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_UNPACKED_BYTES", 10_000)
    with pytest.raises(ValidationFailed, match="entpackt zu groß"):
        _store(session, tmp_path, docx_bytes("x" * 20_000), "gross.docx")
    _assert_nothing_kept(session, tmp_path)


def test_oversize_upload_is_refused_with_the_limit_in_german(session, tmp_path):
    with pytest.raises(ValidationFailed) as failed:
        _store(session, tmp_path, b"%PDF-1.4" + b"\0" * (1024 * 1024 + 1), "gross.pdf", max_mb=1)

    assert failed.value.errors["file"] == "Die Datei ist größer als die zulässigen 1 MB."
    _assert_nothing_kept(session, tmp_path)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "leer.pdf", "Die Datei ist leer."),
        (b"hello", "skript.exe", "Dateien „.exe“ sind nicht zulässig"),
        (PNG_BYTES, "bild.pdf", "passt nicht zur Dateiendung „.pdf“"),
        (b"%PDF-1.4 kaputt", "kaputt.pdf", "PDF-Datei ist beschädigt"),
        (b"just text", "notiz.docx", "keinem zulässigen Format"),
        (b"#!/bin/sh\nrm -rf /", "script.jpg", "Ausführbare Dateien"),
    ],
)
def test_bad_uploads_get_clear_messages(session, tmp_path, data, name, message):
    with pytest.raises(ValidationFailed) as failed:
        _store(session, tmp_path, data, name)

    assert message in failed.value.errors["file"]
    _assert_nothing_kept(session, tmp_path)


def test_macro_documents_are_refused(session, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "application/vnd.ms-word.document.macroEnabled.main+xml")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\0")

    with pytest.raises(ValidationFailed, match="Makros"):
        _store(session, tmp_path, buffer.getvalue(), "makro.docx")


def test_file_names_are_cleaned_but_keep_umlauts():
    assert files.clean_file_name("../../etc/passwd") == "passwd"
    assert files.clean_file_name("Übersicht\x00 Straße.pdf") == "Übersicht Straße.pdf"
    assert files.clean_file_name("") == "Anlage"
    assert files.clean_file_name("a" * 400 + ".pdf").endswith(".pdf")
    assert len(files.clean_file_name("a" * 400 + ".pdf")) == files.MAX_NAME_LENGTH


def test_blob_path_refuses_foreign_keys(tmp_path):
    with pytest.raises(ValueError):
        files.blob_path(tmp_path, "../secret")
