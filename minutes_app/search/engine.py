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

Writing (updates, merges, rebuilds) is the other half of the class, in :mod:`.writing`.
"""
from __future__ import annotations

import logging
import os
import threading
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.index import EmptyIndexError
from whoosh.reading import MultiReader, ReaderClosed
from whoosh.searching import Searcher

from . import filtering, generations, grouping, matching, spelling
from .access import PUBLIC_TOKEN
from .entries import PUBLIC_VARIANT
from .hits import Hit, Loader, present, unpack
from .query import ParsedQuery, parse, to_whoosh
from .results import MAX_PARTS, Filters, IndexUnavailable, SearchResults
from .segments import FACETS, PostingsCache, SegmentData, State, Vocabulary
from .writing import WritableIndex

log = logging.getLogger(__name__)

#: Searches on a fresh searcher after files vanished under the last one. More than two: back-to-back rebuilds of a
#: tiny index (tests) switched twice more while a slow search (a busy machine) ran on the generation it had just
#: opened.
SEARCH_ATTEMPTS = 4


class SearchIndex(WritableIndex):
    """One Whoosh index directory (public or internal) behind the app's search interface."""

    def __init__(
        self, path: str | Path, pending_file: str | Path | None = None, background_merge: bool = False,
        base: SearchIndex | None = None,
    ) -> None:
        super().__init__(path, pending_file, background_merge)
        #: The public index an internal index is laid over: searched together, see :func:`.entries.overlay_entries`.
        self.base = base
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
        weakref.finalize(self, self._replaced.close)

    # -- opening ---------------------------------------------------------------------
    def _state(self) -> State:
        state: State | None = getattr(self._local, "state", None)
        try:
            if state is not None and state.version == self._current_version():
                return state
            # A fresh searcher, not refresh(): Whoosh's reader reuse adds back old segment objects whose
            # deletions changed, so a document removed from the public index would stay findable.
            if state is not None:
                self._searchers.discard(state.searcher)
                state.searcher.close()
            version, searcher, base_leaves = self._open_searcher()
            self._searchers.add(searcher)
            with self._segments_lock:
                state = State(searcher, self._segments, self._vocabulary, base_leaves)
            state.version = version
        except IndexUnavailable:
            raise
        except Exception as error:
            self._local.state = None
            raise IndexUnavailable(str(self.path)) from error
        self._local.state = state
        return state

    def _open_searcher(self) -> tuple[Any, Any, int]:
        """(version, searcher, number of public segments first in it) of the live generation.

        An internal index is searched together with the public index below
        it; before its first own entry is written it has no directory yet,
        and the public index alone answers.
        """
        if self.base is None:
            version, reader = self._open_reader()
            return version, Searcher(reader), 0
        base_version, base_reader = self.base._open_reader()
        own_version, own_reader = None, None
        if self._own_version() is not None:
            try:
                own_version, own_reader = self._open_reader()
            except BaseException:
                base_reader.close()
                raise
        base_leaves = _segment_readers(base_reader)
        own_leaves = _segment_readers(own_reader) if own_reader is not None else []
        if not base_leaves and not own_leaves:  # neither holds a document yet
            return (base_version, own_version), Searcher(base_reader), 0
        return (base_version, own_version), Searcher(MultiReader(base_leaves + own_leaves)), len(base_leaves)

    def _open_reader(self) -> tuple[tuple[int, int], Any]:
        """(version, reader) of this index's live generation.

        Two rebuilds switching in quick succession remove the generation
        before the previous one; a process that resolved the link just before
        may find its directory gone. Then the link points elsewhere, and the
        new generation is opened instead.
        """
        try:
            for _attempt in range(3):
                resolved = generations.live(self.path)
                try:
                    return self._version(), self._open().reader()
                except (OSError, EmptyIndexError, IndexUnavailable):
                    if generations.live(self.path) == resolved:
                        raise
            return self._version(), self._open().reader()
        except (OSError, EmptyIndexError) as error:
            raise IndexUnavailable(str(self.path)) from error

    def _current_version(self) -> Any:
        """What a search compares with its state's version (checked before every search, so only directory reads)."""
        if self.base is None:
            return self._version()
        return self.base._version(), self._own_version()

    def _own_version(self) -> tuple[int, int] | None:
        """This index's version, or None before its first entry (an internal index may have none yet)."""
        try:
            return self._version()
        except (IndexUnavailable, OSError):
            return None

    def generation(self) -> str:
        """Changes whenever the index's content may have changed (an update, a merge, a rebuild).

        Of an internal index also when the public index below it changed.
        """
        if self.base is None:
            generation, inode = self._version()
            return f"{generation}-{inode}"
        own = self._own_version()
        return f"{self.base.generation()}+{own[0]}-{own[1]}" if own is not None else f"{self.base.generation()}+none"

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
    def stored_hashes(self) -> dict[str, str]:
        """id → content hash of every document in this index, not the one below (for the consistency check)."""
        _version, reader = self._open_reader()
        with Searcher(reader) as searcher:
            return {f["id"]: f.get("hash", "") for f in searcher.all_stored_fields()}

    def warm(self) -> None:
        """Open this thread's searcher with the arrays of every segment (see :meth:`.SearchIndexes.warm`)."""
        self._state()

    def doc_count(self) -> int:
        """Number of live documents of this index (not counting the public index below an internal one)."""
        if self.base is not None and self._own_version() is None:
            return 0
        _version, reader = self._open_reader()
        with Searcher(reader) as searcher:
            return int(searcher.doc_count())

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
        doc_id = stored["id"]
        # Read only for a page that shows the hits (not for counting or the benchmark's engine loop).
        packed = state.shown(docnum) if shown else b""
        doc = unpack(packed) if packed else None
        if state.from_base[docnum]:
            if state.overlaid()[docnum]:
                # The public entry of an object whose internal entry this reader may not read: its stand-in.
                doc_id += PUBLIC_VARIANT
            elif doc is not None:
                # The internal document says what the public one says: readable by everybody who searches.
                doc["acl"] = [PUBLIC_TOKEN]
        return Hit(doc_id, doc_id.partition(":")[0], score or 0.0, stored.get("title", ""), doc)

    def _load(self, hits: list[Hit], load: Loader, parsed: ParsedQuery) -> tuple[list[Hit], int]:
        return present(hits, load, parsed)

    # -- did you mean ---------------------------------------------------------------------
    def suggest(self, word: str) -> str | None:
        """The most frequent indexed word within one edit (two for longer words) of ``word``, if any."""
        return spelling.suggest(self._state().searcher.reader(), word)

    def suggest_query(self, parsed: ParsedQuery) -> str | None:
        """The query with each unknown word replaced by its suggestion, or None."""
        return spelling.suggest_query(parsed, self.suggest)


def _segment_readers(reader: Any) -> list[Any]:
    """The readers of the segments below ``reader`` (Whoosh reads an index without any as one empty reader)."""
    return [leaf for leaf, _offset in reader.leaf_readers()
            if hasattr(leaf, "segment") and leaf.segment() is not None]


def _close_all(searchers: set[Any]) -> None:
    for searcher in list(searchers):
        searcher.close()
    searchers.clear()
