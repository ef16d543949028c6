"""Upgrading the PostgreSQL search tables to slim rows keeps every entry findable, filtered and ranked."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import create_engine, text

from minutes_app import migrate
from minutes_app.search import Filters
from minutes_app.search.postgres import engine as search_engine
from minutes_app.search.postgres import open_indexes

from ..databases import new_database_url
from ..search.conftest import doc

#: The revision before the slim rows: lists as space-separated text, no head and no size.
BEFORE = "e5a1c7d93f02"


def _old_row(document: dict) -> dict:
    """The row the engine wrote before the upgrade (lists as space-separated text)."""
    values, _words = search_engine.row(document)
    for name in ("committee", "result", "implementation", "acl", "hidden_for"):
        values[name] = " ".join(values[name])
    del values["head"], values["size"]
    return values


@pytest.mark.postgresql
def test_entries_indexed_before_the_upgrade_are_found_without_a_rebuild(tmp_path):
    url = new_database_url(tmp_path, "m", schema=False)
    migrate.upgrade(url, BEFORE)
    documents = [
        {**doc("paper:1", "Sanierung der Grundschule Nord", "Die Turnhalle wird gedämmt.", committee=["3", "4"],
               date=date(2024, 2, 1)), "body_id": "1", "acl": ["public", "c:3"]},
        {**doc("paper:2", "Haushalt 2025", "Auch die Sanierung der Grundschule Süd ist vorgesehen.",
               committee=["4"], date=date(2024, 3, 1)), "body_id": "1", "acl": ["c:9"]},
    ]
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for document in documents:
                values = _old_row(document)
                connection.execute(text(
                    f"INSERT INTO search_internal_entries ({', '.join(values)}) "
                    f"VALUES ({', '.join(':' + name for name in values)})"), values)
        migrate.upgrade(url)
        internal = open_indexes(engine).internal
        results = internal.search("Sanierung Grundschule", Filters(body="1", committee="4"))
        # The Betreff match first, as a rebuild would rank it; both counted in the committee facet.
        assert [hit.id for hit in results.hits] == ["paper:1", "paper:2"]
        assert dict(results.facets["committee"]) == {"4": 2, "3": 1}
        readable = internal.search("Grundschule", Filters(body="1", acl=frozenset({"c:3"})))
        assert [hit.id for hit in readable.hits] == ["paper:1"]
        # Every document with entries is in the change log, so a server's Whoosh copy built from it holds them.
        with engine.connect() as connection:
            logged = connection.execute(text("SELECT doc_id, seq FROM search_changes ORDER BY seq")).all()
        assert sorted(doc_id for doc_id, _seq in logged) == ["paper:1", "paper:2"]
        assert logged[0].seq == 1
    finally:
        engine.dispose()
