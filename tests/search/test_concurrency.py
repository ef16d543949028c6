"""Several worker processes writing one index wait for the lock; nothing is lost."""
from __future__ import annotations

import multiprocessing

from whoosh import index as whoosh_index

from minutes_app.search.engine import SearchIndex
from minutes_app.search.pending import take_pending
from tests.search.conftest import doc

WRITERS = 3
DOCS_EACH = 12


def _writer(path: str, worker: int) -> None:
    index = SearchIndex(path)
    for n in range(DOCS_EACH):
        index.index([doc(f"paper:{worker * 100 + n}", f"Bebauungsplan Nummer {n}", f"Änderung durch Prozess {worker}")])


def test_concurrent_writers_lose_nothing(tmp_path):
    path = tmp_path / "public"
    SearchIndex(path).rebuild([])
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_writer, args=(str(path), w)) for w in range(WRITERS)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
    assert [p.exitcode for p in workers] == [0] * WRITERS
    index = SearchIndex(path)
    expected = {f"paper:{w * 100 + n}" for w in range(WRITERS) for n in range(DOCS_EACH)}
    # Anything that could not get the lock in time must be in the pending marker, never dropped.
    assert set(index.stored_hashes()) | take_pending(index.pending_file) == expected
    assert index.search("Bebauungsplan", per_page=100).total == len(index.stored_hashes())


def test_many_small_updates_are_merged_and_stay_searchable(tmp_path):
    index = SearchIndex(tmp_path / "public")
    index.rebuild([doc("paper:0", "Grundlage")])
    for n in range(1, 40):
        index.index([doc(f"paper:{n}", f"Nachtrag {n}", "Radweg")])
    assert index.search("Radweg", per_page=100).total == 39
    # Tiered merging keeps the number of segments logarithmic instead of one per save.
    with whoosh_index.open_dir(str(tmp_path / "public")).reader() as reader:
        assert len(list(reader.leaf_readers())) <= 12
