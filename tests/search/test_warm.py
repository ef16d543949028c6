"""An app server's worker opens the search indexes at start, so its first search does not build them."""
from __future__ import annotations

import pytest

from minutes_app import serving
from minutes_app.search import open_indexes, segments
from tests.search.conftest import decision
from tests.search.test_indexing import WHOOSH_FILES, found


def _count_segment_arrays(monkeypatch) -> list[int]:
    built: list[int] = []
    original = segments.SegmentData.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(segments.SegmentData, "__init__", counting)
    return built


@pytest.mark.sqlite_only(reason=WHOOSH_FILES)
def test_a_warmed_worker_builds_no_segment_arrays_in_its_first_search(session, factory, search_indexes,
                                                                       monkeypatch):
    paper, _item, _meeting = decision(factory, name="Hochwasserschutz am Deich")
    session.commit()
    worker = open_indexes(search_indexes.public.path.parent)  # what a freshly started worker opens
    built = _count_segment_arrays(monkeypatch)
    worker.warm()
    assert len(built) >= 2  # both indexes
    at_start = len(built)
    assert f"paper:{paper.id}" in found(worker.public, "Hochwasserschutz")
    assert f"paper:{paper.id}" in found(worker.internal, "Deich")
    assert len(built) == at_start


@pytest.mark.sqlite_only(reason=WHOOSH_FILES)
def test_warming_without_an_index_starts_the_worker_and_leaves_the_message_to_the_search_page(app, tmp_path,
                                                                                              client):
    app.extensions["minutes_search"] = open_indexes(tmp_path / "noch-leer")
    serving.warm(app)
    html = client.get("/suche?q=Hochwasserschutz").get_data(as_text=True)
    assert "Der Suchindex wird gerade neu aufgebaut" in html


def test_a_warmed_app_finds_what_is_saved_on_either_engine(app, session, factory, client):
    serving.warm(app)  # PostgreSQL: nothing to prepare; SQLite: the indexes are opened before the first save
    decision(factory, name="Hochwasserschutz am Deich")
    session.commit()
    assert "<mark>Hochwasserschutz</mark>" in client.get("/suche?q=Hochwasserschutz").get_data(as_text=True)
