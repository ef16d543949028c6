"""Putting mail into the outbox and reading it back (Postausgang, dispatch log).

:func:`enqueue` only adds rows to the caller's session: the mail is committed
together with the action that caused it, or not at all.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from email.utils import formataddr

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from ..models import Body, MailAddressFlag, MailAttachment, MailDispatch, MailKind, MailMessage, MailState, Person, User
from ..services import audit
from ..services.errors import InvalidTransition
from . import MailSettings

PAGE_SIZE = 50


@dataclass(frozen=True)
class Attachment:
    """A file to send with a mail."""

    filename: str
    media_type: str
    content: bytes


def sender_of(body: Body | None, settings: MailSettings) -> tuple[str, str]:
    """(From, Reply-To) of the body's mail: its own sender setting or the installation's default."""
    name = body.name if body is not None else "Sitzungsdienst"
    address = (body.mail_sender if body is not None else "") or settings.default_sender
    reply_to = body.mail_reply_to if body is not None else ""
    return formataddr((name, address)), reply_to


def new_message_id(settings: MailSettings) -> str:
    """A globally unique Message-ID on the sender's domain."""
    domain = settings.default_sender.rpartition("@")[2] or "localhost"
    return f"<{secrets.token_hex(16)}@{domain}>"


def enqueue(
    session: Session,
    settings: MailSettings,
    *,
    body: Body | None,
    kind: MailKind,
    to: str,
    name: str = "",
    subject: str,
    text: str,
    attachments: tuple[Attachment, ...] = (),
    dispatch: MailDispatch | None = None,
    person: Person | None = None,
    version_label: str = "",
) -> MailMessage:
    """Queue one mail in the caller's transaction; the worker sends it once it is committed."""
    sender, reply_to = sender_of(body, settings)
    message = MailMessage(
        body_id=body.id if body is not None else None,
        dispatch=dispatch,
        person_id=person.id if person is not None else None,
        kind=kind,
        recipient_email=to,
        recipient_name=name[:200],
        version_label=version_label,
        sender=sender,
        reply_to=reply_to,
        subject=subject[:300],
        text=text,
        message_id=new_message_id(settings),
        state=MailState.QUEUED,
        attachments=[
            MailAttachment(filename=a.filename, media_type=a.media_type, content=a.content) for a in attachments
        ],
    )
    session.add(message)
    session.flush()
    # Lets the web layer start a delivery pass once the request's transaction is committed.
    session.info["mail_queued"] = True
    return message


def outbox_query(state: MailState | None = None) -> Select[tuple[MailMessage]]:
    """The Postausgang, newest first, optionally one state only."""
    stmt = select(MailMessage).order_by(MailMessage.created.desc(), MailMessage.id.desc())
    if state is not None:
        stmt = stmt.where(MailMessage.state == state)
    return stmt


def state_counts(session: Session) -> dict[MailState, int]:
    """How many mails are in each state."""
    rows = session.execute(select(MailMessage.state, func.count()).group_by(MailMessage.state))
    return {row[0]: row[1] for row in rows}


def dispatches_of(session: Session, meeting_id: int) -> list[MailDispatch]:
    """A meeting's dispatch log, newest first, with messages (attachments' names only are read later)."""
    stmt = (
        select(MailDispatch)
        .where(MailDispatch.meeting_id == meeting_id)
        .options(selectinload(MailDispatch.messages).selectinload(MailMessage.attachments))
        .order_by(MailDispatch.created.desc(), MailDispatch.id.desc())
    )
    return list(session.scalars(stmt))


def flagged_addresses(session: Session, addresses: set[str]) -> dict[str, MailAddressFlag]:
    """The refused-address marks among ``addresses`` (compared case-insensitively)."""
    if not addresses:
        return {}
    lowered = {a.lower() for a in addresses}
    rows = session.scalars(select(MailAddressFlag).where(func.lower(MailAddressFlag.email).in_(lowered)))
    return {row.email.lower(): row for row in rows}


def requeue(session: Session, actor: User | None, message: MailMessage) -> None:
    """Put a failed, refused or uncertain mail back into the queue (the administrator's decision)."""
    if message.state not in (MailState.FAILED, MailState.REFUSED, MailState.UNCERTAIN):
        raise InvalidTransition(
            "Nur fehlgeschlagene, abgewiesene oder ungewisse Mails können erneut eingereiht werden."
        )
    message.state = MailState.QUEUED
    message.next_attempt_at = None
    message.claimed_at = None
    session.flush()
    audit.record(
        session, actor, message, "mail.requeued", f"Mail „{message.subject}“ erneut in die Warteschlange gestellt"
    )
