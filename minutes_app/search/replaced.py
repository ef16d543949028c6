"""Finding the committed documents an update replaces, with segment readers kept from one update to the next.

Whoosh's ``update_document`` and ``delete_by_term`` open a searcher over the
whole index in every writer: one reader per segment, each reading its term
table's header and its per-document files (about 10 ms per save at 100,000
Vorlagen, for the one lookup of the ``id`` term per document). Segments never
change once written, so the readers opened for one update serve the next;
only a new segment (the previous save's) needs a new one. Readers of segments
that a merge or a rebuild removed are closed when the next update no longer
sees them.

Deletions are read from the writer's own segment objects, never from the
cached readers: the ids found include documents already deleted, and marking
one deleted again changes nothing.

**Unchanged entries stay.** Saving a Vorlage rebuilds its agenda items and
attachments too, because a change of its title or visibility changes them;
after an edit of its text they come out exactly as stored. An entry whose
packed ``shown`` value (what a hit shows, with its stamp, and a digest of
every other field, see :func:`.writing.whoosh_fields`) equals the new one is
kept instead of being deleted and written again.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from whoosh.reading import SegmentReader

from .postings_reader import decode_with_matcher

#: What tells two versions of an entry apart: its packed ``shown`` column value.
Fingerprint = bytes
_UNREAD = object()


class _CachedSegment:
    """A segment's reader and, once asked for, its ``shown`` column."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self._shown: Any = _UNREAD

    def fingerprint(self, docnum: int) -> Fingerprint:
        """The ``shown`` value of ``docnum``."""
        if self._shown is _UNREAD:
            self._shown = self.reader.column_reader("shown") if self.reader.has_column("shown") else None
        value: bytes = self._shown[docnum] if self._shown is not None else b""
        return value


class ReplacedDocuments:
    """Marks the documents with given ids deleted in a writer, one cached reader per segment."""

    def __init__(self) -> None:
        self._segments: dict[tuple[str, str], _CachedSegment] = {}
        self._lock = threading.Lock()

    def delete(self, writer: Any, ids: Iterable[str],
               keep: Mapping[str, Fingerprint] | None = None) -> tuple[int, set[str]]:
        """Mark every committed document whose ``id`` is in ``ids`` deleted in ``writer``.

        ``keep``: id → fingerprint of the version about to be written. An id
        with exactly one live committed entry of that fingerprint is left as
        it is. Returns the number of entries marked deleted and the ids kept.
        """
        ids = list(dict.fromkeys(ids))
        keep = keep or {}
        found: dict[str, list[tuple[Any, _CachedSegment, int]]] = {doc_id: [] for doc_id in ids}
        with self._lock:
            current: dict[tuple[str, str], _CachedSegment] = {}
            for segment in writer.segments:
                key = (str(getattr(writer.storage, "folder", id(writer.storage))), segment.segment_id())
                cached = self._segments.pop(key, None)
                if cached is None:
                    cached = _CachedSegment(SegmentReader(writer.storage, writer.schema, segment))
                current[key] = cached
                for doc_id in ids:
                    docnums, _weights = decode_with_matcher(cached.reader, "id", doc_id)
                    found[doc_id].extend((segment, cached, docnum) for docnum in docnums.tolist())
            self._close(self._segments.values())
            self._segments = current
            kept = {doc_id for doc_id, wanted in keep.items() if self._unchanged(found.get(doc_id, []), wanted)}
            marked = 0
            for doc_id, entries in found.items():
                if doc_id in kept:
                    continue
                for segment, _cached, docnum in entries:
                    if not segment.is_deleted(docnum):
                        marked += 1
                    segment.delete_document(docnum)
        return marked, kept

    @staticmethod
    def _unchanged(entries: list[tuple[Any, _CachedSegment, int]], wanted: Fingerprint) -> bool:
        live = [(cached, docnum) for segment, cached, docnum in entries if not segment.is_deleted(docnum)]
        return len(live) == 1 and live[0][0].fingerprint(live[0][1]) == wanted

    def close(self) -> None:
        """Close every cached reader."""
        with self._lock:
            self._close(self._segments.values())
            self._segments = {}

    @staticmethod
    def _close(segments: Iterable[_CachedSegment]) -> None:
        for cached in list(segments):
            # A reader of a segment a merge or rebuild removed may fail to close; it is dropped anyway.
            with contextlib.suppress(Exception):
                cached.reader.close()
