"""Each app server's Whoosh copy of the PostgreSQL search: as current as the tables, never more public.

The copy answers a search only when it has applied every logged change; a
change saved through another app server is found by the next search, non-public
text never reaches the public copy, and a copy that is far behind or was never
built lets the tables answer until it has been brought up to date.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import delete, func, select

from minutes_app import create_app
from minutes_app.models import search_changes
from minutes_app.search import Filters, indexes, postgres
from minutes_app.search.postgres import replica as replica_module
from tests.search.conftest import decision
from tests.search.test_postgres_engine import _results

pytestmark = pytest.mark.postgresql

CANARY = "Zaunkoenigsgeheimnis"


@pytest.fixture
def second_server(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """Another app server on the same database, with a copy of its own."""
    other = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": app.config["DATABASE_URL"],
                        "SEARCH_INDEX_DIR": str(tmp_path / "second-server"), "INSTANCE_PATH": str(tmp_path / "i2")})
    yield other
    other.extensions["minutes_database"].dispose()


def _found(app: Flask, text: str, name: str = "public", acl: frozenset[str] | None = None) -> set[str]:
    with app.app_context():
        index = indexes().by_name(name)
        results = index.search(text, Filters(acl=acl) if acl is not None else None, per_page=100)
    return {h.id for hit in results.hits for h in (hit, *hit.parts)}


def _copy_answers(app: Flask, name: str = "public") -> bool:
    with app.app_context():
        return indexes().replica.current(name) is not None


def _newest(session) -> int:
    return session.scalar(select(func.coalesce(func.max(search_changes.c.seq), 0)))


def test_a_save_through_one_server_is_found_through_the_other_s_copy_at_once(app, session, factory, second_server):
    paper, item, _meeting = decision(factory, name="Hochwasserschutz am Mühlbach")
    session.commit()
    assert {f"paper:{paper.id}", f"agenda_item:{item.id}"} <= _found(second_server, "Hochwasserschutz")
    assert _copy_answers(second_server)
    paper.reasoning = "Deicherhöhung um einen Meter"
    session.commit()
    assert f"paper:{paper.id}" in _found(second_server, "Deicherhöhung")
    paper.public = False
    session.commit()
    assert f"paper:{paper.id}" not in _found(second_server, "Deicherhöhung")
    with second_server.app_context():
        assert indexes().replica.applied() == _newest(session)


def test_the_copy_finds_what_the_tables_find(app, session, factory, second_server):
    decision(factory, name="Sicherheitskonzept für das Jobcenter", text="Zugangskontrolle und Videoüberwachung")
    decision(factory, name="Radwegekonzept Nordstadt", text="Radweg entlang der Bahntrasse", paper_public=False)
    decision(factory, name="Sicherheit an Schulwegen", text="Radweg und Lotsen", minutes_state=None)
    session.commit()
    assert _found(second_server, "Sicherheit")
    assert _copy_answers(second_server) and _copy_answers(second_server, "internal")
    with second_server.app_context():
        copy = indexes()
    tables = postgres.open_indexes(second_server.extensions["minutes_database"].read_engine)
    for text in ("Sicherheit", "Radweg", "Sicherheit*", "Konzept", '"Radweg entlang"', "Radweg -Schulwegen"):
        for name, acl in (("public", None), ("internal", None), ("internal", frozenset({"public"}))):
            with second_server.app_context():
                from_copy = copy.by_name(name).search(text, Filters(acl=acl), per_page=100)
                from_tables = tables.by_name(name).search(text, Filters(acl=acl), per_page=100)
            # The ranking formulas differ (BM25 and ts_rank): the same results, each with the same entries.
            assert _results(from_copy) == _results(from_tables), (text, name, acl)
            assert from_copy.total == from_tables.total, (text, name, acl)
            assert from_copy.facets == from_tables.facets, (text, name, acl)
    assert _copy_answers(second_server, "internal")


def test_non_public_text_never_reaches_the_public_copy(app, session, factory, second_server):
    hidden, _item, _meeting = decision(factory, name="Grundstücksangelegenheit", text=CANARY, paper_public=False)
    session.commit()
    assert _found(second_server, CANARY.lower()) == set()
    assert f"paper:{hidden.id}" in _found(second_server, CANARY.lower(), "internal")
    with second_server.app_context():
        stored = indexes().replica.copy.public.stored_hashes()
    assert f"paper:{hidden.id}" not in stored
    # Made public, then withdrawn again: the public copy follows both ways.
    hidden.public = True
    session.commit()
    assert f"paper:{hidden.id}" in _found(second_server, CANARY.lower())
    hidden.public = False
    session.commit()
    assert _found(second_server, CANARY.lower()) == set()


def test_a_copy_far_behind_lets_the_tables_answer_until_the_background_has_caught_up(
        app, session, factory, second_server, monkeypatch):
    monkeypatch.setattr(replica_module, "CATCH_UP_LIMIT", 2)
    decision(factory, name="Kreisstraße 12, Ausbau")
    session.commit()
    with second_server.app_context():
        replica = indexes().replica
        replica.background = True
        assert replica.current("public") is None  # never built, more than two changes: the tables answer
        assert _found(second_server, "Kreisstraße")  # found anyway
        if replica._worker is not None:
            replica._worker.join()
        assert replica.applied() == _newest(session)
        assert replica.current("public") is not None
    assert _found(second_server, "Kreisstraße")


def test_a_copy_whose_changes_were_pruned_from_the_log_is_built_anew(app, session, factory, second_server):
    paper, _item, _meeting = decision(factory, name="Breitbandausbau im Außenbereich")
    session.commit()
    session.execute(delete(search_changes).where(search_changes.c.seq <= 2))  # as the pruning would
    session.commit()
    assert f"paper:{paper.id}" in _found(second_server, "Breitbandausbau")
    assert _copy_answers(second_server)


def test_the_log_is_pruned_while_a_copy_keeps_up(app, session, factory, second_server, monkeypatch):
    monkeypatch.setattr(replica_module, "KEEP_CHANGES", 8)
    monkeypatch.setattr(replica_module, "PRUNE_EVERY", 4)
    paper, _item, _meeting = decision(factory, name="Schulbus Linie 7")
    session.commit()
    for n in range(12):
        paper.reasoning = f"Fahrplan Fassung {n}"
        session.commit()
        assert f"paper:{paper.id}" in _found(second_server, f"Fassung {n}")
    assert session.scalar(select(func.count()).select_from(search_changes)) < _newest(session)
    assert session.scalar(select(func.min(search_changes.c.seq))) > 1
    assert _copy_answers(second_server)


def test_search_rebuild_builds_this_server_s_copy(app, session, factory):
    decision(factory, name="Sporthalle Süd")
    session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search-rebuild"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        replica = indexes().replica
        assert replica.applied() == _newest(session)
        assert replica.copy.public.doc_count() == indexes().public.doc_count()


def test_the_log_follows_the_commit_order(app):
    """A writer that has logged a change keeps every later writer waiting until it commits: a server that
    sees number n has seen every change up to n, whatever the order the transactions started in."""
    import threading

    engine = app.extensions["minutes_database"].read_engine
    later: dict[str, int] = {}

    def second_writer() -> None:
        with engine.begin() as connection:
            replica_module.log_changes(connection, {"paper:2"})
            later["seq"] = connection.scalar(select(func.max(search_changes.c.seq)))

    with engine.connect() as reader:
        first = engine.connect()
        try:
            transaction = first.begin()
            replica_module.log_changes(first, {"paper:1"})
            thread = threading.Thread(target=second_writer)
            thread.start()
            thread.join(timeout=0.5)
            assert thread.is_alive()  # waiting for the first writer's commit, its number not yet taken
            assert reader.scalar(select(func.count()).select_from(search_changes)) == 0
            transaction.commit()
        finally:
            first.close()
        thread.join(timeout=10)
        numbers = reader.execute(select(search_changes.c.doc_id, search_changes.c.seq)
                                 .order_by(search_changes.c.seq)).all()
    assert [doc_id for doc_id, _seq in numbers] == ["paper:1", "paper:2"]
    assert later["seq"] == numbers[-1].seq


def test_search_check_compares_this_server_s_copy_too(app, session, factory):
    paper, _item, _meeting = decision(factory, name="Feuerwehrbedarfsplan")
    session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search-check"])
    assert result.exit_code == 0 and "stimmen überein" in result.output, result.output
    with app.app_context():
        indexes().replica.copy.public.delete([f"paper:{paper.id}"])  # a damaged copy
    failed = runner.invoke(args=["search-check"])
    assert failed.exit_code != 0
    assert f"Suchkopie dieses Servers, public: 1 Einträge fehlen im Index: paper:{paper.id}" in failed.output
    assert runner.invoke(args=["search-rebuild"]).exit_code == 0
    assert runner.invoke(args=["search-check"]).exit_code == 0


def test_a_copy_of_an_empty_search_answers_with_nothing(app, session):
    assert _found(app, "Haushalt") == set()
    assert _copy_answers(app)
    with app.app_context():
        assert indexes().replica.copy.public.doc_count() == 0
