"""An update replaces the document it saves, whatever happened to the segments since, and analyses a text once."""
from __future__ import annotations

import pickle

from whoosh import reading

from minutes_app.search.engine import SearchIndex
from tests.search.conftest import doc


def _ids(index: SearchIndex, query: str) -> list[str]:
    return sorted(hit.id for hit in index.search(query, per_page=50).hits)


def test_repeated_saves_leave_one_current_version(tmp_path):
    index = SearchIndex(tmp_path / "ix")
    index.rebuild([doc(f"paper:{n}", f"Vorlage {n}", "Radweg an der Landstraße") for n in range(20)])
    for version in range(12):  # enough updates for merges to rewrite the small segments meanwhile
        index.update([doc("paper:3", f"Vorlage 3 Fassung{version}", "Radweg an der Landstraße")], [])
        index.merge()
    assert index.search("Radweg").total == 20
    assert _ids(index, "Fassung11") == ["paper:3"]
    assert _ids(index, "Fassung10") == []
    assert index.doc_count() == 20


def test_a_failed_update_does_not_hide_the_old_version_from_the_next(tmp_path):
    index = SearchIndex(tmp_path / "ix")
    index.rebuild([doc("paper:1", "Kreisumlage 2026", "Entwurf"), doc("paper:2", "Schulbau", "Entwurf")])

    # The writer marks the old version deleted, then cannot write the new one and is cancelled.
    assert index.update([{"id": "paper:1", "title": "unvollständig"}], []) is False
    assert _ids(index, "Kreisumlage") == ["paper:1"]
    index.update([doc("paper:1", "Kreisumlage 2027", "Beschlossen")], [])
    assert _ids(index, "Kreisumlage") == ["paper:1"]
    assert index.search("Entwurf").total == 1
    assert index.search("Beschlossen").total == 1


def test_saves_after_a_rebuild_replace_what_the_rebuild_wrote(tmp_path):
    index = SearchIndex(tmp_path / "ix")
    index.rebuild([doc("paper:1", "Feuerwehrgerätehaus", "alt")])
    index.update([doc("paper:1", "Feuerwehrgerätehaus", "neuer")], [])
    index.rebuild([doc("paper:1", "Feuerwehrgerätehaus", "neu gebaut"), doc("paper:2", "Turnhalle", "")])
    index.update([doc("paper:1", "Feuerwehrgerätehaus", "zuletzt")], [])
    assert index.search("Feuerwehrgerätehaus").total == 1
    assert index.search("zuletzt").total == 1
    assert index.search("gebaut").total == 0
    index.delete(["paper:1"])
    assert index.search("Feuerwehrgerätehaus").total == 0
    assert index.doc_count() == 1


def test_a_save_opens_a_reader_only_for_the_segment_written_since(tmp_path, monkeypatch):
    index = SearchIndex(tmp_path / "ix")
    index.rebuild([doc(f"paper:{n}", f"Vorlage {n}", "Haushalt") for n in range(50)])
    index.update([doc("paper:1", "Vorlage 1", "Haushalt geändert")], [])
    opened = []
    original = reading.SegmentReader.__init__

    def counting(self, storage, schema, segment, *args, **kwargs):
        opened.append(segment.segment_id())
        original(self, storage, schema, segment, *args, **kwargs)

    monkeypatch.setattr(reading.SegmentReader, "__init__", counting)
    index.update([doc("paper:2", "Vorlage 2", "Haushalt geändert")], [])
    # Two segments now (the rebuild's and the first save's); only the second is new to the writer.
    assert len(opened) == 1
    assert index.search("geändert").total == 2


def test_a_text_saved_into_both_indexes_is_analysed_once(tmp_path, monkeypatch):
    from minutes_app.search import analysis

    public, internal = SearchIndex(tmp_path / "public"), SearchIndex(tmp_path / "internal")
    public.rebuild([]), internal.rebuild([])
    analysed = []
    original = analysis.StemAnalyzer.__call__

    def counting(self, value, **kwargs):
        analysed.append(value)
        return original(self, value, **kwargs)

    monkeypatch.setattr(analysis.StemAnalyzer, "__call__", counting)
    saved = doc("paper:7", "Neubau der Kindertagesstätte", "Die Kita am Markt wird erweitert.")
    public.update([saved], [])
    internal.update([dict(saved, acl=["staff"])], [])
    assert len([v for v in analysed if "Markt" in v]) == 1
    for index in (public, internal):
        assert [hit.id for hit in index.search("Kindertagesstätten").hits] == ["paper:7"]
    # A changed text is analysed anew, not answered from the memo.
    public.update([doc("paper:7", "Neubau der Kindertagesstätte", "Die Kita am Rathaus wird erweitert.")], [])
    assert [hit.id for hit in public.search("Rathaus").hits] == ["paper:7"]
    assert public.search("Markt").total == 0
    # The memo is the class's, never part of the schema Whoosh pickles into the index.
    assert b"Markt" not in pickle.dumps(public._open().schema)
