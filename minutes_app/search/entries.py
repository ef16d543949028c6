"""Which entries each index holds of one object: document ids, public stand-ins, the overlay rule.

An object's document id is ``kind:id`` ("paper:12"). The public index holds
the public document of every public object. What the internal index holds
depends on the engine: the PostgreSQL tables keep every internal document and,
where it says more than the public one, the public document beside it as a
stand-in (:func:`internal_entries`); the Whoosh index is laid over the public
one and holds only the internal documents that differ (:func:`overlay_entries`).
"""
from __future__ import annotations

import hashlib
from typing import Any

from . import access
from .schema import STAND_IN_TOKEN

Document = dict[str, Any]
KINDS = ("paper", "agenda_item", "meeting", "file")


#: Suffix of the public stand-in of an internal document (see :func:`internal_entries`).
PUBLIC_VARIANT = "~public"


def key(kind: str, object_id: int) -> str:
    """The document id of an object, e.g. ``paper:12``."""
    return f"{kind}:{object_id}"


def parse_key(doc_id: str) -> tuple[str, int]:
    """(kind, id) of a document id (also of a public stand-in, ``paper:12~public``)."""
    kind, _, raw = base_id(doc_id).partition(":")
    return kind, int(raw)


def base_id(doc_id: str) -> str:
    """The object's document id without the public stand-in suffix."""
    return doc_id.removesuffix(PUBLIC_VARIANT)


def is_stand_in(doc_id: str) -> bool:
    """Whether ``doc_id`` names the public stand-in of an internal document."""
    return doc_id.endswith(PUBLIC_VARIANT)


def internal_entries(public: Document | None, internal: Document | None) -> list[Document]:
    """What the internal index holds for one object: its internal document and, where needed, a public stand-in.

    An internal document that says more than the public one (draft minutes,
    non-public attachments, results not yet published) is readable only with
    its access tokens. Everybody else who may search internally must still
    find what the public finds, so the public document goes in beside it,
    readable with the ``public`` token and hidden from whoever holds one of the
    internal document's tokens (they get the fuller internal one instead).
    """
    if internal is None:
        return []
    if public is None or access.PUBLIC_TOKEN in internal["acl"]:
        return [internal]
    stand_in = {**public, "id": internal["id"] + PUBLIC_VARIANT, "acl": [access.PUBLIC_TOKEN],
                "hidden_for": [STAND_IN_TOKEN, *internal["acl"]]}
    digest = hashlib.blake2b((public["content_hash"] + " ".join(stand_in["hidden_for"])).encode(), digest_size=8)
    stand_in["hash"] = digest.hexdigest()
    return [internal, stand_in]


#: Fields in which an internal document may differ from the public one and still be its twin.
_ACCESS_FIELDS = ("acl", "hash", "hidden_for")


def overlay_entries(public: Document | None, internal: Document | None) -> list[Document]:
    """What an internal index laid over the public one holds for one object: only what the public entry lacks.

    The embedded engine searches the internal index together with the public
    one (see :mod:`.engine`). Most internal documents say exactly what the
    public one says (a published Vorlage, a public meeting): they are not
    written again, the public entry stands for them. An internal document
    that differs is written; for whoever may read it, it replaces the public
    entry of the same object, for everybody else the public entry stays.
    """
    if internal is None:
        return []
    if public is not None and _same_but_access(public, internal):
        return []
    return [internal]


def _same_but_access(public: Document, internal: Document) -> bool:
    if access.PUBLIC_TOKEN not in internal["acl"] or public.keys() - _ACCESS_FIELDS != internal.keys() - _ACCESS_FIELDS:
        return False
    return all(public[name] == internal[name] for name in public.keys() - _ACCESS_FIELDS)


#: Kind numbers of :func:`number`.
_KIND_NUMBERS = {kind: position for position, kind in enumerate(KINDS, start=1)}


def number(doc_id: str) -> int:
    """One integer per object (its stand-in included), so the engine can match entries of two indexes with numpy."""
    kind, object_id = parse_key(doc_id)
    return _KIND_NUMBERS[kind] << 40 | object_id
