"""Lifecycle of the minutes (DESIGN §4): Entwurf → Abgeschlossen → Genehmigt, and publication.

* Closing needs every legally required element (:func:`missing_elements` names
  each one in German) and the signatures of chair and recorder. A signature
  covers the text it saw: any later change to the draft voids both.
* The chair signs with their own account, or the secretary records the chair's
  handwritten signature on the printout; the recorder signs with their account.
* A later meeting of the same committee approves the minutes through its
  agenda item "Genehmigung der Niederschrift"; corrections are noted there
  (separately for the public and the non-public part).
* The public part is published at closing or at approval, as the body's
  setting says; :func:`visibility.minutes_are_published` is the rule.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import AgendaItem, Attendance, Meeting, MeetingState, Minutes, MinutesState, User
from . import attendance, audit, markup, quorum, visibility, votes
from .errors import InvalidTransition, NotAllowed, ValidationFailed
from .meetings import format_day
from .minutes import add_revision, sitting_persons
from .minutes_common import body_of, describe_meeting, meeting_day, require_draft, void_signatures
from .permissions import Permission, can

APPROVAL_TITLE = "Genehmigung der Niederschrift"
MAX_CORRECTIONS = 20_000
CHAIR = "chair"
RECORDER = "recorder"


class MinutesIncomplete(InvalidTransition):
    """The minutes lack legally required elements; ``missing`` lists each in German."""

    def __init__(self, intro: str, missing: list[str]) -> None:
        super().__init__(f"{intro} Es fehlt: " + " ".join(missing))
        self.intro = intro
        self.missing = missing


def _label(item: AgendaItem) -> str:
    name = item.name if len(item.name) <= 80 else item.name[:79] + "…"
    return f"{item.number} „{name}“"


def _item_problems(session: Session, item: AgendaItem, rows: list[Attendance]) -> list[str]:
    label = _label(item)
    if item.result is None:
        return [f"{label}: Ergebnis fehlt."]
    problems = []
    vote = votes.Vote.of(item, votes.member_votes_of(session, item))
    if item.result in votes.RESOLUTION_RESULTS and not vote.given and not item.vote_parts:
        problems.append(f"{label}: Abstimmungsergebnis fehlt.")
    elif vote.given:
        # Attendance may have changed after the vote was entered; the vote must still fit.
        errors = votes.check_vote(
            item.result, vote, quorum.voters_at(rows, item), item.number, parts=bool(item.vote_parts)
        )
        problems.extend(f"{label}: {message}" for message in errors.values())
    if item.result in votes.ADOPTING_RESULTS and not item.resolution_text:
        problems.append(f"{label}: Beschlusstext fehlt.")
    return problems


def missing_elements(session: Session, minutes: Minutes, *, signatures: bool = True) -> list[str]:
    """Everything that still prevents closing, in the order of the printed minutes; empty when complete."""
    meeting = minutes.meeting
    missing = []
    if meeting.state is not MeetingState.HELD:
        missing.append(f"Die Sitzung ist noch nicht als durchgeführt vermerkt (Status: {meeting.state.label}).")
    if minutes.started_at is None:
        missing.append("Beginn der Sitzung fehlt.")
    if minutes.ended_at is None:
        missing.append("Ende der Sitzung fehlt.")
    rows = attendance.attendance_list(session, meeting)
    if minutes.attendance_recorded_at is None:
        missing.append("Die Anwesenheit ist noch nicht erfasst (Anwesenheitsliste prüfen und speichern).")
    elif not any(quorum.is_voting_seat(r) and r.status in quorum.PRESENT_STATES for r in rows):
        missing.append("Kein stimmberechtigtes Mitglied ist als anwesend erfasst.")
    if minutes.chair is None:
        missing.append("Der Vorsitz ist nicht angegeben.")
    elif minutes.chair_id not in {p.id for p in sitting_persons(session, meeting)}:
        missing.append(f"Der Vorsitz ({minutes.chair.name}) ist laut Anwesenheitsliste nicht anwesend.")
    parents = {i.parent_id for i in meeting.agenda_items if i.parent_id is not None}
    if not meeting.agenda_items:
        missing.append("Die Sitzung hat keine Tagesordnungspunkte.")
    for item in meeting.agenda_items:
        # A main item with sub-items is decided through them; headings and reports need no result.
        if item.id not in parents and (item.kind.needs_result or item.result is not None):
            missing.extend(_item_problems(session, item, rows))
    if signatures:
        if minutes.chair_signed_at is None:
            missing.append("Die Unterschrift des Vorsitzes fehlt.")
        if minutes.recorder_signed_at is None:
            missing.append("Die Unterschrift der Schriftführung fehlt.")
    return missing


def may_sign(user: User | None, minutes: Minutes, role: str) -> bool:
    """The recorder signs as a secretary of the committee; the chair signs themselves or a secretary records it."""
    if user is None:
        return False
    if can(user, Permission.MINUTES_WRITE, minutes.meeting):
        return True
    own = user.person_id is not None and user.person_id == minutes.chair_id
    return role == CHAIR and own and can(user, Permission.MINUTES_READ_INTERNAL, minutes.meeting)


def sign(session: Session, actor: User | None, minutes: Minutes, role: str, *, now: datetime) -> None:
    """Sign the complete draft as chair (Vorsitz) or recorder (Schriftführung)."""
    require_draft(minutes)
    if role not in (CHAIR, RECORDER) or not may_sign(actor, minutes, role):
        raise NotAllowed("Sie dürfen diese Niederschrift nicht in dieser Funktion unterzeichnen.")
    assert actor is not None
    missing = missing_elements(session, minutes, signatures=False)
    if missing:
        raise MinutesIncomplete("Eine unvollständige Niederschrift kann nicht unterzeichnet werden.", missing)
    meeting_text = describe_meeting(minutes.meeting)
    if role == CHAIR:
        assert minutes.chair is not None
        minutes.chair_signed_at = now
        how = "geleistet" if actor.person_id == minutes.chair_id else f"vermerkt durch {actor.display_name}"
        summary = f"Niederschrift {meeting_text}: Unterschrift des Vorsitzes ({minutes.chair.name}) {how}"
    else:
        minutes.recorder = actor
        minutes.recorder_signed_at = now
        summary = f"Niederschrift {meeting_text}: Unterschrift der Schriftführung ({actor.display_name})"
    session.flush()
    audit.record(session, actor, minutes, f"minutes.signed_{role}", summary)


def publish_if_due(session: Session, actor: User | None, minutes: Minutes, *, now: datetime) -> bool:
    """Mark the public part published when the body's setting says so; returns whether it happened now."""
    if minutes.published_at is not None or not visibility.minutes_are_published(minutes, body_of(minutes.meeting)):
        return False
    minutes.published_at = now
    session.flush()
    audit.record(
        session, actor, minutes, "minutes.published",
        f"Öffentlicher Teil der Niederschrift {describe_meeting(minutes.meeting)} veröffentlicht",
    )
    return True


def close_minutes(session: Session, actor: User | None, minutes: Minutes, *, now: datetime) -> None:
    """Entwurf → Abgeschlossen: only when complete and signed by chair and recorder."""
    require_draft(minutes)
    missing = missing_elements(session, minutes)
    if missing:
        raise MinutesIncomplete("Die Niederschrift kann noch nicht abgeschlossen werden.", missing)
    minutes.state = MinutesState.CLOSED
    minutes.closed_at = now
    session.flush()
    audit.record(
        session, actor, minutes, "minutes.closed", f"Niederschrift {describe_meeting(minutes.meeting)} abgeschlossen"
    )
    publish_if_due(session, actor, minutes, now=now)
    settle_approvals(session, actor, minutes, now=now)


def is_approval_item(item: AgendaItem) -> bool:
    """Whether the item is a "Genehmigung der Niederschrift" item."""
    return item.name.strip().startswith(APPROVAL_TITLE)


def approvable_minutes(session: Session, item: AgendaItem) -> list[Minutes]:
    """Closed, not yet approved minutes of the same committee's earlier meetings, newest first."""
    meeting = item.meeting
    return list(
        session.scalars(
            select(Minutes)
            .join(Meeting, Minutes.meeting_id == Meeting.id)
            .where(
                Meeting.organization_id == meeting.organization_id,
                Meeting.start_time < meeting.start_time,
                Minutes.state == MinutesState.CLOSED,
                or_(Minutes.approved_in_agenda_item_id.is_(None), Minutes.approved_in_agenda_item_id == item.id),
            )
            .order_by(Meeting.start_time.desc())
        )
    )


def _approval_text(minutes: Minutes, corrections: str, internal: str) -> str:
    day = format_day(meeting_day(minutes.meeting))
    if corrections:
        text = (
            f"Die Niederschrift über die Sitzung vom {day} wird mit folgenden Berichtigungen genehmigt:"
            f"\n\n{corrections}"
        )
    else:
        text = f"Die Niederschrift über die Sitzung vom {day} wird genehmigt."
    if internal:
        text += "\n\nBerichtigungen zum nichtöffentlichen Teil sind in der nichtöffentlichen Niederschrift vermerkt."
    return text


def _check_approval(minutes: Minutes, item: AgendaItem, corrections: str, internal: str) -> None:
    earlier, later = minutes.meeting, item.meeting
    if not is_approval_item(item):
        raise InvalidTransition(f"Die Genehmigung wird unter dem Tagesordnungspunkt „{APPROVAL_TITLE}“ vermerkt.")
    if later.organization_id != earlier.organization_id:
        raise InvalidTransition("Nur eine Sitzung desselben Gremiums kann die Niederschrift genehmigen.")
    if later.start_time <= earlier.start_time:
        raise InvalidTransition("Die Niederschrift wird in einer späteren Sitzung genehmigt.")
    if minutes.state is MinutesState.DRAFT:
        raise InvalidTransition(f"Die Niederschrift {describe_meeting(earlier)} ist noch nicht abgeschlossen.")
    if minutes.state is MinutesState.APPROVED:
        raise InvalidTransition(f"Die Niederschrift {describe_meeting(earlier)} ist bereits genehmigt.")
    errors = {
        key: f"Die Berichtigungen dürfen höchstens {MAX_CORRECTIONS:,} Zeichen lang sein.".replace(",", ".")
        for key, text in (("corrections", corrections), ("internal_corrections", internal))
        if len(text) > MAX_CORRECTIONS
    }
    if errors:
        raise ValidationFailed(errors)


def approve_minutes(
    session: Session, actor: User | None, minutes: Minutes, item: AgendaItem, *,
    corrections: str = "", internal_corrections: str = "", now: datetime,
) -> None:
    """Enter the approval of earlier minutes under the approval item of a later meeting, corrections noted.

    Entering it does not approve yet: the earlier minutes become Genehmigt when the
    approving meeting's minutes are closed with an adopting result on that item
    (:func:`settle_approvals`). A Beschluss text the secretary typed is kept as it is;
    only an empty one is filled with the standard sentence.
    """
    corrections, internal = markup.normalize(corrections), markup.normalize(internal_corrections)
    _check_approval(minutes, item, corrections, internal)
    if minutes.approved_in_agenda_item is not None:
        pending = minutes.approved_in_agenda_item
        raise InvalidTransition(
            f"Die Genehmigung der Niederschrift {describe_meeting(minutes.meeting)} ist bereits unter "
            f"{pending.number} der Sitzung {describe_meeting(pending.meeting)} eingetragen."
        )
    later_minutes = item.meeting.minutes
    if later_minutes is None:
        raise InvalidTransition(f"Bitte legen Sie zuerst die Niederschrift {describe_meeting(item.meeting)} an.")
    require_draft(later_minutes)
    minutes.approved_in_agenda_item = item
    minutes.approval_note, minutes.approval_note_internal = corrections, internal
    if not item.resolution_text.strip():
        item.resolution_text = _approval_text(minutes, corrections, internal)
        item.version += 1
        session.flush()
        add_revision(session, actor, item, "Genehmigung der Niederschrift eingetragen")
    session.flush()
    void_signatures(session, actor, later_minutes)
    audit.record(
        session, actor, item, "minutes.approval_recorded",
        f"{item.number}: Genehmigung der Niederschrift {describe_meeting(minutes.meeting)} eingetragen; "
        "sie wird mit dem Abschluss dieser Niederschrift wirksam",
    )


def settle_approvals(session: Session, actor: User | None, later_minutes: Minutes, *, now: datetime) -> None:
    """At closing: earlier minutes entered under an item of this meeting become Genehmigt if it was adopted."""
    item_ids = [i.id for i in later_minutes.meeting.agenda_items]
    if not item_ids:
        return
    pending = session.scalars(
        select(Minutes).where(Minutes.approved_in_agenda_item_id.in_(item_ids), Minutes.state == MinutesState.CLOSED)
    )
    for minutes in list(pending):
        item = minutes.approved_in_agenda_item
        assert item is not None
        where = f"in der Sitzung {describe_meeting(item.meeting)}, {item.number}"
        if item.result not in votes.ADOPTING_RESULTS:
            minutes.approved_in_agenda_item = None
            session.flush()
            audit.record(
                session, actor, minutes, "minutes.approval_refused",
                f"Niederschrift {describe_meeting(minutes.meeting)} nicht genehmigt {where}",
            )
            continue
        minutes.state = MinutesState.APPROVED
        minutes.approved_at = now
        session.flush()
        suffix = " mit Berichtigungen" if minutes.approval_note or minutes.approval_note_internal else ""
        audit.record(
            session, actor, minutes, "minutes.approved",
            f"Niederschrift {describe_meeting(minutes.meeting)} genehmigt{suffix} {where}",
        )
        publish_if_due(session, actor, minutes, now=now)
