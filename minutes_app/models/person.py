"""Persons: council members, staff, guests."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, TimestampMixin

if TYPE_CHECKING:
    from .membership import Membership


class Person(IdMixin, TimestampMixin, Base):
    """A natural person known to the body (OParl Person)."""

    __tablename__ = "persons"

    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    family_name: Mapped[str] = mapped_column(String(100))
    given_name: Mapped[str] = mapped_column(String(100), default="")
    form_of_address: Mapped[str] = mapped_column(String(30), default="")
    title: Mapped[str] = mapped_column(String(60), default="")
    #: Name affix such as "KTA" (Kreistagsabgeordnete/r).
    affix: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Membership.start_date"
    )

    @property
    def name(self) -> str:
        """Full name with title, e.g. "Dr. Anna Keller"."""
        return " ".join(p for p in (self.title, self.given_name, self.family_name) if p)

    @property
    def sort_name(self) -> str:
        """Name for alphabetical lists: "Keller, Anna"."""
        return f"{self.family_name}, {self.given_name}".strip(", ")

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.name!r}>"
