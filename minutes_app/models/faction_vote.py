"""Votes as real minutes record them beyond one overall count: per Fraktion, and per part of an item."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, enum_column
from .enums import AgendaItemResult

if TYPE_CHECKING:
    from .agenda_item import AgendaItem
    from .organization import Organization


class FactionVote(IdMixin, Base):
    """How one Fraktion voted on an agenda item (one row of the table Fraktion × Ja/Nein/Enthaltung)."""

    __tablename__ = "faction_votes"
    __table_args__ = (
        UniqueConstraint("agenda_item_id", "organization_id"),
        CheckConstraint("yes >= 0 AND no >= 0 AND abstain >= 0", name="faction_votes_not_negative"),
    )

    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    yes: Mapped[int] = mapped_column(default=0)
    no: Mapped[int] = mapped_column(default=0)
    abstain: Mapped[int] = mapped_column(default=0)

    agenda_item: Mapped[AgendaItem] = relationship(back_populates="faction_votes")
    organization: Mapped[Organization] = relationship()


class VotePart(IdMixin, Base):
    """A separate vote on a part of one item's resolution ("Nr. 1+2", "Nr. 3")."""

    __tablename__ = "vote_parts"
    __table_args__ = (
        UniqueConstraint("agenda_item_id", "position"),
        CheckConstraint(
            "(votes_yes IS NULL OR votes_yes >= 0) AND (votes_no IS NULL OR votes_no >= 0)"
            " AND (votes_abstain IS NULL OR votes_abstain >= 0)",
            name="vote_parts_not_negative",
        ),
    )

    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(100))
    result: Mapped[AgendaItemResult] = mapped_column(enum_column(AgendaItemResult))
    result_wording: Mapped[str] = mapped_column(String(200), default="")
    votes_yes: Mapped[int | None]
    votes_no: Mapped[int | None]
    votes_abstain: Mapped[int | None]
    unanimous: Mapped[bool] = mapped_column(default=False)
    majority: Mapped[bool] = mapped_column(default=False)

    agenda_item: Mapped[AgendaItem] = relationship(back_populates="vote_parts")

    @property
    def vote_label(self) -> str:
        """The part's vote in the words of the minutes."""
        from .agenda_item import vote_phrase

        return vote_phrase(self.unanimous, self.majority, self.votes_yes, self.votes_no, self.votes_abstain)

    @property
    def result_label(self) -> str:
        """The part's result as worded, else the standard label."""
        return self.result_wording or self.result.label
