"""Writing the PostgreSQL indexes inside the saving transaction.

``before_commit`` runs just before the outermost commit: it flushes, expands
the changes the session noted (:func:`minutes_app.search.changes.after_flush`)
into the affected documents, builds them from what the transaction is about
to commit (read on the same connection) and writes the index rows there.
The rows are committed with the data, or rolled back with it; there is no
window in which another app server sees the data but not the search entries.
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from .. import changes, indexer
from ..indexer import SearchIndexes


def make_before_commit(get_indexes: Callable[[], SearchIndexes | None]) -> Callable[[Session], None]:
    """The ``before_commit`` hook writing the noted changes when the indexes are PostgreSQL tables."""

    def before_commit(session: Session) -> None:
        if session.in_nested_transaction():  # releasing a savepoint commits nothing yet
            return
        indexes = get_indexes()
        if indexes is None or not getattr(indexes, "transactional", False):
            return
        if session.get_bind().dialect.name != "postgresql":
            return
        session.flush()
        touched, deleted = changes.take_changes(session)
        if not touched and not deleted:
            return
        connection = session.connection()
        # A session of its own on the same connection: it reads what this transaction flushed, not the saving
        # session's objects, whose relationships may not reflect rows added by key (as a new reader would).
        reader = Session(bind=connection, autoflush=False)
        try:
            doc_ids = changes.affected_documents(reader, touched) - deleted
            public_docs, public_gone, internal_docs, internal_gone = indexer.plan(reader, doc_ids, deleted)
        finally:
            reader.close()
        # The public table first, as with Whoosh; within one transaction the order is only cosmetic.
        indexes.public.write(connection, public_docs, sorted(public_gone))  # type: ignore[attr-defined]
        indexes.internal.write(connection, internal_docs, sorted(internal_gone))  # type: ignore[attr-defined]

    return before_commit
