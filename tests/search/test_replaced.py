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
    from minutes_app.search.schema import StemmedText

    public, internal = SearchIndex(tmp_path / "public"), SearchIndex(tmp_path / "internal")
    public.rebuild([]), internal.rebuild([])
    analysed = []
    original = StemmedText.terms

    def counting(self, value):
        analysed.append(value)
        return original(self, value)

    monkeypatch.setattr(StemmedText, "terms", counting)
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


def test_an_entry_saved_exactly_as_stored_stays_and_the_index_keeps_its_state(tmp_path):
    index = SearchIndex(tmp_path / "ix")
    item = doc("agenda_item:2", "Radweg an der Landstraße", "Beschluss zum Radweg", meta={"number": "Ö 3"})
    index.rebuild([doc("paper:1", "Radweg an der Landstraße", "Begründung"), item])
    state = index.generation()
    # The Vorlage's agenda item comes out of a save of the Vorlage's text unchanged: nothing is written.
    assert index.update([dict(item)], []) is True
    assert index.generation() == state
    assert index.update([doc("paper:1", "Radweg an der Landstraße", "Begründung, ergänzt"), dict(item)], []) is True
    assert index.generation() != state
    assert index.search("ergänzt").total == 1
    assert index.doc_count() == 2


def test_every_field_of_an_entry_counts_as_a_change(tmp_path):
    index = SearchIndex(tmp_path / "ix")
    base = doc("agenda_item:2", "Radweg an der Landstraße", "Beschluss zum Radweg", meta={"number": "Ö 3"})
    index.rebuild([base])
    # The document hash is the caller's (unchanged here); what a hit shows, access and facets count anyway.
    changes = [{"meta": {"number": "Ö 4"}}, {"stamp": "neu"}, {"acl": ["c1"]}, {"committee": ["2"]},
               {"result": ["adopted"]}, {"group": "paper:9"}, {"hidden_for": ["c2"]}, {"boiler": "Kreisausschuss"}]
    for change in changes:
        state = index.generation()
        index.update([{**base, **change}], [])
        assert index.generation() != state, change
        base = {**base, **change}
    [hit] = index.search("Radweg", load=lambda stored: stored).hits
    assert hit.doc["meta"] == {"number": "Ö 4"} and hit.doc["stamp"] == "neu"
    assert index.search("Kreisausschuss").total == 1
    assert index.doc_count() == 1


def test_a_kept_entry_is_kept_only_while_it_is_live(tmp_path):
    index = SearchIndex(tmp_path / "ix")
    item = doc("agenda_item:2", "Radweg an der Landstraße", "Beschluss")
    index.rebuild([item])
    index.delete(["agenda_item:2"])
    # The deleted version has the same content; the save must write it again, not keep the deleted one.
    index.update([dict(item)], [])
    assert [hit.id for hit in index.search("Radweg").hits] == ["agenda_item:2"]
    # An unchanged entry beside a deletion: the deletion is written, the entry stays.
    index.update([dict(item)], ["paper:404"])
    index.update([doc("paper:5", "Radweg", "neu")], [])
    state = index.generation()
    index.update([dict(item)], ["paper:5"])
    assert index.generation() != state
    assert [hit.id for hit in index.search("Radweg").hits] == ["agenda_item:2"]
