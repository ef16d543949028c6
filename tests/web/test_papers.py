"""Vorlagen in the browser: drafting, validation, policy, lists, Beratungsfolge, Anlagen, versions."""
from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from minutes_app.models import ConsultationRole, File, Paper, PaperState, Role
from minutes_app.services import sign_offs
from tests.conftest import login
from tests.papers_support import (  # noqa: F401
    EXE_BYTES,
    build_world,
    fast_passwords,
    multipart,
    pdf_bytes,
    ready_paper,
    zip_bomb_docx,
)


@pytest.fixture
def world(factory, session):
    world = build_world(factory, session)
    session.commit()
    return world


def _form(**overrides):
    data = {
        "paper_type": "resolution",
        "name": "Umsetzung der geschäftspolitischen Herausforderungen",
        "public": "1",
        "resolution_proposal": "Kenntnisnahme.",
        "reasoning": "## I. Ausgangssituation\n\nDas Jobcenter hat **viel** erreicht.\n\n- Statistik\n- Vergleiche",
        "financial_impact": "Rund 3.507.000 € <script>alert(1)</script>",
    }
    data.update(overrides)
    return data


def test_editor_drafts_a_paper_and_sees_it_like_the_printed_vorlage(client, session, world):
    login(client, world.editor)
    assert client.get("/intern/vorlagen/neu").status_code == 200

    response = client.post("/intern/vorlagen/neu", data=_form())

    assert response.status_code == 302
    paper = session.scalar(select(Paper))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Vorlage {paper.reference}" in page and re.match(r"\d{3}/\d{4}", paper.reference)
    assert "Federführend" in page and "Fachbereich Soziales" in page
    assert "<h3>I. Ausgangssituation</h3>" in page and "<strong>viel</strong>" in page
    assert "<li>Statistik</li>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "Vor der Mitzeichnung fehlt noch" in page  # no Beratungsfolge yet
    assert "Änderungsprotokoll" in page and "angelegt" in page


def test_empty_subject_keeps_the_typed_texts(client, session, world):
    login(client, world.editor)

    response = client.post("/intern/vorlagen/neu", data=_form(name="  ", reasoning="Mein langer Sachverhalt"))

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte geben Sie einen Betreff an." in page
    assert "Bitte korrigieren Sie die markierten Angaben" in page
    assert "Mein langer Sachverhalt</textarea>" in page
    assert "Hilfe zur Formatierung" in page and "<code>## I. Ausgangssituation</code>" in page
    assert "„## “ = Überschrift" in page  # the short hint next to each textarea
    assert session.scalar(select(func.count(Paper.id))) == 0


def test_editor_of_another_department_cannot_edit(client, session, factory, world):
    paper = factory.paper(world.department, actor=world.editor)
    factory.user("bau", {Role.EDITOR}, department=factory.department("Fachbereich Bauen"))
    session.commit()
    login(client, "bau")

    assert client.get(f"/intern/vorlagen/{paper.id}/bearbeiten").status_code == 403
    assert client.post(f"/intern/vorlagen/{paper.id}/bearbeiten", data=_form(name="gekapert")).status_code == 403
    assert client.get(f"/intern/vorlagen/{paper.id}").status_code == 403
    session.refresh(paper)
    assert paper.name == "Testvorlage"


def test_citizen_sees_nothing_of_a_draft(client, session, factory, world):
    paper = factory.paper(world.department, name="Geheimer Entwurf zur Kreisumlage")
    session.commit()

    internal = client.get(f"/intern/vorlagen/{paper.id}")
    portal = client.get(f"/vorlagen/{paper.id}")
    listing = client.get("/intern/vorlagen/")

    assert internal.status_code == 302 and "/anmelden" in internal.headers["Location"]
    assert portal.status_code == 404
    assert listing.status_code == 302
    for response in (internal, portal, listing, client.get("/")):
        assert "Geheimer Entwurf" not in response.get_data(as_text=True)


def test_edit_lock_keeps_input_when_someone_else_saved(client, session, factory, world):
    paper = factory.paper(world.department, actor=world.editor)
    session.commit()
    login(client, world.editor)

    response = client.post(
        f"/intern/vorlagen/{paper.id}/bearbeiten",
        data=_form(based_on="2001-01-01T00:00:00+00:00", reasoning="Meine Fassung"),
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "inzwischen von jemand anderem geändert" in page and "Meine Fassung</textarea>" in page


def test_list_filters_sorts_and_paginates(client, session, factory, world):
    for n in range(27):
        factory.paper(world.department, actor=world.editor, name=f"Radweg Abschnitt {n:02d}")
    factory.paper(world.department, name="Kreisstraße K 3210")
    session.commit()
    login(client, world.editor)

    first = client.get("/intern/vorlagen/").get_data(as_text=True)
    assert "28 Vorlagen gefunden" in first and "Seite 1 von 2" in first
    found = client.get("/intern/vorlagen/?q=kreisstra&sort=betreff&order=auf").get_data(as_text=True)
    assert "1 Vorlage gefunden" in found and "Kreisstraße K 3210" in found
    mine = client.get("/intern/vorlagen/?mine=y").get_data(as_text=True)
    assert "27 Vorlagen gefunden" in mine
    drafts = client.get("/intern/vorlagen/?state=released").get_data(as_text=True)
    assert "0 Vorlagen gefunden" in drafts
    page2 = client.get("/intern/vorlagen/?sort=betreff&order=auf&page=2").get_data(as_text=True)
    assert "Radweg Abschnitt 26" in page2 and "Seite 2 von 2" in page2


def test_beratungsfolge_is_edited_without_javascript(client, session, factory, world):
    paper = factory.paper(world.department, actor=world.editor)
    kreistag = factory.committee("Kreistag")
    session.commit()
    login(client, world.editor)
    url = f"/intern/vorlagen/{paper.id}/beratungsfolge"

    client.post(url, data={"organization": world.committee.id, "role": "preliminary", "meeting": ""})
    client.post(url, data={"organization": kreistag.id, "role": "decision", "authoritative": "y", "meeting": ""})
    bad = client.post(url, data={"organization": "", "role": "decision", "meeting": ""})
    assert bad.status_code == 422 and "Bitte wählen Sie ein Gremium." in bad.get_data(as_text=True)

    session.expire_all()
    second = next(c for c in paper.consultations if c.organization == kreistag)
    client.post(f"{url}/{second.id}/verschieben", data={"richtung": "hoch"})
    session.expire_all()
    assert [c.organization.name for c in paper.consultations] == ["Kreistag", world.committee.name]
    assert [c.role for c in paper.consultations] == [ConsultationRole.DECISION, ConsultationRole.PRELIMINARY]
    page = client.get(f"/intern/vorlagen/{paper.id}").get_data(as_text=True)
    assert "maßgeblich" in page


def test_upload_and_download_an_anlage_with_correct_headers(client, session, factory, world):
    paper = factory.paper(world.department, actor=world.editor)
    session.commit()
    login(client, world.editor)
    data = pdf_bytes("Kosten")

    response = client.post(
        f"/intern/vorlagen/{paper.id}/anlagen/neu",
        data={"file": (io.BytesIO(data), "Kostenübersicht 2027.pdf"), "title": "", "public": "y"},
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    record = session.scalar(select(File))
    with client.get(f"/intern/vorlagen/{paper.id}/anlagen/{record.id}") as download:
        body = download.get_data()
    assert download.status_code == 200 and body == data
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('Kostenübersicht 2027.pdf')}" in disposition
    detail = client.get(f"/intern/vorlagen/{paper.id}").get_data(as_text=True)
    assert "Kostenübersicht 2027" in detail and "PDF-Dokument" in detail


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (EXE_BYTES, "rechnung.pdf", "Ausführbare Dateien"),
        (zip_bomb_docx(), "bericht.docx", "Archivbombe"),
        (b"%PDF-1.4" + b"\0" * (1024 * 1024 + 10), "gross.pdf", "Die Datei ist größer als die zulässigen 1 MB."),
    ],
    ids=["exe-als-pdf", "zip-bombe-als-docx", "zu-gross"],
)
def test_bad_upload_is_refused_and_nothing_saved(client, session, factory, world, tmp_path, data, name, message):
    paper = factory.paper(world.department, actor=world.editor)
    factory.body.max_upload_mb = 1
    session.commit()
    login(client, world.editor)

    response = client.post(
        f"/intern/vorlagen/{paper.id}/anlagen/neu", **multipart({"title": "Meine Bezeichnung"}, name, data)
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page and 'value="Meine Bezeichnung"' in page
    assert session.scalar(select(func.count(File.id))) == 0
    store = tmp_path / "files"
    assert not store.exists() or not [p for p in store.rglob("*") if p.is_file()]


def test_oversize_upload_gets_the_limit_message(client, session, factory, world, app):
    paper = factory.paper(world.department, actor=world.editor)
    session.commit()
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024  # the server's hard ceiling, below the body's 20 MB
    login(client, world.editor)

    response = client.post(
        f"/intern/vorlagen/{paper.id}/anlagen/neu",
        data={"file": (io.BytesIO(b"%PDF-1.4" + b"\0" * 100 * 1024), "gross.pdf")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 413
    assert "Die Datei ist größer als die zulässigen 20 MB." in response.get_data(as_text=True)
    assert session.scalar(select(func.count(File.id))) == 0


def test_versions_page_shows_differences(client, session, factory, world):
    paper = ready_paper(factory, session, world, reasoning="Der Arbeitsmarkt ist stabil.")
    sign_offs.start_sign_off(session, world.editor, paper)
    sign_offs.recall(session, world.editor, paper)
    session.commit()
    login(client, world.editor)
    client.post(
        f"/intern/vorlagen/{paper.id}/bearbeiten",
        data=_form(name=paper.name, reasoning="Der Arbeitsmarkt ist sehr stabil.",
                   resolution_proposal=paper.resolution_proposal, financial_impact=""),
    )

    page = client.get(f"/intern/vorlagen/{paper.id}/versionen").get_data(as_text=True)

    assert "Version 1 → aktueller Stand (Version 2" in page
    assert "<ins><span class=\"visually-hidden\">[hinzugefügt: </span>sehr </span>" not in page
    assert "sehr " in page and "Sachverhalt/Begründung" in page
    assert paper.state is PaperState.DRAFT


def test_unused_draft_can_be_deleted(client, session, factory, world):
    paper = factory.paper(world.department, actor=world.editor)
    session.commit()
    login(client, world.editor)

    response = client.post(f"/intern/vorlagen/{paper.id}/loeschen", follow_redirects=True)

    assert "wird nicht erneut vergeben" in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Paper.id))) == 0
