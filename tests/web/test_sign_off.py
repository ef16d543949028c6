"""Sichtvermerke in the browser: the whole round trip editor → signers → release, returns, deputies, order."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from minutes_app.models import Paper, PaperState, Role, SignOffState
from minutes_app.services import sign_offs
from tests.conftest import login
from tests.papers_support import build_world, fast_passwords, ready_paper  # noqa: F401


@pytest.fixture
def world(factory, session):
    world = build_world(factory, session)
    session.commit()
    return world


def _logout(client):
    client.post("/abmelden")


def _sign(client, paper, comment=""):
    return client.post(f"/intern/zeichnung/{paper.id}/zeichnen", data={"zeichnen-comment": comment})


def test_draft_sign_return_edit_and_release_in_the_browser(client, session, world):
    # The editor drafts the Vorlage with its Beratungsfolge and starts the sign-off.
    login(client, world.editor)
    client.post("/intern/vorlagen/neu", data={
        "paper_type": "resolution", "name": "Umsetzung im Bereich Markt und Integration", "public": "1",
        "resolution_proposal": "Kenntnisnahme.", "reasoning": "## I. Ausgangssituation\n\nText.",
        "financial_impact": "",
    })
    paper = session.scalar(select(Paper))
    client.post(f"/intern/vorlagen/{paper.id}/beratungsfolge",
                data={"organization": world.committee.id, "role": "decision", "authoritative": "y", "meeting": ""})
    response = client.post(f"/intern/vorlagen/{paper.id}/mitzeichnung", follow_redirects=True)
    assert "ist in der Mitzeichnung" in response.get_data(as_text=True)
    assert "eingefroren" in response.get_data(as_text=True)
    _logout(client)

    # The head of department sees one waiting Vorlage in the navigation and signs it.
    login(client, world.head)
    inbox = client.get("/intern/zeichnung/").get_data(as_text=True)
    assert 'Zeichnung <span class="badge">1' in inbox
    assert "Umsetzung im Bereich Markt und Integration" in inbox
    waiting = client.get("/intern/vorlagen/?waiting=y").get_data(as_text=True)
    assert "1 Vorlage gefunden" in waiting and "Umsetzung im Bereich Markt und Integration" in waiting
    sign_page = client.get(f"/intern/zeichnung/{paper.id}").get_data(as_text=True)
    assert "Sie zeichnen Version 1 mit der Prüfsumme" in sign_page
    assert "<h3>I. Ausgangssituation</h3>" in sign_page
    assert "gezeichnet" not in client.get("/intern/zeichnung/").get_data(as_text=True).split("Ihre letzten")[0]
    response = _sign(client, paper)
    assert response.status_code == 302
    assert "ist erteilt" in client.get("/intern/zeichnung/").get_data(as_text=True)
    _logout(client)

    # The Dezernent tries to return without a comment, then returns with one.
    login(client, world.dezernent)
    empty = client.post(f"/intern/zeichnung/{paper.id}/zurueckgeben", data={"rueckgabe-comment": "  "})
    assert empty.status_code == 422
    assert "Bitte begründen Sie die Rückgabe." in empty.get_data(as_text=True)
    client.post(f"/intern/zeichnung/{paper.id}/zurueckgeben",
                data={"rueckgabe-comment": "Bitte die Folgekosten beziffern."})
    session.expire_all()
    assert paper.state is PaperState.DRAFT
    _logout(client)

    # The editor sees the comment, fixes the text (new version) and resubmits.
    login(client, world.editor)
    detail = client.get(f"/intern/vorlagen/{paper.id}").get_data(as_text=True)
    assert "Bitte die Folgekosten beziffern." in detail and "Zurückgegeben" in detail
    client.post(f"/intern/vorlagen/{paper.id}/bearbeiten", data={
        "paper_type": "resolution", "name": paper.name, "public": "1", "resolution_proposal": "Kenntnisnahme.",
        "reasoning": "## I. Ausgangssituation\n\nText.", "financial_impact": "Rund 3.507.000 €",
    })
    client.post(f"/intern/vorlagen/{paper.id}/mitzeichnung")
    _logout(client)

    for signer in (world.head, world.dezernent, world.landrat):
        login(client, signer)
        assert _sign(client, paper).status_code == 302
        _logout(client)

    session.expire_all()
    assert paper.state is PaperState.RELEASED and paper.version == 2
    login(client, world.editor)
    detail = client.get(f"/intern/vorlagen/{paper.id}").get_data(as_text=True)
    assert "Freigegeben" in detail
    assert "ungültig" in detail  # the first signature of version 1
    assert detail.count("Koch") >= 2 and "Pavel" in detail
    assert "Unterschiede zu Version 1" in detail


def test_deputy_signs_in_the_browser(client, session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    session.commit()
    login(client, world.deputy)

    assert "in Vertretung" in client.get("/intern/zeichnung/").get_data(as_text=True)
    _sign(client, paper, comment="i. V. für Koch")

    session.expire_all()
    signed = paper.sign_offs[0]
    assert signed.state is SignOffState.SIGNED and signed.signed_by == world.deputy
    assert signed.capacity.value == "deputy"
    page = client.get(f"/intern/vorlagen/{paper.id}").get_data(as_text=True)
    assert "Vertreterin Vogel (in Vertretung)" in page


def test_out_of_order_signature_is_refused(client, session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    session.commit()
    login(client, world.landrat)

    assert client.get("/intern/zeichnung/").get_data(as_text=True).count(paper.name) == 0
    response = _sign(client, paper)
    page = client.get(response.headers["Location"]).get_data(as_text=True)

    assert "wartet noch auf den Sichtvermerk „Geschäftsbereichsleitung“" in page
    session.expire_all()
    assert all(s.state is SignOffState.OPEN for s in paper.sign_offs)


def test_stale_page_cannot_sign_a_newer_version(client, session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    session.commit()
    login(client, world.head)

    response = client.post(f"/intern/zeichnung/{paper.id}/zeichnen", data={"zeichnen-content_hash": "ab" * 32})

    assert response.status_code == 302
    assert "geändert, seit Sie sie geöffnet" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_sign_needs_csrf_token(csrf_app, session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    session.commit()
    client = csrf_app.test_client()
    page = client.get("/anmelden").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/anmelden", data={"login": "gbl", "password": "geheim123", "csrf_token": token})

    response = client.post(f"/intern/zeichnung/{paper.id}/zeichnen", data={})

    assert response.status_code == 400
    session.expire_all()
    assert paper.sign_offs[0].state is SignOffState.OPEN


def test_inbox_needs_the_signer_role(client, session, factory, world):
    login(client, world.editor)
    assert client.get("/intern/zeichnung/").status_code == 403
    assert "/intern/zeichnung/" not in client.get("/intern/").get_data(as_text=True)


def test_editor_recalls_and_withdraws(client, session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    session.commit()
    login(client, world.editor)

    client.post(f"/intern/vorlagen/{paper.id}/mitzeichnung/zurueckholen")
    session.expire_all()
    assert paper.state is PaperState.DRAFT
    missing = client.post(f"/intern/vorlagen/{paper.id}/zurueckziehen", data={"reason": ""})
    assert missing.status_code == 422 and "warum die Vorlage zurückgezogen" in missing.get_data(as_text=True)
    client.post(f"/intern/vorlagen/{paper.id}/zurueckziehen", data={"reason": "Thema erledigt."})
    session.expire_all()
    assert paper.state is PaperState.WITHDRAWN
    page = client.get(f"/intern/vorlagen/{paper.id}").get_data(as_text=True)
    assert "Zurückgezogen" in page and "Thema erledigt." in page


def test_member_sees_released_paper_without_internal_notes(client, session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    sign_offs.sign(session, world.head, paper, comment="Interner Hinweis an den Fachbereich")
    sign_offs.sign(session, world.dezernent, paper)
    sign_offs.sign(session, world.landrat, paper)
    member = factory.user("mitglied", {Role.MEMBER}, person=factory.person())
    factory.membership(member.person, world.committee)
    session.commit()
    login(client, member)

    page = client.get(f"/intern/vorlagen/{paper.id}").get_data(as_text=True)

    assert "Sichtvermerke" in page and "Koch" in page
    assert "Interner Hinweis" not in page and "Änderungsprotokoll" not in page
