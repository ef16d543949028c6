"""Citizens' alerts without an account: an e-mail address following a committee, new Vorlagen or a search.

The address is stored for this purpose only and the row is deleted on
unsubscribe (with its seen-markers and queued mails), as the DSGVO requires.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, enum_column, utc_now
from .enums import LabeledEnum

if TYPE_CHECKING:
    from .organization import Organization


class AlertTopic(LabeledEnum):
    COMMITTEE = "committee", "Sitzungen eines Gremiums"
    PAPERS = "papers", "neue Vorlagen"
    SEARCH = "search", "gespeicherte Suche"


class AlertSubscription(IdMixin, Base):
    """One subscription; unconfirmed until the link of the confirmation mail is opened (double opt-in)."""

    __tablename__ = "alert_subscriptions"

    email: Mapped[str] = mapped_column(String(254), index=True)
    topic: Mapped[AlertTopic] = mapped_column(enum_column(AlertTopic))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    query: Mapped[str] = mapped_column(String(200), default="")
    #: Random value inside the signed links; a deleted or renewed subscription invalidates old links.
    nonce: Mapped[str] = mapped_column(String(64))
    created: Mapped[datetime] = mapped_column(default=utc_now)
    confirmed_at: Mapped[datetime | None]

    organization: Mapped[Organization | None] = relationship()
    seen: Mapped[list[AlertSeen]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    @property
    def description(self) -> str:
        """What the subscription follows, in German."""
        if self.topic is AlertTopic.COMMITTEE and self.organization is not None:
            return f"Sitzungen des Gremiums „{self.organization.name}“"
        if self.topic is AlertTopic.SEARCH:
            return f"neue Vorlagen zur Suche „{self.query}“"
        return "neue öffentliche Vorlagen"


class AlertSeen(Base):
    """A public object a subscription has already reported (or that existed when it was confirmed)."""

    __tablename__ = "alert_seen"

    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("alert_subscriptions.id", ondelete="CASCADE"), primary_key=True
    )
    object_key: Mapped[str] = mapped_column(String(60), primary_key=True)
