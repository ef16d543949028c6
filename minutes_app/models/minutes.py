"""Niederschrift of a meeting: state, recorder, signatures, approval."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, TimestampMixin, enum_column
from .enums import MinutesState

if TYPE_CHECKING:
    from .agenda_item import AgendaItem
    from .meeting import Meeting
    from .person import Person
    from .user import User


class Minutes(IdMixin, TimestampMixin, Base):
    """The minutes of one meeting; the item texts live on the agenda items."""

    __tablename__ = "minutes"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), unique=True)
    state: Mapped[MinutesState] = mapped_column(enum_column(MinutesState), default=MinutesState.DRAFT, index=True)
    #: Actual start and end of the meeting.
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    recorder_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    chair_signed_at: Mapped[datetime | None]
    recorder_signed_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
    #: The agenda item "Genehmigung der Niederschrift" of the later meeting.
    approved_in_agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    #: Corrections decided at the approval: to the public part (published) …
    approval_note: Mapped[str] = mapped_column(Text, default="")
    #: … and to the non-public part (internal only).
    approval_note_internal: Mapped[str] = mapped_column(Text, default="")
    #: When the secretary confirmed the attendance list (the prefilled list alone is no record).
    attendance_recorded_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    #: Signatures of minutes recorded after the fact, as they stand on the original
    #: (e.g. "gez. Anna Keller, Vorsitzende, 14.03.2013"); one per line.
    recorded_signatures: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="minutes")
    chair: Mapped[Person | None] = relationship()
    recorder: Mapped[User | None] = relationship()
    approved_in_agenda_item: Mapped[AgendaItem | None] = relationship()
