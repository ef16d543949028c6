"""Minutes items: prefilled resolutions, vote validation, results flowing into Vorlagen, concurrent writers."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from minutes_app.models import (
    AgendaItemResult,
    AttendanceStatus,
    AuditEvent,
    ConsultationRole,
    MeetingState,
    MemberVote,
    PaperState,
    Role,
    VoteChoice,
)
from minutes_app.services import agenda, attendance
from minutes_app.services import minutes as minutes_service
from minutes_app.services.errors import InvalidTransition, ValidationFailed
from minutes_app.services.votes import Vote

from ..minutes_fixtures import NOW, build_scene, start


def _save(session, user, item, text="Beratung.", resolution=None, result=None, vote=None, base=None):
    return minutes_service.save_item(
        session, user, item,
        minutes_service.ItemInput(
            item.version if base is None else base, text,
            item.resolution_text if resolution is None else resolution, result, vote or Vote(),
        ),
    )


def test_minutes_start_only_for_invited_or_held_meetings(session, factory):
    scene = build_scene(factory)
    scene.meeting.state = MeetingState.PLANNED
    with pytest.raises(InvalidTransition, match="nur für eingeladene oder durchgeführte Sitzungen; diese ist „Geplant“"):
        start(session, scene)
    scene.meeting.state = MeetingState.HELD
    start(session, scene)
    with pytest.raises(InvalidTransition, match="gibt es bereits eine Niederschrift"):
        start(session, scene)


def test_start_prefills_chair_and_resolution_text_from_the_beschlussvorschlag(session, factory):
    scene = build_scene(factory)
    minutes = start(session, scene)
    assert minutes.chair is scene.chair and minutes.recorder is scene.secretary
    assert scene.paper_item.resolution_text == scene.paper.resolution_proposal
    assert scene.opening.resolution_text == ""
    [revision] = minutes_service.revisions(session, scene.paper_item)
    assert revision.reason == "Beschlussvorschlag der Vorlage übernommen"
    assert revision.resolution_text == scene.paper.resolution_proposal


def test_saving_an_item_keeps_a_revision_and_raises_the_version(session, factory):
    scene = build_scene(factory)
    start(session, scene)
    item = scene.communications
    assert _save(session, scene.secretary, item, "Herr Bruns berichtet.\r\n\r\nKTA Wilken fragt nach.  ").saved
    assert item.minutes_text == "Herr Bruns berichtet.\n\nKTA Wilken fragt nach."
    assert item.version == 2
    assert _save(session, scene.secretary, item, "Herr Bruns berichtet.\n\nKTA Wilken fragt nach.").saved is False
    assert item.version == 2  # nothing changed, nothing saved
    [revision] = minutes_service.revisions(session, item)
    assert (revision.author_name, revision.item_version) == ("Lisa Brückner", 2)
    changes = minutes_service.revision_changes(session, revision)
    assert [line.kind for line in changes.minutes_diff] == ["added"] * 3 and not changes.resolution_diff


@pytest.mark.parametrize(
    ("result", "vote", "errors"),
    [
        (AgendaItemResult.ADOPTED, Vote(5, 1, 0), {"votes_yes": "Es wurden 6 Stimmen gezählt, bei Ö 2 waren aber nur 5 stimmberechtigte Mitglieder anwesend."}),
        (AgendaItemResult.ADOPTED, Vote(2, 1, 0, unanimous=True), {"unanimous": "Bitte entweder „einstimmig“ ankreuzen oder die Stimmen zählen, nicht beides."}),
        (AgendaItemResult.ADOPTED, Vote(2, 2, 1), {"result": "Bei 2 Ja- und 2 Nein-Stimmen ist der Antrag nicht angenommen („beschlossen“ passt nicht)."}),
        (AgendaItemResult.REJECTED, Vote(3, 1, 0), {"result": "Bei 3 Ja- und 1 Nein-Stimmen ist der Antrag angenommen, nicht abgelehnt."}),
        (AgendaItemResult.ADOPTED, Vote(), {"votes_yes": "Für das Ergebnis „beschlossen“ bitte das Abstimmungsergebnis angeben (Stimmen, einstimmig oder mehrheitlich) oder zuerst die Teilabstimmungen erfassen."}),
        (AgendaItemResult.ADOPTED, Vote(None, 2, 0), {"votes_yes": "Bitte geben Sie die Ja-Stimmen an (auch 0)."}),
        (AgendaItemResult.ADOPTED, Vote(3, -1, 0), {"votes_no": "Stimmenzahlen dürfen nicht negativ sein."}),
    ],
)
def test_bad_votes_are_refused_with_german_messages(session, factory, result, vote, errors):
    scene = build_scene(factory)
    start(session, scene)
    with pytest.raises(ValidationFailed) as failed:
        _save(session, scene.secretary, scene.paper_item, result=result, vote=vote)
    assert failed.value.errors == errors
    assert scene.paper_item.result is None and scene.paper_item.version == 2


def test_votes_count_only_members_present_at_that_item(session, factory):
    scene = build_scene(factory)
    minutes = start(session, scene)
    rows = {r.person_id: r for r in attendance.attendance_list(session, scene.meeting)}
    leaving = [attendance.AttendanceEntry(rows[p.id].id, AttendanceStatus.PRESENT, departure_item_id=scene.opening.id)
               for p in scene.members[:3]]
    attendance.record_attendance(session, scene.secretary, minutes, leaving, now=NOW)
    with pytest.raises(ValidationFailed) as failed:
        _save(session, scene.secretary, scene.paper_item, result=AgendaItemResult.ADOPTED, vote=Vote(3, 0, 0))
    assert "waren aber nur 2 stimmberechtigte Mitglieder anwesend" in failed.value.errors["votes_yes"]
    assert _save(session, scene.secretary, scene.paper_item, result=AgendaItemResult.ADOPTED, vote=Vote(2, 0, 0)).saved


def test_single_member_votes_must_come_from_members_present_and_fit_the_counts(session, factory):
    scene = build_scene(factory)
    start(session, scene)
    zillmer, wilken = scene.members[:2]
    cases = [
        (Vote(4, 1, 0, members={scene.deputy.id: VoteChoice.NO}), "Einzelstimmen können nur stimmberechtigte Mitglieder abgeben"),
        (Vote(4, 1, 0, members={zillmer.id: VoteChoice.NO, wilken.id: VoteChoice.NO}), "2 Einzelstimmen „Nein“ sind mehr als die gezählten 1."),
        (Vote(unanimous=True, members={zillmer.id: VoteChoice.NO}), "Bei einstimmigem Ergebnis lauten alle Einzelstimmen „Ja“."),
    ]
    for vote, message in cases:
        with pytest.raises(ValidationFailed) as failed:
            _save(session, scene.secretary, scene.paper_item, result=AgendaItemResult.ADOPTED, vote=vote)
        assert message in failed.value.errors["member_votes"]
    vote = Vote(4, 1, 0, members={zillmer.id: VoteChoice.NO})
    assert _save(session, scene.secretary, scene.paper_item, result=AgendaItemResult.ADOPTED, vote=vote).saved
    stored = session.scalars(select(MemberVote)).all()
    assert [(v.person, v.vote) for v in stored] == [(zillmer, VoteChoice.NO)]
    assert scene.paper_item.vote_label == "4 Ja, 1 Nein, 0 Enthaltungen"


def test_the_authoritative_result_fills_the_consultation_and_completes_the_vorlage(session, factory):
    scene = build_scene(factory)
    start(session, scene)
    _save(session, scene.secretary, scene.paper_item, result=AgendaItemResult.ADOPTED, vote=Vote(unanimous=True))
    assert scene.consultation.result is AgendaItemResult.ADOPTED
    assert scene.consultation.result_note == "einstimmig"
    assert scene.paper.state is PaperState.COMPLETED
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "Paper")).all()
    assert {"paper.consultation_result", "paper.completed"} <= set(actions)


def test_vertagt_leaves_the_consultation_pending_and_a_correction_reopens_the_vorlage(session, factory):
    scene = build_scene(factory)
    start(session, scene)
    _save(session, scene.secretary, scene.paper_item, result=AgendaItemResult.ADOPTED, vote=Vote(4, 1, 0))
    assert scene.paper.state is PaperState.COMPLETED
    _save(session, scene.secretary, scene.paper_item, result=AgendaItemResult.POSTPONED)
    assert scene.paper.state is PaperState.IN_CONSULTATION
    assert scene.consultation.result is AgendaItemResult.POSTPONED
    # The history stays: the consultation still names this meeting and item, and is offered again.
    assert scene.consultation.agenda_item is scene.paper_item and scene.consultation.meeting is scene.meeting
    assert agenda.consultation_is_pending(scene.consultation)
    reopened = session.scalar(select(AuditEvent).where(AuditEvent.action == "paper.reopened"))
    assert "wieder in Beratung" in reopened.summary


def test_a_preliminary_consultation_gets_its_result_without_completing_the_vorlage(session, factory):
    scene = build_scene(factory)
    scene.consultation.role = ConsultationRole.PRELIMINARY
    scene.consultation.authoritative = False
    factory.consultation(scene.paper, factory.committee("Kreistag"), ConsultationRole.DECISION)
    start(session, scene)
    _save(session, scene.secretary, scene.paper_item, result=AgendaItemResult.ADOPTED, vote=Vote(5, 0, 0))
    assert scene.consultation.result is AgendaItemResult.ADOPTED
    assert scene.paper.state is PaperState.IN_CONSULTATION


def test_a_stale_save_is_refused_keeps_both_texts_and_the_writer_can_merge(session, factory):
    scene = build_scene(factory)
    start(session, scene)
    other = factory.user("zweite", roles={Role.SECRETARY}, committees=[scene.committee], display_name="Tom Zweit")
    item = scene.communications
    loaded = item.version  # both writers opened the form at this version
    assert _save(session, other, item, "Herr Bruns berichtet über die Börse.", base=loaded).saved
    outcome = _save(session, scene.secretary, item, "KTA Wilken lobt die Mitarbeiter.", base=loaded)
    assert not outcome.saved
    conflict = outcome.conflict
    assert conflict.saved_minutes_text == "Herr Bruns berichtet über die Börse."
    assert conflict.saved_by == "Tom Zweit" and conflict.current_version == loaded + 1
    assert conflict.copy.minutes_text == "KTA Wilken lobt die Mitarbeiter." and conflict.copy.conflict
    assert conflict.minutes_diff and not conflict.resolution_diff  # only the Beratungsverlauf differs
    assert item.minutes_text == "Herr Bruns berichtet über die Börse."  # the first writer's text is untouched
    merged = "Herr Bruns berichtet über die Börse.\n\nKTA Wilken lobt die Mitarbeiter."
    assert _save(session, scene.secretary, item, merged, base=conflict.current_version).saved
    texts = [(r.minutes_text, r.conflict) for r in minutes_service.revisions(session, item)]
    assert texts == [
        (merged, False),
        ("KTA Wilken lobt die Mitarbeiter.", True),
        ("Herr Bruns berichtet über die Börse.", False),
    ]


def test_resubmitting_what_is_already_saved_is_no_conflict(session, factory):
    scene = build_scene(factory)
    start(session, scene)
    item = scene.opening
    loaded = item.version
    assert _save(session, scene.secretary, item, "Eröffnet.", base=loaded).saved
    outcome = _save(session, scene.secretary, item, "Eröffnet.", base=loaded)
    assert outcome.saved is False and outcome.conflict is None


def test_adopted_needs_a_resolution_text_and_texts_have_a_limit(session, factory):
    scene = build_scene(factory)
    start(session, scene)
    with pytest.raises(ValidationFailed) as failed:
        _save(session, scene.secretary, scene.opening, resolution="", result=AgendaItemResult.ADOPTED, vote=Vote(unanimous=True))
    assert failed.value.errors == {"resolution_text": "Für das Ergebnis „beschlossen“ bitte den Beschlusstext angeben."}
    with pytest.raises(ValidationFailed) as failed:
        _save(session, scene.secretary, scene.opening, "x" * 100_001)
    assert failed.value.errors == {"minutes_text": "Der Text ist zu lang (höchstens 100.000 Zeichen)."}


def test_header_checks_times_and_chair(session, factory):
    scene = build_scene(factory)
    minutes = start(session, scene)
    begin = scene.meeting.start_time
    with pytest.raises(ValidationFailed) as failed:
        minutes_service.update_header(
            session, scene.secretary, minutes, started_at=begin, ended_at=begin, chair_id=scene.deputy.id
        )
    assert failed.value.errors == {
        "ended_at": "Das Ende muss nach dem Beginn liegen.",
        "chair_id": "Den Vorsitz kann nur ein anwesendes Mitglied (oder eine anwesende Vertretung) führen.",
    }
    with pytest.raises(ValidationFailed) as failed:
        minutes_service.update_header(session, scene.secretary, minutes, started_at=None, ended_at=begin, chair_id=None)
    assert failed.value.errors == {"started_at": "Bitte geben Sie zum Ende auch den Beginn an."}
