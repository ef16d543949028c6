"""Einladung, Nachtrag, Verlegung and Absage by e-mail to each member of the meeting's committees.

Each member, deputy and advisory member (active on the meeting day) and each
further recipient the secretary adds gets a personal mail with the Einladung
as DOCX in the version they may read, an iCal event and a link. Mandatsträger
(Vorsitz, stellv. Vorsitz, Mitglied, stellv. Mitglied) get the full version,
others only when their user account holds the policy's internal read right
for the meeting; everyone else gets the public version, which is derived
through :mod:`minutes_app.services.visibility`. Every dispatch is a
:class:`MailDispatch` row, written in the transaction of the action, and its
time is the recorded dispatch time the Ladungsfrist counts from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..export import docx as docx_export
from ..export.ical import build_calendar
from ..models import (
    Body,
    MailDispatch,
    MailKind,
    MailMessage,
    Meeting,
    MeetingState,
    MembershipRole,
    Person,
    User,
)
from ..services import documents, meetings
from ..services.documents import Audience
from ..services.errors import InvalidTransition, ValidationFailed
from ..services.notice_period import NoticeCheck
from ..services.permissions import Permission, can
from . import MailSettings, addresses, outbox, texts
from .outbox import Attachment

MANDATE_ROLES = (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR, MembershipRole.MEMBER, MembershipRole.DEPUTY_MEMBER)
ICS_TYPE = "text/calendar"
FULL_LABEL = "vollständige Fassung"
PUBLIC_LABEL = "öffentliche Fassung"


@dataclass(frozen=True)
class Recipient:
    """One addressee of a meeting's mail."""

    email: str
    name: str
    person: Person | None
    full: bool
    role: str

    @property
    def version_label(self) -> str:
        """Which version of the Einladung this recipient reads."""
        return FULL_LABEL if self.full else PUBLIC_LABEL


@dataclass(frozen=True)
class Plan:
    """Who would get the invitation, and who cannot (no address)."""

    recipients: list[Recipient]
    without_address: list[str]


def _reads_full(session: Session, person: Person, role: MembershipRole, meeting: Meeting) -> bool:
    if role in MANDATE_ROLES:
        return True
    accounts = session.scalars(select(User).where(User.person_id == person.id, User.active.is_(True)))
    return any(can(user, Permission.MEETING_READ_INTERNAL, meeting) for user in accounts)


def plan(session: Session, meeting: Meeting, extra: list[str] = ()) -> Plan:  # type: ignore[assignment]
    """The recipients: active memberships of the meeting's committees on its day, then the extra addresses."""
    day = documents.meeting_day(meeting)
    found: dict[str, Recipient] = {}
    missing: list[str] = []
    roles = {role: index for index, role in enumerate(MembershipRole)}
    memberships = [m for org in meeting.organizations for m in org.memberships if m.is_active_on(day)]
    for membership in sorted(memberships, key=lambda m: (roles[m.role], m.person.sort_name)):
        person = membership.person
        if not person.email.strip():
            if person.name not in missing:
                missing.append(person.name)
            continue
        key = person.email.strip().lower()
        full = _reads_full(session, person, membership.role, meeting)
        if key in found:
            # A person in two joint committees gets one mail, in the fuller version.
            full = full or found[key].full
        found[key] = Recipient(person.email.strip(), person.name, person, full, membership.role.label)
    for address in extra:
        found.setdefault(address.lower(), Recipient(address, "", None, False, "weitere Empfänger/in"))
    return Plan(list(found.values()), missing)


@dataclass(frozen=True)
class Documents:
    """The files of one dispatch, built once and attached to every mail of the matching version."""

    full_docx: Attachment
    public_docx: Attachment
    ics: Attachment
    full_view: documents.InvitationView
    public_view: documents.InvitationView


def build_documents(
    meeting: Meeting, body: Body, letterhead: bytes, settings: MailSettings, now: datetime
) -> Documents:
    """Both versions of the Einladung (the public one through the visibility rules) and the iCal event."""
    full_view = documents.invitation_view(meeting, body, Audience.INTERNAL)
    public_view = documents.invitation_view(meeting, body, Audience.PUBLIC)
    parts = ["Einladung", full_view.head.committee_short, documents.meeting_day(meeting).isoformat()]
    full_name = documents.download_names(parts, Audience.INTERNAL)[1]
    public_name = documents.download_names(parts, Audience.PUBLIC)[1]
    ics = build_calendar([meeting], name=meeting.name, base_url=settings.base_url)
    return Documents(
        full_docx=Attachment(
            full_name, docx_export.MEDIA_TYPE, docx_export.build_invitation(full_view, letterhead, now)
        ),
        public_docx=Attachment(
            public_name, docx_export.MEDIA_TYPE, docx_export.build_invitation(public_view, letterhead, now)
        ),
        ics=Attachment("Sitzung.ics", ICS_TYPE, ics),
        full_view=full_view,
        public_view=public_view,
    )


def _links(meeting: Meeting, settings: MailSettings, full: bool) -> list[str]:
    lines = [f"Sitzung im Bürgerinformationssystem: {settings.url(f'/sitzungen/{meeting.id}')}"]
    if full:
        lines.append(f"Vollständige Unterlagen (Anmeldung nötig): {settings.url(f'/intern/sitzungen/{meeting.id}')}")
    return lines


def _closing(actor: User | None, body: Body) -> list[str]:
    return ["", "Mit freundlichen Grüßen", documents.person_name(actor) or "Der Sitzungsdienst", body.name]


def _invitation_text(
    meeting: Meeting,
    recipient: Recipient,
    docs: Documents,
    settings: MailSettings,
    actor: User | None,
    body: Body,
    supplement: bool,
) -> str:
    view = docs.full_view if recipient.full else docs.public_view
    if supplement:
        opening = (
            f"zur Sitzung „{meeting.name}“ am {texts.when(meeting.start_time)} wurde die Tagesordnung "
            "ergänzt. Die mit „(Nachtrag)“ gekennzeichneten Punkte sind neu."
        )
    else:
        opening = f"hiermit lade ich Sie zur Sitzung „{meeting.name}“ am {texts.when(meeting.start_time)} ein."
    lines = [texts.salutation(recipient.person, recipient.name), "", opening]
    if meeting.place:
        lines.append(f"Ort: {meeting.place}")
    lines += [
        "",
        f"Im Anhang finden Sie die Einladung mit der Tagesordnung ({recipient.version_label}) als Word-Datei "
        "und den Termin als Kalenderdatei.",
        "",
        *texts.agenda_lines(view.public_items, view.non_public_items),
        "",
        *_links(meeting, settings, recipient.full),
        *_closing(actor, body),
    ]
    return "\n".join(lines)


def _dispatch(
    session: Session, meeting: Meeting, kind: MailKind, actor: User | None, now: datetime, note: str = ""
) -> MailDispatch:
    dispatch = MailDispatch(
        meeting_id=meeting.id,
        kind=kind,
        created=now,
        actor_id=actor.id if actor else None,
        actor_name=actor.display_name if actor else "System",
        note=note,
    )
    session.add(dispatch)
    session.flush()
    return dispatch


def _send_documents(
    session: Session,
    settings: MailSettings,
    meeting: Meeting,
    body: Body,
    actor: User | None,
    recipients: list[Recipient],
    dispatch: MailDispatch,
    docs: Documents,
    supplement: bool,
) -> int:
    subject_word = "Nachtrag zur Einladung" if supplement else "Einladung"
    subject = f"{subject_word}: {meeting.name} am {texts.day(meeting.start_time)}"
    for recipient in recipients:
        docx = docs.full_docx if recipient.full else docs.public_docx
        outbox.enqueue(
            session,
            settings,
            body=body,
            kind=dispatch.kind,
            to=recipient.email,
            name=recipient.name,
            subject=subject,
            text=_invitation_text(meeting, recipient, docs, settings, actor, body, supplement),
            attachments=(docx, docs.ics),
            dispatch=dispatch,
            person=recipient.person,
            version_label=recipient.version_label,
        )
    return len(recipients)


def send_invitation(
    session: Session,
    settings: MailSettings,
    actor: User | None,
    meeting: Meeting,
    *,
    now: datetime,
    letterhead: bytes,
    late_reason: str = "",
    extra_recipients: str = "",
) -> tuple[NoticeCheck, MailDispatch]:
    """ "Einladung versenden": issue the invitation (Ladungsfrist checked) and queue each recipient's mail.

    The meeting's state, the dispatch record and every mail are written in the caller's one transaction.
    """
    errors: dict[str, str] = {}
    extra: list[str] = []
    try:
        extra = addresses.parse_list(extra_recipients, "extra_recipients")
    except ValidationFailed as failed:
        errors.update(failed.errors)
    try:
        check = meetings.issue_invitation(session, actor, meeting, now=now, late_reason=late_reason)
    except ValidationFailed as failed:
        raise ValidationFailed({**errors, **failed.errors}) from failed
    if errors:
        raise ValidationFailed(errors)
    dispatch = queue_invitation(session, settings, actor, meeting, now=now, letterhead=letterhead, extra=extra)
    return check, dispatch


def queue_invitation(
    session: Session,
    settings: MailSettings,
    actor: User | None,
    meeting: Meeting,
    *,
    now: datetime,
    letterhead: bytes,
    extra: list[str] = (),  # type: ignore[assignment]
) -> MailDispatch:
    """Record the dispatch of an issued invitation and queue each recipient's mail and the committee alerts."""
    body = meeting.organization.body
    recipients = plan(session, meeting, extra)
    # Members without an address are invited on paper; the dispatch still records the time the Ladungsfrist counts from.
    note = (
        f"Ohne E-Mail-Adresse (auf anderem Weg zu laden): {', '.join(recipients.without_address)}"
        if recipients.without_address
        else ""
    )
    dispatch = _dispatch(session, meeting, MailKind.INVITATION, actor, now, note)
    docs = build_documents(meeting, body, letterhead, settings, now)
    _send_documents(session, settings, meeting, body, actor, recipients.recipients, dispatch, docs, False)
    from . import alerts

    alerts.meeting_published(session, settings, meeting, body, docs.public_view)
    return dispatch


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
    dispatch = _dispatch(session, meeting, MailKind.SUPPLEMENT, actor, now)
    docs = build_documents(meeting, body, letterhead, settings, now)
    _send_documents(session, settings, meeting, body, actor, recipients, dispatch, docs, True)
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
    dispatch = _dispatch(session, meeting, kind, actor, now)
    ics = Attachment("Sitzung.ics", ICS_TYPE, build_calendar([meeting], name=meeting.name, base_url=settings.base_url))
    for recipient in recipients:
        text = "\n".join(
            [
                texts.salutation(recipient.person, recipient.name),
                "",
                *paragraph,
                "",
                *_links(meeting, settings, recipient.full),
                *_closing(actor, body),
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
) -> NoticeCheck | None:
    """Verlegung; everyone invited by mail is told the new date with an updated calendar event."""
    before = texts.when(meeting.start_time)
    check = meetings.move_meeting(session, actor, meeting, data, reason, now=now)
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
