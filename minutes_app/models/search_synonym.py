"""Synonymgruppen der Suche: words a body's search treats as the same (Kita, Kindertagesstätte)."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdMixin


class SearchSynonymGroup(IdMixin, Base):
    """Terms that find each other in the search of one body, applied when a query is read (no rebuild)."""

    __tablename__ = "search_synonym_groups"

    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    #: The terms as the administrator wrote them, comma-separated ("Kita, Kindertagesstätte, Kindergarten").
    terms: Mapped[str] = mapped_column(String(1000))

    @property
    def term_list(self) -> list[str]:
        """The terms, trimmed, in the order written."""
        return [t.strip() for t in self.terms.split(",") if t.strip()]
