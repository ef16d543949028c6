"""Gremien, Fachbereiche/Dezernate and Fraktionen (OParl Organization)."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, OParlMixin, enum_column
from .enums import OrganizationType

if TYPE_CHECKING:
    from .body import Body
    from .location import Location
    from .membership import Membership


class Organization(IdMixin, OParlMixin, Base):
    """A committee, department or parliamentary group of a body."""

    __tablename__ = "organizations"

    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(60), default="")
    organization_type: Mapped[OrganizationType] = mapped_column(enum_column(OrganizationType), index=True)
    #: A department's Dezernat, a sub-committee's parent committee.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    #: Overrides the body's Ladungsfrist for this committee when set.
    notice_period_days: Mapped[int | None]
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    website: Mapped[str] = mapped_column(String(300), default="")
    #: OParl ``classification``: the precise kind, e.g. "Parlament", "Ausschuss", "Beirat", "Fraktion".
    classification: Mapped[str] = mapped_column(String(100), default="")
    #: OParl ``post``: positions in this organization, e.g. ["Vorsitzende/r", "Schriftführer/in"].
    post: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: OParl ``location``: where the organization sits or meets.
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id", ondelete="SET NULL"))
    #: OParl ``externalBody``: URL of a more specific OParl body for this organization.
    external_body: Mapped[str] = mapped_column(String(500), default="")

    body: Mapped[Body] = relationship()
    parent: Mapped[Organization | None] = relationship(remote_side="Organization.id")
    location: Mapped[Location | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organization",
        foreign_keys="Membership.organization_id",
        cascade="all, delete-orphan",
    )

    @property
    def is_committee(self) -> bool:
        """Whether meetings and agendas belong to this organization."""
        return self.organization_type is OrganizationType.COMMITTEE

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.name!r}>"
