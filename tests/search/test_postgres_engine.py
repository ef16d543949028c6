"""The PostgreSQL search engine: written in the saving transaction, and finding what Whoosh finds.

The transaction tests run on PostgreSQL only; the savepoint tests run on
both databases (either engine must ignore a savepoint until the outer commit).
The parity tests index one small corpus into Whoosh and into the PostgreSQL
tables and compare results, totals and facets query by query.
"""
from __future__ import annotations

from datetime import date

import pytest

from minutes_app.database import Database
from minutes_app.search import Filters, IndexUnavailable, postgres
from tests.search.conftest import decision, doc


def found(index, text, **options):
    """The ids of every hit and part for ``text``; nothing when the (Whoosh) index does not exist yet."""
    try:
        results = index.search(text, **options)
    except IndexUnavailable:
        return set()
    return {h.id for hit in results.hits for h in (hit, *hit.parts)}


# -- the saving transaction -----------------------------------------------------------------

@pytest.mark.postgresql
def test_a_rolled_back_save_never_reaches_the_search(session, factory, search_indexes):
    decision(factory, name="Zurückgenommene Eingabe zum Lärmschutz")
    session.rollback()
    assert found(search_indexes.public, "Lärmschutz") == set()
    assert found(search_indexes.internal, "Lärmschutz") == set()
    assert search_indexes.public.doc_count() == 0


@pytest.mark.postgresql
def test_a_committed_save_is_found_through_another_database_at_once(app, session, factory):
    other = Database.from_url(app.config["DATABASE_URL"])
    try:
        elsewhere = postgres.open_indexes(other.read_engine)
        paper, item, _meeting = decision(factory, name="Hochwasserschutz am Mühlbach")
        session.flush()
        assert found(elsewhere.public, "Hochwasserschutz") == set()  # flushed, not committed: invisible
        session.commit()
        assert {f"paper:{paper.id}", f"agenda_item:{item.id}"} <= found(elsewhere.public, "Hochwasserschutz")
        paper.reasoning = "Deicherhöhung um einen Meter"
        session.commit()
        assert f"paper:{paper.id}" in found(elsewhere.public, "Deicherhöhung")
    finally:
        other.dispose()


@pytest.mark.postgresql
def test_a_rebuild_keeps_the_old_entries_visible_until_it_commits(app, search_indexes):
    search_indexes.public.rebuild([doc("paper:1", "Alter Radweg", body_id="1")])
    other = Database.from_url(app.config["DATABASE_URL"])
    try:
        elsewhere = postgres.open_indexes(other.read_engine)
        with search_indexes.internal.rebuilding() as add_internal, search_indexes.public.rebuilding() as add:
            add(doc("paper:2", "Neue Brücke", body_id="1"))
            add_internal(doc("paper:2", "Neue Brücke", body_id="1", acl=["public"]))
            assert found(elsewhere.public, "Radweg") == {"paper:1"}
            assert found(elsewhere.public, "Brücke") == set()
        assert found(elsewhere.public, "Radweg") == set()
        assert found(elsewhere.public, "Brücke") == {"paper:2"}
        assert found(elsewhere.internal, "Brücke") == {"paper:2"}
    finally:
        other.dispose()


# -- savepoints (both engines) ----------------------------------------------------------------

def test_a_released_savepoint_is_searchable_only_after_the_outer_commit(session, factory, search_indexes):
    with session.begin_nested():
        paper, _item, _meeting = decision(factory, name="Feuerwehrgerätehaus Nord")
    assert found(search_indexes.public, "Feuerwehrgerätehaus") == set()
    session.commit()
    assert f"paper:{paper.id}" in found(search_indexes.public, "Feuerwehrgerätehaus")


def test_a_rolled_back_savepoint_takes_back_only_its_own_changes(session, factory, search_indexes):
    kept, _item, _meeting = decision(factory, name="Spielplatz am Stadtpark")
    savepoint = session.begin_nested()
    decision(factory, name="Spielplatz am Bahnhof")
    savepoint.rollback()
    session.commit()
    assert found(search_indexes.public, "Spielplatz") & {f"paper:{kept.id}"} == {f"paper:{kept.id}"}
    assert all(h.title != "Spielplatz am Bahnhof" for h in search_indexes.public.search("Spielplatz").hits)


# -- the same results as Whoosh ------------------------------------------------------------

def _corpus() -> list[dict]:
    common = {"body_id": "1"}
    return [
        {**doc("paper:1", "Sicherheitskonzept für das Jobcenter", "Der Ausschuss berät das Sicherheitskonzept.",
               committee=["1"], date=date(2024, 3, 12), reference="vo/2024/12"), "group": "paper:1", **common},
        {**doc("agenda_item:1", "Sicherheitskonzept für das Jobcenter", "Beschluss: einstimmig angenommen.",
               type="agenda_item", committee=["1"], result=["adopted"], date=date(2024, 3, 12)),
         "group": "paper:1", "implementation": ["open"], **common},
        {**doc("paper:2", "Radwegekonzept Nordstadt", "Ein durchgehender Radweg entlang der Bahntrasse.",
               committee=["2"], date=date(2023, 5, 1)), "group": "paper:2", **common},
        {**doc("paper:3", "Haushaltssatzung 2025", "Der Finanzhaushalt und der Haushaltsvollzug.",
               committee=["3"], date=date(2025, 1, 10), type="budget"), "group": "paper:3", **common},
        {**doc("meeting:1", "Sitzung des Ausschusses für Umwelt", "Radweg und Haushalt", type="meeting",
               committee=["2"], date=date(2022, 9, 1)), "group": "meeting:1",
         "boiler": "Ausschuss für Umwelt, Bau und Verkehr", **common},
        {**doc("paper:9", "Sicherheitskonzept einer anderen Gemeinde", "Radweg"), "group": "paper:9", "body_id": "2"},
    ]


def _internal_corpus() -> list[dict]:
    public = _corpus()
    for entry in public:
        entry["acl"] = ["public"]
    return [
        *public,
        {**doc("paper:5", "Personalangelegenheit Kita Sonnenschein", "Vertraulich: Stellenplan der Kita",
               acl=["c:7"], date=date(2024, 6, 1)), "group": "paper:5", "body_id": "1"},
        {**doc("paper:5~public", "Personalangelegenheit Kita Sonnenschein", "Öffentlicher Teil",
               acl=["public"], date=date(2024, 6, 1)), "group": "paper:5", "body_id": "1",
         "hidden_for": ["*", "c:7"]},
    ]


QUERIES = [
    "Sicherheitskonzept", "Sicherheit", "Haushalt", "Vollzug", "Haushalt -Finanzhaushalt", '"durchgehender Radweg"',
    '"Radweg durchgehender"', "Radw*", "Sic*", "Radweg OR Haushaltssatzung", "vo/2024/12", "Jobcenter Beschluss",
    "-Radweg", "Kita", "Ausschuss", "Radwegekonzepte", "einstimmig",
]
FILTERS = [
    Filters(body="1"), Filters(body="1", committee="1"), Filters(body="1", type="agenda_item"),
    Filters(body="1", date_from=date(2024, 1, 1)), Filters(body="1", implementation="open"), Filters(),
    Filters(body="1", result="adopted"), Filters(body="1", date_to=date(2023, 12, 31)),
]


def _summary(results):
    return (results.total, [(hit.id, sorted(p.id for p in hit.parts)) for hit in results.hits],
            {name: dict(values) for name, values in results.facets.items()})


def _results(results):
    return sorted(sorted([hit.id, *(p.id for p in hit.parts)]) for hit in results.hits)


@pytest.mark.postgresql
@pytest.mark.parametrize("query", QUERIES)
def test_the_public_tables_find_what_whoosh_finds(make_index, search_indexes, query):
    whoosh = make_index(*_corpus())
    search_indexes.public.rebuild(_corpus())
    for filters in FILTERS:
        for sort in ("relevance", "date"):
            expected = whoosh.search(query, filters, sort=sort)
            actual = search_indexes.public.search(query, filters, sort=sort)
            if sort == "date":
                assert _summary(actual) == _summary(expected), (query, filters)
            else:  # ranking formulas differ (BM25 and ts_rank): the same results with the same entries
                assert _summary(actual)[0] == _summary(expected)[0], (query, filters)
                assert _results(actual) == _results(expected), (query, filters)
                assert _summary(actual)[2] == _summary(expected)[2], (query, filters)


@pytest.mark.postgresql
@pytest.mark.parametrize("acl", [None, frozenset({"public"}), frozenset({"public", "c:7"}), frozenset({"c:9"})])
def test_internal_permissions_match_whoosh(make_index, search_indexes, acl):
    whoosh = make_index(*_internal_corpus())
    search_indexes.internal.rebuild(_internal_corpus())
    for query in ("Kita", "Personalangelegenheit", "Vertraulich", "Sicherheitskonzept", "-Radweg"):
        filters = Filters(body="1", acl=acl)
        expected = whoosh.search(query, filters, sort="date")
        actual = search_indexes.internal.search(query, filters, sort="date")
        assert _summary(actual) == _summary(expected), (query, acl)
    # The committee holding c:7 reads the full entry; everybody else at most the public stand-in.
    assert found(search_indexes.internal, "Vertraulich", filters=Filters(body="1", acl=frozenset({"c:7"}))) == {
        "paper:5"}
    assert found(search_indexes.internal, "Vertraulich", filters=Filters(body="1", acl=frozenset({"public"}))) == set()
    assert found(search_indexes.internal, "Kita", filters=Filters(body="1", acl=frozenset({"public"}))) == {
        "paper:5~public"}


@pytest.mark.postgresql
def test_best_hits_and_suggestions_match_whoosh(make_index, search_indexes):
    whoosh = make_index(*_corpus())
    search_indexes.public.rebuild(_corpus())
    filters = Filters(body="1")
    for query in ("vo/2024/12", "Haushaltssatzung", "Radwegekonzept", "Sicherheitskonzept Jobcenter"):
        best, expected = search_indexes.public.search(query, filters).hits[0], whoosh.search(query, filters).hits[0]
        assert {best.id, *(p.id for p in best.parts)} == {expected.id, *(p.id for p in expected.parts)}, query
    for typo in ("Sicherheitskonzpt", "Radwek", "Hauhalt"):
        assert search_indexes.public.suggest(typo) == whoosh.suggest(typo), typo
    suggestion = search_indexes.public.search("Haushaltsatzung", filters).suggestion
    assert suggestion == whoosh.search("Haushaltsatzung", filters).suggestion == "haushaltssatzung"
    assert search_indexes.public.search("Sicherheitskonzept", filters).suggestion is None


@pytest.mark.postgresql
def test_meinten_sie_never_suggests_a_word_only_the_internal_index_holds(search_indexes):
    search_indexes.public.rebuild(_corpus())
    search_indexes.internal.rebuild(_internal_corpus())
    assert search_indexes.internal.suggest("Vertraulch") == "vertraulich"
    assert search_indexes.public.suggest("Vertraulch") is None
    assert search_indexes.public.search("Vertraulch", Filters(body="1")).suggestion is None


@pytest.mark.postgresql
def test_paging_past_the_ranked_pool_shows_every_result_once(monkeypatch, make_index, search_indexes):
    # Only the pool's entries are ranked on their whole text; a pool of two makes every later page fall back.
    monkeypatch.setattr(postgres.sql, "POOL", 2)
    whoosh = make_index(*_corpus())
    search_indexes.public.rebuild(_corpus())
    for query in ("Radweg", "Sic*", "-Haushalt"):
        expected = whoosh.search(query, Filters(), per_page=20)
        pages = [search_indexes.public.search(query, Filters(), page=n, per_page=1) for n in range(1, 8)]
        shown = [sorted([hit.id, *(p.id for p in hit.parts)]) for results in pages for hit in results.hits]
        assert sorted(shown) == _results(expected), query
        assert {results.total for results in pages} == {expected.total}, query
    best = search_indexes.public.search("Sicherheitskonzept Jobcenter", Filters(body="1"), per_page=1).hits[0]
    assert {best.id, *(p.id for p in best.parts)} == {"paper:1", "agenda_item:1"}



# -- counting in memory ---------------------------------------------------------------------------

@pytest.mark.postgresql
@pytest.mark.parametrize("read_all_from, stale_slack", [(20_000, 100_000), (1, 100_000), (20_000, 0)])
def test_totals_and_facets_follow_a_save_through_another_server_at_once(
        monkeypatch, app, search_indexes, read_all_from, stale_slack):
    # Counted from what this server remembers of entry numbers: read one by one, read all at once, or
    # forgotten and read anew after every save.
    monkeypatch.setattr(postgres.facts, "READ_ALL_FROM", read_all_from)
    monkeypatch.setattr(postgres.facts, "STALE_SLACK", stale_slack)
    monkeypatch.setattr(postgres.facts, "STALE_FACTOR", 1 if stale_slack == 0 else 3)
    search_indexes.public.rebuild(_corpus())
    before = search_indexes.public.search("Radweg", Filters(body="1"))
    assert (before.total, dict(before.facets["committee"])) == (2, {"2": 2})  # paper:2 and meeting:1
    other = Database.from_url(app.config["DATABASE_URL"])
    try:
        elsewhere = postgres.open_indexes(other.read_engine)
        moved = {**doc("paper:2", "Radwegekonzept Nordstadt", "Ein durchgehender Radweg entlang der Bahntrasse.",
                       committee=["3"], date=date(2023, 5, 1), type="budget"), "group": "paper:2", "body_id": "1"}
        elsewhere.public.update([moved], ["meeting:1"])
    finally:
        other.dispose()
    after = search_indexes.public.search("Radweg", Filters(body="1"))
    assert (after.total, dict(after.facets["committee"]), dict(after.facets["type"])) == (1, {"3": 1}, {"budget": 1})
    # Several matching entries of one result count it once per value, also for entries read later.
    search_indexes.public.update([{**doc("agenda_item:7", "Radweg Nordstadt", "Beschluss", committee=["3", "5"],
                                         type="agenda_item"), "group": "paper:2", "body_id": "1"}], [])
    grouped = search_indexes.public.search("Radweg", Filters(body="1"))
    assert (grouped.total, dict(grouped.facets["committee"])) == (1, {"3": 1, "5": 1})
    assert dict(grouped.facets["type"]) == {"agenda_item": 1, "budget": 1}


@pytest.mark.postgresql
def test_every_save_numbers_the_entry_anew(search_indexes):
    from sqlalchemy import select

    table = search_indexes.public.table
    search_indexes.public.rebuild(_corpus())

    def number():
        with search_indexes.public.store.engine.connect() as connection:
            return connection.execute(select(table.c.num).where(table.c.id == "paper:2")).scalar_one()

    first = number()
    search_indexes.public.update([{**doc("paper:2", "Radwegekonzept", "neu"), "group": "paper:2", "body_id": "1"}],
                                 [])
    assert number() > first


@pytest.mark.postgresql
def test_a_save_keeps_an_entry_it_would_write_unchanged(search_indexes):
    from sqlalchemy import literal_column, select

    table = search_indexes.public.table
    saved = {**doc("paper:2", "Radwegekonzept", "neu"), "group": "paper:2", "body_id": "1"}
    search_indexes.public.update([saved], [])

    def version():
        with search_indexes.public.store.engine.connect() as connection:
            return tuple(connection.execute(
                select(table.c.num, literal_column("xmin::text")).where(table.c.id == "paper:2")).one())

    kept = version()
    search_indexes.public.update([dict(saved)], [])
    assert version() == kept  # the same row version: nothing was rewritten
    search_indexes.public.update([{**saved, "meta": {"number": "Ö 2"}}], [])
    assert version()[0] > kept[0]
    [hit] = search_indexes.public.search("Radwegekonzept", load=lambda stored: stored).hits
    assert hit.doc["meta"] == {"number": "Ö 2"}



@pytest.mark.postgresql
def test_counting_remembers_only_the_range_of_numbers_in_use(monkeypatch, search_indexes):
    # A long-lived installation: its sequence is far beyond the number of entries it holds.
    with search_indexes.public.store.engine.begin() as connection:
        connection.exec_driver_sql("SELECT setval('search_public_entries_num', 50000000)")
    monkeypatch.setattr(postgres.facts, "STALE_SLACK", 0)
    monkeypatch.setattr(postgres.facts, "BASE_MARGIN", 5)
    facts = search_indexes.public.facts
    sizes = []
    for _rebuild in range(6):  # every rebuild numbers every entry anew
        search_indexes.public.rebuild(_corpus())
        for _search in range(2):
            results = search_indexes.public.search("Radweg", Filters(body="1"))
            assert (results.total, dict(results.facets["committee"])) == (2, {"2": 2})
        sizes.append(facts.known.size)
    assert facts.base >= 50_000_000 - 5
    # Slots for a few rebuilds' numbers at most: replaced versions are forgotten, not kept for ever.
    assert max(sizes) <= 4 * 2 * len(_corpus()) + 2 * 5, sizes


# -- the search statement's plan ----------------------------------------------------------------

def _plan(search_indexes, parsed, settings=None):
    """The executed plan (EXPLAIN ANALYZE, JSON) of the public search statement after ``settings``."""
    from sqlalchemy import text

    statement, params = postgres.sql.search_statement(
        search_indexes.public.table, parsed, Filters(), "relevance", 1, 10)
    with search_indexes.public.store.engine.begin() as connection:
        # A server that compiles every statement: the worst case for a search of a common word.
        connection.exec_driver_sql("SET LOCAL jit = on")
        connection.exec_driver_sql("SET LOCAL jit_above_cost = 0")
        if settings:
            connection.exec_driver_sql(settings)
        return connection.execute(text("EXPLAIN (ANALYZE, FORMAT JSON) " + statement), params).scalar_one()[0]


@pytest.mark.postgresql
def test_a_search_never_waits_for_the_jit_compiler(search_indexes):
    # At 100,000 Vorlagen compiling the statement of a common word took 60-70 ms and saved nothing.
    from minutes_app.search.query import parse

    search_indexes.public.rebuild(_corpus())
    parsed = parse("Sicherheit")
    if "JIT" not in _plan(search_indexes, parsed):
        pytest.skip("Dieser PostgreSQL-Server hat keinen JIT-Compiler")
    plan = _plan(search_indexes, parsed, postgres.sql.planner_settings(parsed))
    assert "JIT" not in plan
    assert plan["Plan"]["Actual Rows"] == 1
