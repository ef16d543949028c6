"""The search pages: public and internal search, permission filtering, accessible German output."""
from __future__ import annotations

import re
from datetime import date

import pytest

from minutes_app.models import PaperState, Role
from tests.conftest import login
from tests.search.conftest import decision


@pytest.fixture
def county(session, factory):
    """Two committees with public and non-public decisions, a draft and a department."""
    security = factory.committee("Ausschuss für Ordnung und Sicherheit")
    social = factory.committee("Sozialausschuss")
    department = factory.department("Fachbereich Ordnung")
    open_paper, open_item, meeting = decision(
        factory, name="Sicherheitskonzept für das Jobcenter", text="Schulungen und Sicherheitspaten.",
        committee=security, day=date(2023, 5, 4))
    _p, secret_item, _m = decision(factory, name="Sicherheitsvorfall Personal", committee=security, item_public=False)
    _p, social_secret, _m = decision(factory, name="Sicherheitsbedenken Wohnheim", committee=social, item_public=False)
    draft = factory.paper(name="Sicherheitsdienst Entwurf", originator=department)
    other_draft = factory.paper(name="Sicherheitsdienst fremder Entwurf")
    assert draft.state is PaperState.DRAFT
    session.commit()
    return {"security": security, "social": social, "department": department, "open_paper": open_paper,
            "open_item": open_item, "meeting": meeting, "secret_item": secret_item, "social_secret": social_secret,
            "draft": draft, "other_draft": other_draft}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def hits_text(client, url):
    """The visible text of the result list (after the form), without tags."""
    return re.sub(r"<[^>]+>", "", page(client, url).split("</form>", 1)[1])


def test_public_search_shows_highlighted_hits_with_links_and_decision_details(client, county):
    html = page(client, "/suche?q=Sicherheit")
    assert "<mark>Sicherheitskonzept</mark>" in html
    assert "Sicherheitsvorfall" not in hits_text(client, "/suche?q=Sicherheit")
    assert f'href="/vorlagen/{county["open_paper"].id}"' in html
    assert f'href="/sitzungen/{county["meeting"].id}#top-{county["open_item"].id}"' in html
    assert "TOP Ö 1" in html and "beschlossen" in html and "12 Ja, 3 Nein, 1 Enthaltung" in html
    assert "Sicherheitsvorfall" not in html and "Sicherheitsbedenken" not in html and "Entwurf" not in html


def test_facets_are_links_with_counts_and_filters_apply(client, county):
    html = page(client, "/suche?q=Sicherheit")
    assert f'gremium={county["security"].id}"' in html and "<h3>Gremium</h3>" in html and "<h3>Jahr</h3>" in html
    filtered = page(client, f"/suche?q=Sicherheit&art=agenda_item&gremium={county['security'].id}")
    assert "1 Treffer" in filtered


def test_form_is_labelled_and_keeps_input(client, county):
    html = page(client, "/suche?q=Sicherheit&von=2023-01-01&sortierung=datum")
    for field in ("q", "gremium", "art", "ergebnis", "von", "bis", "sortierung"):
        assert f'<label for="{field}">' in html and f'id="{field}"' in html
    assert 'value="2023-01-01"' in html and '<option value="datum" selected>' in html


def test_invalid_date_gives_a_german_message_not_an_error(client, county):
    html = page(client, "/suche?q=Sicherheit&von=31.02.")
    assert "bitte ein Datum im Format TT.MM.JJJJ angeben" in html
    assert "0 Treffer" in page(client, "/suche?q=Sicherheit&von=01.01.2025")


def test_did_you_mean_and_no_hits(client, county):
    html = page(client, "/suche?q=Sicherheitskonzpt")
    assert "Meinten Sie" in html and "sicherheitskonzept" in html and "Keine Treffer" in html


@pytest.mark.parametrize("query", ['"', "OR", "-", "\u0000", "%%%", "a*", "*"])
def test_malformed_queries_render_a_page(client, county, query):
    assert client.get("/suche", query_string={"q": query}).status_code == 200


def test_internal_search_needs_a_login(client):
    response = client.get("/intern/suche?q=Sicherheit")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]


def test_members_find_their_committees_non_public_items_only(client, factory, county):
    person = factory.person()
    factory.membership(person, county["security"])
    member = factory.user(roles={Role.MEMBER}, person=person)
    factory.session.commit()
    login(client, member)
    html = hits_text(client, "/intern/suche?q=Sicherheit")
    assert f'href="/intern/sitzungen/{county["meeting"].id}' in page(client, "/intern/suche?q=Sicherheit")
    assert "Sicherheitsvorfall" in html
    assert "Sicherheitsbedenken" not in html and "Sicherheitsdienst" not in html


def test_editors_find_their_departments_drafts_but_no_other(client, factory, county):
    editor = factory.user(roles={Role.EDITOR}, department=county["department"])
    factory.session.commit()
    login(client, editor)
    assert f'href="/intern/vorlagen/{county["draft"].id}"' in page(client, "/intern/suche?q=Sicherheitsdienst")
    html = hits_text(client, "/intern/suche?q=Sicherheitsdienst")
    assert "Sicherheitsdienst Entwurf" in html and "fremder Entwurf" not in html


def test_administration_finds_everything(client, factory, county):
    admin = factory.user(roles={Role.ADMIN})
    factory.session.commit()
    login(client, admin)
    html = hits_text(client, "/intern/suche?q=Sicherheit*")
    for title in ("Sicherheitsvorfall", "Sicherheitsbedenken", "Sicherheitsdienst Entwurf", "fremder Entwurf"):
        assert title in html


def test_a_hit_the_policy_refuses_is_never_shown_even_if_the_index_allows_it(client, factory, county, search_indexes):
    person = factory.person()
    factory.membership(person, county["security"])
    member = factory.user(roles={Role.MEMBER}, person=person)
    factory.session.commit()
    # Forge an over-generous access token on the other committee's non-public item.
    from minutes_app.search.documents import build_documents

    key = f"agenda_item:{county['social_secret'].id}"
    internal = build_documents(factory.session, [key])[key][1]
    search_indexes.internal.index([{**internal, "acl": [*internal["acl"], f"member:{county['security'].id}"]}])
    login(client, member)
    assert "Sicherheitsbedenken" not in hits_text(client, "/intern/suche?q=Sicherheitsbedenken")
