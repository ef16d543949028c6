"""Per-segment caches of the warm searcher, and the merge policy of index updates.

Whoosh segments never change once written (only their deletion lists grow),
so per-document arrays computed for a segment (facet values, dates, field
lengths, result groups) stay valid until the segment is merged away; a new
searcher after an update reuses them and computes only the new, small
segments. The arrays are numpy arrays, so that a search can match, filter,
score and count facets over all documents with a few vector operations
instead of a Python step per matching document (see :mod:`.matching` and
:mod:`.grouping`). Group keys and facet values are numbered by one
:class:`Vocabulary` per index, so the arrays of all segments combine.
"""
from __future__ import annotations

import math
import threading
from collections import OrderedDict
from typing import Any, NamedTuple

import numpy as np

FACETS = ("committee", "type", "year", "implementation")
#: Fields whose length normalises BM25 (the others score by presence).
LENGTH_FIELDS = ("exact", "text")
#: Keyword fields whose values are kept per document (:class:`Values`): the facets, and ``result`` for its filter.
VALUE_FIELDS = (*FACETS, "result")
#: Decoded postings kept per index and process (about 4 million postings); see :class:`PostingsCache`.
POSTINGS_CACHE_BYTES = 32 * 1024 * 1024
#: Prefix expansions kept per searcher state.
MAX_EXPANSIONS = 256
MERGE_FACTOR = 6
MAX_MERGE_DOCS = 5000


def _tiers(segments: list[Any]) -> dict[int, list[Any]]:
    tiers: dict[int, list[Any]] = {}
    for segment in segments:
        count = segment.doc_count_all()
        if count < MAX_MERGE_DOCS:
            tiers.setdefault(int(math.log(max(count, 1), MERGE_FACTOR)), []).append(segment)
    return tiers


def merge_due(segments: list[Any]) -> bool:
    """Whether :func:`merge_policy` would merge something."""
    return any(len(group) >= MERGE_FACTOR - 1 for group in _tiers(segments).values())


def merge_policy(writer: Any, segments: list[Any]) -> list[Any]:
    """Tiered merging: when ``MERGE_FACTOR`` segments of similar size exist, merge those (smallest tier first).

    Most updates merge nothing; a merge touches only segments of one size
    class, so its cost grows with the logarithm of the index. Segments above
    ``MAX_MERGE_DOCS`` are left to the next rebuild, so a save never waits for
    a large merge.
    """
    from whoosh.reading import SegmentReader

    tiers = _tiers(segments)
    for tier in sorted(tiers):
        group = tiers[tier]
        if len(group) >= MERGE_FACTOR:
            for segment in group:
                reader = SegmentReader(writer.storage, writer.schema, segment)
                writer.add_reader(reader)
                reader.close()
            return [s for s in segments if s not in group]
    return segments


class PostingsCache:
    """Decoded postings of recently searched terms, per segment, least recently used dropped first.

    Decoding Whoosh's posting blocks (zlib, pickle, delta decoding in
    Python) is most of a search for a common word. Segments never change, so
    their decoded postings stay valid until the segment is merged away (its
    entries then age out); deletions are applied by each search. A term too
    large for an eighth of the budget is not kept.
    """

    def __init__(self, budget: int = POSTINGS_CACHE_BYTES) -> None:
        self.budget = budget
        self.size = 0
        self._entries: OrderedDict[tuple[Any, ...], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> tuple[np.ndarray, np.ndarray] | None:
        """The (document numbers, weights) kept for (segment, field, term), if any."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple[Any, ...], value: tuple[np.ndarray, np.ndarray]) -> None:
        """Keep ``value`` for ``key``, dropping the least recently used entries beyond the budget."""
        cost = value[0].nbytes + value[1].nbytes + 100
        if cost > self.budget // 8:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = value
            self.size += cost
            while self.size > self.budget:
                _key, (ids, weights) = self._entries.popitem(last=False)
                self.size -= ids.nbytes + weights.nbytes + 100

    def clear(self) -> None:
        """Forget everything (the benchmark measures searches without the cache this way)."""
        with self._lock:
            self._entries.clear()
            self.size = 0


class Vocabulary:
    """Numbers for the result groups and facet values of one index, shared by all its segments."""

    def __init__(self) -> None:
        self.groups: dict[str, int] = {}
        self.values: dict[str, dict[str, int]] = {name: {} for name in VALUE_FIELDS}
        #: Value number → text, per field.
        self.names: dict[str, list[str]] = {name: [] for name in VALUE_FIELDS}

    def group(self, key: str) -> int:
        """The number of a result group (``paper:12``), assigned on first sight."""
        return self.groups.setdefault(key, len(self.groups))

    def value(self, name: str, text: str) -> int:
        """The number of ``text`` in keyword field ``name``, assigned on first sight."""
        numbers = self.values[name]
        if text not in numbers:
            numbers[text] = len(numbers)
            self.names[name].append(text)
        return numbers[text]


class Values:
    """The values of one keyword field: each document's first value densely, the few further ones as pairs.

    Most documents have exactly one value per field (one type, one year,
    usually one committee), so a search reads the values of its matching
    documents by index (``first[docs]``) instead of filtering every pair of
    the index; only the further values (a Vorlage in several committees) are
    pairs. ``first`` is -1 where a document has no value.
    """

    def __init__(self, first: np.ndarray, extra_docs: np.ndarray, extra_values: np.ndarray) -> None:
        self.first = first
        self.extra_docs = extra_docs
        self.extra_values = extra_values

    @classmethod
    def from_pairs(cls, size: int, docs: list[np.ndarray], values: list[np.ndarray]) -> Values:
        """From (document, value) pairs in any order."""
        first = np.full(size, -1, dtype=np.int32)
        if not docs:
            return cls(first, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32))
        all_docs, all_values = np.concatenate(docs), np.concatenate(values)
        order = np.argsort(all_docs, kind="stable")
        all_docs, all_values = all_docs[order], all_values[order]
        leading = np.ones(all_docs.size, dtype=bool)
        leading[1:] = all_docs[1:] != all_docs[:-1]
        first[all_docs[leading]] = all_values[leading]
        return cls(first, all_docs[~leading], all_values[~leading].astype(np.int32))

    @classmethod
    def join(cls, parts: list[tuple[Values, int]]) -> Values:
        """The values of consecutive segments, each with its document offset."""
        if not parts:
            return cls.from_pairs(0, [], [])
        return cls(np.concatenate([v.first for v, _o in parts]),
                   np.concatenate([v.extra_docs + o for v, o in parts]),
                   np.concatenate([v.extra_values for v, _o in parts]))

    def mask(self, number: int) -> np.ndarray:
        """Mask of the documents having value ``number``."""
        found = self.first == number
        found[self.extra_docs[self.extra_values == number]] = True
        return found


class SegmentData:
    """Per-segment arrays: keyword values, dates, groups and field lengths of each document."""

    def __init__(self, reader: Any, vocabulary: Vocabulary) -> None:
        size = reader.doc_count_all()
        #: Field name → the documents' value numbers.
        self.values: dict[str, Values] = {}
        for name in VALUE_FIELDS:
            docs: list[np.ndarray] = []
            values: list[np.ndarray] = []
            for term in reader.lexicon(name) if name in reader.schema else ():
                number = vocabulary.value(name, term.decode("utf-8"))
                ids = np.fromiter(reader.postings(name, term.decode("utf-8")).all_ids(), dtype=np.int64)
                docs.append(ids)
                values.append(np.full(ids.size, number, dtype=np.int32))
            self.values[name] = Values.from_pairs(size, docs, values)
        column = reader.column_reader("date") if reader.has_column("date") else None
        self.dates = np.fromiter(column, dtype=np.int64, count=size) if column is not None else np.zeros(size, np.int64)
        groups = reader.column_reader("group") if reader.has_column("group") else None
        #: The result each document belongs to (see documents: a Vorlage with its items and attachments).
        self.groups = np.fromiter((vocabulary.group(g) for g in groups), dtype=np.int64, count=size) \
            if groups is not None else np.full(size, vocabulary.group(""), dtype=np.int64)
        self.lengths = {name: np.array([reader.doc_field_length(d, name, 1) or 1 for d in range(size)],
                                       dtype=np.float64) for name in LENGTH_FIELDS}
        keys = reader.column_reader("key") if reader.has_column("key") else None
        #: The object of each document (entries.number).
        self.keys = np.fromiter(keys, dtype=np.int64, count=size) if keys is not None else np.zeros(size, np.int64)
        self.size = size


class Leaf(NamedTuple):
    """One segment of a searcher: its reader, first document number, id and deletions (a mask, or None)."""

    reader: Any
    offset: int
    segment_id: str
    deleted: np.ndarray | None


class State:
    """A warm searcher with the caches that belong to its generation: the segments' arrays, joined.

    The searcher of the internal index also reads the public index (its
    segments come first, ``base_leaves`` of them): see :meth:`overlaid`.
    """

    def __init__(self, searcher: Any, segments: dict[str, SegmentData], vocabulary: Vocabulary,
                 base_leaves: int = 0) -> None:
        self.searcher = searcher
        self.vocabulary = vocabulary
        live: dict[str, SegmentData] = {}
        joined: list[tuple[SegmentData, int]] = []
        #: The segments, with their deletions as masks (a search applies them to every term it reads).
        self.leaves: list[Leaf] = []
        for leaf, offset in searcher.reader().leaf_readers():
            segment = leaf.segment() if hasattr(leaf, "segment") else None
            seg_id = segment.segment_id() if segment is not None else "empty"
            data = segments.get(seg_id) or SegmentData(leaf, vocabulary)
            live[seg_id] = data
            joined.append((data, offset))
            deleted = None
            if leaf.has_deletions():
                deleted = np.zeros(leaf.doc_count_all(), dtype=bool)
                deleted[np.fromiter(leaf.deleted_docs_set, dtype=np.int64)] = True
            self.leaves.append(Leaf(leaf, offset, seg_id, deleted))
        segments.clear()
        segments.update(live)
        self.size = searcher.doc_count_all()
        self.dates = _join([d.dates for d, _o in joined], np.int64)
        self.groups = _join([d.groups for d, _o in joined], np.int64)
        self.lengths = {name: _join([d.lengths[name] for d, _o in joined], np.float64) for name in LENGTH_FIELDS}
        self.values = {name: Values.join([(d.values[name], o) for d, o in joined]) for name in VALUE_FIELDS}
        self.keys = _join([d.keys for d, _o in joined], np.int64)
        #: Documents of the public index under an internal one (all False for a searcher of one index).
        self.from_base = np.zeros(self.size, dtype=bool)
        #: Documents not deleted.
        self.live = np.ones(self.size, dtype=bool)
        for position, leaf in enumerate(self.leaves):
            end = leaf.offset + leaf.reader.doc_count_all()
            if position < base_leaves:
                self.from_base[leaf.offset:end] = True
            if leaf.deleted is not None:
                self.live[leaf.offset:end] &= ~leaf.deleted
        self._overlaid: np.ndarray | None = None
        self.filters: dict[tuple[str, str], np.ndarray] = {}
        self._expansions: dict[tuple[str, str], list[str]] = {}
        self._shown: Any = None
        self.version: tuple[int, int] = (-1, -1)
        #: What this state's documents are: its segments and how many of their documents are live. Whoosh
        #: segments never change and only gain deletions, so equal keys mean equal document numbering and content;
        #: caches shared between threads key on this, not on ``version`` (read just before the searcher opened).
        self.content_key = tuple((leaf.segment_id, leaf.reader.doc_count()) for leaf in self.leaves)
        self.doc_count = self.size
        self.avg_length = {name: searcher.avg_field_length(name, 1.0) or 1.0 for name in LENGTH_FIELDS}

    def expand(self, fieldname: str, prefix: str) -> list[str]:
        """The indexed words of ``fieldname`` starting with ``prefix``, in term order (looked up once per state)."""
        key = (fieldname, prefix)
        found = self._expansions.get(key)
        if found is None:
            found = [t.decode("utf-8") if isinstance(t, bytes) else t
                     for t in self.searcher.reader().expand_prefix(fieldname, prefix)]
            if len(self._expansions) >= MAX_EXPANSIONS:
                self._expansions.clear()
            self._expansions[key] = found
        return found

    def forget_expansions(self) -> None:
        """Drop the prefix expansions looked up so far (the benchmark measures searches without caches)."""
        self._expansions.clear()

    def shown(self, docnum: int) -> bytes:
        """The packed stored document of ``docnum`` (see :func:`.hits.pack`); empty if there is none."""
        if self._shown is None:
            reader = self.searcher.reader()
            self._shown = reader.column_reader("shown") if reader.has_column("shown") else None
        value: bytes = self._shown[docnum] if self._shown is not None else b""
        return value

    def overlaid(self, readable: np.ndarray | None = None) -> np.ndarray:
        """Mask of the public documents whose object has an internal entry (among ``readable``, if given).

        For whoever may read that internal entry it replaces the public one;
        for everybody else the public entry stands in for it.
        """
        if readable is None and self._overlaid is not None:
            return self._overlaid
        own = ~self.from_base & self.live
        if readable is not None:
            own &= readable
        found = self.from_base & np.isin(self.keys, self.keys[own]) if own.any() \
            else np.zeros(self.size, dtype=bool)
        if readable is None:
            self._overlaid = found
        return found

    def docs_with(self, name: str, value: str) -> np.ndarray:
        """Mask of the documents having ``value`` in keyword field ``name``."""
        cache_key = (name, value)
        if cache_key not in self.filters:
            number = self.vocabulary.values[name].get(value)
            self.filters[cache_key] = self.values[name].mask(number) if number is not None \
                else np.zeros(self.size, dtype=bool)
        return self.filters[cache_key]


def _join(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)
