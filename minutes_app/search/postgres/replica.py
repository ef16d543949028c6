"""Each app server's Whoosh copy of the PostgreSQL search, kept exactly as current as the tables.

The tables are the index every app server shares, written in the saving
transaction (:mod:`.hooks`). Searching them costs a GIN scan and a row read
per matching entry: 60–170 ms for a common word at 100,000 Vorlagen. So each
app server also keeps the Whoosh engine's index in its ``SEARCH_INDEX_DIR``
as a copy, and a search uses the copy whenever it is exactly as current as
the tables:

* Every write to the tables logs the document ids in ``search_changes``
  (:meth:`.engine.PostgresSearchIndex.write`) and holds an advisory lock from
  then until its commit, so the log's numbers follow the commit order:
  whoever sees number n sees every change up to n.
* The copy records the last number it has applied (``replica-state`` in its
  directory). Before each search one indexed query reads the newest number.
  Equal: the copy answers. At most ``CATCH_UP_LIMIT`` changes behind: the copy
  applies them first (those documents are rebuilt from the database, as the
  Whoosh engine does after a commit) and answers. Further behind, or never
  built (a new server, a rebuild of the tables): the tables answer, and a
  background thread brings the copy up to date, from the log or, where the
  log lacks changes or holds more than ``REBUILD_ABOVE``, by building it anew
  beside the live one.

So a change committed through any app server is found by the next search on
every other one, and a copy that cannot be brought up to date only costs
speed, never a result: whatever goes wrong with it, the tables answer.
"""
from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from ...models import search_changes
from .. import entries, indexer
from ..engine import SearchIndex
from ..indexer import SearchIndexes

log = logging.getLogger(__name__)

#: Changed documents a search applies to the copy before answering (each is rebuilt: a few ms).
CATCH_UP_LIMIT = 50
#: Above this many changed documents the copy is built anew instead (in two processes about 2,000 per second).
REBUILD_ABOVE = 20_000
#: Log entries kept: a copy further behind is rebuilt anyway, so older ones are never read.
KEEP_CHANGES = 100_000
#: Every this many log numbers, a writer removes the entries older than ``KEEP_CHANGES``.
PRUNE_EVERY = 1_000
#: The advisory lock a transaction holds once it has logged a change (an arbitrary constant of this application).
LOG_LOCK_KEY = 0x4D696E53  # "MinS"
STATE_FILE = "replica-state"
LOCK_FILE = "replica.lock"


def log_changes(connection: Connection, doc_ids: set[str]) -> None:
    """Log ``doc_ids`` (without stand-in suffix) as changed, in the writing transaction."""
    if not doc_ids:
        return
    _hold_log_lock(connection)
    numbers = connection.execute(insert(search_changes).returning(search_changes.c.seq),
                                 [{"doc_id": doc_id} for doc_id in sorted(doc_ids)]).scalars().all()
    newest = max(numbers)
    if newest // PRUNE_EVERY != (newest - len(numbers)) // PRUNE_EVERY:
        connection.execute(delete(search_changes).where(search_changes.c.seq <= newest - KEEP_CHANGES))


def log_every_entry(connection: Connection, table: Table) -> None:
    """Log every document that has an entry in ``table`` as changed (before the table is emptied)."""
    _hold_log_lock(connection)
    connection.execute(insert(search_changes).from_select(
        ["doc_id"], select(func.regexp_replace(table.c.id, f"{entries.PUBLIC_VARIANT}$", "")).distinct()))


def _hold_log_lock(connection: Connection) -> None:
    # Held from the first logged change until the commit, it makes the log's numbers follow the commit order.
    # A lock of its own, not the application's write lock: a writer outside a saving transaction (the OParl
    # import's index update) may run while its own process holds that one.
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({LOG_LOCK_KEY})")


class Stopped(Exception):
    """The app is shutting down: a background update gives up (a new index being built is discarded)."""


class Replica:
    """The Whoosh copy below ``directory`` of the tables read through ``engine``."""

    def __init__(self, engine: Engine, directory: str | Path, background: bool = True) -> None:
        from .. import open_indexes

        self.engine = engine
        self.directory = Path(directory)
        #: Bring a copy that is far behind up to date in a background thread (tests: at once, in the search).
        self.background = background
        self.copy: SearchIndexes = open_indexes(self.directory, background_merge=background)
        self._worker: threading.Thread | None = None
        self._stopping = threading.Event()

    # -- searching -----------------------------------------------------------------------------------
    def current(self, name: str) -> SearchIndex | None:
        """The copy's index ``name`` if it reflects every committed change (after catching up); else None."""
        try:
            newest = self._newest()
            applied = self.applied()
            if applied is not None and applied > newest:
                newest = self._newest()  # another process of this server caught up with a later change meanwhile
            if applied != newest:
                if not self.background:
                    self.update(wait=True)
                elif not self._catch_up(CATCH_UP_LIMIT):
                    self._update_later()
                    return None
                applied = self.applied()
                if applied is None or applied < newest:
                    return None
        except Exception:
            log.warning("Suchkopie %s nicht nutzbar; die Tabellen antworten", self.directory, exc_info=True)
            return None
        index: SearchIndex = self.copy.by_name(name)  # type: ignore[assignment]
        return index

    # -- updating ------------------------------------------------------------------------------------
    def update(self, wait: bool = False, parallel: bool = False, progress: Callable[[int], None] | None = None,
               rebuild: bool = False) -> bool:
        """Bring the copy up to date: apply the logged changes, or build it anew where the log lacks them or
        that is cheaper (``rebuild`` forces it). False if another process of this server is at it (``wait``: wait)."""
        with self._locked(wait) as had:
            if not had:
                return False
            if rebuild or not self._apply_logged(REBUILD_ABOVE, progress):
                self._rebuild(parallel, progress)
            return True

    def _catch_up(self, limit: int) -> bool:
        """Apply at most ``limit`` logged changes now; False if there are more, or another process is at it."""
        with self._locked(wait=False) as had:
            return had and self._apply_logged(limit)

    def _apply_logged(self, limit: int, progress: Callable[[int], None] | None = None) -> bool:
        """Apply the changes logged since the copy's number (lock held); False if more than ``limit`` or not logged."""
        with Session(self.engine) as session:
            newest = session.scalar(select(func.coalesce(func.max(search_changes.c.seq), 0)))
            applied = self.applied()
            if applied == newest:
                return True
            if applied is None:
                # Never built: the log must still reach back to the first change.
                if session.scalar(select(func.min(search_changes.c.seq))) not in (None, 1):
                    return False
                applied = 0
            if applied > newest:
                return False  # the log starts anew (a restored database): only a rebuild is safe
            logged = select(search_changes.c.doc_id).distinct().where(
                search_changes.c.seq > applied, search_changes.c.seq <= newest).limit(limit + 1)
            changed = list(session.scalars(logged))
            if len(changed) > limit:
                return False
            # Rebuilt from what the database holds now: at least as new as ``newest``, never older. With nothing
            # logged yet, the empty batch creates the copy's indexes, so it can answer (with nothing found).
            for batch in list(indexer.batched(sorted(changed), indexer.BATCH)) or [[]]:
                indexer.apply(self.copy, session, batch)
                if progress is not None:
                    progress(len(batch))
        if self.copy.public.pending_file.exists():
            return False  # a write was left pending (index locked or damaged): not current
        self._record(newest)
        return True

    def _rebuild(self, parallel: bool, progress: Callable[[int], None] | None) -> None:
        with Session(self.engine) as session:
            newest = self._newest()  # read before the documents: they are at least as new
            indexer.rebuild(self.copy, session, progress, parallel=parallel, fresh=lambda: Session(self.engine))
        self._record(newest)

    def _update_later(self) -> None:
        if self._stopping.is_set() or (self._worker is not None and self._worker.is_alive()):
            return

        def check_stop(_count: int) -> None:
            if self._stopping.is_set():
                raise Stopped

        def run() -> None:
            try:
                self.update(progress=check_stop)
            except Stopped:
                pass
            except Exception:
                log.exception("Suchkopie %s nicht aktualisiert; die Tabellen antworten", self.directory)

        self._worker = threading.Thread(target=run, name="search-replica-update", daemon=True)
        self._worker.start()

    def stop(self) -> None:
        """Stop a background update (on shutdown): it gives up after its current batch."""
        self._stopping.set()
        if self._worker is not None:
            self._worker.join()

    # -- the number the copy has reached -------------------------------------------------------
    def applied(self) -> int | None:
        """The last log number applied to the copy, or None if it was never built."""
        try:
            return int((self.directory / STATE_FILE).read_text())
        except (OSError, ValueError):
            return None

    def _newest(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.coalesce(func.max(search_changes.c.seq), 0))).scalar_one())

    def _record(self, number: int) -> None:
        state = self.directory / STATE_FILE
        partial = state.with_suffix(".tmp")
        partial.write_text(str(number))
        os.replace(partial, state)

    @contextmanager
    def _locked(self, wait: bool) -> Iterator[bool]:
        """This server's lock on updating the copy (its processes share the directory); yields whether it was had."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / LOCK_FILE, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
