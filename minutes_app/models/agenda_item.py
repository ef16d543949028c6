"""Tagesordnungspunkte (TOP), with their minutes texts, result and vote."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, OParlMixin, enum_column
from .enums import AgendaItemKind, AgendaItemResult

if TYPE_CHECKING:
    from .consultation import Consultation
    from .faction_vote import FactionVote, VotePart
    from .file import File
    from .implementation import DecisionImplementation
    from .meeting import Meeting

agenda_item_files = Table(
    "agenda_item_files",
    Base.metadata,
    Column("agenda_item_id", ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True),
    Column("file_id", ForeignKey("files.id", ondelete="CASCADE"), primary_key=True),
    # The owners of a file are looked up by file (search hits, visibility); the key starts with the owner.
    Index("ix_agenda_item_files_file_id", "file_id"),
)


def _abstentions(count: int) -> str:
    return f"{count} Enthaltung" if count == 1 else f"{count} Enthaltungen"


def vote_phrase(unanimous: bool, majority: bool, yes: int | None, no: int | None, abstain: int | None) -> str:
    """German wording of a vote: "einstimmig", "einstimmig bei 1 Enthaltung", "mehrheitlich",
    "23 Ja, 20 Nein, 2 Enthaltungen"; empty when no vote is recorded."""
    if unanimous:
        return f"einstimmig bei {_abstentions(abstain)}" if abstain else "einstimmig"
    if yes is not None:
        return f"{yes} Ja, {no or 0} Nein, {_abstentions(abstain or 0)}"
    return "mehrheitlich" if majority else ""


class AgendaItem(IdMixin, OParlMixin, Base):
    """One item of a meeting's agenda in its public (Ö) or non-public (N) part."""

    __tablename__ = "agenda_items"
    __table_args__ = (
        UniqueConstraint("meeting_id", "order"),
        CheckConstraint(
            "(votes_yes IS NULL OR votes_yes >= 0) AND (votes_no IS NULL OR votes_no >= 0)"
            " AND (votes_abstain IS NULL OR votes_abstain >= 0)",
            name="votes_not_negative",
        ),
    )

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    #: Display number such as "Ö 1", "Ö 2.1", "N 1"; derived from order and part.
    number: Mapped[str] = mapped_column(String(20), default="")
    #: Position within the whole meeting (public part first).
    order: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"))
    public: Mapped[bool] = mapped_column(default=True)
    name: Mapped[str] = mapped_column(String(500))
    #: Neutral title shown to the public for a non-public item.
    public_name: Mapped[str] = mapped_column(String(300), default="")
    #: Added after the invitation was issued (Nachtrag).
    is_supplement: Mapped[bool] = mapped_column(default=False)
    #: Beratungsverlauf (safe markup).
    minutes_text: Mapped[str] = mapped_column(Text, default="")
    resolution_text: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[AgendaItemResult | None] = mapped_column(enum_column(AgendaItemResult))
    votes_yes: Mapped[int | None]
    votes_no: Mapped[int | None]
    votes_abstain: Mapped[int | None]
    unanimous: Mapped[bool] = mapped_column(default=False)
    #: "mehrheitlich": the majority is recorded, with or without counts.
    majority: Mapped[bool] = mapped_column(default=False)
    #: The result as these minutes word it ("Empfehlung an den Rat"), or the original wording of a recorded
    #: or imported result ("Unverändert beschlossen"; OParl ``result`` is free text); blank: the standard label.
    result_wording: Mapped[str] = mapped_column(String(300), default="")
    #: Item, numbered heading over sub-items, or separator heading without a number.
    kind: Mapped[AgendaItemKind] = mapped_column(enum_column(AgendaItemKind), default=AgendaItemKind.ITEM)
    #: OParl ``resolutionFile``: the resolution as a file.
    resolution_file_id: Mapped[int | None] = mapped_column(ForeignKey("files.id", ondelete="SET NULL"))
    start_time: Mapped[datetime | None]
    end_time: Mapped[datetime | None]
    #: "Bericht zur Umsetzung": the item lists the committee's open and overdue decisions.
    implementation_report: Mapped[bool] = mapped_column(default=False)
    #: Optimistic lock for concurrent minutes editing.
    version: Mapped[int] = mapped_column(default=1)
    #: Optimistic lock for the title (agenda builder); separate so title edits leave minutes revisions alone.
    title_version: Mapped[int] = mapped_column(default=1, server_default="1")

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")
    parent: Mapped[AgendaItem | None] = relationship(remote_side="AgendaItem.id")
    consultation: Mapped[Consultation | None] = relationship(back_populates="agenda_item", uselist=False)
    files: Mapped[list[File]] = relationship(secondary=agenda_item_files)
    resolution_file: Mapped[File | None] = relationship(foreign_keys=[resolution_file_id])
    vote_parts: Mapped[list[VotePart]] = relationship(
        back_populates="agenda_item", order_by="VotePart.position", cascade="all, delete-orphan",
        passive_deletes=True,  # the database's ON DELETE CASCADE removes them with the item
    )
    faction_votes: Mapped[list[FactionVote]] = relationship(
        back_populates="agenda_item", cascade="all, delete-orphan", passive_deletes=True
    )
    #: Beschlusskontrolle record of an adopted decision.
    implementation: Mapped[DecisionImplementation | None] = relationship(uselist=False, viewonly=True)

    @property
    def vote_label(self) -> str:
        """The vote as minutes state it, e.g. "einstimmig bei 1 Enthaltung" or "12 Ja, 3 Nein, 1 Enthaltung"."""
        return vote_phrase(self.unanimous, self.majority, self.votes_yes, self.votes_no, self.votes_abstain)

    @property
    def result_label(self) -> str:
        """The result as these minutes word it ("Empfehlung an den Rat"), else the standard label."""
        if self.result_wording:
            return self.result_wording
        return self.result.label if self.result else ""

    def __repr__(self) -> str:
        return f"<AgendaItem {self.id} {self.number} {self.name!r}>"
