"""The internal Whoosh index laid over the public one: it holds only what differs, and searches like a full copy."""
from __future__ import annotations

import pytest

from minutes_app.models import MinutesState
from minutes_app.search import Filters
from minutes_app.search.engine import SearchIndex
from tests.search.conftest import decision, doc
from tests.search.test_postgres_engine import QUERIES, _corpus, _internal_corpus

ACLS = [None, frozenset({"public"}), frozenset({"public", "c:7"}), frozenset({"c:7"}), frozenset({"c:9"})]
FILTERS = [Filters(body="1"), Filters(body="1", committee="1"), Filters(body="1", type="resolution"), Filters()]


def found(index, text, **kwargs):
    return {h.id for hit in index.search(text, **kwargs).hits for h in (hit, *hit.parts)}


@pytest.fixture
def copies(tmp_path):
    """(an internal index holding every internal entry with its public stand-in, the same laid over the public one)."""
    full = SearchIndex(tmp_path / "full")
    full.rebuild(_internal_corpus())
    public = SearchIndex(tmp_path / "public")
    # The public index holds the public document of the confidential Vorlage, the internal one only its full text.
    public.rebuild([*_corpus(), {**doc("paper:5", "Personalangelegenheit Kita Sonnenschein", "Öffentlicher Teil"),
                                 "date": _internal_corpus()[-1]["date"], "year": "2024", "group": "paper:5",
                                 "body_id": "1"}])
    overlaid = SearchIndex(tmp_path / "internal", base=public)
    overlaid.rebuild([entry for entry in _internal_corpus() if entry["id"] == "paper:5"])
    return full, overlaid


def _by_date(results):
    return (results.total, [(hit.id, sorted(p.id for p in hit.parts)) for hit in results.hits],
            {name: dict(values) for name, values in results.facets.items()})


@pytest.mark.parametrize("acl", ACLS)
def test_the_overlaid_index_finds_what_a_full_internal_copy_finds(copies, acl):
    full, overlaid = copies
    assert overlaid.doc_count() == 1
    for query in [*QUERIES, "Vertraulich", "Personalangelegenheit", "Öffentlicher"]:
        for filters in FILTERS:
            filters = Filters(**{**filters.__dict__, "acl": acl})
            expected = full.search(query, filters, sort="date")
            assert _by_date(overlaid.search(query, filters, sort="date")) == _by_date(expected), (query, filters)
            ranked = overlaid.search(query, filters)
            assert sorted(h.id for h in ranked.hits) == sorted(h.id for h in full.search(query, filters).hits)


def test_who_reads_the_internal_entry_gets_it_everybody_else_the_public_one(copies):
    _full, overlaid = copies
    committee = Filters(body="1", acl=frozenset({"public", "c:7"}))
    others = Filters(body="1", acl=frozenset({"public"}))
    assert found(overlaid, "Kita", filters=committee) == {"paper:5"}
    assert found(overlaid, "Vertraulich", filters=committee) == {"paper:5"}
    # The public entry stands in for the internal one: marked as such, so the page shows the public view.
    assert found(overlaid, "Kita", filters=others) == {"paper:5~public"}
    assert found(overlaid, "Vertraulich", filters=others) == set()
    assert found(overlaid, "Öffentlicher", filters=committee) == set()
    # Unrestricted (the administration) reads every internal entry.
    assert found(overlaid, "Kita") == {"paper:5"}


def test_a_twin_shows_what_the_public_index_stored_readable_by_everybody(copies):
    _full, overlaid = copies
    [hit] = overlaid.search("Haushaltssatzung", Filters(body="1", acl=frozenset({"public"})),
                            load=lambda stored: stored).hits
    assert hit.id == "paper:3" and hit.doc["acl"] == ["public"]


@pytest.mark.sqlite_only(reason="der über den öffentlichen gelegte interne Index ist der von Whoosh; auf PostgreSQL "
                                "hält die interne Tabelle jeden Eintrag (tests/search/test_postgres_engine.py)")
def test_the_internal_index_holds_only_what_differs_from_the_public_one(session, factory, search_indexes):
    paper, item, meeting = decision(factory, name="Radwegekonzept Nordstadt", minutes_state=MinutesState.DRAFT,
                                    minutes_text="Aussprache zum Radwegekonzept.")
    session.commit()
    own = search_indexes.internal.stored_hashes()
    # Only the internal entries say more while the minutes are drafts: the item its minutes' text, both the result.
    assert {f"agenda_item:{item.id}", f"paper:{paper.id}"} == set(own)
    assert {f"paper:{paper.id}", f"agenda_item:{item.id}"} <= found(search_indexes.internal, "Radwegekonzept")
    assert found(search_indexes.internal, "Aussprache") == {f"agenda_item:{item.id}"}
    # Once the minutes are approved, the public entry says it all: the internal one goes, the text stays findable.
    meeting.minutes.state = MinutesState.APPROVED
    session.commit()
    assert search_indexes.internal.stored_hashes() == {}
    assert found(search_indexes.internal, "Aussprache") == {f"agenda_item:{item.id}"}
    assert found(search_indexes.public, "Aussprache") == {f"agenda_item:{item.id}"}
    # A Vorlage taken out of public view gets an internal entry of its own again.
    paper.public = False
    session.commit()
    assert f"paper:{paper.id}" in search_indexes.internal.stored_hashes()
    assert f"paper:{paper.id}" in found(search_indexes.internal, "Radwegekonzept")
    assert f"paper:{paper.id}" not in found(search_indexes.public, "Radwegekonzept")
