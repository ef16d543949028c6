"""Anwesenheit: who attended a meeting, from when until when."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, enum_column
from .enums import AttendanceStatus, AttendeeKind

if TYPE_CHECKING:
    from .agenda_item import AgendaItem
    from .meeting import Meeting
    from .person import Person


class Attendance(IdMixin, Base):
    """A member's, guest's or staff member's attendance at a meeting."""

    __tablename__ = "attendances"
    __table_args__ = (
        UniqueConstraint("meeting_id", "person_id"),
        CheckConstraint("person_id IS NOT NULL OR guest_name != ''", name="person_or_name"),
    )

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    #: Name of a guest who is not in the persons list.
    guest_name: Mapped[str] = mapped_column(String(200), default="")
    #: Function or organization of a guest or staff member, e.g. "Jobcenter Friesland".
    note: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[AttendeeKind] = mapped_column(enum_column(AttendeeKind), default=AttendeeKind.MEMBER)
    status: Mapped[AttendanceStatus] = mapped_column(
        enum_column(AttendanceStatus), default=AttendanceStatus.PRESENT
    )
    voting_right: Mapped[bool] = mapped_column(default=True)
    represented_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    #: First item attended when arriving late; last item attended when leaving early.
    arrival_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"))
    departure_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship()
    person: Mapped[Person | None] = relationship(foreign_keys=[person_id])
    represented_by: Mapped[Person | None] = relationship(foreign_keys=[represented_by_id])
    arrival_item: Mapped[AgendaItem | None] = relationship(foreign_keys=[arrival_item_id])
    departure_item: Mapped[AgendaItem | None] = relationship(foreign_keys=[departure_item_id])

    @property
    def display_name(self) -> str:
        """The attendee's name."""
        return self.person.name if self.person else self.guest_name
