"""Versandprotokoll: one dispatch of a meeting's invitation, Nachtrag, Verlegung or Absage."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, enum_column, utc_now
from .mail_message import MailKind

if TYPE_CHECKING:
    from .mail_message import MailMessage


class MailDispatch(IdMixin, Base):
    """Who sent which notice about a meeting, when; its messages carry the delivery state per recipient."""

    __tablename__ = "mail_dispatches"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MailKind] = mapped_column(enum_column(MailKind))
    #: The recorded dispatch time; the Ladungsfrist of an invitation counts from it.
    created: Mapped[datetime] = mapped_column(default=utc_now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(200), default="System")
    note: Mapped[str] = mapped_column(Text, default="")

    messages: Mapped[list[MailMessage]] = relationship(back_populates="dispatch", order_by="MailMessage.recipient_name")


class MailAddressFlag(Base):
    """An address the mail server refused permanently (SMTP 5xx); shown wherever mail goes to it."""

    __tablename__ = "mail_address_flags"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    reason: Mapped[str] = mapped_column(String(500), default="")
    flagged_at: Mapped[datetime] = mapped_column(default=utc_now)
