"""Re-indexing after a save reads what the changed documents need, not whole meetings.

On PostgreSQL these tests measure the save's own writing of the tables (the
``search_indexes`` fixture leaves out the server's Whoosh copy, which catches
up on the next search; ``test_replica.py`` measures that).
"""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from minutes_app.models import AgendaItem, AgendaItemResult, Location, MeetingState, Minutes, MinutesState
from minutes_app.search import Filters, documents, indexer, indexes, stamps
from minutes_app.search.term_pool import PooledWriter
from minutes_app.services import visibility
from tests.search.conftest import decision
from tests.search.test_indexing import WHOOSH_FILES, add_file, found
from tests.search.test_page_cost import counting

pytestmark = pytest.mark.usefixtures("search_indexes")


def _meeting_with_items(factory, session, count):
    """A held meeting with published minutes and ``count`` items, each deciding a Vorlage; every third is closed."""
    committee = factory.committee("Kreisausschuss")
    meeting = factory.meeting(committee, state=MeetingState.HELD, name="Sitzung des Kreisausschusses",
                              start_time=datetime(2025, 6, 3, 16, tzinfo=UTC))
    items = []
    for i in range(count):
        paper = factory.paper(name=f"Sanierung der Kreisstraße {i}", reasoning=f"Begründung {i}", public=True)
        item = factory.agenda_item(meeting, name=f"Sanierung der Kreisstraße {i}", public=i % 3 != 0,
                                   public_name="Grundstücksangelegenheit" if i % 3 == 0 else None,
                                   resolution_text=f"Der Ausschuss beschließt Abschnitt {i}.",
                                   result=AgendaItemResult.ADOPTED)
        factory.consultation(paper, committee, agenda_item=item, meeting=meeting, result=AgendaItemResult.ADOPTED)
        items.append(item)
    session.add(Minutes(meeting=meeting, state=MinutesState.APPROVED))
    session.commit()
    return meeting, items


def test_one_items_document_reads_none_of_the_meetings_other_items(app, session, factory):
    _small, (few_item, *_rest) = _meeting_with_items(factory, session, 2)
    _large, (many_item, *_others) = _meeting_with_items(factory, session, 30)
    database = app.extensions["minutes_database"]
    costs = []
    for item in (few_item, many_item):
        loaded: list[int] = []
        record = lambda target, _context, loaded=loaded: loaded.append(target.id)  # noqa: E731
        reader = database.session(read_only=True)
        event.listen(AgendaItem, "load", record)
        try:
            with counting(app) as statements:
                built = documents.build_documents(reader, [documents.key("agenda_item", item.id)])
        finally:
            event.remove(AgendaItem, "load", record)
            reader.close()
        public, internal = built[documents.key("agenda_item", item.id)]
        assert public is None and internal is not None  # every third item is closed; the first one is
        assert loaded == [item.id]
        costs.append(len(statements))
    assert costs[0] == costs[1], costs


def test_an_items_public_entry_is_the_one_the_whole_agenda_gives(app, session, factory):
    meeting, items = _meeting_with_items(factory, session, 7)
    items[4].deleted_at = datetime(2025, 6, 4, tzinfo=UTC)
    session.commit()
    body = session.get(type(meeting.organization.body), meeting.organization.body_id)
    agenda = {entry.id: entry for entry in visibility.public_agenda(meeting, body)}
    assert len(agenda) == 6 and items[4].id not in agenda
    for item in items:
        assert visibility.public_agenda_entry(item, body) == agenda.get(item.id)
    meeting.state = MeetingState.PLANNED  # not announced yet: nothing of it is public
    session.flush()
    assert all(visibility.public_agenda_entry(item, body) is None for item in items)


def _item_and_file_stamps(session, item, file):
    keys = [("agenda_item", item.id), ("file", file.id)]
    return [stamps.read(session, keys).get(key) for key in keys]


def test_an_edit_of_a_vorlages_text_leaves_the_stamps_of_its_items_and_attachments(session, factory):
    paper, item, _meeting = decision(factory, name="Neubau der Feuerwache", text="Begründung")
    file = add_file(factory, paper, "Lageplan der Feuerwache")
    session.commit()
    before = _item_and_file_stamps(session, item, file)
    paper.reasoning = "Begründung, ergänzt um die Fahrzeughalle"
    paper.financial_impact = "2,4 Mio. Euro"
    session.commit()
    assert _item_and_file_stamps(session, item, file) == before
    # What the item shows of its Vorlage, and the Vorlage's visibility, change the stamps.
    paper.name = "Neubau der Feuerwache Nord"
    session.commit()
    item_stamp, file_stamp = _item_and_file_stamps(session, item, file)
    assert item_stamp != before[0] and file_stamp == before[1]
    paper.public = False
    session.commit()
    after = _item_and_file_stamps(session, item, file)
    assert after[0] != item_stamp and after[1] != file_stamp
    paper.date = paper.date.replace(year=2023)
    session.commit()
    assert _item_and_file_stamps(session, item, file)[1] != after[1]


@pytest.mark.sqlite_only(reason=WHOOSH_FILES)
def test_an_edit_of_a_vorlages_text_writes_only_the_vorlages_own_entries(session, factory, search_indexes, monkeypatch):
    paper, item, _meeting = decision(factory, name="Neubau der Feuerwache", text="Begründung")
    file = add_file(factory, paper, "Lageplan der Feuerwache")
    session.commit()
    written: list[str] = []
    add_document = PooledWriter.add_document

    def recording(writer, **fields):
        written.append(fields["id"])
        return add_document(writer, **fields)

    monkeypatch.setattr(PooledWriter, "add_document", recording)
    paper.reasoning = "Begründung, ergänzt um die Fahrzeughalle"
    session.commit()
    # The Vorlage once, in the public index: the internal index holds nothing of its own for a public Vorlage, and
    # its agenda item and attachment are stored exactly as they would be written.
    assert written == [f"paper:{paper.id}"]
    for index in (search_indexes.public, search_indexes.internal):
        assert found(index, "Fahrzeughalle") == {f"paper:{paper.id}"}
        assert f"file:{file.id}" in found(index, "Lageplan")
        assert f"agenda_item:{item.id}" in found(index, "Feuerwache")
    # A new title is shown by the agenda item too: both are written, the attachment still is not.
    written.clear()
    paper.name = "Neubau der Feuerwache Nord"
    session.commit()
    assert sorted(set(written)) == [f"agenda_item:{item.id}", f"paper:{paper.id}"]
    [hit] = search_indexes.public.search("Feuerwache", load=lambda stored: stored).hits
    shown = {part.id: part.doc for part in (hit, *hit.parts)}
    assert shown[f"agenda_item:{item.id}"]["meta"]["paper"] == (paper.id, paper.reference)
    assert "Nord" in shown[f"agenda_item:{item.id}"]["body"]
    # A Vorlage taken out of public view leaves the public index with its item's reference to it.
    written.clear()
    paper.public = False
    session.commit()
    assert found(search_indexes.public, "Feuerwache") == {f"agenda_item:{item.id}"}
    assert f"agenda_item:{item.id}" in written


def _record_plans(monkeypatch) -> list[set[str]]:
    """The document ids each update after a commit builds, in order."""
    built: list[set[str]] = []
    plan = indexer.plan

    def recording(reader, ids, deleted=(), *entries):
        built.append(set(ids))
        return plan(reader, ids, deleted, *entries)

    monkeypatch.setattr(indexer, "plan", recording)
    return built


def test_an_edit_of_a_vorlages_own_text_builds_only_its_own_document(session, factory, monkeypatch):
    paper, item, _meeting = decision(factory, name="Neubau der Feuerwache", text="Begründung")
    file = add_file(factory, paper, "Lageplan der Feuerwache")
    session.commit()
    built = _record_plans(monkeypatch)
    paper.reasoning = "Begründung, ergänzt um die Fahrzeughalle"
    paper.resolution_proposal = "Der Kreistag beschließt den Neubau."
    session.commit()
    own, everything = {f"paper:{paper.id}"}, {f"paper:{paper.id}", f"agenda_item:{item.id}", f"file:{file.id}"}
    # Together with a column its agenda item shows, the item and the attachment are built again.
    paper.financial_impact = "2,4 Mio. Euro"
    paper.name = "Neubau der Feuerwache Nord"
    session.commit()
    # A new attachment changes the Vorlage's document and the attachment's own.
    add_file(factory, paper, "Baugrundgutachten")
    session.commit()
    assert built[:2] == [own, everything]
    assert f"paper:{paper.id}" in built[2] and len(built[2]) == 4


def test_minutes_written_into_an_agenda_item_build_only_the_items_document(session, factory, monkeypatch):
    paper, item, _meeting = decision(factory, name="Neubau der Feuerwache", text="Begründung")
    file = add_file(factory, item, "Präsentation zur Feuerwache")
    session.commit()
    keys = [("paper", paper.id), ("file", file.id)]
    before = stamps.read(session, keys)
    built = _record_plans(monkeypatch)
    item.minutes_text = "Herr Kreisbrandmeister erläutert die Fahrzeughalle."
    item.votes_yes, item.result_wording = 14, "einstimmig beschlossen"
    session.commit()
    assert built == [{f"agenda_item:{item.id}"}]
    assert stamps.read(session, keys) == before  # the Vorlage's and the attachment's entries stay current
    assert f"agenda_item:{item.id}" in found(indexes().public, "Kreisbrandmeister")
    # Closing the item changes what the Vorlage's and the attachment's documents may show.
    item.public = False
    session.commit()
    assert built[1] >= {f"agenda_item:{item.id}", f"paper:{paper.id}", f"file:{file.id}"}
    after = stamps.read(session, keys)
    assert after[("paper", paper.id)] != before[("paper", paper.id)]
    assert after[("file", file.id)] != before[("file", file.id)]


def test_a_meeting_s_place_builds_its_own_document_and_a_new_time_its_items_not_their_vorlagen(
        session, factory, monkeypatch):
    paper, item, meeting = decision(factory, name="Neubau der Feuerwache", text="Begründung")
    item_file, paper_file = add_file(factory, item, "Präsentation zur Feuerwache"), add_file(factory, paper, "Lageplan")
    session.commit()
    keys = [("agenda_item", item.id), ("paper", paper.id), ("file", item_file.id), ("file", paper_file.id)]
    before = stamps.read(session, keys)
    built = _record_plans(monkeypatch)
    meeting.location_text = "Kreishaus, Sitzungssaal Blumenfeld"
    meeting.number = "7/2026"
    session.commit()
    assert built == [{f"meeting:{meeting.id}"}]
    assert stamps.read(session, keys) == before  # what the items and Vorlagen show of the meeting is unchanged
    assert f"meeting:{meeting.id}" in found(indexes().public, "Blumenfeld")
    # A new time is shown by the items and attachments, but by no Vorlage.
    meeting.start_time = meeting.start_time.replace(year=meeting.start_time.year - 1)  # earlier: its end stays after
    session.commit()
    assert built[1] == {f"meeting:{meeting.id}", f"agenda_item:{item.id}", f"file:{item_file.id}"}
    after = stamps.read(session, keys)
    assert after[("agenda_item", item.id)] != before[("agenda_item", item.id)]
    assert after[("paper", paper.id)] == before[("paper", paper.id)]
    day = meeting.start_time.date()
    hits = indexes().public.search("Feuerwache", filters=Filters(date_from=day, date_to=day)).hits
    assert f"agenda_item:{item.id}" in {part.id for hit in hits for part in (hit, *hit.parts)}
    # Cancelling the meeting changes what every part may show: everything is built again.
    meeting.state = MeetingState.CANCELLED
    session.commit()
    assert built[2] >= {f"meeting:{meeting.id}", f"agenda_item:{item.id}", f"paper:{paper.id}",
                        f"file:{paper_file.id}"}
    assert stamps.read(session, keys)[("paper", paper.id)] != before[("paper", paper.id)]


def test_a_renamed_location_is_found_in_the_meetings_held_there(session, factory, monkeypatch):
    _paper, _item, meeting = decision(factory, name="Neubau der Feuerwache", text="Begründung")
    room = Location(body_id=meeting.organization.body_id, description="Sitzungssaal Eichenhof")
    session.add(room)
    session.flush()
    meeting.location_id = room.id
    session.commit()
    before = stamps.read(session, [("meeting", meeting.id)])
    assert f"meeting:{meeting.id}" in found(indexes().public, "Eichenhof")
    built = _record_plans(monkeypatch)
    room.description = "Sitzungssaal Lindenhof"
    session.commit()
    assert built == [{f"meeting:{meeting.id}"}]
    assert f"meeting:{meeting.id}" in found(indexes().public, "Lindenhof")
    assert f"meeting:{meeting.id}" not in found(indexes().public, "Eichenhof")
    assert stamps.read(session, [("meeting", meeting.id)]) != before  # a results page sees the old entry as stale
