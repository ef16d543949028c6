"""Re-indexing after a save reads what the changed documents need, not whole meetings."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import event

from minutes_app.models import AgendaItem, AgendaItemResult, MeetingState, Minutes, MinutesState
from minutes_app.search import documents
from minutes_app.services import visibility
from tests.search.test_page_cost import counting


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
