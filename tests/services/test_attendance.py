"""Attendance list: prefilled from memberships on the meeting day, recorded with clear German errors."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from minutes_app.models import AttendanceStatus, AttendeeKind, AuditEvent, MembershipRole
from minutes_app.services import attendance
from minutes_app.services.errors import ValidationFailed

from ..minutes_fixtures import NOW, build_scene, start


def _rows(session, scene):
    return {r.person_id: r for r in attendance.attendance_list(session, scene.meeting) if r.person_id}


def test_prefill_lists_members_active_on_the_meeting_day_but_not_deputies(session, factory):
    scene = build_scene(factory)
    gone = factory.person("Ausgeschieden")
    factory.membership(gone, scene.committee, start_date=date(2024, 1, 1), end_date=date(2026, 3, 11))
    future = factory.person("Nachrücker")
    factory.membership(future, scene.committee, start_date=date(2026, 3, 13))
    start(session, scene)
    rows = attendance.attendance_list(session, scene.meeting)
    assert [r.person for r in rows] == [scene.chair, *sorted(scene.members, key=lambda p: p.sort_name), scene.advisor]
    assert all(r.status is AttendanceStatus.PRESENT and r.kind is AttendeeKind.MEMBER for r in rows)
    assert [r.voting_right for r in rows] == [True] * 5 + [False]
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "minutes.attendance_prefilled")) is not None


def test_prefill_again_adds_only_new_members(session, factory):
    scene = build_scene(factory)
    start(session, scene)
    assert attendance.prefill(session, scene.secretary, scene.meeting) == 0
    newcomer = factory.person("Neu")
    factory.membership(newcomer, scene.committee, MembershipRole.MEMBER)
    session.expire(scene.committee, ["memberships"])
    assert attendance.prefill(session, scene.secretary, scene.meeting) == 1
    assert newcomer.id in _rows(session, scene)


def test_recording_sets_status_deputy_arrival_and_departure(session, factory):
    scene = build_scene(factory)
    minutes = start(session, scene)
    rows = _rows(session, scene)
    zillmer, wilken, _, bruns = scene.members
    attendance.record_attendance(
        session, scene.secretary, minutes,
        [
            attendance.AttendanceEntry(rows[zillmer.id].id, AttendanceStatus.EXCUSED),
            attendance.AttendanceEntry(rows[wilken.id].id, AttendanceStatus.PRESENT, arrival_item_id=scene.paper_item.id),
            attendance.AttendanceEntry(rows[bruns.id].id, AttendanceStatus.REPRESENTED, represented_by_id=scene.deputy.id),
        ],
        now=NOW,
    )
    assert minutes.attendance_recorded_at == NOW
    assert rows[zillmer.id].status is AttendanceStatus.EXCUSED
    assert rows[wilken.id].arrival_item is scene.paper_item
    assert rows[bruns.id].represented_by is scene.deputy
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "minutes.attendance_recorded"))
    assert "1 entschuldigt" in event.summary and "1 vertreten" in event.summary


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("no_deputy", "represented_by", "Bitte wählen Sie die Vertretung für Alex Bruns."),
        ("not_a_deputy", "represented_by", "Die Vertretung für Alex Bruns muss ein stellvertretendes Mitglied des Gremiums sein."),
        ("deputy_without_status", "represented_by", "Eine Vertretung für Alex Bruns setzt den Status „vertreten“ voraus."),
        ("arrival_when_excused", "arrival", "Ankunft und Weggang gibt es nur für Anwesende; Alex Bruns ist „entschuldigt“."),
        ("leaves_before_arriving", "departure", "Alex Bruns kann nicht nach Ö 1 gehen, aber erst zu Ö 3 kommen."),
    ],
)
def test_bad_attendance_is_refused_with_a_german_message(session, factory, case, field, message):
    scene = build_scene(factory)
    minutes = start(session, scene)
    row = _rows(session, scene)[scene.members[3].id]
    entry = {
        "no_deputy": attendance.AttendanceEntry(row.id, AttendanceStatus.REPRESENTED),
        "not_a_deputy": attendance.AttendanceEntry(row.id, AttendanceStatus.REPRESENTED, represented_by_id=scene.advisor.id),
        "deputy_without_status": attendance.AttendanceEntry(row.id, AttendanceStatus.PRESENT, represented_by_id=scene.deputy.id),
        "arrival_when_excused": attendance.AttendanceEntry(row.id, AttendanceStatus.EXCUSED, arrival_item_id=scene.opening.id),
        "leaves_before_arriving": attendance.AttendanceEntry(
            row.id, AttendanceStatus.PRESENT, arrival_item_id=scene.communications.id, departure_item_id=scene.opening.id
        ),
    }[case]
    with pytest.raises(ValidationFailed) as failed:
        attendance.record_attendance(session, scene.secretary, minutes, [entry], now=NOW)
    assert failed.value.errors == {f"{field}-{row.id}": message}
    assert row.status is AttendanceStatus.PRESENT and minutes.attendance_recorded_at is None


def test_one_deputy_cannot_represent_two_members(session, factory):
    scene = build_scene(factory)
    minutes = start(session, scene)
    rows = _rows(session, scene)
    entries = [
        attendance.AttendanceEntry(rows[p.id].id, AttendanceStatus.REPRESENTED, represented_by_id=scene.deputy.id)
        for p in scene.members[:2]
    ]
    with pytest.raises(ValidationFailed) as failed:
        attendance.record_attendance(session, scene.secretary, minutes, entries, now=NOW)
    assert list(failed.value.errors.values()) == ["Die Vertretung für Alex Wilken vertritt bereits Alex Zillmer."]


def test_guests_and_staff_are_added_by_name_and_members_cannot_be_removed(session, factory):
    scene = build_scene(factory)
    minutes = start(session, scene)
    staff = attendance.add_attendee(
        session, scene.secretary, minutes, kind=AttendeeKind.STAFF, name="Herr Bruns", note="Jobcenter Friesland"
    )
    guest = attendance.add_attendee(session, scene.secretary, minutes, kind=AttendeeKind.GUEST, name="Frau Gast")
    listed = attendance.attendance_list(session, scene.meeting)
    assert listed[-2:] == [staff, guest]
    assert staff.display_name == "Herr Bruns" and staff.voting_right is False
    with pytest.raises(ValidationFailed) as failed:
        attendance.add_attendee(session, scene.secretary, minutes, kind=AttendeeKind.GUEST, name="  ")
    assert failed.value.errors == {"name": "Bitte geben Sie den Namen an."}
    with pytest.raises(ValidationFailed) as failed:
        attendance.add_attendee(session, scene.secretary, minutes, kind=AttendeeKind.MEMBER, name="X")
    assert "Mitglieder kommen aus den Mitgliedschaften" in failed.value.errors["kind"]
    attendance.remove_attendee(session, scene.secretary, minutes, guest)
    assert guest not in attendance.attendance_list(session, scene.meeting)
    with pytest.raises(ValidationFailed) as failed:
        attendance.remove_attendee(session, scene.secretary, minutes, _rows(session, scene)[scene.chair.id])
    assert "als abwesend oder entschuldigt" in failed.value.errors["attendance"]
