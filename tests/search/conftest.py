"""Search test helpers: documents without a database, and public decisions built with the factory."""
from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from minutes_app.models import AgendaItemResult, MeetingState, Minutes, MinutesState, Organization, PaperState
from minutes_app.search import EXTENSION, SearchIndexes, indexes, postgres
from minutes_app.search.engine import SearchIndex
from tests.factories import Factory


def doc(doc_id: str, title: str, body: str = "", **fields: Any) -> dict[str, Any]:
    """A search document as :mod:`minutes_app.search.documents` builds them."""
    when = fields.pop("date", date(2020, 5, 4))
    return {
        "id": doc_id, "kind": doc_id.partition(":")[0], "type": fields.pop("type", "resolution"),
        "committee": fields.pop("committee", ["1"]), "result": fields.pop("result", []), "date": when,
        "year": str(when.year), "reference": fields.pop("reference", ""), "title": title, "body": body,
        "hash": "x", "acl": fields.pop("acl", []), "meta": {},
    }


@pytest.fixture
def make_index(tmp_path: Path):
    """A function building a standalone index from documents."""
    counter = iter(range(1000))

    def build(*docs: dict[str, Any]) -> SearchIndex:
        index = SearchIndex(tmp_path / f"ix{next(counter)}")
        index.rebuild(docs)
        return index

    return build


@pytest.fixture
def search_indexes(app) -> SearchIndexes:
    """The app's public and internal index; on PostgreSQL the tables alone, also for the app's own searches.

    These tests write entries into the indexes directly. A server's Whoosh copy
    of the tables is built from the database's objects and would not hold
    such entries; ``tests/search/test_replica.py`` tests the copy.
    """
    with app.app_context():
        found = indexes()
        if getattr(found, "replica", None) is not None:
            found = postgres.open_indexes(app.extensions["minutes_database"].read_engine)
            app.extensions[EXTENSION] = found
        return found


def decision(
    factory: Factory,
    *,
    name: str,
    text: str = "",
    committee: Organization | None = None,
    result: AgendaItemResult | None = AgendaItemResult.ADOPTED,
    paper_public: bool = True,
    item_public: bool = True,
    paper_state: PaperState = PaperState.COMPLETED,
    meeting_state: MeetingState = MeetingState.HELD,
    minutes_state: MinutesState | None = MinutesState.APPROVED,
    minutes_text: str = "",
    day: date = date(2024, 3, 12),
) -> tuple[Any, Any, Any]:
    """A Vorlage decided on an agenda item of a meeting with minutes; (paper, item, meeting)."""
    session: Session = factory.session
    committee = committee or factory.committee("Ausschuss für Ordnung und Sicherheit")
    paper = factory.paper(name=name, reasoning=text, paper_date=day, public=paper_public)
    paper.state = paper_state
    meeting = factory.meeting(committee, state=meeting_state, name=f"Sitzung {committee.name}",
                              start_time=datetime(day.year, day.month, day.day, 16, tzinfo=UTC))
    item = factory.agenda_item(meeting, name=name, public=item_public, resolution_text=f"Beschluss: {name}",
                               minutes_text=minutes_text, result=result, votes_yes=12, votes_no=3, votes_abstain=1)
    factory.consultation(paper, committee, agenda_item=item, meeting=meeting, result=result)
    if minutes_state is not None:
        session.add(Minutes(meeting=meeting, state=minutes_state))
    session.flush()
    return paper, item, meeting
