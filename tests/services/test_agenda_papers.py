"""Vorlagen on the agenda: pending list, consultation linking, paper state, publicity."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from minutes_app.models import AgendaItemResult, AuditEvent, MeetingState, PaperState
from minutes_app.services import agenda, meetings, visibility
from minutes_app.services.agenda import ConfirmationRequired
from minutes_app.services.errors import ValidationFailed


def _released(factory, committee, name="Schulentwicklungsplan", public=True, **kw):
    paper = factory.paper(name=name, public=public)
    paper.state = PaperState.RELEASED
    return factory.consultation(paper, committee, **kw)


def test_pending_lists_released_vorlagen_of_the_meetings_committees(factory, session):
    committee, joint, other = factory.committee(), factory.committee(), factory.committee()
    meeting = factory.meeting(committee, joint_organizations=[joint])
    mine = _released(factory, committee, "Radwegekonzept")
    jointly = _released(factory, joint, "Jugendhilfeplanung")
    _released(factory, other, "Fremdes Gremium")
    draft = factory.consultation(factory.paper(name="Entwurf"), committee)
    pending = agenda.pending_consultations(session, meeting)
    assert pending == [mine, jointly]
    assert draft not in pending


def test_placing_links_the_consultation_and_starts_the_consultation(factory, session):
    committee = factory.committee()
    meeting = factory.meeting(committee)
    consultation = _released(factory, committee)
    item = agenda.place_paper(session, None, meeting, consultation)
    assert (item.number, item.name, item.public) == ("Ö 1", "Schulentwicklungsplan", True)
    assert consultation.meeting is meeting and consultation.agenda_item is item
    assert consultation.paper.state is PaperState.IN_CONSULTATION
    assert agenda.pending_consultations(session, meeting) == []
    assert session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "Paper")).all()[-1] == (
        "paper.in_consultation"
    )


def test_removing_the_item_clears_the_link_and_releases_the_paper_again(factory, session):
    committee = factory.committee()
    meeting = factory.meeting(committee)
    consultation = _released(factory, committee)
    item = agenda.place_paper(session, None, meeting, consultation)
    agenda.remove_item(session, None, item)
    assert consultation.meeting is None and consultation.agenda_item is None
    assert consultation.paper.state is PaperState.RELEASED
    assert agenda.pending_consultations(session, meeting) == [consultation]


def test_paper_stays_in_consultation_while_another_step_has_a_result(factory, session):
    first, second = factory.committee(), factory.committee()
    preliminary = _released(factory, first)
    preliminary.result = AgendaItemResult.ADOPTED
    paper = preliminary.paper
    paper.state = PaperState.IN_CONSULTATION
    decision = factory.consultation(paper, second)
    meeting = factory.meeting(second)
    item = agenda.place_paper(session, None, meeting, decision)
    agenda.remove_item(session, None, item)
    assert paper.state is PaperState.IN_CONSULTATION


def test_placing_is_refused_with_clear_reasons(factory, session):
    committee, other = factory.committee(), factory.committee()
    meeting = factory.meeting(committee)
    foreign = _released(factory, other)
    with pytest.raises(ValidationFailed, match="sieht kein Gremium dieser Sitzung vor"):
        agenda.place_paper(session, None, meeting, foreign)
    draft = factory.consultation(factory.paper(), committee)
    with pytest.raises(ValidationFailed, match=r"ist nicht freigegeben \(Status: Entwurf\)"):
        agenda.place_paper(session, None, meeting, draft)
    placed = _released(factory, committee)
    agenda.place_paper(session, None, meeting, placed)
    with pytest.raises(ValidationFailed, match="steht bereits als Ö 1 auf dieser Tagesordnung"):
        agenda.place_paper(session, None, meeting, placed)
    later = factory.meeting(committee, start_time=datetime(2026, 4, 2, 15, 0, tzinfo=UTC))
    with pytest.raises(ValidationFailed, match="steht bereits auf der Tagesordnung der Sitzung"):
        agenda.place_paper(session, None, later, placed)


def test_a_vorlage_from_a_cancelled_or_postponed_meeting_can_be_placed_again(factory, session):
    committee = factory.committee()
    cancelled = factory.meeting(committee)
    consultation = _released(factory, committee)
    old_item = agenda.place_paper(session, None, cancelled, consultation)
    meetings.cancel_meeting(session, None, cancelled, "Krankheit des Vorsitzenden")
    later = factory.meeting(committee, start_time=datetime(2026, 4, 2, 15, 0, tzinfo=UTC))
    assert agenda.pending_consultations(session, later) == [consultation]
    new_item = agenda.place_paper(session, None, later, consultation)
    assert consultation.agenda_item is new_item and old_item.consultation is None
    consultation.result = AgendaItemResult.POSTPONED
    next_one = factory.meeting(committee, start_time=datetime(2026, 5, 7, 15, 0, tzinfo=UTC))
    assert agenda.pending_consultations(session, next_one) == [consultation]
    agenda.place_paper(session, None, next_one, consultation)
    assert consultation.result is None and consultation.meeting is next_one


def test_non_public_vorlage_goes_to_the_non_public_part_by_default(factory, session):
    committee = factory.committee()
    meeting = factory.meeting(committee)
    consultation = _released(factory, committee, "Grundstücksverkauf Flur 3", public=False)
    item = agenda.place_paper(session, None, meeting, consultation, public_name="Grundstücksangelegenheit")
    assert (item.number, item.public, item.public_name) == ("N 1", False, "Grundstücksangelegenheit")


def test_non_public_vorlage_in_the_public_part_needs_a_confirmation(factory, session):
    committee = factory.committee()
    meeting = factory.meeting(committee)
    consultation = _released(factory, committee, "Personalangelegenheit", public=False)
    with pytest.raises(ConfirmationRequired, match="nichtöffentlich"):
        agenda.place_paper(session, None, meeting, consultation, public=True)
    assert meeting.agenda_items == []
    item = agenda.place_paper(session, None, meeting, consultation)
    parent = agenda.add_item(session, None, meeting, name="Personal", public=False)
    agenda.move_item(session, None, parent, "up")
    agenda.indent_item(session, None, item)  # the Vorlage is now a sub-item of "Personal"
    with pytest.raises(ConfirmationRequired):
        agenda.move_to_part(session, None, parent, True)
    assert not parent.public
    agenda.move_to_part(session, None, parent, True, confirm_public=True)
    assert [(i.number, i.public) for i in sorted(meeting.agenda_items, key=lambda i: i.order)] == [
        ("Ö 1", True),
        ("Ö 1.1", True),
    ]


def test_public_agenda_follows_part_moves_and_hides_non_public_titles(factory, session):
    committee = factory.committee()
    meeting = factory.meeting(committee, start_time=datetime(2026, 3, 12, 15, 0, tzinfo=UTC))
    public_paper = _released(factory, committee, "Radwegekonzept")
    secret_paper = _released(factory, committee, "Vergabe an Firma Schulz", public=False)
    radweg = agenda.place_paper(session, None, meeting, public_paper)
    agenda.place_paper(session, None, meeting, secret_paper, public_name="Vergabeangelegenheit")
    info = agenda.add_item(session, None, meeting, name="Mitteilung Kita Sonnenschein", public=True)
    body = factory.body
    assert visibility.public_agenda(meeting, body) == []  # planned: nothing public yet
    assert not visibility.paper_is_public(public_paper.paper)
    meetings.issue_invitation(session, None, meeting, now=datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    agenda.move_to_part(session, None, info, False)
    view = visibility.public_agenda(meeting, body)
    assert [(v.number, v.name, v.public) for v in view] == [
        ("Ö 1", "Radwegekonzept", True),
        ("N 1", "Vergabeangelegenheit", False),
        ("N 2", "nichtöffentlich", False),
    ]
    assert all("Schulz" not in v.name and "Kita" not in v.name for v in view)
    assert view[0].paper is public_paper.paper and view[1].paper is None
    assert visibility.paper_is_public(public_paper.paper)
    assert not visibility.paper_is_public(secret_paper.paper)
    agenda.move_to_part(session, None, radweg, False)
    assert not visibility.paper_is_public(public_paper.paper)
    assert [(v.number, v.name) for v in visibility.public_agenda(meeting, body)] == [
        ("N 1", "Vergabeangelegenheit"),
        ("N 2", "nichtöffentlich"),
        ("N 3", "nichtöffentlich"),
    ]


def test_supplement_is_flagged_in_the_public_agenda(factory, session):
    committee = factory.committee()
    meeting = factory.meeting(committee, start_time=datetime(2026, 3, 12, 15, 0, tzinfo=UTC))
    agenda.add_item(session, None, meeting, name="Haushalt 2027", public=True)
    meetings.issue_invitation(session, None, meeting, now=datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    late = _released(factory, committee, "Eilantrag Hochwasserschutz")
    agenda.place_paper(session, None, meeting, late)
    view = visibility.public_agenda(meeting, factory.body)
    assert [(v.number, v.is_supplement) for v in view] == [("Ö 1", False), ("Ö 2", True)]
    assert meeting.state is MeetingState.INVITED
