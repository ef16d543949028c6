"""Keeping both indexes in step with the database.

* ``after_commit`` takes what the transaction changed (noted by
  :mod:`.changes`), builds the affected documents afresh from the database
  in a new session and writes both indexes. A document that is no longer
  public is deleted from the public index in the same step.
* ``rebuild`` recreates both indexes from the database; ``check`` compares them.

The database is the source of truth; an update that cannot be written goes to
the "reindex pending" marker and is applied with the next update or rebuild.
"""
from __future__ import annotations

import gc
import logging
import multiprocessing
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from . import documents, entries, generations
from .changes import affected_documents, document_kind, take_changes
from .engine import SearchIndex
from .pending import mark_pending, take_pending
from .results import IndexUnavailable
from .schema import INDEX_NAMES, INTERNAL, PUBLIC

log = logging.getLogger(__name__)
BATCH = 400


class SearchIndexes:
    """The public and the internal index of one installation.

    The internal Whoosh index is laid over the public one: it holds only the
    internal documents that differ from their public one and is searched
    together with it (:func:`.entries.overlay_entries`); a rebuild writes a
    tenth of the entries it wrote with a full internal copy.
    """

    #: What the internal index holds of one object, given its (public, internal) documents.
    internal_entries = staticmethod(entries.overlay_entries)

    def __init__(self, public: SearchIndex, internal: SearchIndex) -> None:
        self.public = public
        self.internal = internal

    def by_name(self, name: str) -> SearchIndex:
        """The index called ``public`` or ``internal``."""
        return {PUBLIC: self.public, INTERNAL: self.internal}[name]

    def warm(self) -> None:
        """Open both indexes and build their per-segment arrays now, before the first search needs them.

        An app server's worker calls this once at start (:mod:`minutes_app.wsgi`):
        the arrays of every segment (facet values, dates, groups, field lengths)
        took the first search of each worker 1.2 s at 100,000 Vorlagen. A missing
        or broken index is left to the search page, which says so.
        """
        for index in (self.public, self.internal):
            try:
                index.warm()
            except IndexUnavailable:
                log.info("Suchindex %s fehlt noch oder ist beschädigt; die Suchseite sagt es", index.path)
            except Exception:
                log.warning("Suchindex %s beim Start nicht geöffnet", index.path, exc_info=True)

    def merge_later(self) -> threading.Thread | None:
        """Start the merges the last updates asked for, one index after the other, in one background thread.

        Started only once a save has written both indexes: a merge is Python
        work, and running it beside the second index's write made that write
        wait for the interpreter lock (saves at 100,000 Vorlagen: p95 200 ms
        instead of 80).
        """
        wanted = [ix for ix in (self.public, self.internal) if getattr(ix, "merge_wanted", False)]
        if not wanted:
            return None
        def merge_each() -> None:
            for index in wanted:
                index.merge_if_wanted()

        thread = threading.Thread(target=merge_each, name="search-merge", daemon=True)
        thread.start()
        return thread


# -- applying ----------------------------------------------------------------------------

Plan = tuple[list[dict[str, Any]], set[str], list[dict[str, Any]], set[str]]
Entries = Callable[[dict[str, Any] | None, dict[str, Any] | None], list[dict[str, Any]]]


def plan(session: Session, doc_ids: Iterable[str], deleted: Iterable[str] = (),
         internal_entries: Entries = entries.internal_entries) -> Plan:
    """(public documents, public ids to delete, internal entries, internal ids to delete) for the given ids."""
    built = documents.build_documents(session, doc_ids)
    public_docs = [pub for pub, _internal in built.values() if pub is not None]
    internal_docs = [entry for pub, internal in built.values() for entry in internal_entries(pub, internal)]
    public_gone = set(deleted) | {i for i, (pub, _internal) in built.items() if pub is None}
    # An entry goes with its object, or when the internal index no longer needs it (a public stand-in, or an
    # internal document that became the public one's twin).
    written = {doc["id"] for doc in internal_docs}
    internal_gone = ({*built, *deleted} | {i + entries.PUBLIC_VARIANT for i in {*built, *deleted}}) - written
    return public_docs, public_gone, internal_docs, internal_gone


def _take_pending(indexes: SearchIndexes) -> set[str]:
    # Only the Whoosh engine has a pending marker; the PostgreSQL engine never defers a write.
    pending_file = indexes.public.pending_file
    return take_pending(pending_file) if pending_file is not None else set()


def apply(indexes: SearchIndexes, session: Session, doc_ids: Iterable[str], deleted: Iterable[str] = ()) -> None:
    """Rebuild the given documents from the database and write both indexes (public deletions first)."""
    doc_ids = set(doc_ids) | _take_pending(indexes)
    public_docs, public_gone, internal_docs, internal_gone = plan(session, doc_ids, deleted, indexes.internal_entries)
    # The public index first: a Vorlage that stopped being public leaves it before anything else happens.
    indexes.public.update(public_docs, sorted(public_gone))
    indexes.internal.update(internal_docs, sorted(internal_gone))
    indexes.merge_later()


def make_after_commit(
    get_indexes: Callable[[], SearchIndexes | None], new_session: Callable[[Session], Session]
) -> Callable[[Session], None]:
    """The ``after_commit`` hook: reindex what the transaction changed, in a session of its own."""

    def after_commit(session: Session) -> None:
        if session.in_nested_transaction():  # a released savepoint: the outer transaction may still roll back
            return
        touched, deleted = take_changes(session)
        if not touched and not deleted:
            return
        indexes = get_indexes()
        if indexes is None or getattr(indexes, "transactional", False):  # PostgreSQL wrote them before the commit
            return
        reader = new_session(session)
        try:
            apply(indexes, reader, affected_documents(reader, touched) - deleted, deleted)
        except Exception:
            log.exception("Suchindex-Aktualisierung fehlgeschlagen; vorgemerkt")
            mark_pending(indexes.public.pending_file,
                         {documents.key(document_kind(k), i) for k, i in touched if k != "body"})
        finally:
            reader.close()

    return after_commit


# -- rebuild and check ------------------------------------------------------------------

def batched(ids: Iterable[str], size: int) -> Iterator[list[str]]:
    """``ids`` in lists of at most ``size``."""
    batch: list[str] = []
    for doc_id in ids:
        batch.append(doc_id)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def iter_all_documents(
    session: Session, progress: Callable[[int], None] | None = None
) -> Iterator[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """(public, internal) document pairs of every object (see :func:`iter_documents`)."""
    return iter_documents(session, batched(documents.all_document_ids(session), BATCH), progress)


def iter_documents(
    session: Session, batches: Iterable[list[str]], progress: Callable[[int], None] | None = None
) -> Iterator[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """(public, internal) document pairs of the objects in ``batches``, a batch at a time with eager loading.

    The cyclic garbage collector runs only between batches: with it running
    while SQLite rows were fetched, a rebuild of 20,000 Vorlagen crashed the
    interpreter (SQLAlchemy 2.1.9, Python 3.11.7: a corrupted allocator pool
    in ``_sqlite3`` fetches, reproducible, gone with collection between batches).
    """
    automatic = gc.isenabled()
    gc.disable()
    try:
        for batch in batches:
            built = documents.build_documents(session, batch)
            session.expunge_all()
            # The young generations only: the batch's ORM objects were all created since the last collection,
            # while the index writer's pool, which survives in the oldest generation, grows to millions of
            # objects; a full collection after every batch spent more than half of a rebuild traversing it.
            gc.collect(1)
            yield from built.values()
            if progress is not None:
                progress(len(batch))
    finally:
        if automatic:
            gc.enable()


def rebuild(indexes: SearchIndexes, session: Session, progress: Callable[[int], None] | None = None,
            parallel: bool = True, fresh: Callable[[], Session] | None = None) -> tuple[int, int]:
    """Rebuild both indexes from the database beside the live ones; returns (public count, internal count).

    Search keeps answering from the live indexes until each new one is
    switched in (see :mod:`.generations`). Updates saved meanwhile are noted
    as pending and applied to the new indexes right after the switch, read
    through ``fresh()`` (a new session: a SQLite read snapshot of ``session``
    would predate them; without it ``session`` is used again). With
    ``parallel`` (and a database file other processes can open) a forked
    process builds half of the objects at the same time, which nearly halves
    the time on two cores; the progress counts both.
    """
    if getattr(indexes, "transactional", False):
        # PostgreSQL: the tables are rebuilt in short batches under the write lock; saves meanwhile write their
        # own entries in their transactions, so nothing is pending (see search.postgres.rebuild).
        counts: tuple[int, int] = indexes.rebuild(progress)  # type: ignore[attr-defined]
        return counts
    marker = indexes.public.pending_file.parent / generations.REBUILD_MARKER
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    try:
        take_pending(indexes.public.pending_file)
        counts = _rebuild_both(indexes, session, progress, parallel)
    finally:
        marker.unlink(missing_ok=True)
    if fresh is None:
        session.expire_all()
        apply(indexes, session, ())
        return counts
    catch_up = fresh()
    try:
        apply(indexes, catch_up, ())
    finally:
        catch_up.close()
    return counts


def _rebuild_both(indexes: SearchIndexes, session: Session, progress: Callable[[int], None] | None,
                  parallel: bool) -> tuple[int, int]:
    """Build both indexes beside the live ones and switch them in, the public one first.

    In parallel, the objects are dealt out batch by batch to this process and a
    forked one, and each writes its share into both indexes: every document is
    built from the database once, and the internal index reuses the analysis
    of the public entry with the same text (:class:`.schema.RememberedIndexing`),
    a fifth less work than one process per index. The forked process's
    segments then join this one's (:func:`.generations.absorb`).
    """
    url = session.get_bind().url
    if parallel and url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        parallel = False
    batches = list(batched(documents.all_document_ids(session), BATCH))
    targets = {name: generations.new_generation(indexes.by_name(name).path) for name in INDEX_NAMES}
    parts: dict[str, Path] = {}
    try:
        if not parallel:
            counts = _build_share(indexes, targets, session, batches, progress, share=1)
        else:
            parts = {name: generations.new_generation(indexes.by_name(name).path) for name in INDEX_NAMES}
            counts = _build_in_two_processes(indexes, targets, parts, session, batches, progress)
        for name in INDEX_NAMES:
            indexes.by_name(name).switch_to(targets[name], [parts[name]] if parts else [])
    except BaseException:
        for directory in [*targets.values(), *parts.values()]:
            generations.discard(directory)
        raise
    return counts


def _build_in_two_processes(indexes: SearchIndexes, targets: dict[str, Path], parts: dict[str, Path],
                            session: Session, batches: list[list[str]],
                            progress: Callable[[int], None] | None) -> tuple[int, int]:
    context = multiprocessing.get_context("fork")
    queue = context.SimpleQueue()
    child_done = context.Value("q", 0)
    url = session.get_bind().url.render_as_string(hide_password=False)
    child = context.Process(target=_build_child, args=(indexes, parts, url, batches[1::2], queue, child_done))
    child.start()
    reported = [0]

    def report(count: int) -> None:
        # The bar shows both processes: this one's batch and what the other finished meanwhile.
        done = child_done.value
        progress(count + done - reported[0])  # type: ignore[misc]
        reported[0] = done

    try:
        counts = _build_share(indexes, targets, session, batches[0::2], report if progress else None, share=2)
        while child.is_alive():
            child.join(0.5)
            if progress is not None:
                report(0)
    except BaseException:
        child.kill()
        child.join()
        raise
    outcome = queue.get() if not queue.empty() else None
    if child.exitcode != 0 or not isinstance(outcome, tuple):
        raise RuntimeError(f"Aufbau des Suchindex im zweiten Prozess fehlgeschlagen: {outcome}")
    return counts[0] + outcome[0], counts[1] + outcome[1]


def _build_share(indexes: SearchIndexes, targets: dict[str, Path], session: Session, batches: Iterable[list[str]],
                 progress: Callable[[int], None] | None, share: int) -> tuple[int, int]:
    """Write the documents of the objects in ``batches`` into new indexes in ``targets``; (public, internal) counts."""
    public_count = internal_count = 0
    with indexes.public.building(targets[PUBLIC], share) as add_public, \
            indexes.internal.building(targets[INTERNAL], share) as add_internal:
        for public, internal in iter_documents(session, batches, progress):
            # The public document first: its internal twin then finds the analysis remembered.
            if public is not None:
                add_public(public)
                public_count += 1
            for entry in indexes.internal_entries(public, internal):
                add_internal(entry)
                internal_count += 1
    return public_count, internal_count


def _build_child(indexes: SearchIndexes, targets: dict[str, Path], url: str, batches: list[list[str]],
                 queue: Any, done: Any) -> None:
    """Forked: write the given batches into ``targets`` on a database connection of its own."""
    from ..database import Database

    database = Database.from_url(url)
    session = database.session(read_only=True)

    def count(batch_size: int) -> None:
        done.value += batch_size

    try:
        queue.put(_build_share(indexes, targets, session, batches, count, share=2))
    except BaseException as error:
        queue.put(repr(error))
        raise
    finally:
        session.close()
        database.dispose()


def check(indexes: SearchIndexes, session: Session) -> dict[str, dict[str, list[str]]]:
    """Differences between the indexes and the database: missing, extra and outdated document ids."""
    expected: dict[str, dict[str, str]] = {PUBLIC: {}, INTERNAL: {}}
    for public, internal in iter_all_documents(session):
        if public is not None:
            expected[PUBLIC][public["id"]] = public["hash"]
        for entry in indexes.internal_entries(public, internal):
            expected[INTERNAL][entry["id"]] = entry["hash"]
    report: dict[str, dict[str, list[str]]] = {}
    for name in (PUBLIC, INTERNAL):
        actual = indexes.by_name(name).stored_hashes()
        want = expected[name]
        report[name] = {
            "missing": sorted(set(want) - set(actual)),
            "extra": sorted(set(actual) - set(want)),
            "outdated": sorted(i for i in set(want) & set(actual) if want[i] != actual[i]),
        }
    return report
