"""Synonym groups: the administrator edits them, the search applies them at once, nobody else reaches the page."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from minutes_app.models import AuditEvent, Role, SearchSynonymGroup
from minutes_app.search import synonyms
from tests.conftest import login
from tests.search.conftest import decision


def csrf_of(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def titles(client, query):
    html = client.get("/suche", query_string={"q": query}).get_data(as_text=True).split("</form>", 1)[1]
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r'<li class="hit">\s*<h3><a [^>]*>(.*?)</a>', html, re.S)]


@pytest.fixture
def kita(session, factory):
    decision(factory, name="Bedarfsplanung Kindertagesstätten 2026",
             text="Der Landkreis braucht 120 zusätzliche Plätze in Kindertagesstätten.")
    decision(factory, name="Ausbau des ÖPNV im Nordkreis", text="Neue Buslinie zwischen Jever und Schortens.")
    session.commit()


@pytest.fixture
def admin_client(app, factory):
    assert factory.body is not None  # the administered body
    admin = factory.user(roles={Role.ADMIN})
    factory.session.commit()
    client = app.test_client()
    login(client, admin)
    return client


def test_an_administrator_adds_a_group_and_the_search_finds_the_synonym_at_once(client, admin_client, kita, session):
    assert titles(client, "Kita") == []
    form = admin_client.get("/intern/verwaltung/suchbegriffe/neu").get_data(as_text=True)
    assert '<label for="terms"' in form
    response = admin_client.post("/intern/verwaltung/suchbegriffe/neu",
                                 data={"terms": "Kita, Kindertagesstätte", "csrf_token": csrf_of(form)})
    assert response.status_code == 302
    assert titles(client, "Kita") == ["Bedarfsplanung Kindertagesstätten 2026"]
    listing = admin_client.get("/intern/verwaltung/suchbegriffe").get_data(as_text=True)
    assert "Kita, Kindertagesstätte" in listing
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "search_synonyms.created")).one()
    assert event.summary == "Synonymgruppe „Kita, Kindertagesstätte“ angelegt"


def test_editing_and_deleting_a_group_apply_at_once(client, admin_client, kita, session, factory):
    group = synonyms.create_group(session, None, factory.body, "ÖPNV, Busverkehr")
    session.commit()
    assert titles(client, "Nahverkehr") == []
    edit = f"/intern/verwaltung/suchbegriffe/{group.id}"
    html = admin_client.get(edit).get_data(as_text=True)
    admin_client.post(edit, data={"terms": "ÖPNV, Nahverkehr", "csrf_token": csrf_of(html)})
    assert titles(client, "Nahverkehr") == ["Ausbau des ÖPNV im Nordkreis"]
    html = admin_client.get("/intern/verwaltung/suchbegriffe").get_data(as_text=True)
    response = admin_client.post(f"{edit}/loeschen", data={"csrf_token": csrf_of(html)})
    assert response.status_code == 302
    assert titles(client, "Nahverkehr") == []
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "SearchSynonymGroup")).all()
    assert actions == ["search_synonyms.created", "search_synonyms.updated", "search_synonyms.deleted"]


def test_bad_input_gets_a_german_message_and_saves_nothing(admin_client, session):
    form = admin_client.get("/intern/verwaltung/suchbegriffe/neu").get_data(as_text=True)
    response = admin_client.post("/intern/verwaltung/suchbegriffe/neu", data={"terms": "Kita", "csrf_token": csrf_of(form)})
    assert response.status_code == 422 or response.status_code == 200
    assert "Bitte mindestens zwei verschiedene Begriffe angeben" in response.get_data(as_text=True)
    assert session.scalars(select(SearchSynonymGroup)).all() == []


def test_a_post_without_csrf_token_changes_nothing(app, admin_client, session):
    app.config["WTF_CSRF_ENABLED"] = True  # as in production, after the login
    response = admin_client.post("/intern/verwaltung/suchbegriffe/neu", data={"terms": "Kita, Kindertagesstätte"})
    assert response.status_code == 400
    assert session.scalars(select(SearchSynonymGroup)).all() == []


@pytest.mark.parametrize("role", [Role.MEMBER, Role.EDITOR, Role.SECRETARY, Role.SIGNER])
def test_others_cannot_reach_the_page(app, factory, role):
    user = factory.user(roles={role}, department=factory.department() if role in (Role.EDITOR, Role.SIGNER) else None,
                        person=factory.person() if role is Role.MEMBER else None)
    factory.session.commit()
    client = app.test_client()
    login(client, user)
    assert client.get("/intern/verwaltung/suchbegriffe").status_code == 403
    assert client.post("/intern/verwaltung/suchbegriffe/neu", data={"terms": "a, b"}).status_code in (400, 403)


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get("/intern/verwaltung/suchbegriffe")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]


def test_the_demo_defaults_widen_kita_and_opnv():
    table = synonyms.build_expansions([g.split(", ") for g in synonyms.DEFAULT_GROUPS])
    assert ["kindertagesstatte"] in table["kita"] and ["kita"] in table["kindertagesstatte"]
    assert ["nahverkehr"] in table["opnv"]
    assert ["bebauungsplan"] in table["bplan"]


def test_the_synonym_pages_are_valid_html(admin_client, session, factory, tmp_path):
    import shutil
    import subprocess
    from pathlib import Path

    vnu = Path(__file__).resolve().parents[2] / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not vnu.exists() or shutil.which("java") is None:
        pytest.fail("Nu Html Checker fehlt: `make test` installiert Java und vnu-jar (.tools/)")
    group = synonyms.create_group(session, None, factory.body, "Kita, Kindertagesstätte")
    session.commit()
    written = []
    for name, url in (("liste", "/intern/verwaltung/suchbegriffe"), ("neu", "/intern/verwaltung/suchbegriffe/neu"),
                      ("bearbeiten", f"/intern/verwaltung/suchbegriffe/{group.id}")):
        response = admin_client.get(url)
        assert response.status_code == 200
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.get_data())
        written.append(str(path))
    result = subprocess.run(["java", "-jar", str(vnu), "--errors-only", "--format", "gnu", *written],
                            capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
