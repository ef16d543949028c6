"""Vorlagen (OParl Paper), their versions and the per-year number counter."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Index, JSON, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, OParlMixin, enum_column, utc_now
from .enums import PaperState, PaperType

if TYPE_CHECKING:
    from .consultation import Consultation
    from .file import File
    from .location import Location
    from .organization import Organization
    from .person import Person
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
    # The owners of a file are looked up by file (search hits, visibility); the key starts with the owner.
    Index("ix_paper_files_file_id", "file_id"),
)

#: Further lead departments (OParl ``underDirectionOf`` is a list; the first is ``Paper.originator``).
paper_further_leads = Table(
    "paper_further_leads",
    Base.metadata,
    Column("paper_id", ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
)

#: OParl ``originatorPerson``: persons who submitted the Vorlage (Antragsteller/innen).
paper_originator_persons = Table(
    "paper_originator_persons",
    Base.metadata,
    Column("paper_id", ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True),
)

#: OParl ``originatorOrganization``: groups that submitted the Vorlage (e.g. a Fraktion).
paper_originator_organizations = Table(
    "paper_originator_organizations",
    Base.metadata,
    Column("paper_id", ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
)

#: OParl ``relatedPaper``: a symmetric link, stored once; :attr:`Paper.related_papers` reads both directions.
paper_related = Table(
    "paper_related",
    Base.metadata,
    Column("paper_id", ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("related_paper_id", ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
)

#: OParl ``superordinatedPaper``/``subordinatedPaper``, e.g. an Änderungsantrag under the Vorlage it amends.
paper_hierarchy = Table(
    "paper_hierarchy",
    Base.metadata,
    Column("superordinated_id", ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("subordinated_id", ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
)

#: OParl ``Paper.location``: places the Vorlage is about.
paper_locations = Table(
    "paper_locations",
    Base.metadata,
    Column("paper_id", ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("location_id", ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True),
)


class Paper(IdMixin, OParlMixin, Base):
    """A Vorlage with its texts, Beratungsfolge, attachments and sign-offs."""

    __tablename__ = "papers"
    __table_args__ = (
        UniqueConstraint("body_id", "reference"),
        UniqueConstraint("body_id", "reference_year", "reference_number"),
    )

    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="RESTRICT"), index=True)
    reference: Mapped[str] = mapped_column(String(40))
    reference_year: Mapped[int]
    #: The running number when the system drew it; empty for a reference recorded as it was
    #: (history, import), whose uniqueness per body the ``reference`` constraint still guards.
    reference_number: Mapped[int | None]
    name: Mapped[str] = mapped_column(String(500))
    paper_type: Mapped[PaperType] = mapped_column(enum_column(PaperType), index=True)
    date: Mapped[date] = mapped_column(index=True)
    public: Mapped[bool] = mapped_column(default=True)
    state: Mapped[PaperState] = mapped_column(enum_column(PaperState), default=PaperState.DRAFT, index=True)
    #: Federführend (first of OParl ``underDirectionOf``); empty e.g. for an Antrag of a Fraktion.
    originator_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
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
    #: Entered afterwards as it happened ("Altbestand"): no number drawn, no sign-off chain run.
    recorded_after_the_fact: Mapped[bool] = mapped_column(default=False)
    #: Signatures of a recorded Vorlage as they stand on the original, one per line
    #: (e.g. "gez. Dr. Bernd Sommer, Landrat, 04.02.2013"); printed instead of Sichtvermerke.
    recorded_signatures: Mapped[str] = mapped_column(Text, default="")
    #: OParl ``mainFile``: the main document; the other files are ``auxiliaryFile``.
    main_file_id: Mapped[int | None] = mapped_column(ForeignKey("files.id", ondelete="SET NULL"))

    originator: Mapped[Organization | None] = relationship(foreign_keys=[originator_id])
    further_leads: Mapped[list[Organization]] = relationship(secondary=paper_further_leads)
    originator_persons: Mapped[list[Person]] = relationship(secondary=paper_originator_persons)
    originator_organizations: Mapped[list[Organization]] = relationship(secondary=paper_originator_organizations)
    main_file: Mapped[File | None] = relationship(foreign_keys=[main_file_id])
    locations: Mapped[list[Location]] = relationship(secondary=paper_locations)
    superordinated_papers: Mapped[list[Paper]] = relationship(
        secondary=paper_hierarchy,
        primaryjoin="Paper.id == paper_hierarchy.c.subordinated_id",
        secondaryjoin="Paper.id == paper_hierarchy.c.superordinated_id",
        back_populates="subordinated_papers",
        order_by="Paper.date",
    )
    subordinated_papers: Mapped[list[Paper]] = relationship(
        secondary=paper_hierarchy,
        primaryjoin="Paper.id == paper_hierarchy.c.superordinated_id",
        secondaryjoin="Paper.id == paper_hierarchy.c.subordinated_id",
        back_populates="superordinated_papers",
        order_by="Paper.date",
    )
    #: Related papers this Vorlage names; :attr:`related_papers` adds those that name it.
    related_to: Mapped[list[Paper]] = relationship(
        secondary=paper_related,
        primaryjoin="Paper.id == paper_related.c.paper_id",
        secondaryjoin="Paper.id == paper_related.c.related_paper_id",
        back_populates="related_from",
    )
    related_from: Mapped[list[Paper]] = relationship(
        secondary=paper_related,
        primaryjoin="Paper.id == paper_related.c.related_paper_id",
        secondaryjoin="Paper.id == paper_related.c.paper_id",
        back_populates="related_to",
    )
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
    def under_direction_of(self) -> list[Organization]:
        """All lead departments (OParl ``underDirectionOf``), the first one first."""
        return [o for o in (self.originator, *self.further_leads) if o is not None]

    @property
    def origin_label(self) -> str:
        """Who the Vorlage comes from, for lists: the lead departments, else its originators."""
        names = [o.name for o in self.under_direction_of] or [
            *(o.name for o in self.originator_organizations), *(p.name for p in self.originator_persons)]
        return ", ".join(names) or "–"

    @property
    def related_papers(self) -> list[Paper]:
        """Related papers in both directions (OParl ``relatedPaper``), without duplicates."""
        seen: dict[int, Paper] = {p.id: p for p in self.related_to}
        seen.update((p.id, p) for p in self.related_from if p.id not in seen)
        return list(seen.values())

    @property
    def auxiliary_files(self) -> list[File]:
        """The files except the main file (OParl ``auxiliaryFile``)."""
        return [f for f in self.files if f.id != self.main_file_id]

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
