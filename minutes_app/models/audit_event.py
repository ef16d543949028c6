"""Protokoll der Änderungen: an append-only audit trail."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdMixin, utc_now


class AuditEvent(IdMixin, Base):
    """Who did what to which object, and when. Rows are only ever inserted."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)

    created: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: Kept as text so the trail survives deletion of the account.
    actor_name: Mapped[str] = mapped_column(String(200), default="System")
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(60), index=True)
    summary: Mapped[str] = mapped_column(String(500), default="")
    #: The body the object belongs to (None: installation-wide, e.g. user accounts), for scoped trails.
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id", ondelete="SET NULL"), index=True)
