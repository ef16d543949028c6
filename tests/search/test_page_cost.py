"""The results page costs the same number of SQL statements for one hit as for a full page."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from minutes_app.models import File
from tests.search.conftest import decision


@contextmanager
def counting(app):
    """Count the SQL statements sent through the app's engines."""
    database = app.extensions["minutes_database"]
    engines = {database.write_engine, database.read_engine}
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


def _decisions(factory, session, words, count):
    committee = factory.committee("Kreistag")
    for i in range(count):
        paper, _item, _meeting = decision(factory, name=f"{words} Abschnitt {i}", committee=committee,
                                          text=f"{words} entlang der Landesstraße {i}")
        file = File(name=f"Lageplan {words} {i}", file_name="lageplan.pdf", media_type="application/pdf", size=1,
                    sha256="0" * 64, storage_key=f"k-{words}-{i}", text=f"Lageplan {words}", public=True)
        session.add(file)
        paper.files.append(file)
    session.commit()


def _statements(app, client, url):
    client.get(url)  # warm: the first request of a process loads settings once
    with counting(app) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_the_query_count_does_not_grow_with_the_hits(app, client, session, factory):
    _decisions(factory, session, "Radweg", 1)
    _decisions(factory, session, "Gehweg", 12)
    one = _statements(app, client, "/suche?q=Radweg")
    full = _statements(app, client, "/suche?q=Gehweg")
    assert "10 Treffer" not in client.get("/suche?q=Radweg").get_data(as_text=True)
    assert "12 Treffer" in client.get("/suche?q=Gehweg").get_data(as_text=True)
    assert full == one, (one, full)
    assert full <= 50


def test_a_results_page_shows_what_the_index_stored_without_rebuilding_documents(app, client, session, factory):
    _decisions(factory, session, "Gehweg", 12)
    client.get("/suche?q=Gehweg")
    with counting(app) as statements:  # an address not asked before: searched and rendered
        page = client.get("/suche?q=Gehweg&sortierung=relevanz").get_data(as_text=True)
    assert "Lageplan <mark>Gehweg</mark>" in page and "Gehweg Abschnitt" in page
    assert "TOP Ö 1" in page and "Abstimmung: 12 Ja, 3 Nein, 1 Enthaltung" in page
    # Titles, snippets and links come from the index; the database is asked one stamp statement per kind of
    # hit, never for the documents themselves (no attachment text, no Vorlage text, no agenda items).
    assert not [s for s in statements if "files.text" in s or "papers.reasoning" in s], statements
    assert len(statements) <= 12, statements


def test_a_stale_entry_shows_the_current_text_and_a_withdrawn_one_nothing(app, client, session, factory):
    paper, item, _meeting = decision(factory, name="Radweg am Kanal", text="Radweg mit Beleuchtung")
    other, _item2, _meeting2 = decision(factory, name="Radweg an der Schule", text="Radweg mit Ampel")
    session.commit()
    assert "Radweg am Kanal" in client.get("/suche?q=Radweg").get_data(as_text=True)
    # Changes the index does not learn about (as if its update had failed): the page must not trust it.
    app.config["SEARCH_AUTO_INDEX"] = False
    paper.name = "Radweg am Kanal, geänderte Fassung"
    other.public = False
    session.commit()
    page = client.get("/suche?q=Radweg").get_data(as_text=True)
    assert "geänderte Fassung" in page
    assert "Radweg an der Schule" not in page and "Ampel" not in page
