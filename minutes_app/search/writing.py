"""Writing one Whoosh index: updates, merges, and rebuilds beside the live index.

:class:`WritableIndex` is the writing half of :class:`.engine.SearchIndex`:

* ``update`` replaces and deletes documents in one commit, keeping an entry
  that would be written exactly as it is stored (:mod:`.replaced`); merging
  is separate work, started after a save has written both indexes;
* ``building`` writes a complete new index into a new directory, one
  segment whenever the posting pool (:mod:`.term_pool`) reaches its limit,
  and ``switch_to`` makes it the live one with a single rename
  (:mod:`.generations`);
* :func:`whoosh_fields` turns a search document into Whoosh's field values.

Writers wait for the lock (``ix.writer(timeout=…)``, see reliability.md §3.4);
when the lock cannot be had, or the index is broken, the ids go to the
``reindex-pending`` marker in ``SEARCH_INDEX_DIR`` and the next update or a
rebuild applies them, so no update is ever lost silently.
"""
from __future__ import annotations

import hashlib
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import NO_MERGE

from . import generations
from .analysis import SECTION_BREAK
from .documents import shown
from .entries import number
from .hits import pack
from .pending import PENDING_FILE, mark_pending
from .replaced import ReplacedDocuments
from .results import IndexUnavailable
from .schema import CODEC, build_schema
from .segments import merge_due, merge_policy
from .term_pool import PooledWriter

log = logging.getLogger(__name__)

WRITE_TIMEOUT = 10.0
#: A rebuild writes a new segment once its posting pool holds about this much (:class:`.term_pool.TermPool`'s
#: estimate), so a rebuild's memory stays bounded however large the archive (see ``building``).
REBUILD_SEGMENT_BYTES = 2048 * 1024 * 1024
#: The limit of Whoosh's own pool, which the writer creates before :class:`.term_pool.TermPool` replaces it.
REBUILD_MEMORY_MB = 3072


class Updatable(ABC):
    """What both engines' indexes offer for writing: ``update`` with ``index`` and ``delete`` as its halves,
    and ``rebuilding`` with ``rebuild`` over it."""

    @abstractmethod
    def update(self, docs: Iterable[dict[str, Any]], delete_ids: Iterable[str]) -> bool:
        """Delete ``delete_ids`` and add or replace ``docs`` at once; False when they were left pending."""

    @abstractmethod
    def rebuilding(self) -> AbstractContextManager[Callable[[dict[str, Any]], None]]:
        """Context yielding ``add(doc)``; on exit the added documents replace the whole index."""

    def rebuild(self, docs: Iterable[dict[str, Any]]) -> int:
        """Replace the whole index by ``docs``; returns their number."""
        count = 0
        with self.rebuilding() as add:
            for doc in docs:
                add(doc)
                count += 1
        return count

    def index(self, docs: Iterable[dict[str, Any]]) -> bool:
        """Add or replace documents (see :meth:`update`)."""
        return self.update(docs, ())

    def delete(self, ids: Iterable[str]) -> bool:
        """Remove documents by id; missing ids are ignored (see :meth:`update`)."""
        return self.update((), ids)


class WritableIndex(Updatable):
    """One Whoosh index directory (public or internal): opening it and writing to it."""

    def __init__(
        self, path: str | Path, pending_file: str | Path | None = None, background_merge: bool = False
    ) -> None:
        self.path = Path(path)
        self.pending_file = Path(pending_file) if pending_file else self.path.parent / PENDING_FILE
        #: Merge segments in a short-lived thread after an update, so a save never waits for a merge.
        self.background_merge = background_merge
        #: A merge is due; it starts when the save has written both indexes (see ``SearchIndexes.merge_later``).
        self.merge_wanted = False
        #: Readers that find the documents an update replaces, kept between updates (segments never change).
        self._replaced = ReplacedDocuments()

    def exists(self) -> bool:
        """Whether an index has been created in the directory."""
        return self.path.is_dir() and whoosh_index.exists_in(str(self.path))

    def _open(self, create: bool = False) -> Any:
        if not self.exists():
            if not create:
                raise IndexUnavailable(str(self.path))
            self.path.mkdir(parents=True, exist_ok=True)
            return whoosh_index.create_in(str(self.path), build_schema())
        # Resolved once: a searcher or writer stays on one generation even if a rebuild switches meanwhile.
        ix = whoosh_index.open_dir(str(generations.live(self.path)))
        if set(ix.schema.names()) != set(build_schema().names()):
            # Written by an older version: searching or updating it would fail field by field; rebuild instead.
            raise IndexUnavailable(f"{self.path}: veraltetes Format, bitte „flask search-rebuild“ ausführen")
        return ix

    def update(self, docs: Iterable[dict[str, Any]], delete_ids: Iterable[str]) -> bool:
        """Delete ``delete_ids`` and add or replace ``docs`` in one commit.

        On a busy lock or a broken index the ids are marked pending and the result is False.
        """
        docs, delete_ids = list(docs), list(delete_ids)
        if not docs and not delete_ids and self.exists():
            # Nothing to write; a missing index is still created, so that it exists once any save was indexed
            # (an internal index may hold nothing of its own for a long time, see entries.overlay_entries).
            return True

        def action(writer: Any) -> bool:
            fields = {doc["id"]: whoosh_fields(doc) for doc in docs}
            # What update_document would delete, found without opening a searcher over the whole index;
            # an entry that would be written exactly as it is stored stays.
            marked, kept = self._replaced.delete(
                writer, [*delete_ids, *fields], keep={i: f["shown"] for i, f in fields.items()})
            for doc_id, values in fields.items():
                if doc_id not in kept:
                    writer.add_document(**values)
            return bool(marked) or len(kept) < len(fields)

        return self._write(action, [*delete_ids, *(d["id"] for d in docs)])

    def _write(self, action: Callable[[Any], bool], ids: list[str]) -> bool:
        if (self.pending_file.parent / generations.REBUILD_MARKER).exists():
            # A rebuild is reading the database: it applies these again to its new index after the switch.
            mark_pending(self.pending_file, ids)
        try:
            writer = PooledWriter(self._open(create=True), timeout=WRITE_TIMEOUT, delay=0.05, compound=False,
                                  codec=CODEC)
            try:
                changed = action(writer)
            except BaseException:
                writer.cancel()
                raise
            if not changed:  # every entry is stored as it would be written: no new segment, no new state
                writer.cancel()
                return True
            due: list[bool] = []
            # The documents are searchable with this commit; merging is separate work (see merge()).
            writer.commit(mergetype=lambda _writer, segments: due.append(merge_due(segments)) or segments)
        except Exception:
            log.warning("Suchindex %s nicht aktualisiert, %d Einträge vorgemerkt", self.path, len(ids), exc_info=True)
            mark_pending(self.pending_file, ids)
            return False
        if due and due[0]:
            if self.background_merge:
                self.merge_wanted = True
            else:
                self.merge()
        return True

    def merge_if_wanted(self) -> None:
        """Merge if an update asked for it (see ``merge_wanted``)."""
        if self.merge_wanted:
            self.merge_wanted = False
            self.merge()

    def merge(self) -> None:
        """Merge small segments (see :func:`.segments.merge_policy`) unless another process is writing.

        A merge only reorganises what is already committed, so being skipped
        or interrupted loses nothing; the next update tries again.
        """
        try:
            writer = PooledWriter(self._open(), timeout=0.0, compound=False, codec=CODEC)
        except Exception:
            return
        try:
            writer.commit(mergetype=merge_policy)
        except Exception:
            log.warning("Zusammenführen im Suchindex %s fehlgeschlagen", self.path, exc_info=True)
            writer.cancel()

    @contextmanager
    def rebuilding(self) -> Iterator[Callable[[dict[str, Any]], None]]:
        """Context yielding ``add(doc)``; on exit the added documents replace the whole index.

        They are written into a new directory beside the live index, which
        keeps answering searches and taking updates meanwhile; the switch to
        the new index is one atomic rename (see :mod:`.generations`). On an
        error the live index stays as it was and the new directory is removed.
        Also repairs a missing or broken index.
        """
        target = generations.new_generation(self.path)
        try:
            with self.building(target) as add:
                yield add
            self.switch_to(target)
        except BaseException:
            generations.discard(target)
            raise

    @contextmanager
    def building(self, target: Path, share: int = 1) -> Iterator[Callable[[dict[str, Any]], None]]:
        """Context yielding ``add(doc)`` that writes a complete new index into the empty directory ``target``.

        The index is committed on exit but not switched in (see
        :meth:`switch_to`); a rebuild in two processes builds one such
        directory per process and index. A new segment is started whenever
        the posting pool reaches ``REBUILD_SEGMENT_BYTES / share``: a process
        writing both indexes at once gives each half, so its memory stays bounded
        as before.
        """
        segment_bytes = REBUILD_SEGMENT_BYTES // share
        ix = whoosh_index.create_in(str(target), build_schema())
        # One open writer at a time: a committed writer still holds its pool's postings.
        current = [self._rebuild_writer(ix)]

        def add(doc: dict[str, Any]) -> None:
            current[0].add_document(**whoosh_fields(doc))
            if current[0].pool.currentsize > segment_bytes:
                # A segment of its own keeps the memory bounded (Whoosh's own pool spilled to temporary files
                # at its limit and merged them back one posting at a time: over an hour for 100,000
                # Vorlagen); searching several segments costs next to nothing.
                current[0].commit(mergetype=NO_MERGE)
                current[0] = self._rebuild_writer(ix)

        try:
            yield add
        except BaseException:
            current[0].cancel()
            raise
        current[0].commit(mergetype=NO_MERGE)

    def switch_to(self, target: Path, parts: Iterable[Path] = ()) -> None:
        """Make the index built in ``target``, with the segments of the indexes in ``parts``, the live one."""
        for part in parts:
            generations.absorb(target, part)
        generations.switch(self.path, target)

    @staticmethod
    def _rebuild_writer(ix: Any) -> Any:
        return PooledWriter(ix, limitmb=REBUILD_MEMORY_MB, compound=False, codec=CODEC)


def whoosh_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """The Whoosh field values of a document.

    ``shown`` (what a hit shows) also carries ``entry``, a digest of every
    other field: two entries with equal ``shown`` bytes are the same entry,
    which lets a save keep the ones it would write unchanged (see :mod:`.replaced`).
    """
    # Title, text and boilerplate as sections: title words weigh more (analysis.TITLE_BOOST), boilerplate
    # such as committee names less (analysis.BOILER_BOOST); phrases never span two sections.
    content = SECTION_BREAK.join((doc.get("heading", doc["title"]), doc["body"], doc.get("boiler", "")))
    when: date = doc["date"]
    fields = {
        "id": doc["id"], "kind": doc["kind"], "type": doc["type"], "committee": " ".join(doc["committee"]),
        "result": " ".join(doc["result"]), "year": doc["year"], "date": int(when.strftime("%Y%m%d")),
        "reference": doc["reference"], "acl": " ".join(doc.get("acl", ())),
        "hidden_for": " ".join(doc.get("hidden_for", ())), "title": doc["title"][:300],
        "body": doc.get("body_id", ""), "hash": doc["hash"], "group": doc.get("group") or doc["id"],
        "exact": content, "implementation": " ".join(doc.get("implementation", ())), "key": number(doc["id"]),
    }
    # ``text`` and ``prefix`` index the same content as ``exact``.
    entry = hashlib.blake2b(repr(sorted(fields.items())).encode(), digest_size=16).hexdigest()
    fields.update(text=content, prefix=content, shown=pack({**shown(doc), "entry": entry}))
    return fields
