"""What a results page shows of each hit, engine-neutral: stored documents, checked and highlighted.

Every engine stores :func:`.documents.shown` of each document beside its
searchable fields and hands it back on the hit (``Hit.doc``). Before a page
is shown, the web layer's loader checks the stored documents against the
database in one statement per kind of hit (:func:`public_current`,
:func:`internal_current`): an entry whose stamp still matches is shown as
stored; a stale one is rebuilt from the database (rare: only in the moment
between a commit and its index update, or when an update was missed); an
object without a document any more is dropped. :func:`present` then cuts the
snippets.
"""
from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from . import access, documents, entries, stamps
from .query import ParsedQuery, highlight, matchers

Document = dict[str, Any]
#: Stored documents by id → the documents to show (``None``: drop the hit).
Loader = Callable[[dict[str, Document | None]], dict[str, Document | None]]


@dataclass
class Hit:
    """One result: its document id, score, the stored document and, once presented, its highlights."""

    id: str
    kind: str
    score: float
    title: str
    doc: dict[str, Any] | None = None
    title_html: Any = None
    snippet: Any = None
    #: The other matching parts of the same result (a Vorlage's agenda items and attachments), best first.
    parts: list[Hit] = field(default_factory=list)


def pack(doc: Document) -> bytes:
    """A stored document as compressed bytes (texts of attachments can be long)."""
    return zlib.compress(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(data: bytes) -> Document:
    """The stored document packed by :func:`pack` (written by this application's own indexer only)."""
    doc: Document = pickle.loads(zlib.decompress(data))  # noqa: S301 - our own index files
    return doc


def present(hits: list[Hit], load: Loader, parsed: ParsedQuery) -> tuple[list[Hit], int]:
    """Replace each hit's stored document by what ``load`` returns, drop the gone ones, highlight the rest.

    Returns the kept hits and how many results were dropped.
    """
    docs = load({h.id: h.doc for hit in hits for h in (hit, *hit.parts)})
    match = matchers(parsed)
    kept = []
    for hit in hits:
        parts = [p for p in hit.parts if docs.get(p.id) is not None]
        for part in parts:
            part.doc = docs[part.id]
        if docs.get(hit.id) is None:
            if not parts:
                continue
            # The best part went stale: the next one leads the result.
            hit, parts = parts[0], parts[1:]
        hit.doc = docs[hit.id]
        hit.parts = parts
        hit.title_html = highlight(hit.doc["title"], match, width=max(len(hit.doc["title"]), 1))
        hit.snippet = highlight(hit.doc["body"], match)
        kept.append(hit)
    return kept, len(hits) - len(kept)


def _split(session: Session, stored: dict[str, Document | None],
           public: bool) -> tuple[dict[str, Document | None], list[str]]:
    """(current stored documents and ``None`` for gone ones, ids whose entry is stale)."""
    current = stamps.read(session, {documents.parse_key(i) for i in stored}, public=public)
    out: dict[str, Document | None] = {}
    stale = []
    for doc_id, doc in stored.items():
        stamp = current.get(documents.parse_key(doc_id))
        if stamp is None:
            out[doc_id] = None
        elif doc is not None and doc.get("stamp") == stamp:
            out[doc_id] = doc
        else:
            stale.append(doc_id)
    return out, stale


def public_current(session: Session, stored: dict[str, Document | None]) -> dict[str, Document | None]:
    """The loader of the public search: stored documents of objects still public and unchanged, else rebuilt."""
    out, stale = _split(session, stored, public=True)
    if stale:
        built = documents.build_documents(session, stale)
        out.update({doc_id: built[doc_id][0] for doc_id in stale})
    return out


def internal_current(session: Session, stored: dict[str, Document | None],
                     may_read: Callable[[str], bool]) -> dict[str, Document | None]:
    """The loader of the internal search: what ``may_read`` allows, else the public document; never less.

    A public stand-in, or an internal document whose text the policy refuses
    the user, is shown as the public document (marked ``public_view``).
    """
    out, stale = _split(session, stored, public=False)
    for doc_id, doc in out.items():
        if doc is not None and entries.is_stand_in(doc_id):
            out[doc_id] = {**doc, "public_view": True}
    refused = [i for i, doc in out.items() if doc is not None and not entries.is_stand_in(i)
               and not _readable(i, doc, may_read)]
    rebuild = {entries.base_id(i) for i in (*stale, *refused)}
    built = documents.build_documents(session, rebuild) if rebuild else {}
    for doc_id in (*stale, *refused):
        public, internal = built.get(entries.base_id(doc_id), (None, None))
        if internal is not None and not entries.is_stand_in(doc_id) and _readable(doc_id, internal, may_read):
            out[doc_id] = internal
        else:
            out[doc_id] = {**public, "public_view": True} if public is not None else None
    return out


def _readable(doc_id: str, doc: Document, may_read: Callable[[str], bool]) -> bool:
    if entries.is_stand_in(doc_id):
        return False
    return access.PUBLIC_TOKEN in doc.get("acl", ()) or may_read(doc_id)
