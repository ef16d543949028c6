"""Invariants the database itself enforces."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError

from minutes_app.models import (
    AgendaItem,
    Attendance,
    Body,
    Consultation,
    ConsultationRole,
    Membership,
    MinutesState,
    Paper,
    PaperState,
    PaperType,
    Role,
)
from minutes_app.models.enums import LabeledEnum


def test_reference_unique_per_body(factory, session):
    paper = factory.paper()
    session.add(
        Paper(
            body_id=paper.body_id, reference=paper.reference, reference_year=2030, reference_number=99,
            name="Doppelt", paper_type=PaperType.REPORT, date=date(2030, 1, 1), originator=paper.originator,
        )
    )
    with pytest.raises(IntegrityError):
        session.flush()


def test_same_reference_allowed_in_another_body(factory, session):
    paper = factory.paper()
    other = Body(name="Stadt Anderswo")
    session.add(other)
    session.flush()
    session.add(
        Paper(
            body_id=other.id, reference=paper.reference, reference_year=paper.reference_year,
            reference_number=paper.reference_number, name="Andere", paper_type=PaperType.REPORT,
            date=paper.date, originator=paper.originator,
        )
    )
    session.flush()


def test_one_position_per_consultation_in_a_paper(factory, session):
    paper, committee = factory.paper(), factory.committee()
    factory.consultation(paper, committee)
    session.add(Consultation(paper=paper, organization=committee, position=1, role=ConsultationRole.INFORMATION))
    with pytest.raises(IntegrityError):
        session.flush()


def test_agenda_item_order_unique_per_meeting(factory, session):
    meeting = factory.meeting()
    factory.agenda_item(meeting, "Eröffnung")
    session.add(AgendaItem(meeting=meeting, name="Doppelt", order=1, number="Ö 1"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_foreign_keys_enforced(session):
    with pytest.raises(IntegrityError):
        session.execute(text("INSERT INTO legislative_terms (body_id, name, start_date, created, modified) VALUES (999, 'x', '2024-01-01', '2024-01-01', '2024-01-01')"))


def test_membership_end_not_before_start(factory, session):
    person, committee = factory.person(), factory.committee()
    session.add(Membership(person=person, organization=committee, start_date=date(2024, 5, 1), end_date=date(2024, 4, 1)))
    with pytest.raises(IntegrityError):
        session.flush()


def test_votes_cannot_be_negative(factory, session):
    item = factory.agenda_item(factory.meeting())
    item.votes_yes = -1
    with pytest.raises(IntegrityError):
        session.flush()


def test_attendance_needs_person_or_name(factory, session):
    session.add(Attendance(meeting=factory.meeting()))
    with pytest.raises(IntegrityError):
        session.flush()


def test_state_column_rejects_unknown_values(factory, session):
    paper = factory.paper()
    with pytest.raises(IntegrityError):
        session.execute(text("UPDATE papers SET state = 'gibtsnicht' WHERE id = :id"), {"id": paper.id})


def test_enum_values_and_german_labels():
    assert PaperState.IN_SIGN_OFF.value == "in_sign_off"
    assert PaperState.IN_SIGN_OFF.label == "In Mitzeichnung"
    assert MinutesState.APPROVED.label == "Genehmigt"
    assert ("secretary", "Schriftführung") in Role.choices()


@pytest.mark.parametrize("enum_cls", LabeledEnum.__subclasses__())
def test_every_enum_member_has_a_german_label(enum_cls):
    assert all(member.label and member.label != member.value for member in enum_cls)


def test_naive_datetimes_are_refused(factory, session):
    from datetime import datetime

    meeting = factory.meeting()
    meeting.start_time = datetime(2026, 1, 1, 10, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(StatementError):
        session.flush()


def test_timestamps_come_back_timezone_aware(factory, session):
    meeting = factory.meeting()
    session.commit()
    session.expire_all()
    assert meeting.start_time.tzinfo is not None
    assert meeting.created.tzinfo is not None


def test_user_roles(factory):
    user = factory.user(roles={Role.EDITOR, Role.SIGNER})
    assert user.roles == {Role.EDITOR, Role.SIGNER}
    user.set_roles({Role.SIGNER})
    assert user.roles == {Role.SIGNER}
