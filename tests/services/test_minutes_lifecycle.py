"""Lifecycle: closing refused while incomplete, signatures, approval in a later meeting, publication."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from minutes_app.models import (
    AgendaItemResult,
    AttendanceStatus,
    AuditEvent,
    MeetingState,
    MinutesPublication,
    MinutesState,
    Role,
)
from minutes_app.services import attendance, minutes_lifecycle
from minutes_app.services import minutes as minutes_service
from minutes_app.services.errors import InvalidTransition, NotAllowed
from minutes_app.services.votes import Vote

from ..minutes_fixtures import close_approving_minutes, NOW, build_scene, complete, start


def _sign_and_close(session, scene, minutes):
    minutes_lifecycle.sign(session, scene.secretary, minutes, "chair", now=NOW)
    minutes_lifecycle.sign(session, scene.secretary, minutes, "recorder", now=NOW)
    minutes_lifecycle.close_minutes(session, scene.secretary, minutes, now=NOW)


def test_closing_fresh_minutes_lists_exactly_what_is_missing(session, factory):
    scene = build_scene(factory)
    minutes = start(session, scene)
    scene.meeting.state = MeetingState.INVITED
    with pytest.raises(minutes_lifecycle.MinutesIncomplete) as refused:
        minutes_lifecycle.close_minutes(session, scene.secretary, minutes, now=NOW)
    assert refused.value.missing == [
        "Die Sitzung ist noch nicht als durchgeführt vermerkt (Status: Eingeladen).",
        "Beginn der Sitzung fehlt.",
        "Ende der Sitzung fehlt.",
        "Die Anwesenheit ist noch nicht erfasst (Anwesenheitsliste prüfen und speichern).",
        "Ö 1 „Eröffnung und Feststellung der Beschlussfähigkeit“: Ergebnis fehlt.",
        "Ö 2 „Gesundheitsmanagement im Jobcenter“: Ergebnis fehlt.",
        "Ö 3 „Mitteilungen der Verwaltung“: Ergebnis fehlt.",
        "N 1 „Personalangelegenheit Meier“: Ergebnis fehlt.",
        "Die Unterschrift des Vorsitzes fehlt.",
        "Die Unterschrift der Schriftführung fehlt.",
    ]
    assert str(refused.value).startswith("Die Niederschrift kann noch nicht abgeschlossen werden. Es fehlt: ")
    assert minutes.state is MinutesState.DRAFT


def test_missing_vote_resolution_text_and_absent_chair_are_named(session, factory):
    scene = build_scene(factory)
    minutes = complete(session, scene)
    scene.paper_item.votes_yes = scene.paper_item.votes_no = scene.paper_item.votes_abstain = None
    scene.secret_item.resolution_text = ""
    rows = {r.person_id: r for r in attendance.attendance_list(session, scene.meeting)}
    attendance.record_attendance(
        session, scene.secretary, minutes, [attendance.AttendanceEntry(rows[scene.chair.id].id, AttendanceStatus.EXCUSED)],
        now=NOW,
    )
    assert minutes_lifecycle.missing_elements(session, minutes, signatures=False) == [
        "Der Vorsitz (Anja Ralle) ist laut Anwesenheitsliste nicht anwesend.",
        "Ö 2 „Gesundheitsmanagement im Jobcenter“: Abstimmungsergebnis fehlt.",
        "N 1 „Personalangelegenheit Meier“: Beschlusstext fehlt.",
    ]


def test_a_vote_that_no_longer_fits_the_attendance_blocks_closing(session, factory):
    scene = build_scene(factory)
    minutes = complete(session, scene)  # Ö 2 was voted 4:1
    rows = {r.person_id: r for r in attendance.attendance_list(session, scene.meeting)}
    attendance.record_attendance(
        session, scene.secretary, minutes,
        [attendance.AttendanceEntry(rows[p.id].id, AttendanceStatus.EXCUSED) for p in scene.members[:2]], now=NOW,
    )
    assert minutes_lifecycle.missing_elements(session, minutes, signatures=False) == [
        "Ö 2 „Gesundheitsmanagement im Jobcenter“: Es wurden 5 Stimmen gezählt, bei Ö 2 waren aber nur 3 "
        "stimmberechtigte Mitglieder anwesend."
    ]


def test_signing_needs_complete_minutes_and_a_change_voids_the_signatures(session, factory):
    scene = build_scene(factory)
    minutes = start(session, scene)
    with pytest.raises(minutes_lifecycle.MinutesIncomplete, match="Eine unvollständige Niederschrift kann nicht unterzeichnet werden"):
        minutes_lifecycle.sign(session, scene.secretary, minutes, "recorder", now=NOW)
    complete(session, scene)
    minutes_lifecycle.sign(session, scene.secretary, minutes, "recorder", now=NOW)
    minutes_lifecycle.sign(session, scene.secretary, minutes, "chair", now=NOW)
    assert minutes.recorder_signed_at == NOW and minutes.chair_signed_at == NOW
    item = scene.communications
    minutes_service.save_item(
        session, scene.secretary, item,
        minutes_service.ItemInput(item.version, "Geänderter Bericht.", "", AgendaItemResult.NOTED),
    )
    assert minutes.recorder_signed_at is None and minutes.chair_signed_at is None
    with pytest.raises(minutes_lifecycle.MinutesIncomplete) as refused:
        minutes_lifecycle.close_minutes(session, scene.secretary, minutes, now=NOW)
    assert refused.value.missing == ["Die Unterschrift des Vorsitzes fehlt.", "Die Unterschrift der Schriftführung fehlt."]


def test_the_chair_signs_with_their_own_account_and_other_members_cannot(session, factory):
    scene = build_scene(factory)
    minutes = complete(session, scene)
    chair_user = factory.user("vorsitz", roles={Role.MEMBER}, person=scene.chair)
    member_user = factory.user("mitglied", roles={Role.MEMBER}, person=scene.members[0])
    with pytest.raises(NotAllowed):
        minutes_lifecycle.sign(session, member_user, minutes, "chair", now=NOW)
    with pytest.raises(NotAllowed):
        minutes_lifecycle.sign(session, chair_user, minutes, "recorder", now=NOW)
    minutes_lifecycle.sign(session, chair_user, minutes, "chair", now=NOW)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "minutes.signed_chair"))
    assert event.summary.endswith("Unterschrift des Vorsitzes (Anja Ralle) geleistet")


def test_closing_complete_signed_minutes_publishes_them_when_the_body_says_so(session, factory):
    scene = build_scene(factory)
    minutes = complete(session, scene)
    _sign_and_close(session, scene, minutes)
    assert minutes.state is MinutesState.CLOSED and minutes.closed_at == NOW
    assert minutes.published_at == NOW  # default: published at Abgeschlossen
    with pytest.raises(InvalidTransition, match="ist „Abgeschlossen“ und kann nicht mehr geändert werden"):
        minutes_service.save_item(
            session, scene.secretary, scene.opening,
            minutes_service.ItemInput(scene.opening.version, "Nachträglich.", "", AgendaItemResult.NOTED),
        )


def _later_meeting(factory, scene, name="Genehmigung der Niederschrift über die Sitzung vom 12.03.2026"):
    meeting = factory.meeting(scene.committee, MeetingState.HELD, start_time=datetime(2026, 4, 16, 16, tzinfo=UTC))
    return meeting, factory.agenda_item(meeting, name)


def test_a_later_meeting_approves_the_minutes_with_corrections(session, factory):
    factory.body.minutes_publication = MinutesPublication.ON_APPROVED
    scene = build_scene(factory)
    minutes = complete(session, scene)
    _sign_and_close(session, scene, minutes)
    assert minutes.published_at is None  # this body publishes at Genehmigt
    later, item = _later_meeting(factory, scene)
    minutes_service.start_minutes(session, scene.secretary, later)
    assert minutes_lifecycle.approvable_minutes(session, item) == [minutes]
    minutes_lifecycle.approve_minutes(
        session, scene.secretary, minutes, item,
        corrections="Zu Ö 2: es waren 4 Ja-Stimmen.", internal_corrections="Zu N 1: Name berichtigt.", now=NOW,
    )
    # Entered, not decided: Genehmigt only when the approving minutes close with an adopting result.
    assert minutes.state is MinutesState.CLOSED and minutes.approved_in_agenda_item is item
    assert minutes.published_at is None and item.result is None
    close_approving_minutes(session, scene, item, AgendaItemResult.ADOPTED_AMENDED)
    assert minutes.state is MinutesState.APPROVED and minutes.approved_in_agenda_item is item
    assert minutes.approval_note == "Zu Ö 2: es waren 4 Ja-Stimmen."
    assert minutes.approval_note_internal == "Zu N 1: Name berichtigt."
    assert minutes.published_at == NOW
    assert item.resolution_text.startswith(
        "Die Niederschrift über die Sitzung vom 12.03.2026 wird mit folgenden Berichtigungen genehmigt:\n\nZu Ö 2"
    )
    assert "Zu N 1" not in item.resolution_text  # the approval item is public; internal corrections stay internal
    assert minutes_service.revisions(session, item)[0].reason == "Genehmigung der Niederschrift eingetragen"


def test_approval_is_refused_outside_the_rules(session, factory):
    scene = build_scene(factory)
    minutes = complete(session, scene)
    later, item = _later_meeting(factory, scene)
    minutes_service.start_minutes(session, scene.secretary, later)
    with pytest.raises(InvalidTransition, match="ist noch nicht abgeschlossen"):
        minutes_lifecycle.approve_minutes(session, scene.secretary, minutes, item, now=NOW)
    _sign_and_close(session, scene, minutes)
    other_item = factory.agenda_item(later, "Anfragen")
    with pytest.raises(InvalidTransition, match="unter dem Tagesordnungspunkt „Genehmigung der Niederschrift“"):
        minutes_lifecycle.approve_minutes(session, scene.secretary, minutes, other_item, now=NOW)
    foreign = factory.meeting(factory.committee("Jugendhilfeausschuss"), MeetingState.HELD,
                              start_time=datetime(2026, 4, 20, 16, tzinfo=UTC))
    foreign_item = factory.agenda_item(foreign, "Genehmigung der Niederschrift")
    with pytest.raises(InvalidTransition, match="Nur eine Sitzung desselben Gremiums"):
        minutes_lifecycle.approve_minutes(session, scene.secretary, minutes, foreign_item, now=NOW)
    earlier = factory.meeting(scene.committee, MeetingState.HELD, start_time=datetime(2026, 2, 1, 16, tzinfo=UTC))
    earlier_item = factory.agenda_item(earlier, "Genehmigung der Niederschrift")
    with pytest.raises(InvalidTransition, match="in einer späteren Sitzung genehmigt"):
        minutes_lifecycle.approve_minutes(session, scene.secretary, minutes, earlier_item, now=NOW)
    minutes_lifecycle.approve_minutes(session, scene.secretary, minutes, item, now=NOW)
    with pytest.raises(InvalidTransition, match="ist bereits unter Ö 1 der Sitzung .* eingetragen"):
        minutes_lifecycle.approve_minutes(session, scene.secretary, minutes, item, now=NOW)
    close_approving_minutes(session, scene, item)
    with pytest.raises(InvalidTransition, match="ist bereits genehmigt"):
        minutes_lifecycle.approve_minutes(session, scene.secretary, minutes, item, now=NOW)


def test_the_approving_item_still_needs_its_vote_before_the_later_minutes_close(session, factory):
    scene = build_scene(factory)
    minutes = complete(session, scene)
    _sign_and_close(session, scene, minutes)
    later, item = _later_meeting(factory, scene)
    later_minutes = minutes_service.start_minutes(session, scene.secretary, later)
    minutes_lifecycle.approve_minutes(session, scene.secretary, minutes, item, now=NOW)
    missing = minutes_lifecycle.missing_elements(session, later_minutes, signatures=False)
    assert f"Ö 1 „{item.name}“: Ergebnis fehlt." in missing
    minutes_service.save_item(
        session, scene.secretary, item,
        minutes_service.ItemInput(
            item.version, "", item.resolution_text, AgendaItemResult.ADOPTED, Vote(unanimous=True)
        ),
    )
    assert f"Ö 1 „{item.name}“: Ergebnis fehlt." not in minutes_lifecycle.missing_elements(
        session, later_minutes, signatures=False
    )
