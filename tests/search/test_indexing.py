"""Index upkeep: updates after each commit, visibility changes, no leaks, rebuild and check, damaged indexes."""
from __future__ import annotations

import shutil

import pytest
from whoosh import index as whoosh_index

from minutes_app.models import File, MeetingState, MinutesState, PaperState
from minutes_app.search import IndexUnavailable, indexer, writing
from tests.search.conftest import decision

#: Why a test runs on SQLite only: it looks at the Whoosh index's files, which PostgreSQL does not have.
WHOOSH_FILES = ("prüft die Dateien des Whoosh-Index (Sperre, Vormerkdatei, Verzeichnis); auf PostgreSQL ist der "
                "Index eine Tabelle der Datenbank, siehe tests/search/test_postgres_engine.py")


def found(index, text):
    return {h.id for hit in index.search(text).hits for h in (hit, *hit.parts)}


def add_file(factory, owner, text, public=True):
    file = File(name="Anlage Lageplan", file_name="lageplan.pdf", media_type="application/pdf", size=10,
                sha256="0" * 64, storage_key=f"k-{text}", text=text, public=public)
    factory.session.add(file)
    owner.files.append(file)
    factory.session.flush()
    return file


def test_a_commit_indexes_paper_item_and_meeting_in_both_indexes(session, factory, search_indexes):
    paper, item, meeting = decision(factory, name="Sicherheitskonzept Jobcenter")
    session.commit()
    expected = {f"paper:{paper.id}", f"agenda_item:{item.id}"}
    assert expected <= found(search_indexes.public, "Sicherheitskonzept")
    assert expected <= found(search_indexes.internal, "Sicherheitskonzept")
    assert f"meeting:{meeting.id}" in found(search_indexes.public, "Ordnung")


def test_saving_changed_text_updates_the_index(session, factory, search_indexes):
    paper, _item, _meeting = decision(factory, name="Radweg", text="Alte Trasse am Deich")
    session.commit()
    paper.reasoning = "Neue Trasse entlang der Bahnlinie"
    session.commit()
    assert f"paper:{paper.id}" in found(search_indexes.public, "Bahnlinie")
    assert found(search_indexes.public, "Deich") == set()


@pytest.mark.sqlite_only(reason=WHOOSH_FILES)
def test_a_rollback_indexes_nothing(session, factory, search_indexes):
    decision(factory, name="Zurückgenommene Eingabe")
    session.rollback()
    with pytest.raises(IndexUnavailable):
        search_indexes.public.search("Eingabe")


def test_visibility_change_removes_the_document_from_the_public_index_at_once(session, factory, search_indexes):
    paper, item, _meeting = decision(factory, name="Personalangelegenheit Kita")
    session.commit()
    assert f"paper:{paper.id}" in found(search_indexes.public, "Personalangelegenheit")
    item.public = False
    session.commit()
    assert found(search_indexes.public, "Personalangelegenheit") == set()
    assert {f"paper:{paper.id}", f"agenda_item:{item.id}"} <= found(search_indexes.internal, "Personalangelegenheit")


def test_deleting_an_object_removes_its_document(session, factory, search_indexes):
    _paper, item, meeting = decision(factory, name="Windkraft Vorranggebiet")
    session.commit()
    session.delete(item)
    session.commit()
    assert f"agenda_item:{item.id}" not in found(search_indexes.internal, "Windkraft")
    assert f"meeting:{meeting.id}" in found(search_indexes.internal, "Ordnung")


def test_public_index_never_contains_non_public_text(session, factory, search_indexes, client):
    # Every canary sits in a field the public must not see; each is indexed internally.
    decision(factory, name="Vorlage eins", text="Kanarienpapier", paper_public=False)
    decision(factory, name="Vorlage zwei", text="Kanarienentwurf", paper_state=PaperState.DRAFT)
    decision(factory, name="Kanarientagesordnung", item_public=False)
    decision(factory, name="Vorlage offen", minutes_text="Kanarienniederschrift", minutes_state=MinutesState.DRAFT)
    decision(factory, name="Geplant Kanariensitzung", meeting_state=MeetingState.PLANNED)
    paper, _item, _meeting = decision(factory, name="Lageplan öffentlich")
    add_file(factory, paper, "Kanariendatei", public=False)
    session.commit()
    canaries = ("Kanarienpapier", "Kanarienentwurf", "Kanarientagesordnung", "Kanarienniederschrift",
                "Kanariensitzung", "Kanariendatei")
    for canary in canaries:
        assert found(search_indexes.internal, canary), canary
        assert search_indexes.public.search(canary).total == 0, canary
        html = client.get(f"/suche?q={canary}").get_data(as_text=True)
        assert canary not in html.split("</form>", 1)[1]
    assert search_indexes.public.search("Kanarien*").total == 0


def test_attachment_text_is_found_with_its_vorlage(session, factory, search_indexes):
    paper, _item, _meeting = decision(factory, name="Kreisstraße Ausbau")
    file = add_file(factory, paper, "Der Lärmschutzwall wird erhöht.")
    session.commit()
    assert {f"paper:{paper.id}", f"file:{file.id}"} <= found(search_indexes.public, "Lärmschutzwall")
    file.public = False
    session.commit()
    assert found(search_indexes.public, "Lärmschutzwall") == set()


def test_rebuild_equals_the_incrementally_built_index(session, factory, search_indexes):
    papers = [decision(factory, name=f"Haushalt {n}", text=f"Teil {n}")[0] for n in range(4)]
    session.commit()
    papers[1].reasoning = "geändert"
    papers[2].public = False
    session.commit()
    incremental = (search_indexes.public.stored_hashes(), search_indexes.internal.stored_hashes())
    assert indexer.check(search_indexes, session) == {
        name: {"missing": [], "extra": [], "outdated": []} for name in ("public", "internal")}
    assert indexer.rebuild(search_indexes, session) == (len(incremental[0]), len(incremental[1]))
    assert (search_indexes.public.stored_hashes(), search_indexes.internal.stored_hashes()) == incremental


def _index_state(index):
    ix = whoosh_index.open_dir(str(index.path))
    with ix.searcher() as searcher:
        ids = [fields["id"] for fields in searcher.all_stored_fields()]
    return ids, len(ix._segments())


@pytest.mark.sqlite_only(reason=WHOOSH_FILES)
def test_a_rebuild_in_two_processes_shares_the_objects_and_writes_each_once(session, factory, search_indexes,
                                                                             monkeypatch):
    monkeypatch.setattr(indexer, "BATCH", 2)
    papers = [decision(factory, name=f"Radwegebau Abschnitt {n}", text=f"Bauabschnitt {n}")[0] for n in range(5)]
    # The internal index holds what the public one lacks: a non-public Vorlage in each process's share (batches
    # of two ids go to the two processes in turn, the Vorlagen first).
    hidden = papers[1::2]
    for paper in hidden:
        paper.public = False
    session.commit()
    incremental = (search_indexes.public.stored_hashes(), search_indexes.internal.stored_hashes())
    assert {f"paper:{p.id}" for p in hidden} <= set(incremental[1])
    progress = []
    assert indexer.rebuild(search_indexes, session, progress.append) == tuple(map(len, incremental))
    assert (search_indexes.public.stored_hashes(), search_indexes.internal.stored_hashes()) == incremental
    for index in (search_indexes.public, search_indexes.internal):
        ids, segments = _index_state(index)
        assert len(ids) == len(set(ids)) and segments >= 2  # written by both processes, every document once
    assert sum(progress) == len(list(indexer.documents.all_document_ids(session)))
    shown = {f"paper:{p.id}" for p in papers if p not in hidden}
    assert shown <= found(search_indexes.public, "Radwegebau")
    assert not {f"paper:{p.id}" for p in hidden} & found(search_indexes.public, "Radwegebau")
    assert {f"paper:{p.id}" for p in papers} <= found(search_indexes.internal, "Bauabschnitt")


@pytest.mark.sqlite_only(reason=WHOOSH_FILES)
def test_a_failed_second_process_leaves_the_live_indexes_and_no_directories(session, factory, search_indexes,
                                                                            monkeypatch):
    import os

    monkeypatch.setattr(indexer, "BATCH", 1)
    decision(factory, name="Kreisstraße Sanierung")
    session.commit()
    before = sorted(p.name for p in search_indexes.public.path.parent.iterdir())
    parent, build = os.getpid(), indexer.documents.build_documents

    def fails_in_the_child(*args, **kwargs):
        if os.getpid() != parent:
            raise OSError("Datenträger voll")
        return build(*args, **kwargs)

    monkeypatch.setattr(indexer.documents, "build_documents", fails_in_the_child)
    with pytest.raises(RuntimeError, match="Datenträger voll"):
        indexer.rebuild(search_indexes, session)
    assert sorted(p.name for p in search_indexes.public.path.parent.iterdir()) == before
    assert found(search_indexes.public, "Sanierung")


def test_check_reports_missing_extra_and_outdated(session, factory, search_indexes):
    _paper, item, _meeting = decision(factory, name="Schülerbeförderung")
    # Only what the public entry lacks has an internal entry of its own: a non-public Vorlage.
    paper, _item, _meeting = decision(factory, name="Personalangelegenheit")
    paper.public = False
    session.commit()
    search_indexes.internal.delete([f"paper:{paper.id}"])
    search_indexes.public.index([{**search_indexes_doc(session, f"agenda_item:{item.id}"), "hash": "alt"}])
    report = indexer.check(search_indexes, session)
    assert report["internal"]["missing"] == [f"paper:{paper.id}"]
    assert report["public"]["outdated"] == [f"agenda_item:{item.id}"]


def search_indexes_doc(session, doc_id):
    from minutes_app.search.documents import build_documents

    return build_documents(session, [doc_id])[doc_id][0]


@pytest.mark.sqlite_only(reason=WHOOSH_FILES)
def test_a_busy_lock_marks_the_update_pending_and_the_next_update_applies_it(session, factory, search_indexes,
                                                                             monkeypatch):
    paper, _item, _meeting = decision(factory, name="Feuerwehrbedarfsplan")
    session.commit()
    monkeypatch.setattr(writing, "WRITE_TIMEOUT", 0.1)
    held = whoosh_index.open_dir(str(search_indexes.public.path)).writer()
    paper.reasoning = "Drehleiter"
    session.commit()
    assert search_indexes.public.pending_file.exists()
    assert found(search_indexes.public, "Drehleiter") == set()
    held.cancel()
    paper.financial_impact = "Kosten 800.000 Euro"
    session.commit()
    assert f"paper:{paper.id}" in found(search_indexes.public, "Drehleiter")
    assert not search_indexes.public.pending_file.exists()


@pytest.mark.sqlite_only(reason=WHOOSH_FILES)
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # Whoosh leaks the damaged TOC file
def test_a_missing_or_broken_index_says_so_and_a_rebuild_repairs_it(session, factory, search_indexes, client):
    decision(factory, name="Hochwasserschutz")
    session.commit()
    shutil.rmtree(search_indexes.public.path)
    html = client.get("/suche?q=Hochwasserschutz").get_data(as_text=True)
    assert "Der Suchindex wird gerade neu aufgebaut" in html
    search_indexes.public.path.mkdir()
    (search_indexes.public.path / "_MAIN_1.toc").write_bytes(b"kaputt")
    assert "Der Suchindex wird gerade neu aufgebaut" in client.get("/suche?q=Hochwasserschutz").get_data(as_text=True)
    indexer.rebuild(search_indexes, session, parallel=False)
    assert "<mark>Hochwasserschutz</mark>" in client.get("/suche?q=Hochwasserschutz").get_data(as_text=True)


@pytest.mark.sqlite_only(reason=WHOOSH_FILES)
def test_cli_check_reports_differences_and_rebuild_repairs(app, session, factory, search_indexes):
    decision(factory, name="Breitbandausbau")
    session.commit()
    runner = app.test_cli_runner()
    assert "stimmen überein" in runner.invoke(args=["search-check"]).output
    shutil.rmtree(search_indexes.internal.path)
    failed = runner.invoke(args=["search-check"])
    assert failed.exit_code != 0 and "search-rebuild" in failed.output
    rebuilt = runner.invoke(args=["search-rebuild"])
    assert rebuilt.exit_code == 0 and "Fertig" in rebuilt.output
    assert runner.invoke(args=["search-check"]).exit_code == 0
