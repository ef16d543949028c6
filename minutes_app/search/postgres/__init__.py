"""The search engine on PostgreSQL: both indexes as tables, written in the saving transaction.

Selected automatically when the app's database is PostgreSQL (see
:func:`minutes_app.search.init_app`); Whoosh stays the engine on SQLite. The
interface is the Whoosh engine's (``SearchIndex`` / ``SearchIndexes``), so the
search pages, the importer and ``flask search-rebuild``/``search-check`` work
unchanged. What differs is when an index learns of a change: in the same
transaction (:func:`.hooks.before_commit`), so every app server sharing the
database sees it with the commit, and a rollback takes it back.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from ...models import search_internal_entries, search_public_entries
from .. import entries
from ..indexer import SearchIndexes
from ..schema import INTERNAL, PUBLIC
from .engine import PostgresSearchIndex, Store
from .replica import Replica

__all__ = ["PostgresSearchIndex", "PostgresSearchIndexes", "open_indexes"]


class PostgresSearchIndexes(SearchIndexes):
    """The public and internal index as tables of the app's PostgreSQL database."""

    #: The internal table holds every internal document, with public stand-ins: each table is searched on its own.
    internal_entries = staticmethod(entries.internal_entries)

    #: Updated inside the saving transaction (see :mod:`.hooks`), not after its commit.
    transactional = True
    public: PostgresSearchIndex
    internal: PostgresSearchIndex

    def __init__(self, public: PostgresSearchIndex, internal: PostgresSearchIndex,
                 replica: Replica | None = None) -> None:
        super().__init__(public, internal)
        #: This app server's Whoosh copy of both tables, if it keeps one (see :mod:`.replica`).
        self.replica = replica

    def warm(self) -> None:
        """Prepare this server's copy for the first search; the tables need nothing (the database caches them)."""
        if self.replica is not None:
            self.replica.copy.warm()

    def rebuild(self, progress: Callable[[int], None] | None = None) -> tuple[int, int]:
        """Rebuild both tables in short batches, so saves and searches go on (see :mod:`.rebuild`).

        Then this server's copy is built anew in two processes; other servers
        build theirs in the background, answering from the tables meanwhile.
        """
        from . import rebuild

        counts = rebuild.rebuild(self, progress)
        if self.replica is not None:
            self.replica.update(wait=True, parallel=True, rebuild=True)
        return counts


def open_indexes(engine: Engine, replica_dir: str | Path | None = None,
                 background: bool = True) -> PostgresSearchIndexes:
    """Both indexes, searched through ``engine`` (the app's read engine) and this server's copy in ``replica_dir``.

    ``background``: build a missing or outdated copy in a background thread (else the tables answer until
    ``flask search-rebuild`` builds it).
    """
    store = Store(engine)
    replica = Replica(engine, replica_dir, background) if replica_dir is not None else None
    return PostgresSearchIndexes(
        PostgresSearchIndex(PUBLIC, search_public_entries, store, replica),
        PostgresSearchIndex(INTERNAL, search_internal_entries, store, replica),
        replica,
    )
