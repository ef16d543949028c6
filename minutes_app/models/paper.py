"""Vorlagen (OParl Paper), their versions and the per-year number counter."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, TimestampMixin, enum_column, utc_now
from .enums import PaperState, PaperType

if TYPE_CHECKING:
    from .consultation import Consultation
    from .file import File
    from .organization import Organization
    from .sign_off import SignOff
    from .user import User

#: Beteiligt: further departments of a Vorlage.
paper_participants = Table(
    "paper_participants",
    Base.metadata,
    Column("paper_id", ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
)

paper_files = Table(
    "paper_files",
    Base.metadata,
    Column("paper_id", ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("file_id", ForeignKey("files.id", ondelete="CASCADE"), primary_key=True),
)


class Paper(IdMixin, TimestampMixin, Base):
    """A Vorlage with its texts, Beratungsfolge, attachments and sign-offs."""

    __tablename__ = "papers"
    __table_args__ = (
        UniqueConstraint("body_id", "reference"),
        UniqueConstraint("body_id", "reference_year", "reference_number"),
    )

    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="RESTRICT"), index=True)
    reference: Mapped[str] = mapped_column(String(40))
    reference_year: Mapped[int]
    reference_number: Mapped[int]
    name: Mapped[str] = mapped_column(String(500))
    paper_type: Mapped[PaperType] = mapped_column(enum_column(PaperType), index=True)
    date: Mapped[date] = mapped_column(index=True)
    public: Mapped[bool] = mapped_column(default=True)
    state: Mapped[PaperState] = mapped_column(enum_column(PaperState), default=PaperState.DRAFT, index=True)
    #: Federführend.
    originator_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Antrag der Verwaltung / Beschlussvorschlag (safe markup).
    resolution_proposal: Mapped[str] = mapped_column(Text, default="")
    #: Sachverhalt / Begründung (safe markup).
    reasoning: Mapped[str] = mapped_column(Text, default="")
    #: Finanzierung und Folgekosten (safe markup).
    financial_impact: Mapped[str] = mapped_column(Text, default="")
    #: Current content version; raised when released or signed content changes.
    version: Mapped[int] = mapped_column(default=1)
    #: Optimistic-locking counter: raised by every saved edit, so a form based on an older state is refused.
    lock_version: Mapped[int] = mapped_column(default=1, server_default="1")
    #: Comment of the last return in the sign-off chain, shown to the author.
    return_comment: Mapped[str] = mapped_column(Text, default="")

    originator: Mapped[Organization] = relationship(foreign_keys=[originator_id])
    participants: Mapped[list[Organization]] = relationship(secondary=paper_participants)
    author: Mapped[User | None] = relationship()
    consultations: Mapped[list[Consultation]] = relationship(
        back_populates="paper", order_by="Consultation.position", cascade="all, delete-orphan"
    )
    sign_offs: Mapped[list[SignOff]] = relationship(
        back_populates="paper", order_by="(SignOff.paper_version, SignOff.order)", cascade="all, delete-orphan"
    )
    files: Mapped[list[File]] = relationship(secondary=paper_files)
    versions: Mapped[list[PaperVersion]] = relationship(
        back_populates="paper", order_by="PaperVersion.version", cascade="all, delete-orphan"
    )

    @property
    def authoritative_consultation(self) -> Consultation | None:
        """The consultation whose result settles the Vorlage."""
        return next((c for c in self.consultations if c.authoritative), None)

    def __repr__(self) -> str:
        return f"<Paper {self.id} {self.reference}>"


class PaperVersion(IdMixin, Base):
    """A frozen snapshot of a Vorlage's content (what a signature covers)."""

    __tablename__ = "paper_versions"
    __table_args__ = (UniqueConstraint("paper_id", "version"),)

    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    content: Mapped[dict[str, object]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    created: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    paper: Mapped[Paper] = relationship(back_populates="versions")


class PaperReferenceCounter(Base):
    """The last Vorlage number used per body and year; numbers are never reused."""

    __tablename__ = "paper_reference_counters"

    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)
