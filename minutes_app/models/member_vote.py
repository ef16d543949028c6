"""Recorded votes of single members (a member's right to have their vote in the minutes)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, enum_column
from .enums import VoteChoice

if TYPE_CHECKING:
    from .agenda_item import AgendaItem
    from .person import Person


class MemberVote(IdMixin, Base):
    """How one voting member (or the deputy sitting in) voted on one agenda item."""

    __tablename__ = "member_votes"
    __table_args__ = (UniqueConstraint("agenda_item_id", "person_id"),)

    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    vote: Mapped[VoteChoice] = mapped_column(enum_column(VoteChoice))

    agenda_item: Mapped[AgendaItem] = relationship()
    person: Mapped[Person] = relationship()
