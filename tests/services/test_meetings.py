"""Sitzungen: planning, editing, moving, cancelling, the Einladung and the held state."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from minutes_app.models import AuditEvent, Location, MeetingState, MembershipRole, PaperState, Role
from minutes_app.services import agenda, meetings, visibility
from minutes_app.services.errors import InvalidTransition, ValidationFailed
from minutes_app.services.meetings import MeetingData

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _data(committee, **kw) -> MeetingData:
    values = {"organization_id": committee.id, "day": date(2026, 3, 12), "start": time(16, 0), "end": time(18, 30)}
    values.update(kw)
    return MeetingData(**values)


def _actions(session, meeting) -> list[str]:
    return list(
        session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_type == "Meeting", AuditEvent.object_id == meeting.id)
        )
    )


def test_create_meeting_converts_local_time_and_fills_title_and_number(factory, session):
    committee = factory.committee("Kreisausschuss")
    first = meetings.create_meeting(session, None, _data(committee))
    second = meetings.create_meeting(session, None, _data(committee, day=date(2026, 4, 9), name="Haushaltssitzung"))
    assert first.start_time == datetime(2026, 3, 12, 15, 0, tzinfo=UTC)  # 16:00 CET
    assert second.start_time == datetime(2026, 4, 9, 14, 0, tzinfo=UTC)  # 16:00 CEST
    assert first.name == "Sitzung Kreisausschuss" and second.name == "Haushaltssitzung"
    assert (first.number, second.number) == ("1/2026", "2/2026")
    assert first.state is MeetingState.PLANNED
    assert _actions(session, first) == ["meeting.created"]


def test_create_meeting_reports_every_missing_or_wrong_field_in_german(factory, session):
    department = factory.department()
    location = Location(body_id=factory.body.id, description="Kreishaus")
    session.add(location)
    session.flush()
    with pytest.raises(ValidationFailed) as failed:
        meetings.create_meeting(
            session,
            None,
            MeetingData(
                organization_id=department.id, day=None, start=None, location_id=location.id, location_text="Turnhalle"
            ),
        )
    errors = failed.value.errors
    assert errors["organization_id"] == "Bitte wählen Sie ein Gremium aus."
    assert errors["day"].startswith("Bitte geben Sie das Datum der Sitzung an")
    assert errors["start"].startswith("Bitte geben Sie den Beginn an")
    assert "nicht beides" in errors["location_text"]


def test_end_must_follow_start_and_joint_committees_must_be_other_committees(factory, session):
    committee = factory.committee()
    with pytest.raises(ValidationFailed) as failed:
        meetings.create_meeting(session, None, _data(committee, end=time(15, 0), joint_organization_ids=[committee.id]))
    assert failed.value.errors["end"] == "Das geplante Ende muss nach dem Beginn liegen."
    assert "bereits beteiligt" in failed.value.errors["joint_organization_ids"]


def test_joint_meeting_belongs_to_both_committees(factory, session):
    lead, other = factory.committee(), factory.committee()
    meeting = meetings.create_meeting(session, None, _data(lead, joint_organization_ids=[other.id]))
    assert meeting.organizations == [lead, other]
    listed = session.scalars(meetings.meetings_query([other.id])).all()
    assert listed == [meeting]


def test_invited_meeting_changes_date_only_through_a_move(factory, session):
    meeting = factory.meeting(state=MeetingState.INVITED)
    committee = meeting.organization
    with pytest.raises(ValidationFailed) as failed:
        meetings.update_meeting(session, None, meeting, _data(committee, day=date(2026, 3, 19)))
    assert "Sitzung verlegen" in failed.value.errors["day"]
    local = meeting.start_time.astimezone(meetings.LOCAL_TZ)
    same_time = _data(committee, day=local.date(), start=local.time(), end=(local + timedelta(hours=2)).time())
    meetings.update_meeting(session, None, meeting, MeetingData(**{**same_time.__dict__, "name": "Neuer Titel"}))
    assert meeting.name == "Neuer Titel"


def test_joint_committee_with_a_placed_vorlage_cannot_be_removed(factory, session):
    lead, other = factory.committee(), factory.committee("Jugendhilfeausschuss")
    meeting = meetings.create_meeting(session, None, _data(lead, joint_organization_ids=[other.id]))
    paper = factory.paper()
    paper.state = PaperState.RELEASED
    agenda.place_paper(session, None, meeting, factory.consultation(paper, other))
    with pytest.raises(ValidationFailed) as failed:
        meetings.update_meeting(session, None, meeting, _data(lead, joint_organization_ids=[]))
    assert failed.value.errors["joint_organization_ids"].startswith("Jugendhilfeausschuss kann nicht entfernt werden")


def test_move_needs_a_reason_and_records_it(factory, session):
    meeting = factory.meeting()
    committee = meeting.organization
    with pytest.raises(ValidationFailed) as failed:
        meetings.move_meeting(session, None, meeting, _data(committee, day=date(2026, 3, 19)), "  ", now=NOW)
    assert failed.value.errors["reason"] == "Bitte geben Sie den Grund der Verlegung an."
    result = meetings.move_meeting(
        session, None, meeting, _data(committee, day=date(2026, 3, 19)), "Terminkollision mit dem Kreistag", now=NOW
    )
    assert result is None  # planned: no Ladungsfrist to keep yet
    assert meeting.start_time == datetime(2026, 3, 19, 15, 0, tzinfo=UTC)
    history = meetings.move_history(session, meeting)
    assert len(history) == 1 and "Grund: Terminkollision mit dem Kreistag" in history[0]


def test_move_into_the_past_is_refused_and_an_invited_meeting_gets_a_notice_check(factory, session):
    meeting = factory.meeting(state=MeetingState.INVITED)
    committee = meeting.organization
    with pytest.raises(ValidationFailed) as failed:
        meetings.move_meeting(session, None, meeting, _data(committee, day=date(2026, 2, 1)), "Grund", now=NOW)
    assert failed.value.errors["day"] == "Der neue Termin liegt in der Vergangenheit."
    check = meetings.move_meeting(session, None, meeting, _data(committee, day=date(2026, 3, 4)), "Eilt", now=NOW)
    assert check is not None and not check.on_time


def test_cancel_needs_a_reason_and_is_impossible_after_the_meeting(factory, session):
    meeting = factory.meeting()
    with pytest.raises(ValidationFailed) as failed:
        meetings.cancel_meeting(session, None, meeting, "")
    assert failed.value.errors["reason"] == "Bitte geben Sie den Grund der Absage an."
    meetings.cancel_meeting(session, None, meeting, "Keine beratungsreifen Vorlagen")
    assert meeting.state is MeetingState.CANCELLED and meeting.cancellation_reason == "Keine beratungsreifen Vorlagen"
    assert not visibility.meeting_is_public(meeting)  # never announced
    held = factory.meeting(state=MeetingState.HELD)
    with pytest.raises(InvalidTransition, match="bereits durchgeführt"):
        meetings.cancel_meeting(session, None, held, "zu spät")


def _planned_with_item(factory, session, start: datetime):
    meeting = factory.meeting(start_time=start)
    agenda.add_item(session, None, meeting, name="Mitteilungen der Verwaltung", public=True)
    return meeting


def test_invitation_in_time_publishes_the_meeting(factory, session):
    meeting = _planned_with_item(factory, session, datetime(2026, 3, 12, 15, 0, tzinfo=UTC))
    assert visibility.public_agenda(meeting, factory.body) == []
    check = meetings.issue_invitation(session, None, meeting, now=datetime(2026, 3, 4, 10, 0, tzinfo=UTC))
    assert check.on_time
    assert meeting.state is MeetingState.INVITED
    assert meeting.invitation_sent_at == datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
    assert meeting.late_invitation_reason == ""
    assert [i.name for i in visibility.public_agenda(meeting, factory.body)] == ["Mitteilungen der Verwaltung"]
    assert "meeting.invited" in _actions(session, meeting)


def test_late_invitation_without_reason_is_refused(factory, session):
    meeting = _planned_with_item(factory, session, datetime(2026, 3, 12, 15, 0, tzinfo=UTC))
    with pytest.raises(ValidationFailed) as failed:
        meetings.issue_invitation(session, None, meeting, now=datetime(2026, 3, 5, 10, 0, tzinfo=UTC))
    message = failed.value.errors["late_reason"]
    assert "Ladungsfrist von 7 Tagen" in message and "spätestens am 04.03.2026" in message
    assert "Dringlichkeit" in message
    assert meeting.state is MeetingState.PLANNED and meeting.invitation_sent_at is None


def test_late_invitation_with_reason_records_the_urgency(factory, session):
    meeting = _planned_with_item(factory, session, datetime(2026, 3, 12, 15, 0, tzinfo=UTC))
    check = meetings.issue_invitation(
        session, None, meeting, now=datetime(2026, 3, 10, 10, 0, tzinfo=UTC), late_reason="Fördermittelfrist am 13.03."
    )
    assert not check.on_time
    assert meeting.state is MeetingState.INVITED
    assert meeting.late_invitation_reason == "Fördermittelfrist am 13.03."
    summary = session.scalars(select(AuditEvent.summary).where(AuditEvent.action == "meeting.invited")).one()
    assert "Dringlichkeit: Fördermittelfrist am 13.03." in summary


def test_committee_notice_period_overrides_the_body(factory, session):
    committee = factory.committee(notice_period_days=3)
    meeting = factory.meeting(committee, start_time=datetime(2026, 3, 12, 15, 0, tzinfo=UTC))
    agenda.add_item(session, None, meeting, name="Anfragen", public=True)
    assert meetings.issue_invitation(session, None, meeting, now=datetime(2026, 3, 8, 8, 0, tzinfo=UTC)).on_time


def test_invitation_needs_an_agenda_a_future_meeting_and_happens_once(factory, session):
    empty = factory.meeting(start_time=datetime(2026, 3, 30, 15, 0, tzinfo=UTC))
    with pytest.raises(InvalidTransition, match="Tagesordnung ist leer"):
        meetings.issue_invitation(session, None, empty, now=NOW)
    started = _planned_with_item(factory, session, datetime(2026, 2, 20, 15, 0, tzinfo=UTC))
    with pytest.raises(InvalidTransition, match="bereits begonnen"):
        meetings.issue_invitation(session, None, started, now=NOW)
    invited = factory.meeting(state=MeetingState.INVITED)
    with pytest.raises(InvalidTransition, match="bereits versandt"):
        meetings.issue_invitation(session, None, invited, now=NOW)


def test_meeting_day_counts_in_local_time(factory, session):
    # 00:30 in Berlin is still the previous day in UTC; the Ladungsfrist counts the Berlin day.
    meeting = factory.meeting(start_time=datetime(2026, 3, 11, 23, 30, tzinfo=UTC))
    check = meetings.notice_check(meeting, date(2026, 3, 4))
    assert check.meeting_date == date(2026, 3, 12) and check.on_time


def test_mark_held_only_after_the_start_of_an_invited_meeting(factory, session):
    planned = factory.meeting()
    with pytest.raises(InvalidTransition, match="noch nicht eingeladen"):
        meetings.mark_held(session, None, planned, now=datetime(2026, 4, 1, tzinfo=UTC))
    invited = factory.meeting(state=MeetingState.INVITED)
    with pytest.raises(InvalidTransition, match="noch nicht begonnen"):
        meetings.mark_held(session, None, invited, now=invited.start_time - timedelta(minutes=1))
    meetings.mark_held(session, None, invited, now=invited.start_time + timedelta(minutes=5))
    assert invited.state is MeetingState.HELD
    with pytest.raises(InvalidTransition, match="bereits durchgeführt"):
        meetings.mark_held(session, None, invited, now=invited.start_time + timedelta(hours=5))


def test_committees_for_secretary_member_and_admin(factory, session):
    managed, membered, other = factory.committee("A"), factory.committee("B"), factory.committee("C")
    person = factory.person()
    factory.membership(person, membered, MembershipRole.MEMBER)
    secretary = factory.user(roles={Role.SECRETARY}, committees=[managed])
    member = factory.user(roles={Role.MEMBER}, person=person)
    admin = factory.user(roles={Role.ADMIN})
    assert meetings.committees_for(session, secretary) == [managed]
    assert meetings.committees_for(session, member) == [membered]
    assert set(meetings.committees_for(session, admin)) >= {managed, membered, other}
    assert meetings.managed_committees(secretary) == [managed] and meetings.managed_committees(member) == []
