"""The delivery worker: claims queued mail, sends it over SMTP, retries with exponential backoff.

Never twice: a row is claimed by moving it ``queued → sending`` and that state
is committed *before* the mail server is contacted. If the process dies after
the claim, the row stays ``sending``; once the lease has run out it is marked
``uncertain`` (shown in the Postausgang, never resent automatically; the
administrator may requeue it, and the unchanged Message-ID lets mail clients
recognise a duplicate). Temporary faults (server down, 4xx) schedule the next
attempt after ``base · 2^(attempts-1)`` seconds; a 5xx answer for the recipient
marks the mail ``refused`` and the address as refused.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..database import Database
from ..models import MailAddressFlag, MailMessage, MailState, utc_now
from . import smtp

log = logging.getLogger(__name__)

UNCERTAIN_TEXT = (
    "Der Versand wurde unterbrochen; ob die Mail zugestellt wurde, ist unbekannt. "
    "Sie wird nicht automatisch erneut gesendet."
)


@dataclass(frozen=True)
class WorkerPolicy:
    """Retry and lease settings."""

    retry_base_seconds: int = 60
    max_retry_seconds: int = 6 * 3600
    max_attempts: int = 8
    #: How long a claim may last before the row counts as abandoned by a crashed worker.
    lease_seconds: int = 600
    batch_size: int = 50

    def delay(self, attempts: int) -> timedelta:
        """Exponential backoff after the ``attempts``-th failure."""
        return timedelta(seconds=min(self.max_retry_seconds, self.retry_base_seconds * 2 ** max(0, attempts - 1)))


@dataclass
class RunResult:
    """What one pass did (for the CLI's output and the tests)."""

    sent: int = 0
    refused: int = 0
    retried: int = 0
    failed: int = 0
    uncertain: int = 0
    errors: list[str] = field(default_factory=list)


def release_abandoned(session: Session, policy: WorkerPolicy, now: datetime) -> int:
    """Mark rows claimed longer ago than the lease as ``uncertain``; they are not resent."""
    result = session.execute(
        update(MailMessage)
        .where(
            MailMessage.state == MailState.SENDING,
            MailMessage.claimed_at < now - timedelta(seconds=policy.lease_seconds),
        )
        .values(state=MailState.UNCERTAIN, last_error=UNCERTAIN_TEXT, modified=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def claim(session: Session, policy: WorkerPolicy, now: datetime) -> list[int]:
    """Claim due rows by a compare-and-set ``queued → sending``; the caller commits before sending."""
    due = session.scalars(
        select(MailMessage.id)
        .where(
            MailMessage.state == MailState.QUEUED,
            (MailMessage.next_attempt_at.is_(None)) | (MailMessage.next_attempt_at <= now),
        )
        .order_by(MailMessage.id)
        .limit(policy.batch_size)
    ).all()
    claimed = []
    for message_id in due:
        result = session.execute(
            update(MailMessage)
            .where(MailMessage.id == message_id, MailMessage.state == MailState.QUEUED)
            .values(state=MailState.SENDING, claimed_at=now, modified=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            claimed.append(message_id)
    return claimed


def _temporary(message: MailMessage, policy: WorkerPolicy, now: datetime, error: str, result: RunResult) -> None:
    message.attempts += 1
    message.last_error = error[:500]
    message.claimed_at = None
    if message.attempts >= policy.max_attempts:
        message.state = MailState.FAILED
        result.failed += 1
    else:
        message.state = MailState.QUEUED
        message.next_attempt_at = now + policy.delay(message.attempts)
        result.retried += 1


def _refused(session: Session, message: MailMessage, error: str, now: datetime, result: RunResult) -> None:
    message.attempts += 1
    message.state = MailState.REFUSED
    message.last_error = error[:500]
    flag = session.get(MailAddressFlag, message.recipient_email)
    if flag is None:
        session.add(MailAddressFlag(email=message.recipient_email, reason=error[:500], flagged_at=now))
    else:
        flag.reason, flag.flagged_at = error[:500], now
    result.refused += 1


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()))
        return f"Empfänger abgewiesen: {code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"Mailserver antwortete {error.smtp_code}: {text}"
    return f"Mailserver nicht erreichbar: {error}"


def _permanent_for_recipient(error: Exception) -> bool:
    """A 5xx answer about the recipient or the message (not about our login or sender)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return False


def _record(db: Database, message_id: int, policy: WorkerPolicy, error: Exception | None, result: RunResult) -> None:
    """Store the outcome of one attempt in its own transaction."""
    now = utc_now()
    with db.session() as session:
        message = session.get(MailMessage, message_id)
        if message is None:
            return
        if error is None:
            message.attempts += 1
            message.state, message.sent_at, message.last_error = MailState.SENT, now, ""
            result.sent += 1
        elif _permanent_for_recipient(error):
            _refused(session, message, _describe(error), now, result)
        else:
            _temporary(message, policy, now, _describe(error), result)
        session.commit()


def _mark_uncertain(db: Database, message_id: int, error: str, result: RunResult) -> None:
    with db.session() as session:
        message = session.get(MailMessage, message_id)
        if message is not None:
            message.attempts += 1
            message.state, message.last_error = MailState.UNCERTAIN, f"{UNCERTAIN_TEXT} ({error})"[:500]
            result.uncertain += 1
        session.commit()


def _reschedule(db: Database, ids: list[int], policy: WorkerPolicy, error: Exception, result: RunResult) -> None:
    """The server could not be reached: every claimed row goes back to the queue with backoff."""
    now = utc_now()
    with db.session() as session:
        for message in session.scalars(select(MailMessage).where(MailMessage.id.in_(ids))):
            _temporary(message, policy, now, _describe(error), result)
        session.commit()


def run_once(db: Database, config: smtp.SmtpConfig | None, policy: WorkerPolicy | None = None) -> RunResult:
    """One pass: release abandoned claims, then claim and send due mail; without SMTP nothing is sent."""
    policy = policy or WorkerPolicy()
    result = RunResult()
    with db.session() as session:
        result.uncertain = release_abandoned(session, policy, utc_now())
        session.commit()
    if config is None:
        return result
    while True:
        with db.session() as session:
            ids = claim(session, policy, utc_now())
            session.commit()  # the claim is durable before any byte goes to the mail server
        if not ids:
            return result
        try:
            client = smtp.connect(config)
        except (OSError, smtplib.SMTPException) as error:
            log.warning("Mailserver %s nicht erreichbar: %s", config.label, error)
            result.errors.append(str(error))
            _reschedule(db, ids, policy, error, result)
            return result
        try:
            _send_batch(db, client, ids, policy, result)
        finally:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()


def _send_batch(db: Database, client: smtplib.SMTP, ids: list[int], policy: WorkerPolicy, result: RunResult) -> None:
    for message_id in ids:
        with db.session(read_only=True) as session:
            message = session.get(MailMessage, message_id)
            if message is None:
                continue
            mime = smtp.to_mime(message)
            recipient = message.recipient_email
        error: Exception | None = None
        try:
            client.send_message(mime, to_addrs=[recipient])
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as refused:
            error = refused
        except (OSError, smtplib.SMTPException) as broken:
            # The connection broke while this mail was in flight: the server may have taken it, so it is
            # marked uncertain rather than resent; the rest of the batch is retried later.
            _mark_uncertain(db, message_id, _describe(broken), result)
            rest = ids[ids.index(message_id) + 1 :]
            if rest:
                _reschedule(db, rest, policy, broken, result)
            result.errors.append(str(broken))
            return
        _record(db, message_id, policy, error, result)
