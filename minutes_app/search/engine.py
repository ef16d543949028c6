"""The one narrow search interface of the app, with Whoosh behind it.

``SearchIndex`` offers ``index(docs)``, ``delete(ids)``, ``search(query,
filters, facets, sort, page)`` and ``suggest(word)``; analysis, query syntax,
visibility and highlighting live in our own modules, so another engine could
stand behind the same interface.

Speed comes from doing little per query:

* short prefixes (the expensive ones) are indexed edge n-grams (see
  :mod:`.analysis`); longer ones expand to few terms;
* the set of matching documents is computed once with set algebra over posting
  lists read a block at a time, and ranked with BM25 in :mod:`.matching`
  instead of Whoosh's per-document matcher tree;
* filters (:mod:`.filtering`), facet counts and date sorting work on
  per-document numpy arrays cached per index segment (:mod:`.segments`);
* decoded postings, postings joined over all segments and phrase matches are
  kept per process (see :class:`.segments.PostingsCache`);
* each process keeps a warm searcher per thread and opens a new one only when
  the index changed.

Writers wait for the lock (``ix.writer(timeout=…)``, see reliability.md §3.4);
when the lock cannot be had, or the index is broken, the ids go to the
``reindex-pending`` marker in ``SEARCH_INDEX_DIR`` and the next update or a
rebuild applies them, so no update is ever lost silently.
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError
from whoosh.reading import ReaderClosed
from whoosh.writing import NO_MERGE

from . import filtering, generations, grouping, matching, spelling
from .analysis import SECTION_BREAK
from .documents import shown
from .hits import Hit, Loader, pack, present, unpack
from .pending import PENDING_FILE, mark_pending
from .query import ParsedQuery, parse, to_whoosh
from .replaced import ReplacedDocuments
from .results import MAX_PARTS, Filters, IndexUnavailable, SearchResults
from .schema import CODEC, build_schema
from .segments import FACETS, PostingsCache, SegmentData, State, Vocabulary, merge_due, merge_policy
from .term_pool import PooledWriter

log = logging.getLogger(__name__)

WRITE_TIMEOUT = 10.0
#: Searches on a fresh searcher after files vanished under the last one. More than two: back-to-back rebuilds of a
#: tiny index (tests) switched twice more while a slow search (a busy machine) ran on the generation it had just
#: opened.
SEARCH_ATTEMPTS = 4
#: A rebuild writes a new segment once its posting pool holds about this much (:class:`.term_pool.TermPool`'s
#: estimate), so a rebuild's memory stays bounded however large the archive (see ``rebuilding``).
REBUILD_SEGMENT_BYTES = 2048 * 1024 * 1024
#: The limit of Whoosh's own pool, which the writer creates before :class:`.term_pool.TermPool` replaces it.
REBUILD_MEMORY_MB = 3072

class SearchIndex:
    """One Whoosh index directory (public or internal) behind the app's search interface."""

    def __init__(
        self, path: str | Path, pending_file: str | Path | None = None, background_merge: bool = False
    ) -> None:
        self.path = Path(path)
        self.pending_file = Path(pending_file) if pending_file else self.path.parent / PENDING_FILE
        #: Merge segments in a short-lived thread after an update, so a save never waits for a merge.
        self.background_merge = background_merge
        #: A merge is due; it starts when the save has written both indexes (see ``SearchIndexes.merge_later``).
        self.merge_wanted = False
        self._local = threading.local()
        self._segments: dict[str, SegmentData] = {}
        self._vocabulary = Vocabulary()
        #: Decoded postings shared by the searches of all threads (segments never change).
        self.postings_cache = PostingsCache()
        #: Postings joined over all segments of one index state, deletions applied (keyed by the state's content).
        self.merged_cache = PostingsCache()
        self._segments_lock = threading.Lock()
        # Every open searcher (one per thread); closed when replaced, or when this object goes away.
        self._searchers: set[Any] = set()
        weakref.finalize(self, _close_all, self._searchers)
        #: Readers that find the documents an update replaces, kept between updates (segments never change).
        self._replaced = ReplacedDocuments()
        weakref.finalize(self, self._replaced.close)

    # -- opening ---------------------------------------------------------------------
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

    def _state(self) -> State:
        state: State | None = getattr(self._local, "state", None)
        try:
            if state is not None and state.version == self._version():
                return state
            # A fresh searcher, not refresh(): Whoosh's reader reuse adds back old segment objects whose
            # deletions changed, so a document removed from the public index would stay findable.
            if state is not None:
                self._searchers.discard(state.searcher)
                state.searcher.close()
            version, searcher = self._open_searcher()
            self._searchers.add(searcher)
            with self._segments_lock:
                state = State(searcher, self._segments, self._vocabulary)
            state.version = version
        except IndexUnavailable:
            raise
        except Exception as error:
            self._local.state = None
            raise IndexUnavailable(str(self.path)) from error
        self._local.state = state
        return state

    def _open_searcher(self) -> tuple[tuple[int, int], Any]:
        """(version, searcher) of the live generation.

        Two rebuilds switching in quick succession remove the generation
        before the previous one; a process that resolved the link just before
        may find its directory gone. Then the link points elsewhere, and the
        new generation is opened instead.
        """
        for _attempt in range(3):
            resolved = generations.live(self.path)
            try:
                return self._version(), self._open().searcher()
            except (OSError, EmptyIndexError, IndexUnavailable):
                if generations.live(self.path) == resolved:
                    raise
        return self._version(), self._open().searcher()

    def generation(self) -> str:
        """Changes whenever the index's content may have changed (an update, a merge, a rebuild)."""
        generation, inode = self._version()
        return f"{generation}-{inode}"

    def _version(self) -> tuple[int, int]:
        """Generation and inode of the current table of contents.

        The inode tells a rebuilt index (generation numbers start again) from
        the one a searcher was opened on.
        """
        directory = generations.live(self.path)
        names = [n for n in os.listdir(directory) if n.startswith("_MAIN_") and n.endswith(".toc")]
        if not names:
            raise IndexUnavailable(str(self.path))
        latest = max(names, key=lambda n: int(n[6:-4]) if n[6:-4].isdigit() else -1)
        return int(latest[6:-4]), os.stat(directory / latest).st_ino

    # -- writing ---------------------------------------------------------------------
    def index(self, docs: Iterable[dict[str, Any]]) -> bool:
        """Add or replace documents; on a busy lock or a broken index, mark them pending and return False."""
        return self.update(docs, ())

    def delete(self, ids: Iterable[str]) -> bool:
        """Remove documents by id (missing ids are ignored); pending on failure like :meth:`index`."""
        return self.update((), ids)

    def update(self, docs: Iterable[dict[str, Any]], delete_ids: Iterable[str]) -> bool:
        """Delete ``delete_ids`` and add or replace ``docs`` in one commit."""
        docs, delete_ids = list(docs), list(delete_ids)
        if not docs and not delete_ids:
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

    def rebuild(self, docs: Iterable[dict[str, Any]]) -> int:
        """Replace the whole index by ``docs``; returns their number."""
        count = 0
        with self.rebuilding() as add:
            for doc in docs:
                add(doc)
                count += 1
        return count

    def stored_hashes(self) -> dict[str, str]:
        """id → content hash of every document in the index (for the consistency check)."""
        searcher = self._state().searcher
        return {f["id"]: f.get("hash", "") for f in searcher.all_stored_fields()}

    def warm(self) -> None:
        """Open this thread's searcher with the arrays of every segment (see :meth:`.SearchIndexes.warm`)."""
        self._state()

    def doc_count(self) -> int:
        """Number of live documents."""
        return int(self._state().searcher.doc_count())

    def clear_caches(self) -> None:
        """Forget decoded postings and prefix expansions (what the benchmark's first-search figures measure)."""
        self.postings_cache.clear()
        self.merged_cache.clear()
        state = getattr(self._local, "state", None)
        if state is not None:
            state.forget_expansions()

    def close(self) -> None:
        """Close this thread's searcher."""
        state = getattr(self._local, "state", None)
        if state is not None:
            self._searchers.discard(state.searcher)
            state.searcher.close()
            self._local.state = None

    # -- searching -------------------------------------------------------------------
    def search(
        self,
        query: str | ParsedQuery,
        filters: Filters | None = None,
        facets: Iterable[str] = FACETS,
        sort: str = "relevance",
        page: int = 1,
        per_page: int = 10,
        load: Loader | None = None,
    ) -> SearchResults:
        """A page of hits for the user's query, with facet counts and highlights.

        Each hit's ``doc`` is what the index stored (:func:`.documents.shown`).
        ``load`` gets those stored documents by id and returns the ones to
        show: the same where still current, rebuilt where stale, ``None``
        where the object has no document any more (see :mod:`.hits`); hits
        without a document are dropped, so a stale entry never shows outdated text.
        """
        parsed = query if isinstance(query, ParsedQuery) else parse(query)
        filters = filters or Filters()
        page = max(1, page)
        has_negation = any(c.negated for c in parsed.clauses)
        if parsed.empty and not filters.active and not has_negation:
            return SearchResults([], 0, page, per_page, parsed=parsed)
        for attempt in range(1, SEARCH_ATTEMPTS + 1):
            try:
                return self._search(parsed, filters, facets, sort, page, per_page, load)
            except IndexUnavailable:
                raise
            except (OSError, ReaderClosed, EOFError, ValueError, KeyError, TypeError) as error:
                # Files removed under a warm searcher: two rebuilds switched in quick succession and the second
                # removed this searcher's generation (Whoosh then fails anywhere, also with a TypeError). A
                # fresh searcher opens the live generation; if that keeps failing, the index is damaged.
                self._local.state = None
                if attempt == SEARCH_ATTEMPTS:
                    log.warning("Suche in %s fehlgeschlagen", self.path, exc_info=True)
                    raise IndexUnavailable(str(self.path)) from error
        raise AssertionError("unreachable")

    def _search(self, parsed: ParsedQuery, filters: Filters, facets: Iterable[str], sort: str, page: int,
                per_page: int, load: Loader | None) -> SearchResults:
        state = self._state()
        postings = matching.Postings(state, self.postings_cache, self.merged_cache)
        matched = matching.docset(to_whoosh(parsed), postings)
        matched = filtering.apply(state, matched, filters)
        groups = state.groups
        facet_counts = grouping.Facets(matched, groups)
        names = state.vocabulary.names
        counts = {name: facet_counts.counts(state.values[name], names[name]) for name in facets}
        wanted = page * per_page
        docs = facet_counts.docs
        dates = state.dates
        if sort == "date" or parsed.empty:
            scores = np.zeros(state.size, dtype=np.float64)

            def order(n: int) -> list[int]:
                return grouping.top(docs, dates[docs], np.zeros(docs.size), n)
        else:
            scores = matching.score(state, to_whoosh(parsed, scoring=True), postings)

            def order(n: int) -> list[int]:
                return grouping.top(docs, scores[docs], dates[docs], n)
        leaders = grouping.heads(order, groups, wanted, docs.size)[(page - 1) * per_page: wanted]
        parts = grouping.parts(docs, groups, leaders, scores, dates)
        hits = []
        for docnum in leaders:
            hit = self._hit(state, docnum, float(scores[docnum]), load is not None)
            hit.parts = [self._hit(state, d, float(scores[d]), load is not None)
                         for d in parts[int(groups[docnum])][:MAX_PARTS + 1] if d != docnum][:MAX_PARTS]
            hits.append(hit)
        total = facet_counts.total
        if load is not None and hits:
            hits, dropped = self._load(hits, load, parsed)
            total -= dropped
        suggestion = self.suggest_query(parsed) if total == 0 and not parsed.empty else None
        return SearchResults(hits, total, page, per_page, counts, suggestion, parsed)

    @staticmethod
    def _hit(state: State, docnum: int, score: float, shown: bool) -> Hit:
        stored = state.searcher.stored_fields(docnum)
        # Read only for a page that shows the hits (not for counting or the benchmark's engine loop).
        packed = state.shown(docnum) if shown else b""
        doc = unpack(packed) if packed else None
        return Hit(stored["id"], stored["id"].partition(":")[0], score or 0.0, stored.get("title", ""), doc)

    def _load(self, hits: list[Hit], load: Loader, parsed: ParsedQuery) -> tuple[list[Hit], int]:
        return present(hits, load, parsed)

    # -- did you mean ---------------------------------------------------------------------
    def suggest(self, word: str) -> str | None:
        """The most frequent indexed word within one edit (two for longer words) of ``word``, if any."""
        return spelling.suggest(self._state().searcher.reader(), word)

    def suggest_query(self, parsed: ParsedQuery) -> str | None:
        """The query with each unknown word replaced by its suggestion, or None."""
        return spelling.suggest_query(parsed, self.suggest)


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
        "exact": content, "implementation": " ".join(doc.get("implementation", ())),
    }
    # ``text`` and ``prefix`` index the same content as ``exact``.
    entry = hashlib.blake2b(repr(sorted(fields.items())).encode(), digest_size=16).hexdigest()
    fields.update(text=content, prefix=content, shown=pack({**shown(doc), "entry": entry}))
    return fields


def _close_all(searchers: set[Any]) -> None:
    for searcher in list(searchers):
        searcher.close()
    searchers.clear()
