"""Sitzungen."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, OParlMixin, enum_column
from .enums import MeetingState

if TYPE_CHECKING:
    from .agenda_item import AgendaItem
    from .file import File
    from .location import Location
    from .minutes import Minutes
    from .organization import Organization

#: Further committees of a joint meeting (gemeinsame Sitzung).
meeting_joint_organizations = Table(
    "meeting_joint_organizations",
    Base.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
)

meeting_files = Table(
    "meeting_files",
    Base.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("file_id", ForeignKey("files.id", ondelete="CASCADE"), primary_key=True),
    # The owners of a file are looked up by file (search hits, visibility); the key starts with the owner.
    Index("ix_meeting_files_file_id", "file_id"),
)


class Meeting(IdMixin, OParlMixin, Base):
    """A meeting of one committee (or a joint meeting of several)."""

    __tablename__ = "meetings"
    __table_args__ = (CheckConstraint("end_time IS NULL OR end_time >= start_time", name="times_ordered"),)

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: Running meeting number of the committee, e.g. "12/2026".
    number: Mapped[str] = mapped_column(String(30), default="")
    start_time: Mapped[datetime] = mapped_column(index=True)
    end_time: Mapped[datetime | None]
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id", ondelete="SET NULL"))
    #: Free-text place when the location is not in the list.
    location_text: Mapped[str] = mapped_column(String(300), default="")
    state: Mapped[MeetingState] = mapped_column(enum_column(MeetingState), default=MeetingState.PLANNED, index=True)
    cancellation_reason: Mapped[str] = mapped_column(Text, default="")
    invitation_sent_at: Mapped[datetime | None]
    #: Recorded reason (Dringlichkeit) when the invitation missed the Ladungsfrist.
    late_invitation_reason: Mapped[str] = mapped_column(Text, default="")
    #: Entered afterwards as it happened ("Altbestand"); it never ran the live lifecycle.
    recorded_after_the_fact: Mapped[bool] = mapped_column(default=False)
    #: Original documents of a recorded meeting (OParl ``invitation``, ``resultsProtocol``,
    #: ``verbatimProtocol``); when empty, the generated DOCX stands for the first two.
    invitation_file_id: Mapped[int | None] = mapped_column(ForeignKey("files.id", ondelete="SET NULL"))
    results_protocol_file_id: Mapped[int | None] = mapped_column(ForeignKey("files.id", ondelete="SET NULL"))
    verbatim_protocol_file_id: Mapped[int | None] = mapped_column(ForeignKey("files.id", ondelete="SET NULL"))

    organization: Mapped[Organization] = relationship(foreign_keys=[organization_id])
    joint_organizations: Mapped[list[Organization]] = relationship(secondary=meeting_joint_organizations)
    location: Mapped[Location | None] = relationship()
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.order", cascade="all, delete-orphan"
    )
    minutes: Mapped[Minutes | None] = relationship(back_populates="meeting", cascade="all, delete-orphan")
    files: Mapped[list[File]] = relationship(secondary=meeting_files)
    invitation_file: Mapped[File | None] = relationship(foreign_keys=[invitation_file_id])
    results_protocol_file: Mapped[File | None] = relationship(foreign_keys=[results_protocol_file_id])
    verbatim_protocol_file: Mapped[File | None] = relationship(foreign_keys=[verbatim_protocol_file_id])

    @property
    def organizations(self) -> list[Organization]:
        """All committees of the meeting, the leading one first."""
        return [self.organization, *self.joint_organizations]

    @property
    def cancelled(self) -> bool:
        """OParl's ``cancelled`` flag."""
        return self.state is MeetingState.CANCELLED

    @property
    def place(self) -> str:
        """The place as one line."""
        return self.location.label if self.location else self.location_text

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.name!r}>"
