"""Beratungsfolge: one step of a Vorlage's consultation sequence."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, OParlMixin, enum_column
from .enums import AgendaItemResult, ConsultationRole

if TYPE_CHECKING:
    from .agenda_item import AgendaItem
    from .meeting import Meeting
    from .organization import Organization
    from .paper import Paper


class Consultation(IdMixin, OParlMixin, Base):
    """A committee's consultation of a Vorlage, in order, with its role and later its result."""

    __tablename__ = "consultations"
    __table_args__ = (UniqueConstraint("paper_id", "position"),)

    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int]
    role: Mapped[ConsultationRole] = mapped_column(enum_column(ConsultationRole))
    authoritative: Mapped[bool] = mapped_column(default=False)
    #: Planned, later actual meeting.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL"), unique=True
    )
    result: Mapped[AgendaItemResult | None] = mapped_column(enum_column(AgendaItemResult))
    #: Free note on the result (e.g. "mit Änderungen").
    result_note: Mapped[str] = mapped_column(String(300), default="")

    paper: Mapped[Paper] = relationship(back_populates="consultations")
    organization: Mapped[Organization] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship(back_populates="consultation")
