"""The Körperschaft (county or city) and its settings."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, event, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Mapper, mapped_column, object_session, relationship

from ..bodies.slugs import RESERVED, slugify
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
    #: Kürzel: the URL-safe, unique path prefix of the body's portal (``/<slug>/sitzungen``).
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    #: Optional host name under which the portal of this body answers without a prefix.
    host_name: Mapped[str] = mapped_column(String(200), default="")
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
    #: Numbering runs on from the public into the non-public part (Ö 1–8, N 9–12) instead of restarting.
    continuous_numbering: Mapped[bool] = mapped_column(default=False)
    #: Whether one person may sign several positions of one Vorlage (four-eyes rule off).
    sign_off_same_person_allowed: Mapped[bool] = mapped_column(default=False)
    #: Letterhead (.docx base template) used by every DOCX export.
    letterhead_file_id: Mapped[int | None] = mapped_column(
        # use_alter breaks the bodies → files → users → organizations → bodies cycle for DDL ordering.
        ForeignKey("files.id", ondelete="SET NULL", use_alter=True)
    )
    #: Sender and reply-to address of the body's e-mails (empty: the installation's MAIL_SENDER).
    mail_sender: Mapped[str] = mapped_column(String(200), default="", server_default="")
    mail_reply_to: Mapped[str] = mapped_column(String(200), default="", server_default="")
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


@event.listens_for(Body, "before_insert")
def _default_slug(_mapper: Mapper[Body], connection: Connection, target: Body) -> None:
    """Give a body created without a Kürzel a free one derived from its short name or name."""
    if target.slug:
        return
    taken = set(connection.scalars(select(Body.slug)))
    session = object_session(target)
    if session is not None:
        taken |= {obj.slug for obj in session.new if isinstance(obj, Body) and obj is not target and obj.slug}
    base = slugify(target.short_name or target.name) or "koerperschaft"
    if base in RESERVED:
        base = f"{base}-k"
    candidate, counter = base, 1
    while candidate in taken:
        counter += 1
        candidate = f"{base[:36]}-{counter}"
    target.slug = candidate
