"""Mitgliedschaften: a person in an organization, with role and period."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, OParlMixin, enum_column
from .enums import MembershipRole

if TYPE_CHECKING:
    from .organization import Organization
    from .person import Person


class Membership(IdMixin, OParlMixin, Base):
    """A person's membership in a committee, department or Fraktion."""

    __tablename__ = "memberships"
    __table_args__ = (CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),)

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    role: Mapped[MembershipRole] = mapped_column(enum_column(MembershipRole), default=MembershipRole.MEMBER)
    voting_right: Mapped[bool] = mapped_column(default=True)
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    #: The Fraktion on whose behalf the person sits in the committee.
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))

    person: Mapped[Person] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(back_populates="memberships", foreign_keys=[organization_id])
    on_behalf_of: Mapped[Organization | None] = relationship(foreign_keys=[on_behalf_of_id])

    def is_active_on(self, day: date) -> bool:
        """Whether the membership covers ``day``."""
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)
