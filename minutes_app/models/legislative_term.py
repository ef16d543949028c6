"""Wahlperiode."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, OParlMixin

if TYPE_CHECKING:
    from .body import Body


class LegislativeTerm(IdMixin, OParlMixin, Base):
    """An electoral term of the body's councils."""

    __tablename__ = "legislative_terms"
    __table_args__ = (CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),)

    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    start_date: Mapped[date]
    end_date: Mapped[date | None]

    body: Mapped[Body] = relationship(back_populates="legislative_terms")
