"""What a search returns, the same for both engines: the filters it takes, the page of hits, the error.

Whoosh (:mod:`.engine`) and PostgreSQL (:mod:`.postgres`) answer with these
types, so the pages and the benchmarks never ask which engine is running.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .hits import Hit
from .query import ParsedQuery

#: Further parts of one result linked below its snippet.
MAX_PARTS = 5


class IndexUnavailable(Exception):
    """The index is missing or cannot be read; it has to be rebuilt."""


@dataclass
class Filters:
    """Restrictions of a search; ``acl=None`` means unrestricted (public index, administration)."""

    committee: str | None = None
    type: str | None = None
    result: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    acl: frozenset[str] | None = None
    #: The body whose documents are searched (its id as text); None only for installation-wide tools.
    body: str | None = None
    implementation: str | None = None

    @property
    def active(self) -> bool:
        return any((self.committee, self.type, self.result, self.date_from, self.date_to, self.implementation))


@dataclass
class SearchResults:
    """A page of hits with the total, facet counts and a "did you mean" suggestion."""

    hits: list[Hit]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None
    parsed: ParsedQuery | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))
