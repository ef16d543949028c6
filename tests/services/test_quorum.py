"""Beschlussfähigkeit per agenda item as members arrive late, leave early or are represented."""
from __future__ import annotations

import pytest

from minutes_app.models import Attendance, AttendanceStatus, QuorumRule
from minutes_app.services import attendance, quorum
from minutes_app.services import minutes as minutes_service

from ..minutes_fixtures import NOW, build_scene, start


@pytest.mark.parametrize(
    ("seats", "rule", "required"),
    [
        (5, QuorumRule.MORE_THAN_HALF, 3),
        (4, QuorumRule.MORE_THAN_HALF, 3),
        (4, QuorumRule.AT_LEAST_HALF, 2),
        (5, QuorumRule.AT_LEAST_HALF, 3),
        (6, QuorumRule.AT_LEAST_TWO_THIRDS, 4),
        (5, QuorumRule.AT_LEAST_TWO_THIRDS, 4),
    ],
)
def test_required_members_follow_the_rule(seats, rule, required):
    assert quorum.required_present(seats, rule) == required


def _come_and_go(session, scene):
    """Zillmer excused, Wilken arrives at Ö 2, Schlieper leaves after Ö 2, Bruns represented by the deputy."""
    minutes = start(session, scene)
    rows = {r.person_id: r for r in attendance.attendance_list(session, scene.meeting)}
    zillmer, wilken, schlieper, bruns = scene.members
    entries = [
        attendance.AttendanceEntry(rows[scene.chair.id].id, AttendanceStatus.PRESENT),
        attendance.AttendanceEntry(rows[zillmer.id].id, AttendanceStatus.EXCUSED),
        attendance.AttendanceEntry(rows[wilken.id].id, AttendanceStatus.PRESENT, arrival_item_id=scene.paper_item.id),
        attendance.AttendanceEntry(rows[schlieper.id].id, AttendanceStatus.PRESENT, departure_item_id=scene.paper_item.id),
        attendance.AttendanceEntry(rows[bruns.id].id, AttendanceStatus.REPRESENTED, represented_by_id=scene.deputy.id),
    ]
    attendance.record_attendance(session, scene.secretary, minutes, entries, now=NOW)
    return attendance.attendance_list(session, scene.meeting)


def test_quorum_changes_as_members_arrive_and_leave(session, factory):
    scene = build_scene(factory)
    rows = _come_and_go(session, scene)
    timeline = quorum.quorum_timeline(rows, scene.meeting.agenda_items, QuorumRule.MORE_THAN_HALF)
    assert [(s.item.number, s.present, s.quorate) for s in timeline] == [
        ("Ö 1", 3, True), ("Ö 2", 4, True), ("Ö 3", 3, True), ("N 1", 3, True),
    ]
    at_paper = timeline[1]
    assert at_paper.arrivals == ["Alex Wilken"]
    assert at_paper.departures == ["Alex Schlieper"]
    assert at_paper.label == "beschlussfähig (4 von 5 stimmberechtigten Mitgliedern anwesend, erforderlich: 3)"


def test_a_stricter_rule_makes_items_without_the_late_member_not_quorate(session, factory):
    scene = build_scene(factory)
    rows = _come_and_go(session, scene)
    timeline = quorum.quorum_timeline(rows, scene.meeting.agenda_items, QuorumRule.AT_LEAST_TWO_THIRDS)
    assert [s.quorate for s in timeline] == [False, True, False, False]
    assert timeline[0].label == "nicht beschlussfähig (3 von 5 stimmberechtigten Mitgliedern anwesend, erforderlich: 4)"


def test_the_body_setting_decides_the_quorum_shown_per_item(session, factory):
    scene = build_scene(factory)
    _come_and_go(session, scene)
    factory.body.quorum_rule = QuorumRule.AT_LEAST_TWO_THIRDS
    assert minutes_service.quorum_for(session, scene.opening).quorate is False
    factory.body.quorum_rule = QuorumRule.MORE_THAN_HALF
    assert minutes_service.quorum_for(session, scene.opening).quorate is True


def test_the_deputy_votes_instead_of_the_represented_member_and_advisors_never_vote(session, factory):
    scene = build_scene(factory)
    _come_and_go(session, scene)
    zillmer, wilken, schlieper, bruns = scene.members
    at_opening = minutes_service.voters(session, scene.opening)
    at_paper = minutes_service.voters(session, scene.paper_item)
    at_communications = minutes_service.voters(session, scene.communications)
    assert scene.deputy in at_opening and bruns not in at_opening
    assert wilken not in at_opening and wilken in at_paper
    assert schlieper in at_paper and schlieper not in at_communications
    assert zillmer not in at_paper and scene.advisor not in at_paper


def test_a_deputy_listed_with_an_own_row_takes_the_seat_once_and_their_row_tells_when(session, factory):
    scene = build_scene(factory)
    minutes = start(session, scene)
    rows = {r.person_id: r for r in attendance.attendance_list(session, scene.meeting)}
    bruns = scene.members[3]
    # As imported lists have it: the represented member's row and a row of the deputy in the room.
    session.add(Attendance(meeting=scene.meeting, person=scene.deputy, voting_right=True))
    session.flush()
    own = next(r for r in attendance.attendance_list(session, scene.meeting) if r.person_id == scene.deputy.id)
    attendance.record_attendance(
        session, scene.secretary, minutes,
        [
            attendance.AttendanceEntry(rows[bruns.id].id, AttendanceStatus.REPRESENTED, represented_by_id=scene.deputy.id),
            attendance.AttendanceEntry(own.id, AttendanceStatus.PRESENT, arrival_item_id=scene.paper_item.id),
        ],
        now=NOW,
    )
    listed = attendance.attendance_list(session, scene.meeting)
    timeline = quorum.quorum_timeline(listed, scene.meeting.agenda_items, QuorumRule.MORE_THAN_HALF)
    assert [(s.seats, s.present) for s in timeline] == [(5, 4), (5, 5), (5, 5), (5, 5)]
    assert timeline[1].arrivals == ["Valentin Vertreter"]
    assert minutes_service.voters(session, scene.paper_item).count(scene.deputy) == 1
