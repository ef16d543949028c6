"""A rebuild builds beside the live index and switches at once: search never goes dark, a failure changes nothing."""
from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from minutes_app.search import indexer
from minutes_app.search.engine import SearchIndex
from tests.search.conftest import decision, doc


def _old_and_new(tmp_path) -> SearchIndex:
    index = SearchIndex(tmp_path / "public")
    index.rebuild([doc(f"paper:{n}", f"Radweg Abschnitt {n}", "Altbestand") for n in range(5)])
    return index


def test_search_answers_from_the_live_index_while_a_rebuild_runs(tmp_path):
    index = _old_and_new(tmp_path)
    halfway, release = threading.Event(), threading.Event()

    def documents() -> Iterator[dict[str, Any]]:
        yield doc("paper:100", "Kreisverkehr Nord", "Neubestand")
        halfway.set()
        release.wait(30)
        yield doc("paper:101", "Kreisverkehr Süd", "Neubestand")

    worker = threading.Thread(target=index.rebuild, args=(documents(),))
    worker.start()
    try:
        assert halfway.wait(30)
        # Mid-rebuild: the old index answers, the new documents are not visible yet, and saves are not blocked.
        assert index.search("Radweg").total == 5
        assert index.search("Kreisverkehr").total == 0
        assert index.index([doc("paper:7", "Radweg Nachtrag", "Altbestand")]) is True
        assert index.search("Radweg").total == 6
    finally:
        release.set()
        worker.join(30)
    assert index.search("Kreisverkehr").total == 2
    assert index.search("Radweg").total == 0


def _search_loop(path: str, stop: Any, answers: Any) -> None:
    index = SearchIndex(path)
    while not stop.is_set():
        answers.put(index.search("Radweg OR Kreisverkehr").total)


def test_another_process_never_sees_a_missing_index_during_rebuilds(tmp_path):
    index = _old_and_new(tmp_path)
    context = multiprocessing.get_context("fork")
    stop, answers = context.Event(), context.SimpleQueue()
    searcher = context.Process(target=_search_loop, args=(str(index.path), stop, answers))
    searcher.start()
    try:
        for round_ in range(4):
            index.rebuild([doc(f"paper:{round_ * 10 + n}", f"Kreisverkehr {n}", "Runde") for n in range(5)])
    finally:
        stop.set()
        searcher.join(30)
    # The searching process exits cleanly only if every search found an index (no IndexUnavailable).
    assert searcher.exitcode == 0
    seen = []
    while not answers.empty():
        seen.append(answers.get())
    assert seen and set(seen) == {5}


def test_a_rebuild_failing_midway_leaves_the_live_index_answering(tmp_path):
    index = _old_and_new(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())

    def broken() -> Iterator[dict[str, Any]]:
        yield doc("paper:100", "Kreisverkehr Nord", "Neubestand")
        raise RuntimeError("Datenbankverbindung verloren")

    with pytest.raises(RuntimeError):
        index.rebuild(broken())
    assert index.search("Radweg").total == 5
    assert index.search("Kreisverkehr").total == 0
    assert index.index([doc("paper:8", "Radweg Nachtrag", "Altbestand")]) is True
    # The half-written directory is gone; only the live index remains.
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert SearchIndex(tmp_path / "public").search("Radweg").total == 6


def test_a_save_during_a_rebuild_reaches_the_new_index(app, session, factory, search_indexes):
    paper, _item, _meeting = decision(factory, name="Radweg am Kanal", text="Erster Entwurf")
    session.commit()
    reader = app.extensions["minutes_database"].session(read_only=True)

    def save_meanwhile(_count: int) -> None:
        # Runs after the rebuild has read every document and before it switches to the new index.
        paper.reasoning = "Zweiter Entwurf mit Brückenbauwerk"
        session.commit()

    try:
        indexer.rebuild(search_indexes, reader, save_meanwhile, parallel=False,
                        fresh=lambda: app.extensions["minutes_database"].session(read_only=True))
    finally:
        reader.close()
    assert search_indexes.public.search("Brückenbauwerk").total == 1
    assert search_indexes.internal.search("Brückenbauwerk").total == 1


def test_a_rebuild_larger_than_one_segment_keeps_every_document_findable(tmp_path, monkeypatch):
    # Large installations fill the posting pool several times: each filling becomes a segment of its own instead
    # of spilling to temporary files (the slow path that made 100,000 Vorlagen take over an hour).
    from minutes_app.search import writing

    monkeypatch.setattr(writing, "REBUILD_SEGMENT_BYTES", 64 * 1024)
    index = SearchIndex(tmp_path / "public")
    docs = [doc(f"paper:{n}", f"Radweg Abschnitt {n}", f"Beschluss über den Ausbau, Los {n}",
                committee=[str(1 + n % 3)]) for n in range(300)]
    assert index.rebuild(docs) == 300
    assert len(list(index._state().searcher.reader().leaf_readers())) > 1
    assert index.search("Radweg", per_page=10).total == 300
    counts = dict(index.search("Radweg").facets["committee"])
    assert counts == {"1": 100, "2": 100, "3": 100}
    assert [h.id for h in index.search('"Los 299"').hits] == ["paper:299"]
    # Saves after such a rebuild replace documents in any of its segments.
    assert index.index([doc("paper:0", "Kreisverkehr Nord", "umgeplant")]) is True
    assert index.search("Radweg").total == 299
    assert [h.id for h in index.search("Kreisverkehr").hits] == ["paper:0"]


def test_postings_kept_from_earlier_searches_never_bring_back_removed_or_changed_text(tmp_path):
    # Common words are answered from postings decoded by an earlier search; a later save deletes entries in the
    # segments those postings came from, and the search must see the deletion at once.
    index = SearchIndex(tmp_path / "public")
    index.rebuild([doc(f"paper:{n}", f"Radweg Abschnitt {n}", "Ausbau") for n in range(20)])
    assert index.search("Radweg").total == 20
    assert index.search('"Radweg Abschnitt"').total == 20
    assert index.postings_cache.size > 0 and index.merged_cache.size > 0
    assert index.delete(["paper:3"]) is True
    assert index.index([doc("paper:4", "Kreisverkehr Nord", "umgeplant")]) is True
    assert index.search("Radweg").total == 18
    assert {h.id for h in index.search("Radweg", per_page=20).hits}.isdisjoint({"paper:3", "paper:4"})
    assert [h.id for h in index.search("Kreisverkehr").hits] == ["paper:4"]
    assert index.search("Ausbau").total == 18
    assert index.search('"Radweg Abschnitt"').total == 18


def test_postings_kept_per_index_state_follow_its_content_not_the_version_read_before_opening(tmp_path, monkeypatch):
    # A searcher opened right after another process saved carries the version read just before opening; the
    # postings kept for the older content under that version must not answer for the newer content.
    index = SearchIndex(tmp_path / "public")
    index.rebuild([doc(f"paper:{n}", f"Radweg Abschnitt {n}", "Ausbau") for n in range(5)])
    assert index.search("Radweg").total == 5
    assert index.search('"Radweg Abschnitt"').total == 5
    before = index._version()
    assert index.index([doc("paper:9", "Radweg Abschnitt Süd", "neu")]) is True
    index.close()
    monkeypatch.setattr(index, "_version", lambda: before)
    assert index.search("Radweg").total == 6
    assert index.search('"Radweg Abschnitt"').total == 6


def test_merges_that_saves_ask_for_start_only_after_both_indexes_are_written(tmp_path):
    # A merge is Python work; beside the second index's write it made that write wait (p95 200 instead of 80 ms).
    from minutes_app.search import open_indexes

    indexes = open_indexes(tmp_path, background_merge=True)

    def segments(index: SearchIndex) -> int:
        reader = index._open().reader()
        try:
            return len(list(reader.leaf_readers()))
        finally:
            reader.close()

    for n in range(8):
        assert indexes.public.index([doc(f"paper:{n}", f"Radweg Abschnitt {n}", "Ausbau")]) is True
        assert indexes.internal.index([doc(f"paper:{n}", f"Radweg Abschnitt {n}", "Ausbau intern")]) is True
    # Nothing merged while the saves wrote; both indexes ask for it.
    assert segments(indexes.public) == 8 and segments(indexes.internal) == 8
    assert indexes.public.merge_wanted and indexes.internal.merge_wanted
    thread = indexes.merge_later()
    assert thread is not None
    thread.join(timeout=30)
    assert segments(indexes.public) < 8 and segments(indexes.internal) < 8
    assert not indexes.public.merge_wanted and indexes.merge_later() is None
    assert indexes.public.search("Radweg").total == 8 and indexes.internal.search("intern").total == 8
    indexes.public.close()
    indexes.internal.close()
