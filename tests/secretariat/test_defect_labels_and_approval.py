"""Defects 1 and 2 of the secretariat walk-through: attendee labels and the approval of earlier minutes."""
from __future__ import annotations

from datetime import timedelta

import pytest

from minutes_app.models import AgendaItemResult, AttendanceStatus, MeetingState, MinutesState
from minutes_app.services import attendance, minutes_lifecycle
from minutes_app.services import minutes as minutes_service
from minutes_app.services.minutes_view import build_minutes_view
from minutes_app.services.votes import Vote

from ..conftest import login
from ..export.reading import body_text, open_docx
from ..minutes_fixtures import NOW, build_scene, complete


def _represent(session, scene, minutes):
    rows = {r.person_id: r for r in attendance.attendance_list(session, scene.meeting) if r.person_id}
    attendance.record_attendance(
        session, scene.secretary, minutes,
        [attendance.AttendanceEntry(
            rows[scene.members[0].id].id, AttendanceStatus.REPRESENTED, represented_by_id=scene.deputy.id
        )],
        now=NOW,
    )


def test_defect_1_a_represented_full_member_keeps_the_label_mitglied_everywhere(client, session, factory):
    scene = build_scene(factory)
    minutes = complete(session, scene)
    _represent(session, scene, minutes)
    for public in (True, False):
        view = build_minutes_view(session, minutes, public=public)
        excused = {line.name: line.role for line in view.attendance.excused}
        assert excused["KTA Alex Zillmer"] == "Mitglied"
        present = {line.name: line.role for line in view.attendance.present}
        assert present["Valentin Vertreter"] == "stellv. Mitglied"
    login(client, scene.secretary)
    html = client.get(f"/intern/niederschriften/{scene.meeting.id}/lesefassung").get_data(as_text=True)
    assert "stellv. Mitglied – vertreten" not in html
    assert "<li>KTA Alex Zillmer – vertreten</li>" in html
    docx = client.get(f"/sitzungen/{scene.meeting.id}/niederschrift.docx?fassung=intern")
    text = body_text(open_docx(docx.data))
    lines = text.split("\n")
    zillmer = lines.index("KTA Alex Zillmer")
    assert lines[zillmer + 1] == "Mitglied" and "vertreten" in lines[zillmer + 1 : zillmer + 4]


def _two_meetings(session, factory):
    first = build_scene(factory)
    earlier_minutes = complete(session, first)
    minutes_lifecycle.sign(session, first.secretary, earlier_minutes, "chair", now=NOW)
    minutes_lifecycle.sign(session, first.secretary, earlier_minutes, "recorder", now=NOW)
    minutes_lifecycle.close_minutes(session, first.secretary, earlier_minutes, now=NOW)
    later = factory.meeting(first.committee, MeetingState.HELD, start_time=first.meeting.start_time + timedelta(days=30))
    item = factory.agenda_item(later, "Genehmigung der Niederschrift über die Sitzung vom 12.03.2026")
    later_minutes = minutes_service.start_minutes(session, first.secretary, later)
    return first, earlier_minutes, later, item, later_minutes


def test_defect_2_approval_keeps_the_typed_resolution_and_waits_for_the_result_and_closing(session, factory):
    first, earlier_minutes, later, item, later_minutes = _two_meetings(session, factory)
    typed = "Die Niederschrift über die Sitzung vom 12.03.2026 wird genehmigt."
    minutes_service.save_item(
        session, first.secretary, item, minutes_service.ItemInput(item.version, "", typed, None)
    )
    minutes_lifecycle.approve_minutes(session, first.secretary, earlier_minutes, item, now=NOW)
    assert item.resolution_text == typed  # one Beschluss sentence, not two
    assert earlier_minutes.state is MinutesState.CLOSED  # entered, not yet decided
    assert earlier_minutes.approved_in_agenda_item is item
    assert item.result is None

    # The result is recorded, but the approving minutes are still a draft: still not approved.
    minutes_service.save_item(
        session, first.secretary, item,
        minutes_service.ItemInput(item.version, "", typed, AgendaItemResult.ADOPTED, Vote(unanimous=True)),
    )
    assert earlier_minutes.state is MinutesState.CLOSED
    later_scene_rows = attendance.attendance_list(session, later)
    attendance.record_attendance(
        session, first.secretary, later_minutes,
        [attendance.AttendanceEntry(r.id, AttendanceStatus.PRESENT) for r in later_scene_rows], now=NOW,
    )
    minutes_service.update_header(
        session, first.secretary, later_minutes, started_at=later.start_time,
        ended_at=later.start_time + timedelta(hours=1), chair_id=first.chair.id,
    )
    minutes_lifecycle.sign(session, first.secretary, later_minutes, "chair", now=NOW)
    minutes_lifecycle.sign(session, first.secretary, later_minutes, "recorder", now=NOW)
    minutes_lifecycle.close_minutes(session, first.secretary, later_minutes, now=NOW)
    assert earlier_minutes.state is MinutesState.APPROVED
    assert earlier_minutes.approved_at == NOW


def test_defect_2_an_empty_resolution_gets_the_approval_sentence_once(session, factory):
    first, earlier_minutes, later, item, later_minutes = _two_meetings(session, factory)
    minutes_lifecycle.approve_minutes(session, first.secretary, earlier_minutes, item, now=NOW)
    minutes_lifecycle.approve_minutes  # entering twice is refused, the text stays single
    with pytest.raises(Exception, match="bereits"):
        minutes_lifecycle.approve_minutes(session, first.secretary, earlier_minutes, item, now=NOW)
    assert item.resolution_text.count("wird genehmigt") == 1
