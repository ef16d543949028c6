"""A repeated public search is answered from the page cache, but never once anything it shows has changed."""
from __future__ import annotations

from tests.search.conftest import decision
from tests.search.test_page_cost import counting


def test_a_repeated_search_is_served_without_searching_until_something_changes(app, client, session, factory):
    paper, _item, _meeting = decision(factory, name="Radweg am Kanal", text="Radweg mit Beleuchtung")
    other, _item2, _meeting2 = decision(factory, name="Radweg an der Schule", text="Radweg mit Ampel")
    session.commit()
    first = client.get("/suche?q=Radweg").get_data(as_text=True)
    client.get("/suche?q=Radweg")  # stored in the page cache under its validator
    with counting(app) as statements:
        cached = client.get("/suche?q=Radweg")
    assert cached.get_data(as_text=True) == first and cached.headers.get("ETag")
    # Only the validator: stamps of the shown hits, synonyms, names; no search, no page rendering.
    assert len(statements) <= 6, statements

    # A new matching document changes the index: the page shows it.
    decision(factory, name="Radweg am Bahnhof", text="Radweg mit Fahrradständern")
    session.commit()
    assert "Radweg am Bahnhof" in client.get("/suche?q=Radweg").get_data(as_text=True)

    # Changes the index does not learn about: the stored page is not served, the shown text is current.
    client.get("/suche?q=Radweg")
    app.config["SEARCH_AUTO_INDEX"] = False
    paper.name = "Radweg am Kanal, geänderte Fassung"
    other.public = False
    session.commit()
    page = client.get("/suche?q=Radweg").get_data(as_text=True)
    assert "geänderte Fassung" in page
    assert "Radweg an der Schule" not in page and "Ampel" not in page


def test_a_synonym_edit_applies_to_a_cached_search_at_once(app, client, session, factory):
    decision(factory, name="Neue Kindertagesstätte im Ortskern", text="Kindertagesstätte mit 60 Plätzen")
    session.commit()
    assert "Kindertagesstätte" not in client.get("/suche?q=Krippe").get_data(as_text=True)
    client.get("/suche?q=Krippe")
    from minutes_app.models import Body, SearchSynonymGroup

    body = session.query(Body).first()
    session.add(SearchSynonymGroup(body_id=body.id, terms="Krippe, Kindertagesstätte"))
    session.commit()
    assert "Kindertagesstätte" in client.get("/suche?q=Krippe").get_data(as_text=True)
