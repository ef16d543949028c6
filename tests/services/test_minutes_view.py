"""The reading view: the internal version is complete, the public version holds the public part only."""
from __future__ import annotations

from datetime import UTC, datetime

from minutes_app.models import Attendance, AttendanceStatus, AttendeeKind, MeetingState, VoteChoice
from minutes_app.services import attendance, minutes_lifecycle
from minutes_app.services import minutes as minutes_service
from minutes_app.services.minutes_view import build_minutes_view
from minutes_app.services.votes import Vote

from ..minutes_fixtures import close_approving_minutes, NOW, SECRET, SECRET_RESOLUTION, SECRET_SPEAKER, build_scene, complete


def _prepared(session, factory):
    scene = build_scene(factory)
    minutes = complete(session, scene)
    attendance.add_attendee(session, scene.secretary, minutes, kind=AttendeeKind.GUEST, name="Erika Bürgerin")
    attendance.add_attendee(
        session, scene.secretary, minutes, kind=AttendeeKind.STAFF, name="Herr Bruns", note="Jobcenter Friesland"
    )
    rows = {r.person_id: r for r in attendance.attendance_list(session, scene.meeting) if r.person_id}
    attendance.record_attendance(
        session, scene.secretary, minutes,
        [
            attendance.AttendanceEntry(rows[scene.members[0].id].id, AttendanceStatus.EXCUSED),
            attendance.AttendanceEntry(
                rows[scene.members[3].id].id, AttendanceStatus.REPRESENTED, represented_by_id=scene.deputy.id,
                departure_item_id=scene.communications.id,
            ),
        ],
        now=NOW,
    )
    # Member votes on a public and on the non-public item (the Zillmer vote moved: he is excused now).
    for item, vote in (
        (scene.paper_item, Vote(3, 1, 0, members={scene.members[1].id: VoteChoice.NO})),
        (scene.secret_item, Vote(unanimous=True, members={scene.members[2].id: VoteChoice.YES})),
    ):
        minutes_service.save_item(
            session, scene.secretary, item,
            minutes_service.ItemInput(item.version, item.minutes_text, item.resolution_text, item.result, vote),
        )
    minutes_lifecycle.sign(session, scene.secretary, minutes, "chair", now=NOW)
    minutes_lifecycle.sign(session, scene.secretary, minutes, "recorder", now=NOW)
    minutes_lifecycle.close_minutes(session, scene.secretary, minutes, now=NOW)
    return scene, minutes


def test_internal_view_has_every_item_quorum_votes_and_named_guests(session, factory):
    scene, minutes = _prepared(session, factory)
    view = build_minutes_view(session, minutes, public=False)
    assert [i.number for i in view.public_items] == ["Ö 1", "Ö 2", "Ö 3"]
    [secret] = view.non_public_items
    assert SECRET in secret.minutes_text and secret.resolution_text == SECRET_RESOLUTION
    assert secret.member_votes == [("KTA Alex Schlieper", "Ja")]
    assert view.public_items[1].member_votes == [("KTA Alex Wilken", "Nein")]
    assert view.public_items[1].quorum.label.startswith("beschlussfähig (4 von 5")
    assert [g.name for g in view.attendance.guests] == ["Erika Bürgerin"]
    present = {line.name: line for line in view.attendance.present}
    assert present["Valentin Vertreter"].detail == "in Vertretung für KTA Alex Bruns bis Ö 3"
    assert [(line.name, line.detail) for line in view.attendance.excused] == [
        ("KTA Alex Bruns", "vertreten"), ("KTA Alex Zillmer", "")
    ]
    assert view.chair_name == "KTA Anja Ralle" and view.recorder_name == "Lisa Brückner"


def test_public_view_never_holds_non_public_content(session, factory):
    scene, minutes = _prepared(session, factory)
    view = build_minutes_view(session, minutes, public=True)
    assert [i.number for i in view.public_items] == ["Ö 1", "Ö 2", "Ö 3"]
    assert view.non_public_items == [] and view.has_non_public_part
    assert view.public_items[1].result_label == "beschlossen" and view.public_items[1].vote_label == "3 Ja, 1 Nein, 0 Enthaltungen"
    assert view.attendance.guests == [] and view.attendance.guest_count == 1
    assert [s.name for s in view.attendance.staff] == ["Herr Bruns"]
    dump = repr(view)
    for secret in (SECRET, SECRET_RESOLUTION, SECRET_SPEAKER, "Personalangelegenheit", "Erika Bürgerin", "KTA Alex Schlieper', 'Ja"):
        assert secret not in dump
    assert view.approval_note_internal == ""


def test_corrections_of_an_approval_stay_internal_and_the_public_learns_where_it_was_approved(session, factory):
    scene, minutes = _prepared(session, factory)
    later = factory.meeting(scene.committee, MeetingState.HELD, start_time=datetime(2026, 4, 16, 16, tzinfo=UTC))
    item = factory.agenda_item(later, "Genehmigung der Niederschrift")
    minutes_service.start_minutes(session, scene.secretary, later)
    minutes_lifecycle.approve_minutes(
        session, scene.secretary, minutes, item, corrections="Zu Ö 3: Tippfehler.", internal_corrections="Zu N 1: Name.", now=NOW
    )
    close_approving_minutes(session, scene, item)
    internal = build_minutes_view(session, minutes, public=False)
    public = build_minutes_view(session, minutes, public=True)
    assert internal.approval_note == "Zu Ö 3: Tippfehler." and internal.approval_note_internal == "Zu N 1: Name."
    assert public.approval_note == "" and public.approval_note_internal == ""
    assert public.approval_text == "in der Sitzung vom 16.04.2026 unter Ö 1 mit Berichtigungen"
    assert public.approval_meeting is later


def test_a_deputy_with_an_own_row_is_listed_once_in_the_line_of_the_member(session, factory):
    scene, minutes = _prepared(session, factory)
    session.add(Attendance(meeting=scene.meeting, person=scene.deputy, voting_right=True))
    session.flush()
    view = build_minutes_view(session, minutes, public=False)
    assert [line.name for line in view.attendance.present].count("Valentin Vertreter") == 1
