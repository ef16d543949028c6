"""The public rule of DESIGN §5, decided in one module."""
from __future__ import annotations

from sqlalchemy import select

from minutes_app.models import AgendaItemResult, Meeting, MeetingState, Minutes, MinutesPublication, MinutesState, Paper, PaperState
from minutes_app.services import visibility


def test_planned_meeting_is_not_public_invited_and_held_are(factory, session):
    planned = factory.meeting(state=MeetingState.PLANNED)
    invited = factory.meeting(state=MeetingState.INVITED)
    held = factory.meeting(state=MeetingState.HELD)
    assert not visibility.meeting_is_public(planned)
    assert visibility.meeting_is_public(invited) and visibility.meeting_is_public(held)
    ids = set(session.scalars(select(Meeting.id).where(visibility.public_meeting_clause())))
    assert ids == {invited.id, held.id}


def test_cancelled_meeting_is_public_only_if_it_had_been_announced(factory):
    never_invited = factory.meeting(state=MeetingState.PLANNED)
    never_invited.state = MeetingState.CANCELLED
    announced = factory.meeting(state=MeetingState.INVITED)
    announced.state = MeetingState.CANCELLED
    assert not visibility.meeting_is_public(never_invited)
    assert visibility.meeting_is_public(announced)


def _scheduled_paper(factory, *, public_paper=True, public_item=True, state=MeetingState.INVITED):
    committee = factory.committee()
    meeting = factory.meeting(committee, state)
    paper = factory.paper()
    paper.public = public_paper
    paper.state = PaperState.IN_CONSULTATION
    item = factory.agenda_item(meeting, paper.name, public=public_item)
    factory.consultation(paper, committee, meeting=meeting, agenda_item=item)
    return paper, item, meeting


def test_paper_public_only_when_released_public_and_on_public_agenda(factory, session):
    paper, _, _ = _scheduled_paper(factory)
    assert visibility.paper_is_public(paper)
    assert session.scalars(select(Paper.id).where(visibility.public_paper_clause())).all() == [paper.id]


def test_non_public_paper_never_public(factory):
    paper, _, _ = _scheduled_paper(factory, public_paper=False)
    assert not visibility.paper_is_public(paper)


def test_paper_on_non_public_item_not_public(factory):
    paper, _, _ = _scheduled_paper(factory, public_item=False)
    assert not visibility.paper_is_public(paper)


def test_paper_on_planned_meeting_not_public(factory, session):
    paper, _, _ = _scheduled_paper(factory, state=MeetingState.PLANNED)
    assert not visibility.paper_is_public(paper)
    assert session.scalars(select(Paper.id).where(visibility.public_paper_clause())).all() == []


def test_draft_paper_not_public(factory):
    paper, _, _ = _scheduled_paper(factory)
    paper.state = PaperState.DRAFT
    assert not visibility.paper_is_public(paper)


def test_public_agenda_hides_non_public_titles_and_unpublished_results(factory, session):
    meeting = factory.meeting(state=MeetingState.HELD)
    public = factory.agenda_item(meeting, "Radwegekonzept", resolution_text="Der Ausschuss beschließt.", result=AgendaItemResult.ADOPTED, unanimous=True)
    secret = factory.agenda_item(meeting, "Grundstückskauf Flur 7 GEHEIM", public=False, minutes_text="GEHEIM")
    named = factory.agenda_item(meeting, "Personalsache GEHEIM", public=False, public_name="Personalangelegenheit")
    body = factory.body
    minutes = Minutes(meeting=meeting, state=MinutesState.DRAFT)
    session.add(minutes)
    session.flush()

    view = {item.id: item for item in visibility.public_agenda(meeting, body)}
    assert view[secret.id].name == "nichtöffentlich"
    assert view[named.id].name == "Personalangelegenheit"
    assert "GEHEIM" not in repr(list(view.values()))
    assert view[public.id].resolution_text == ""  # minutes not yet published

    minutes.state = MinutesState.CLOSED
    body.minutes_publication = MinutesPublication.ON_APPROVED
    assert visibility.public_agenda(meeting, body)[0].resolution_text == ""
    body.minutes_publication = MinutesPublication.ON_CLOSED
    published = {item.id: item for item in visibility.public_agenda(meeting, body)}
    assert published[public.id].resolution_text == "Der Ausschuss beschließt."
    assert published[public.id].vote_label == "einstimmig"
    assert "GEHEIM" not in repr(list(published.values()))


def test_public_agenda_empty_before_invitation(factory):
    meeting = factory.meeting(state=MeetingState.PLANNED)
    factory.agenda_item(meeting, "Haushalt")
    assert visibility.public_agenda(meeting, factory.body) == []
