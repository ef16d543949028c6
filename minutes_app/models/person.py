"""Persons: council members, staff, guests."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, OParlMixin

if TYPE_CHECKING:
    from .location import Location
    from .membership import Membership


class Person(IdMixin, OParlMixin, Base):
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
    #: Further e-mail addresses and phone numbers (OParl ``email``/``phone`` are lists; the first is above).
    further_emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    further_phones: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: OParl ``gender``: "female", "male", other values lower-case English; empty when unknown.
    gender: Mapped[str] = mapped_column(String(20), default="")
    #: OParl ``status``: roles in the body, e.g. ["Bürgermeisterin", "Ratsmitglied"].
    status: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: OParl ``location``/``locationObject``: contact address.
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id", ondelete="SET NULL"))
    #: OParl ``life`` and ``lifeSource``: a short biography and where it comes from.
    life: Mapped[str] = mapped_column(Text, default="")
    life_source: Mapped[str] = mapped_column(String(300), default="")

    location: Mapped[Location | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Membership.start_date"
    )

    @property
    def name(self) -> str:
        """Full name with title, e.g. "Dr. Anna Keller"."""
        return " ".join(p for p in (self.title, self.given_name, self.family_name) if p)

    @property
    def emails(self) -> list[str]:
        """All e-mail addresses, the main one first (OParl ``email``)."""
        return [e for e in (self.email, *self.further_emails) if e]

    @property
    def phones(self) -> list[str]:
        """All phone numbers, the main one first (OParl ``phone``)."""
        return [p for p in (self.phone, *self.further_phones) if p]

    @property
    def titles(self) -> list[str]:
        """The academic titles as a list (OParl ``title``), e.g. "Prof. Dr." → ["Prof.", "Dr."]."""
        return self.title.split()

    @property
    def sort_name(self) -> str:
        """Name for alphabetical lists: "Keller, Anna"."""
        return f"{self.family_name}, {self.given_name}".strip(", ")

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.name!r}>"
