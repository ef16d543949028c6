"""Sitzungsorte."""
from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdMixin, OParlMixin


class Location(IdMixin, OParlMixin, Base):
    """A place where meetings take place (a room in a building)."""

    __tablename__ = "locations"

    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(String(200))
    room: Mapped[str] = mapped_column(String(100), default="")
    street_address: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    locality: Mapped[str] = mapped_column(String(100), default="")
    #: OParl ``subLocality``: Ortsteil or Stadtbezirk.
    sub_locality: Mapped[str] = mapped_column(String(100), default="")
    #: OParl ``geojson``: a GeoJSON Feature of the place, when known.
    geojson: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    @property
    def label(self) -> str:
        """One line for lists and documents."""
        parts = [self.description, self.room, self.street_address, " ".join(p for p in (self.postal_code, self.locality) if p)]
        return ", ".join(p for p in parts if p)
