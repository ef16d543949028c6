"""Per-segment caches of the warm searcher, and the merge policy of index updates.

Whoosh segments never change once written (only their deletion lists grow),
so per-document arrays computed for a segment (facet values, dates, field
lengths) stay valid until the segment is merged away; a new searcher after an
update reuses them and computes only the new, small segments.
"""
from __future__ import annotations

import math
from typing import Any

FACETS = ("committee", "type", "year", "implementation")
#: Fields whose length normalises BM25 (the others score by presence).
LENGTH_FIELDS = ("exact", "text")
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


class SegmentData:
    """Per-segment arrays: facet values and dates of each document (segments never change)."""

    def __init__(self, reader: Any) -> None:
        size = reader.doc_count_all()
        self.values: dict[str, list[tuple[str, ...]]] = {}
        for name in (*FACETS, "result"):
            per_doc: list[list[str]] = [[] for _ in range(size)]
            for term in reader.lexicon(name) if name in reader.schema else ():
                text = term.decode("utf-8")
                for docnum in reader.postings(name, text).all_ids():
                    per_doc[docnum].append(text)
            self.values[name] = [tuple(v) for v in per_doc]
        column = reader.column_reader("date") if reader.has_column("date") else None
        self.dates: list[int] = list(column) if column is not None else [0] * size
        groups = reader.column_reader("group") if reader.has_column("group") else None
        #: The result each document belongs to (see documents: a Vorlage with its items and attachments).
        self.groups: list[str] = list(groups) if groups is not None else [""] * size
        self.lengths = {name: [reader.doc_field_length(d, name, 1) or 1 for d in range(size)] for name in LENGTH_FIELDS}


class State:
    """A warm searcher with the caches that belong to its generation."""

    def __init__(self, searcher: Any, segments: dict[str, SegmentData]) -> None:
        self.searcher = searcher
        self.values: dict[str, list[tuple[str, ...]]] = {name: [] for name in (*FACETS, "result")}
        self.dates: list[int] = []
        self.groups: list[str] = []
        self.lengths: dict[str, list[int]] = {name: [] for name in LENGTH_FIELDS}
        live: dict[str, SegmentData] = {}
        for leaf, _offset in searcher.reader().leaf_readers():
            seg_id = leaf.segment().segment_id() if hasattr(leaf, "segment") else "empty"
            data = segments.get(seg_id) or SegmentData(leaf)
            live[seg_id] = data
            for name, values in data.values.items():
                self.values[name].extend(values)
            self.dates.extend(data.dates)
            self.groups.extend(data.groups)
            for name, lengths in data.lengths.items():
                self.lengths[name].extend(lengths)
        segments.clear()
        segments.update(live)
        self.filters: dict[tuple[str, str], frozenset[int]] = {}
        self._shown: Any = None
        self.version: tuple[int, int] = (-1, -1)
        self.doc_count = searcher.doc_count_all()
        self.avg_length = {name: searcher.avg_field_length(name, 1.0) or 1.0 for name in LENGTH_FIELDS}

    def shown(self, docnum: int) -> bytes:
        """The packed stored document of ``docnum`` (see :func:`.hits.pack`); empty if there is none."""
        if self._shown is None:
            reader = self.searcher.reader()
            self._shown = reader.column_reader("shown") if reader.has_column("shown") else None
        value: bytes = self._shown[docnum] if self._shown is not None else b""
        return value

    def docs_with(self, name: str, value: str) -> frozenset[int]:
        cache_key = (name, value)
        if cache_key not in self.filters:
            self.filters[cache_key] = frozenset(d for d, vals in enumerate(self.values[name]) if value in vals)
        return self.filters[cache_key]
