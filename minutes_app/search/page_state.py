"""The validator of a public results page, so a repeated search is answered without searching or rendering.

A results page depends on the index (which entries match, their order,
counts, facets, the "Meinten Sie" suggestion), on the database rows behind the
hits it shows, on the body's synonym groups, and on the committee and body
names in its filters. Each process remembers, per address, the index
generation and the hits of the page it last rendered (:class:`ResultsMemo`).
The validator of a later request for that address is then read without
searching: the index generation (a directory listing), the stamps of those
hits with the public visibility check (:mod:`.stamps`), the synonym groups,
and the version of the committee and body tables. It changes with anything
the page shows, so a stored page is served only while it is exactly what a
fresh rendering would give; an address without a memo, or whose index moved
on, is rendered.

Engines that cannot tell their generation (no ``generation()``) are simply
never cached; for the PostgreSQL tables, which change only with commits, the
web layer uses the generation of the database's change feed instead.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from threading import Lock
from typing import Any

from sqlalchemy import Connection, Engine, Select, String, cast, func, select

from ..freshness import PageState
from ..models import Body, Organization, SearchSynonymGroup
from . import documents, stamps

#: Addresses remembered per process (each a few dozen bytes; the page itself is in the page cache).
MEMO_ENTRIES = 1024


class ResultsMemo:
    """Per process: address → (index generation, ids of the documents shown) of its last rendering."""

    def __init__(self, entries: int = MEMO_ENTRIES) -> None:
        self.entries = entries
        self._memo: OrderedDict[str, tuple[str, tuple[str, ...]]] = OrderedDict()
        self._lock = Lock()

    def remember(self, address: str, generation: str, shown: Iterable[str]) -> None:
        """Note what the page at ``address`` showed when rendered on index ``generation``."""
        with self._lock:
            self._memo[address] = (generation, tuple(shown))
            self._memo.move_to_end(address)
            while len(self._memo) > self.entries:
                self._memo.popitem(last=False)

    def recall(self, address: str) -> tuple[str, tuple[str, ...]] | None:
        """(generation, shown ids) of the last rendering of ``address``, if remembered."""
        with self._lock:
            return self._memo.get(address)


def generation_of(index: Any) -> str | None:
    """The index's generation, or None when the engine cannot tell it (or the index is unreadable)."""
    read = getattr(index, "generation", None)
    if read is None:
        return None
    try:
        return str(read())
    except Exception:  # a missing index is the search's business; here it only means: render
        return None


def _figures(connection: Connection, shown: tuple[str, ...]) -> tuple[str, str]:
    """(bodies version, everything else the page shows) read on ``connection``."""
    current = stamps.read(connection, {documents.parse_key(i) for i in shown}, public=True)
    hits = "|".join(f"{i}={current.get(documents.parse_key(i), '-')}" for i in shown)
    terms = connection.execute(_synonyms_statement()).all()
    synonyms = hashlib.blake2b(repr(terms).encode(), digest_size=8).hexdigest()
    names = connection.execute(_names_statement()).one()
    return str(names[0]), f"{hits}#{synonyms}#{names[1]},{names[2]},{names[3]}"


@lru_cache(maxsize=1)
def _synonyms_statement() -> Select[Any]:
    # Every body's groups: a small table, and which body a host name serves is the portal's business.
    return select(SearchSynonymGroup.body_id, SearchSynonymGroup.terms).order_by(SearchSynonymGroup.id)


@lru_cache(maxsize=1)
def _names_statement() -> Select[Any]:
    # Committee names in the filter and the facets, and the bodies: small tables, read whole (as the
    # meeting pages do).
    bodies = select(_joined(func.count(Body.id), func.max(Body.modified), func.sum(Body.id))).scalar_subquery()
    return select(bodies, func.count(Organization.id), cast(func.max(Organization.modified), String()),
                  func.sum(Organization.id))


def _joined(*values: Any) -> Any:
    parts = [func.coalesce(cast(value, String()), "") for value in values]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "," + part
    return joined


def results_state(source: Engine | Connection, current: str | None, memo: ResultsMemo,
                  address: str) -> PageState | None:
    """The validator of the results page at ``address`` on index generation ``current``; None: render it."""
    found = memo.recall(address)
    if found is None:
        return None
    generation, shown = found
    if current is None or current != generation:
        return None
    if isinstance(source, Connection):
        bodies, figures = _figures(source, shown)
    else:
        with source.connect() as connection:
            bodies, figures = _figures(connection, shown)
    return PageState(None, bodies, f"{generation}#{figures}")
