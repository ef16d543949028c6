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

from sqlalchemy import Engine

from ...models import search_internal_entries, search_public_entries
from .. import entries
from ..indexer import SearchIndexes
from ..schema import INTERNAL, PUBLIC
from .engine import PostgresSearchIndex, Store

__all__ = ["PostgresSearchIndex", "PostgresSearchIndexes", "open_indexes"]


class PostgresSearchIndexes(SearchIndexes):
    """The public and internal index as tables of the app's PostgreSQL database."""

    #: The internal table holds every internal document, with public stand-ins: each table is searched on its own.
    internal_entries = staticmethod(entries.internal_entries)

    #: Updated inside the saving transaction (see :mod:`.hooks`), not after its commit.
    transactional = True
    public: PostgresSearchIndex
    internal: PostgresSearchIndex

    def warm(self) -> None:
        """Nothing to prepare: the tables are searched through the database, whose own caches serve every worker."""

    def rebuild(self, progress: Callable[[int], None] | None = None) -> tuple[int, int]:
        """Rebuild both tables in short batches, so saves and searches go on (see :mod:`.rebuild`)."""
        from . import rebuild

        return rebuild.rebuild(self, progress)


def open_indexes(engine: Engine) -> PostgresSearchIndexes:
    """Both indexes, searched through ``engine`` (the app's read engine)."""
    store = Store(engine)
    return PostgresSearchIndexes(
        PostgresSearchIndex(PUBLIC, search_public_entries, store),
        PostgresSearchIndex(INTERNAL, search_internal_entries, store),
    )
