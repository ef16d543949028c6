"""The Körperschaft (county or city) and its settings."""
from __future__ import annotations

from typing import TYPE_CHECKING

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, OParlMixin, enum_column
from .enums import MinutesPublication, QuorumRule

if TYPE_CHECKING:
    from .file import File
    from .legislative_term import LegislativeTerm
    from .location import Location


class Body(IdMixin, OParlMixin, Base):
    """A county or city: name and the settings every workflow reads."""

    __tablename__ = "bodies"
    __table_args__ = (
        CheckConstraint("notice_period_days >= 0 AND notice_period_days <= 60", name="notice_period_range"),
        CheckConstraint("max_upload_mb >= 1 AND max_upload_mb <= 500", name="upload_limit_range"),
    )

    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(60), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    #: Vorlage number format; ``{number}`` and ``{year}`` are replaced, ``{number:03d}`` pads.
    paper_reference_format: Mapped[str] = mapped_column(String(40), default="{number:03d}/{year}")
    #: Ladungsfrist in days and how the days are counted.
    notice_period_days: Mapped[int] = mapped_column(default=7)
    notice_counts_dispatch_day: Mapped[bool] = mapped_column(default=False)
    notice_counts_meeting_day: Mapped[bool] = mapped_column(default=False)
    quorum_rule: Mapped[QuorumRule] = mapped_column(enum_column(QuorumRule), default=QuorumRule.MORE_THAN_HALF)
    minutes_publication: Mapped[MinutesPublication] = mapped_column(
        enum_column(MinutesPublication), default=MinutesPublication.ON_CLOSED
    )
    max_upload_mb: Mapped[int] = mapped_column(default=20)
    #: Letterhead (.docx base template) used by every DOCX export.
    letterhead_file_id: Mapped[int | None] = mapped_column(
        # use_alter breaks the bodies → files → users → organizations → bodies cycle for DDL ordering.
        ForeignKey("files.id", ondelete="SET NULL", use_alter=True)
    )
    imprint_text: Mapped[str] = mapped_column(Text, default="")
    privacy_text: Mapped[str] = mapped_column(Text, default="")
    accessibility_text: Mapped[str] = mapped_column(Text, default="")
    #: OParl ``ags``: 8-digit Amtlicher Gemeindeschlüssel (text: keeps the leading zero).
    ags: Mapped[str] = mapped_column(String(8), default="")
    #: OParl ``rgs``: 12-digit Regionalschlüssel.
    rgs: Mapped[str] = mapped_column(String(12), default="")
    #: OParl ``equivalent``: URLs of the same body elsewhere (GND, Wikidata, Wikipedia).
    equivalent: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: OParl ``contactName``: the office to contact about the RIS.
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    #: OParl ``classification``, e.g. "Landkreis", "Kreisfreie Stadt", "Gemeinde".
    classification: Mapped[str] = mapped_column(String(100), default="")
    #: OParl ``location``: the seat of the body.
    location_id: Mapped[int | None] = mapped_column(
        # use_alter: locations reference bodies, too.
        ForeignKey("locations.id", ondelete="SET NULL", use_alter=True)
    )
    #: OParl ``license`` (URL) for all data of the body, and since when it applies.
    license: Mapped[str] = mapped_column(String(300), default="")
    license_valid_since: Mapped[datetime | None]
    #: OParl ``oparlSince``: since when the body's data are served through OParl.
    oparl_since: Mapped[datetime | None]
    #: Names always redacted in public versions (Schwärzung), one per line.
    redacted_names: Mapped[str] = mapped_column(Text, default="")

    letterhead_file: Mapped[File | None] = relationship(foreign_keys=[letterhead_file_id])
    location: Mapped[Location | None] = relationship(foreign_keys=[location_id])
    legislative_terms: Mapped[list[LegislativeTerm]] = relationship(
        back_populates="body", order_by="LegislativeTerm.start_date"
    )

    def __repr__(self) -> str:
        return f"<Body {self.id} {self.name!r}>"
