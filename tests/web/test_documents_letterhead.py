"""The letterhead page of the administration: upload checked by content, reset, sample document."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from minutes_app.models import AuditEvent, Body, Role
from minutes_app.services import files

from ..conftest import login
from ..export.letterheads import HEADER_TEXT, uploaded_letterhead
from ..export.reading import body_text, header_text, open_docx
from ..export.scenario import build_county

URL = "/intern/verwaltung/briefkopf/"


@pytest.fixture
def admin(factory, session):
    user = factory.user("admin", {Role.ADMIN})
    session.commit()
    return user


def _upload(client, data: bytes, name: str = "briefkopf.docx"):
    return client.post(URL, data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _stored_letterhead(session) -> tuple[Body, str]:
    body = session.scalar(select(Body))
    assert body is not None and body.letterhead_file is not None
    return body, body.letterhead_file.storage_key


def test_only_administrators_reach_the_page(client, factory, session, admin):
    member = factory.user("mitglied", {Role.MEMBER})
    session.commit()
    assert client.get(URL).status_code in (302, 401)
    login(client, member)
    assert client.get(URL).status_code == 403
    client.post("/abmelden")
    login(client, admin)
    # Before the body's settings exist there is nothing to put a letterhead on.
    assert client.get(URL).headers["Location"].endswith("/intern/verwaltung/einstellungen")
    factory.body  # noqa: B018 - creates the body
    session.commit()
    html = client.get(URL).get_data(as_text=True)
    assert "<h1>Briefkopf für Word-Dokumente</h1>" in html
    assert "Standard-Briefkopf" in html and 'type="file"' in html and 'accept=".docx"' in html
    assert f'<a href="{URL}" aria-current="page">Briefkopf</a>' in html


def test_upload_is_used_by_every_export_and_can_be_reset(app, client, factory, session, admin):
    county = build_county(factory, session)
    login(client, admin)
    response = _upload(client, uploaded_letterhead(), "Briefkopf Landratsamt.docx")
    assert response.status_code == 302
    body, key = _stored_letterhead(session)
    store = app.config["FILE_STORE_DIR"]
    assert files.blob_path(store, key).exists() and not body.letterhead_file.public
    assert "Briefkopf Landratsamt.docx" in client.get(URL).get_data(as_text=True)
    doc = open_docx(client.get(f"/vorlagen/{county.paper.id}.docx").get_data())
    assert HEADER_TEXT in header_text(doc.sections[0]) and "Platzhalter" not in body_text(doc)
    sample = client.get(f"{URL}muster.docx")
    assert sample.status_code == 200 and HEADER_TEXT in header_text(open_docx(sample.get_data()).sections[0])
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "body.letterhead_changed")) is not None

    # A second upload replaces the first and removes its blob.
    assert _upload(client, uploaded_letterhead()).status_code == 302
    _, second_key = _stored_letterhead(session)
    assert second_key != key and not files.blob_path(store, key).exists()

    response = client.post(f"{URL}zuruecksetzen")
    assert response.status_code == 302
    session.expire_all()
    assert session.scalar(select(Body)).letterhead_file is None
    assert not files.blob_path(store, second_key).exists()
    doc = open_docx(client.get(f"/vorlagen/{county.paper.id}.docx").get_data())
    assert header_text(doc.sections[0]).startswith("Landkreis Teststadt")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4 kein Word", "briefkopf.pdf", "Der Briefkopf muss ein Word-Dokument im Format .docx sein."),
        (b"%PDF-1.4 kein Word", "briefkopf.docx", "passt nicht zur Dateiendung"),
        (b"Nur Text, kein Word-Dokument", "briefkopf.docx", "entspricht keinem zulässigen Format"),
        (b"", "briefkopf.docx", "Die Datei ist leer."),
    ],
)
def test_uploads_that_are_no_word_document_are_refused_in_german(client, factory, session, admin, data, name, message):
    factory.body  # noqa: B018 - the body must exist
    session.commit()
    login(client, admin)
    response = _upload(client, data, name)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'aria-invalid="true"' in html
    session.expire_all()
    assert session.scalar(select(Body)).letterhead_file is None


def test_a_letterhead_no_document_can_be_built_on_is_refused(app, client, factory, session, admin, monkeypatch):
    factory.body  # noqa: B018
    session.commit()
    login(client, admin)

    def broken(*_args: object) -> bytes:
        raise ValueError("unlesbar")

    monkeypatch.setattr("minutes_app.web.letterhead.docx_export.build_sample", broken)
    response = _upload(client, uploaded_letterhead())
    assert response.status_code == 422
    assert "Auf diesem Briefkopf lässt sich kein Dokument erzeugen." in response.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(Body)).letterhead_file is None
    blobs = [p for p in Path(app.config["FILE_STORE_DIR"]).rglob("*") if p.is_file()]
    assert blobs == []
