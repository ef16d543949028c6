"""Postausgang: every outgoing e-mail is a row, written in the transaction of the action that caused it.

A delivery worker (:mod:`minutes_app.mail.worker`) claims a row by moving it
from ``queued`` to ``sending`` and committing before it talks to the mail
server, so a crash can never make it send the same mail twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, TimestampMixin, enum_column
from .enums import LabeledEnum

if TYPE_CHECKING:
    from .mail_dispatch import MailDispatch


class MailState(LabeledEnum):
    QUEUED = "queued", "wartet auf Versand"
    SENDING = "sending", "wird gesendet"
    SENT = "sent", "versandt"
    REFUSED = "refused", "abgewiesen (Adresse unzustellbar)"
    FAILED = "failed", "endgültig fehlgeschlagen"
    UNCERTAIN = "uncertain", "Zustellung ungewiss (Versand abgebrochen)"


class MailKind(LabeledEnum):
    INVITATION = "invitation", "Einladung"
    SUPPLEMENT = "supplement", "Nachtrag"
    MOVED = "moved", "Verlegung"
    CANCELLED = "cancelled", "Absage"
    TASKS = "tasks", "Aufgaben"
    ALERT_CONFIRM = "alert_confirm", "Bestätigung eines Abonnements"
    ALERT = "alert", "Benachrichtigung eines Abonnements"

    @property
    def is_alert(self) -> bool:
        """Mails to citizens' subscriptions (deleted with the subscription)."""
        return self in (MailKind.ALERT, MailKind.ALERT_CONFIRM)


class MailMessage(IdMixin, TimestampMixin, Base):
    """One e-mail to one recipient, with its delivery state."""

    __tablename__ = "mail_messages"
    __table_args__ = (UniqueConstraint("message_id"),)

    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id", ondelete="SET NULL"))
    dispatch_id: Mapped[int | None] = mapped_column(ForeignKey("mail_dispatches.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    kind: Mapped[MailKind] = mapped_column(enum_column(MailKind))
    recipient_email: Mapped[str] = mapped_column(String(254), index=True)
    recipient_name: Mapped[str] = mapped_column(String(200), default="")
    #: Which version of a document the recipient was sent, e.g. "vollständige Fassung".
    version_label: Mapped[str] = mapped_column(String(60), default="")
    sender: Mapped[str] = mapped_column(String(300))
    reply_to: Mapped[str] = mapped_column(String(300), default="")
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    #: The Message-ID header, fixed when the mail is queued, so a resent copy is recognisable.
    message_id: Mapped[str] = mapped_column(String(300))
    state: Mapped[MailState] = mapped_column(enum_column(MailState), default=MailState.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(index=True)
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(String(500), default="")

    dispatch: Mapped[MailDispatch | None] = relationship(back_populates="messages")
    attachments: Mapped[list[MailAttachment]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="MailAttachment.id"
    )

    def __repr__(self) -> str:
        return f"<MailMessage {self.id} {self.kind.value} {self.state.value}>"


class MailAttachment(IdMixin, Base):
    """A file sent with a mail (Einladung as DOCX, the iCal event)."""

    __tablename__ = "mail_attachments"

    message_id: Mapped[int] = mapped_column(ForeignKey("mail_messages.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(120))
    content: Mapped[bytes] = mapped_column(LargeBinary)

    message: Mapped[MailMessage] = relationship(back_populates="attachments")
