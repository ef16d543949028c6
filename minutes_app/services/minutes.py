"""Niederschrift: starting the minutes, the header (start, end, chair) and the texts of each agenda item.

Per item the secretary writes the Beratungsverlauf (safe markup, speakers named),
the resolution text (prefilled from the Vorlage's Beschlussvorschlag), the result
and the vote. Two secretaries may write at once: every item carries a version
(optimistic lock). A save based on an older version is refused, the refused
texts are kept as a conflict copy, and the writer gets both texts to merge, so
nothing typed is lost. Every saved change of an item's texts is kept as a
revision. Results flow back into the Vorlagen (:mod:`.minutes_results`); the
lifecycle (sign, close, approve, publish) lives in :mod:`.minutes_lifecycle`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .. import redaction
from ..models import (
    AgendaItem,
    AgendaItemResult,
    AgendaItemRevision,
    AttendeeKind,
    AuditEvent,
    Meeting,
    MeetingState,
    MembershipRole,
    Minutes,
    Person,
    User,
)
from . import attendance, audit, markup, minutes_results, quorum, votes
from .errors import InvalidTransition, ValidationFailed
from .meetings import format_day, local_date
from .minutes_common import body_of, describe_meeting, meeting_day, minutes_of, require_draft, void_signatures
from .paper_diff import DiffLine, line_diff

MAX_TEXT = 100_000
MAX_WORDING = 200
STARTABLE_STATES = (MeetingState.INVITED, MeetingState.HELD)
REASON_SAVED = "gespeichert"
REASON_PROPOSAL = "Beschlussvorschlag der Vorlage übernommen"
REASON_CONFLICT = "nicht gespeichert: Bearbeitungskonflikt"
#: Audit actions that change an item's minutes (the approval of earlier minutes writes one too).
SAVE_ACTIONS = ("minutes.item_saved", "minutes.approval_recorded")


def _author(actor: User | None) -> str:
    return actor.display_name if actor else "System"


def add_revision(
    session: Session, actor: User | None, item: AgendaItem, reason: str, *,
    minutes_text: str | None = None, resolution_text: str | None = None, conflict: bool = False,
    base_version: int | None = None,
) -> AgendaItemRevision:
    """Keep the item's texts (or the given ones, for a conflict copy) as a revision."""
    revision = AgendaItemRevision(
        agenda_item_id=item.id,
        item_version=base_version if base_version is not None else item.version,
        conflict=conflict,
        reason=reason,
        minutes_text=item.minutes_text if minutes_text is None else minutes_text,
        resolution_text=item.resolution_text if resolution_text is None else resolution_text,
        author_id=actor.id if actor else None,
        author_name=_author(actor),
    )
    session.add(revision)
    session.flush()
    return revision


def default_chair(meeting: Meeting) -> Person | None:
    """The committee's chair on the meeting day (the vice chair when the chair is missing)."""
    for role in (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR):
        for membership in attendance.active_memberships(meeting):
            if membership.role is role and membership.organization_id == meeting.organization_id:
                return membership.person
    return None


def start_minutes(session: Session, actor: User | None, meeting: Meeting) -> Minutes:
    """Create the draft minutes: attendance from the memberships, resolution texts from the Vorlagen."""
    if meeting.minutes is not None:
        raise InvalidTransition("Für diese Sitzung gibt es bereits eine Niederschrift.")
    if meeting.state not in STARTABLE_STATES:
        raise InvalidTransition(
            "Eine Niederschrift gibt es nur für eingeladene oder durchgeführte Sitzungen; "
            f"diese ist „{meeting.state.label}“."
        )
    minutes = Minutes(meeting=meeting, recorder=actor, chair=default_chair(meeting))
    session.add(minutes)
    session.flush()
    audit.record(session, actor, minutes, "minutes.started", f"Niederschrift {describe_meeting(meeting)} angelegt")
    attendance.prefill(session, actor, meeting)
    for item in meeting.agenda_items:
        proposal = item.consultation.paper.resolution_proposal if item.consultation else ""
        if proposal and not item.resolution_text:
            item.resolution_text = proposal
            item.version += 1
            session.flush()
            add_revision(session, actor, item, REASON_PROPOSAL)
    return minutes


def sitting_persons(session: Session, meeting: Meeting) -> list[Person]:
    """Members and deputies in the room at some point of the meeting (who may chair it)."""
    found = {}
    for row in attendance.attendance_list(session, meeting):
        person = quorum.sitting_person(row)
        if row.kind is AttendeeKind.MEMBER and row.status in quorum.PRESENT_STATES and person is not None:
            found[person.id] = person
    return sorted(found.values(), key=lambda p: p.sort_name)


def update_header(
    session: Session, actor: User | None, minutes: Minutes, *,
    started_at: datetime | None, ended_at: datetime | None, chair_id: int | None,
) -> None:
    """Record the actual start and end of the meeting and who chaired it."""
    require_draft(minutes)
    meeting = minutes.meeting
    day = meeting_day(meeting)
    errors: dict[str, str] = {}
    if started_at is not None and local_date(started_at) != day:
        errors["started_at"] = f"Der Beginn muss am Sitzungstag ({format_day(day)}) liegen."
    if ended_at is not None and started_at is None:
        errors["started_at"] = "Bitte geben Sie zum Ende auch den Beginn an."
    elif ended_at is not None and started_at is not None and ended_at <= started_at:
        errors["ended_at"] = "Das Ende muss nach dem Beginn liegen."
    chairs = {p.id: p for p in sitting_persons(session, meeting)}
    if chair_id is not None and chair_id not in chairs:
        errors["chair_id"] = "Den Vorsitz kann nur ein anwesendes Mitglied (oder eine anwesende Vertretung) führen."
    if errors:
        raise ValidationFailed(errors)
    minutes.started_at, minutes.ended_at = started_at, ended_at
    minutes.chair = chairs.get(chair_id) if chair_id is not None else None
    session.flush()
    void_signatures(session, actor, minutes)
    summary = f"Kopfdaten der Niederschrift {describe_meeting(meeting)} gespeichert"
    audit.record(session, actor, minutes, "minutes.header_saved", summary)


def voters(session: Session, item: AgendaItem) -> list[Person]:
    """Who may vote on the item: voting members (or their deputies) present at it."""
    return quorum.voters_at(attendance.attendance_list(session, item.meeting), item)


def quorum_for(session: Session, item: AgendaItem) -> quorum.QuorumStatus:
    """The quorum at one item under the body's rule."""
    rows = attendance.attendance_list(session, item.meeting)
    return quorum.quorum_at(rows, item, body_of(item.meeting).quorum_rule)


@dataclass(frozen=True)
class ItemInput:
    """What the secretary submits for one item, with the version the form was loaded at."""

    base_version: int
    minutes_text: str
    resolution_text: str
    result: AgendaItemResult | None
    vote: votes.Vote = field(default_factory=votes.Vote)
    #: The result as the minutes word it ("Empfehlung an den Rat"); blank: the standard label.
    result_wording: str = ""


@dataclass(frozen=True)
class Conflict:
    """Another writer saved the item first: their saved state and what differs from the refused texts."""

    current_version: int
    saved_minutes_text: str
    saved_resolution_text: str
    saved_result_label: str
    saved_vote_label: str
    saved_by: str
    saved_at: datetime | None
    minutes_diff: list[DiffLine]
    resolution_diff: list[DiffLine]
    copy: AgendaItemRevision | None


@dataclass(frozen=True)
class SaveOutcome:
    """Result of :func:`save_item`: saved, nothing to save, or refused with a conflict."""

    saved: bool
    conflict: Conflict | None = None


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def last_save(session: Session, item: AgendaItem) -> AuditEvent | None:
    """The newest audit event of a saved change to the item."""
    return session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.object_type == "AgendaItem",
            AuditEvent.object_id == item.id,
            AuditEvent.action.in_(SAVE_ACTIONS),
        )
        .order_by(AuditEvent.created.desc(), AuditEvent.id.desc())
        .limit(1)
    )


def _conflict(
    session: Session, actor: User | None, item: AgendaItem, data: ItemInput, texts: tuple[str, str]
) -> Conflict:
    copy = None
    if texts != (item.minutes_text, item.resolution_text):
        copy = add_revision(
            session, actor, item, REASON_CONFLICT, minutes_text=texts[0], resolution_text=texts[1],
            conflict=True, base_version=data.base_version,
        )
        audit.record(
            session, actor, item, "minutes.item_conflict",
            f"{item.number}: Bearbeitungskonflikt, nicht gespeicherte Fassung als Konfliktkopie aufbewahrt",
        )
    event = last_save(session, item)
    return Conflict(
        current_version=item.version,
        saved_minutes_text=item.minutes_text,
        saved_resolution_text=item.resolution_text,
        saved_result_label=item.result_label,
        saved_vote_label=item.vote_label,
        saved_by=event.actor_name if event else "unbekannt",
        saved_at=event.created if event else item.modified,
        minutes_diff=line_diff(_lines(item.minutes_text), _lines(texts[0])),
        resolution_diff=line_diff(_lines(item.resolution_text), _lines(texts[1])),
        copy=copy,
    )


def _validate(session: Session, item: AgendaItem, data: ItemInput, texts: tuple[str, str]) -> None:
    errors: dict[str, str] = {}
    for key, text in zip(("minutes_text", "resolution_text"), texts, strict=True):
        if len(text) > MAX_TEXT:
            errors[key] = f"Der Text ist zu lang (höchstens {MAX_TEXT:,} Zeichen).".replace(",", ".")
    if data.result in votes.ADOPTING_RESULTS and not texts[1]:
        errors["resolution_text"] = f"Für das Ergebnis „{data.result.label}“ bitte den Beschlusstext angeben."
    errors.update(
        votes.check_vote(data.result, data.vote, voters(session, item), item.number, parts=bool(item.vote_parts))
    )
    if len(data.result_wording) > MAX_WORDING:
        errors["result_wording"] = f"Der Wortlaut des Ergebnisses darf höchstens {MAX_WORDING} Zeichen lang sein."
    if errors:
        raise ValidationFailed(errors)


def save_item(session: Session, actor: User | None, item: AgendaItem, data: ItemInput) -> SaveOutcome:
    """Save texts, result and vote of one item, unless another writer saved it since ``data.base_version``."""
    minutes = minutes_of(item.meeting)
    require_draft(minutes)
    texts = (markup.normalize(data.minutes_text), markup.normalize(data.resolution_text))
    old_vote = votes.Vote.of(item, votes.member_votes_of(session, item))
    text_changed = texts != (item.minutes_text, item.resolution_text)
    wording = " ".join(data.result_wording.split())
    data = replace(data, result_wording=wording)
    unchanged = (
        not text_changed and data.result == item.result and data.vote.normalized() == old_vote
        and wording == item.result_wording
    )
    if unchanged:  # also a resubmitted form (double click) whose content is already saved
        return SaveOutcome(saved=False)
    if item.version != data.base_version:
        return SaveOutcome(saved=False, conflict=_conflict(session, actor, item, data, texts))
    _validate(session, item, data, texts)
    # The conditional UPDATE is the lock: of two writers with the same base only one matches the row.
    claimed = session.execute(
        update(AgendaItem)
        .where(AgendaItem.id == item.id, AgendaItem.version == data.base_version)
        .values(version=data.base_version + 1)
        .execution_options(synchronize_session="fetch")
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(item)
        return SaveOutcome(saved=False, conflict=_conflict(session, actor, item, data, texts))
    old_texts = (item.minutes_text, item.resolution_text)
    item.minutes_text, item.resolution_text = texts
    result_changed = (
        data.result != item.result or data.vote.normalized() != old_vote or wording != item.result_wording
    )
    item.result = data.result
    item.result_wording = wording if data.result is not None else ""
    votes.store_vote(session, item, data.vote.normalized())
    if text_changed:
        add_revision(session, actor, item, REASON_SAVED)
    if result_changed:
        minutes_results.apply_result(session, actor, item)
    void_signatures(session, actor, minutes)
    summary = f"{item.number} „{item.name[:200]}“ gespeichert"
    if item.result is not None:
        summary += f" – {item.result_label}" + (f" ({item.vote_label})" if item.vote_label else "")
    audit.record(session, actor, item, "minutes.item_saved", summary)
    labels = (f"{item.number} Beratungsverlauf", f"{item.number} Beschluss")
    for label, old, new in zip(labels, old_texts, texts, strict=True):
        redaction.record_changes(session, actor, item, label, old, new)
    return SaveOutcome(saved=True)


def revisions(session: Session, item: AgendaItem) -> list[AgendaItemRevision]:
    """All revisions of an item's texts, newest first."""
    return list(
        session.scalars(
            select(AgendaItemRevision)
            .where(AgendaItemRevision.agenda_item_id == item.id)
            .order_by(AgendaItemRevision.created.desc(), AgendaItemRevision.id.desc())
        )
    )


@dataclass(frozen=True)
class RevisionChanges:
    """What a revision changed against the saved revision before it."""

    previous: AgendaItemRevision | None
    minutes_diff: list[DiffLine]
    resolution_diff: list[DiffLine]


def revision_changes(session: Session, revision: AgendaItemRevision) -> RevisionChanges:
    """The differences of a revision to the previous saved (non-conflict) revision of the same item."""
    previous = session.scalar(
        select(AgendaItemRevision)
        .where(
            AgendaItemRevision.agenda_item_id == revision.agenda_item_id,
            AgendaItemRevision.conflict.is_(False),
            AgendaItemRevision.id < revision.id,
        )
        .order_by(AgendaItemRevision.id.desc())
        .limit(1)
    )
    old_minutes = previous.minutes_text if previous else ""
    old_resolution = previous.resolution_text if previous else ""
    return RevisionChanges(
        previous=previous,
        minutes_diff=line_diff(_lines(old_minutes), _lines(revision.minutes_text)),
        resolution_diff=line_diff(_lines(old_resolution), _lines(revision.resolution_text)),
    )
