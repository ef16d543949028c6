"""Nachtrag, Verlegung and Absage: the same people who received the invitation are told.

Each is a dispatch of its own in the meeting's log. A meeting whose invitation
never went out by mail has nobody to tell, so moving or cancelling a planned
meeting sends nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..export.ical import build_calendar
from ..models import MailDispatch, MailKind, MailMessage, Meeting, MeetingState, Person, User
from ..services import audit, meetings
from ..services.errors import InvalidTransition
from ..services.notice_period import NoticeCheck
from . import MailSettings, outbox, texts
from .invitations import (
    FULL_LABEL,
    ICS_TYPE,
    Recipient,
    build_documents,
    closing_lines,
    portal_links,
    queue_documents,
    record_dispatch,
)
from .outbox import Attachment


def previous_recipients(session: Session, meeting: Meeting) -> list[Recipient]:
    """Everyone who received this meeting's invitation (with the version they were sent)."""
    stmt = (
        select(MailMessage)
        .join(MailDispatch, MailMessage.dispatch_id == MailDispatch.id)
        .where(MailDispatch.meeting_id == meeting.id, MailDispatch.kind == MailKind.INVITATION)
        .order_by(MailMessage.id)
    )
    found: dict[str, Recipient] = {}
    for message in session.scalars(stmt):
        person = session.get(Person, message.person_id) if message.person_id else None
        found[message.recipient_email.lower()] = Recipient(
            message.recipient_email, message.recipient_name, person, message.version_label == FULL_LABEL, ""
        )
    return list(found.values())


def _require_invited(session: Session, meeting: Meeting) -> list[Recipient]:
    recipients = previous_recipients(session, meeting)
    if not recipients:
        raise InvalidTransition("Zu dieser Sitzung wurde noch keine Einladung per E-Mail versandt.")
    return recipients


def send_supplement(
    session: Session, settings: MailSettings, actor: User | None, meeting: Meeting, *, now: datetime, letterhead: bytes
) -> MailDispatch:
    """Nachtrag: the updated Einladung (items marked "Nachtrag") to everyone who got the invitation."""
    if meeting.state is not MeetingState.INVITED:
        raise InvalidTransition("Ein Nachtrag ist nur für eine eingeladene, noch nicht durchgeführte Sitzung möglich.")
    if not any(item.is_supplement for item in meeting.agenda_items):
        raise InvalidTransition("Die Tagesordnung hat keine nachträglich aufgenommenen Punkte.")
    recipients = _require_invited(session, meeting)
    body = meeting.organization.body
    dispatch = record_dispatch(session, meeting, MailKind.SUPPLEMENT, actor, now)
    docs = build_documents(meeting, body, letterhead, settings, now)
    count = queue_documents(session, settings, meeting, body, actor, recipients, dispatch, docs, True)
    items = ", ".join(item.number for item in meeting.agenda_items if item.is_supplement)
    audit.record(
        session,
        actor,
        meeting,
        "meeting.supplement_sent",
        f"Nachtrag ({items}) zur Sitzung {meetings.describe(meeting)} an {count} Empfänger per E-Mail versandt",
    )
    return dispatch


def _notice(
    session: Session,
    settings: MailSettings,
    actor: User | None,
    meeting: Meeting,
    kind: MailKind,
    now: datetime,
    subject: str,
    paragraph: list[str],
) -> MailDispatch | None:
    recipients = previous_recipients(session, meeting)
    if not recipients:
        return None  # nobody was invited by mail yet: nobody to tell
    body = meeting.organization.body
    dispatch = record_dispatch(session, meeting, kind, actor, now)
    ics = Attachment("Sitzung.ics", ICS_TYPE, build_calendar([meeting], name=meeting.name, base_url=settings.base_url))
    for recipient in recipients:
        text = "\n".join(
            [
                texts.salutation(recipient.person, recipient.name),
                "",
                *paragraph,
                "",
                *portal_links(meeting, settings, recipient.full),
                *closing_lines(actor, body),
            ]
        )
        outbox.enqueue(
            session,
            settings,
            body=body,
            kind=kind,
            to=recipient.email,
            name=recipient.name,
            subject=subject,
            text=text,
            attachments=(ics,),
            dispatch=dispatch,
            person=recipient.person,
            version_label=recipient.version_label,
        )
    return dispatch


def move_and_notify(
    session: Session,
    settings: MailSettings,
    actor: User | None,
    meeting: Meeting,
    data: meetings.MeetingData,
    reason: str,
    *,
    now: datetime,
    correction: bool = False,
) -> NoticeCheck | None:
    """Verlegung; everyone invited by mail is told the new date with an updated calendar event.

    A ``correction`` of a held meeting's recorded date is no Verlegung and notifies nobody.
    """
    before = texts.when(meeting.start_time)
    check = meetings.move_meeting(session, actor, meeting, data, reason, now=now, correction=correction)
    if correction:
        return check
    _notice(
        session,
        settings,
        actor,
        meeting,
        MailKind.MOVED,
        now,
        f"Verlegung: {meeting.name} jetzt am {texts.day(meeting.start_time)}",
        [
            f"die Sitzung „{meeting.name}“ wird verlegt.",
            f"Bisher: {before}",
            f"Neu: {texts.when(meeting.start_time)}",
            f"Grund: {reason.strip()}",
            "",
            "Der geänderte Termin ist als Kalenderdatei beigefügt.",
        ],
    )
    return check


def cancel_and_notify(
    session: Session, settings: MailSettings, actor: User | None, meeting: Meeting, reason: str, *, now: datetime
) -> Meeting:
    """Absage; everyone invited by mail is told, with a calendar event that strikes the date out."""
    meetings.cancel_meeting(session, actor, meeting, reason)
    _notice(
        session,
        settings,
        actor,
        meeting,
        MailKind.CANCELLED,
        now,
        f"Absage: {meeting.name} am {texts.day(meeting.start_time)}",
        [
            f"die Sitzung „{meeting.name}“ am {texts.when(meeting.start_time)} findet nicht statt.",
            f"Grund: {reason.strip()}",
        ],
    )
    return meeting
