"""Filters and permissions of a Whoosh search, as masks over the documents of one index state.

Each mask is computed once per index state and kept in ``State.filters``
(a committee, a type, a reader's permission tokens), so a filtered search
costs one ``&`` per filter. The PostgreSQL engine applies the same rules in
SQL (see :mod:`.postgres.sql`).
"""
from __future__ import annotations

import numpy as np
from whoosh import query as wq

from .access import PUBLIC_TOKEN
from .results import Filters
from .schema import STAND_IN_TOKEN
from .segments import State


def apply(state: State, matched: np.ndarray, filters: Filters) -> np.ndarray:
    """``matched`` narrowed to the documents the filters and the reader's permissions allow."""
    for name in ("committee", "type", "result", "implementation"):
        value = getattr(filters, name)
        if value:
            matched = matched & state.docs_with(name, value)
    matched = matched & _readable(state, filters.acl)
    if filters.body is not None:
        matched = matched & _term_docs(state, "body", filters.body)
    if filters.date_from:
        matched = matched & (state.dates >= int(filters.date_from.strftime("%Y%m%d")))
    if filters.date_to:
        matched = matched & (state.dates <= int(filters.date_to.strftime("%Y%m%d")))
    return matched


def _readable(state: State, acl: frozenset[str] | None) -> np.ndarray:
    """Mask of the documents a reader with ``acl`` gets (``None``: unrestricted, every internal document).

    Of an internal index's own documents those the tokens allow, without the
    public stand-ins their holders skip. Under an internal index the public
    documents count too for a reader holding the ``public`` token (everybody
    who may search), except where the reader gets the object's internal entry
    instead (:meth:`.segments.State.overlaid`).
    """
    cache_key = ("readable", " ".join(sorted(acl)) if acl is not None else "*")
    if cache_key in state.filters:
        return state.filters[cache_key]
    if acl is not None:
        own = _token_docs(state, acl) & ~_token_docs(state, acl, "hidden_for")
    else:  # unrestricted: every internal document is readable, so no public stand-in is needed
        own = ~state.from_base & ~_token_docs(state, frozenset({STAND_IN_TOKEN}), "hidden_for")
    if state.from_base.any():
        public = state.from_base if acl is None or PUBLIC_TOKEN in acl else np.zeros(state.size, dtype=bool)
        own = (own & ~state.from_base) | (public & ~state.overlaid(own))
    state.filters[cache_key] = own
    return own


def _token_docs(state: State, tokens: frozenset[str], fieldname: str = "acl") -> np.ndarray:
    """Mask of the documents carrying any of ``tokens`` in ``fieldname``."""
    cache_key = (fieldname, " ".join(sorted(tokens)))
    if cache_key not in state.filters:
        mask = np.zeros(state.size, dtype=bool)
        for token in tokens:
            mask[list(state.searcher.docs_for_query(wq.Term(fieldname, token)))] = True
        state.filters[cache_key] = mask
    return state.filters[cache_key]


def _term_docs(state: State, name: str, value: str) -> np.ndarray:
    cache_key = (name, f"={value}")
    if cache_key not in state.filters:
        mask = np.zeros(state.size, dtype=bool)
        mask[list(state.searcher.docs_for_query(wq.Term(name, value)))] = True
        state.filters[cache_key] = mask
    return state.filters[cache_key]
