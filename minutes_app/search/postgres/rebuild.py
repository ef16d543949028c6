"""Rebuilding the PostgreSQL index tables without stopping saves or searches.

A rebuild in one long transaction would hold the row locks of every entry
until it commits, so each save in those minutes would wait for it and end in
"Bitte erneut speichern". Instead every batch of documents is rebuilt in a
short transaction of its own under the application's write lock (the
advisory lock every saving transaction takes, see :mod:`minutes_app.database`):
a save waits for one batch at most, never reads or writes an entry half-way,
and a batch built from the database can never overwrite a newer save's entry.
Searches keep finding the old entries until their batch replaces them. At the
end, entries whose object no longer has a document are removed, again under
the lock, so an object created during the rebuild keeps its entry.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, select
from sqlalchemy.orm import Session

from ...database import WRITE_LOCK_KEY
from .. import documents, entries, indexer

if TYPE_CHECKING:
    from . import PostgresSearchIndexes

#: Documents per transaction: small enough that a waiting save hardly notices, large enough to batch the reads.
BATCH = 200


def _locked(connection: Connection) -> Connection:
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
    return connection


def rebuild(indexes: PostgresSearchIndexes, progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Rebuild both tables batch by batch (see the module); returns (public count, internal count)."""
    engine = indexes.public.store.engine
    with Session(engine) as listing:
        all_ids = list(documents.all_document_ids(listing))
    counts = [0, 0]
    for batch in indexer.batched(all_ids, BATCH):
        with engine.begin() as connection:
            reader = Session(bind=_locked(connection), autoflush=False)
            try:
                public_docs, public_gone, internal_docs, internal_gone = indexer.plan(reader, batch)
            finally:
                reader.close()
            indexes.public.write(connection, public_docs, sorted(public_gone))
            indexes.internal.write(connection, internal_docs, sorted(internal_gone))
        counts[0] += len(public_docs)
        counts[1] += len(internal_docs)
        if progress is not None:
            progress(len(batch))
    with engine.begin() as connection:
        reader = Session(bind=_locked(connection), autoflush=False)
        try:
            current = set(documents.all_document_ids(reader))
        finally:
            reader.close()
        for index in (indexes.public, indexes.internal):
            orphans = [i for i in connection.scalars(select(index.table.c.id)) if entries.base_id(i) not in current]
            for chunk in indexer.batched(orphans, 1000):
                connection.execute(delete(index.table).where(index.table.c.id.in_(chunk)))
    return counts[0], counts[1]
