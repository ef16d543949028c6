"""Einladung, Nachtrag, Verlegung and Absage by e-mail to each member of the meeting's committees.

Each member, deputy and advisory member (active on the meeting day) and each
further recipient the secretary adds gets a personal mail with the Einladung
as DOCX in the version they may read, an iCal event and a link. Mandatsträger
(Vorsitz, stellv. Vorsitz, Mitglied, stellv. Mitglied) get the full version,
others only when their user account holds the policy's internal read right
for the meeting; everyone else gets the public version, which is derived
through :mod:`minutes_app.services.visibility`. Every dispatch is a
:class:`MailDispatch` row, written in the transaction of the action, and its
time is the recorded dispatch time the Ladungsfrist counts from. Nachtrag,
Verlegung and Absage live in :mod:`.notices`.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    Meeting,
    MembershipRole,
    Person,
    User,
)
from ..services import documents, meetings
from ..services.documents import Audience
from ..services.errors import ValidationFailed
from ..services.notice_period import NoticeCheck
from ..services.permissions import Permission, can
from . import MailSettings, addresses, alerts, outbox, texts
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


def plan(session: Session, meeting: Meeting, extra: Sequence[str] = ()) -> Plan:
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


def portal_links(meeting: Meeting, settings: MailSettings, full: bool) -> list[str]:
    """The public page; for readers of the full version also the internal one."""
    lines = [f"Sitzung im Bürgerinformationssystem: {settings.url(f'/sitzungen/{meeting.id}')}"]
    if full:
        lines.append(f"Vollständige Unterlagen (Anmeldung nötig): {settings.url(f'/intern/sitzungen/{meeting.id}')}")
    return lines


def closing_lines(actor: User | None, body: Body) -> list[str]:
    """The greeting with the secretary's name and the body."""
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
        *portal_links(meeting, settings, recipient.full),
        *closing_lines(actor, body),
    ]
    return "\n".join(lines)


def record_dispatch(
    session: Session, meeting: Meeting, kind: MailKind, actor: User | None, now: datetime, note: str = ""
) -> MailDispatch:
    """A row of the meeting's dispatch log; its time is the recorded dispatch time."""
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


def queue_documents(
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
    """Queue the Einladung (or the Nachtrag) for each recipient, with the DOCX of their version and the event."""
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
    extra: Sequence[str] = (),
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
    dispatch = record_dispatch(session, meeting, MailKind.INVITATION, actor, now, note)
    docs = build_documents(meeting, body, letterhead, settings, now)
    queue_documents(session, settings, meeting, body, actor, recipients.recipients, dispatch, docs, False)
    alerts.meeting_published(session, settings, meeting, body, docs.public_view)
    return dispatch
