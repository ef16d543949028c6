"""NUL characters (pasted from binary data, sent by probes) never reach the database: PostgreSQL would refuse them."""
from __future__ import annotations

from sqlalchemy import select

from minutes_app.models import Paper, Role

from ..conftest import login


def test_a_vorlage_typed_with_nul_characters_is_saved_without_them(app, session, factory, client):
    factory.user("anna", roles={Role.EDITOR}, department=factory.department("Jobcenter"))
    login(client, "anna")
    response = client.post("/intern/vorlagen/neu", data={
        "paper_type": "resolution", "name": "Rad\x00weg an der K 12", "public": "1",
        "resolution_proposal": "Der\x00 Ausschuss stimmt zu.", "reasoning": "Begründung\x00",
        "financial_impact": "\x00",
    })
    assert response.status_code == 302
    paper = session.scalar(select(Paper))
    assert (paper.name, paper.financial_impact) == ("Radweg an der K 12", "")
    assert "\x00" not in paper.resolution_proposal + paper.reasoning


def test_nul_characters_in_searches_and_filters_are_ignored(app, session, factory, client):
    factory.user("anna", roles={Role.EDITOR}, department=factory.department("Jobcenter"))
    factory.paper(name="Radweg an der K 12", public=True)
    login(client, "anna")
    for address in ("/suche?q=Rad\x00weg", "/intern/vorlagen/?q=Rad\x00weg", "/vorlagen?q=\x00"):
        assert client.get(address).status_code == 200, address


def test_an_address_with_a_nul_character_names_no_page(client):
    for address in ("/vorlagen/a%00b", "/intern/vorlagen/%00", "/sitzungen/%00"):
        response = client.get(address)
        assert response.status_code == 404
        assert "Seite nicht gefunden" in response.get_data(as_text=True)
