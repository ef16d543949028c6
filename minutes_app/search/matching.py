"""Matching and ranking over Whoosh postings, with set algebra and Python arithmetic.

The set of matching documents is computed once per query from posting lists
read a block at a time (And = intersection, Or = union, AndNot = difference,
phrases checked on positions of the candidates only). Ranking is BM25 over the
same postings and cached field lengths, restricted to that set: Whoosh's own
matcher tree costs microseconds per matching document, which is what made a
plain Whoosh index slow on common words.
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Iterator
from typing import Any

from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

from . import analysis

#: (field, text) → (global document numbers, weights), filled during one search.
Postings = dict[tuple[str, str], tuple[list[int], list[float]]]
BM25_K1, BM25_B = 1.2, 0.75


def docset(searcher: Any, q: wq.Query, postings: Postings) -> set[int]:
    """Global numbers of the documents matching ``q`` (Every, And, Or, AndNot, Term, Prefix, Phrase)."""
    if isinstance(q, wq.Every):
        return set(searcher.reader().all_doc_ids())
    if isinstance(q, wq.And):
        sets = sorted((docset(searcher, sub, postings) for sub in q.subqueries), key=len)
        return sets[0].intersection(*sets[1:]) if sets else set()
    if isinstance(q, wq.Or):
        return set().union(*(docset(searcher, sub, postings) for sub in q.subqueries))
    if isinstance(q, wq.AndNot):
        return docset(searcher, q.a, postings) - docset(searcher, q.b, postings)
    if isinstance(q, wq.Term):
        return set(read_postings(searcher, postings, q.fieldname, q.text)[0])
    if isinstance(q, wq.Prefix):
        found: set[int] = set()
        for term in searcher.reader().expand_prefix(q.fieldname, q.text):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            found.update(read_postings(searcher, postings, q.fieldname, text)[0])
        return found
    if isinstance(q, wq.Phrase) and q.slop == 1:
        return phrase_docs(searcher, postings, q.fieldname, list(q.words))
    return set(searcher.docs_for_query(q))


def rank(state: Any, q: wq.Query, matched: set[int], wanted: int, postings: Postings) -> list[tuple[int, float]]:
    """Top documents of ``matched`` by BM25 over the query's terms (Python over block-read postings)."""
    scores = score(state, q, matched, postings)
    dates = state.dates
    return heapq.nlargest(wanted, scores.items(), key=lambda item: (item[1], dates[item[0]]))


def score(state: Any, q: wq.Query, matched: set[int], postings: Postings) -> dict[int, float]:
    """BM25 score of every document of ``matched`` over the query's terms.

    Whoosh scores every match through a matcher tree (microseconds per
    document); this sums per-term contributions from id/weight arrays and
    cached field lengths, an order of magnitude less work per document.
    """
    scores: dict[int, float] = {}
    reader = state.searcher.reader()
    for fieldname, text, boost in scoring_terms(q, reader):
        ids, weights = read_postings(state.searcher, postings, fieldname, text)
        if not ids:
            continue
        idf = math.log(state.doc_count / (len(ids) + 1)) + 1
        factor = boost * state.searcher.schema[fieldname].format.field_boost * idf * (BM25_K1 + 1)
        lengths = state.lengths.get(fieldname)
        get = scores.get
        if lengths is None:
            contribution = factor / (1 + BM25_K1)
            for d in ids:
                if d in matched:
                    scores[d] = get(d, 0.0) + contribution
            continue
        norm = BM25_K1 * BM25_B / state.avg_length[fieldname]
        base = BM25_K1 * (1 - BM25_B)
        for d, w in zip(ids, weights, strict=True):
            if d in matched:
                scores[d] = get(d, 0.0) + factor * w / (w + base + norm * lengths[d])
    if len(scores) < len(matched):
        for d in matched:
            scores.setdefault(d, 0.0)
    return scores


def read_postings(searcher: Any, cache: Postings, fieldname: str, text: str) -> tuple[list[int], list[float]]:
    """(global document numbers, weights) of one term, read a block at a time; cached per search.

    Whoosh's matcher API costs a Python call per posting; reading each block's
    id and weight arrays (W3 codec) is an order of magnitude faster. Deleted
    documents are skipped; other matchers fall back to the matcher API.
    """
    key = (fieldname, text)
    if key in cache:
        return cache[key]
    ids: list[int] = []
    weights: list[float] = []
    for leaf, offset in searcher.reader().leaf_readers():
        try:
            matcher = leaf.postings(fieldname, text)
        except TermNotFound:
            continue
        deleted: frozenset[int] = frozenset()
        if isinstance(matcher, FilterMatcher):
            deleted, matcher = leaf.deleted_docs_set, matcher.child
        local_ids: list[int] = []
        local_weights: list[float] = []
        if hasattr(matcher, "_read_ids") and hasattr(matcher, "_read_weights"):
            while matcher.is_active():
                if matcher._ids is None:
                    matcher._read_ids()
                if matcher._weights is None:
                    matcher._read_weights()
                local_ids.extend(matcher._ids[matcher._i:])
                local_weights.extend(matcher._weights[matcher._i:])
                matcher._next_block()
        else:
            while matcher.is_active():
                local_ids.append(matcher.id())
                local_weights.append(matcher.weight())
                matcher.next()
        if deleted:
            kept = [(d, w) for d, w in zip(local_ids, local_weights, strict=True) if d not in deleted]
            local_ids, local_weights = [d for d, _w in kept], [w for _d, w in kept]
        ids.extend(map(offset.__add__, local_ids) if offset else local_ids)
        weights.extend(local_weights)
    cache[key] = (ids, weights)
    return ids, weights


def phrase_docs(searcher: Any, cache: Postings, fieldname: str, words: list[str]) -> set[int]:
    """Documents containing the phrase: candidates by set intersection, then a position check.

    Function words are checked as gaps only ("Kosten der Unterkunft": "kosten"
    and "unterkunft" two positions apart); their position lists are the
    longest and would dominate the time.
    """
    content = [(i, w) for i, w in enumerate(words) if w not in analysis.STOPWORDS]
    if len(content) < 2:
        content = list(enumerate(words))
    candidates = set.intersection(*(set(read_postings(searcher, cache, fieldname, w)[0]) for _i, w in content))
    if not candidates:
        return set()
    positions = [(i, term_positions(searcher, fieldname, w, candidates)) for i, w in content]
    first_offset, first = positions[0]
    found = set()
    for doc in candidates:
        others = [(i - first_offset, set(p[doc])) for i, p in positions[1:]]
        if any(all(start + delta in pos for delta, pos in others) for start in first[doc]):
            found.add(doc)
    return found


def term_positions(searcher: Any, fieldname: str, text: str, docs: set[int]) -> dict[int, list[int]]:
    """Positions of ``text`` in each of ``docs`` (only those are decoded)."""
    fmt = searcher.schema[fieldname].format
    out: dict[int, list[int]] = {}
    for leaf, offset in searcher.reader().leaf_readers():
        try:
            matcher = leaf.postings(fieldname, text)
        except TermNotFound:
            continue
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child
        while matcher.is_active():
            doc = matcher.id() + offset
            if doc in docs:
                out[doc] = fmt.decode_positions(matcher.value())
            matcher.next()
    return out


def scoring_terms(q: wq.Query, reader: Any) -> Iterator[tuple[str, str, float]]:
    """(field, text, boost) of every positive term of the ranking query; prefixes expand (they are long)."""
    if isinstance(q, wq.AndNot):
        yield from scoring_terms(q.a, reader)
    elif isinstance(q, wq.And | wq.Or):
        for sub in q.subqueries:
            yield from scoring_terms(sub, reader)
    elif isinstance(q, wq.Term):
        yield q.fieldname, q.text, q.boost
    elif isinstance(q, wq.Prefix):
        for n, term in enumerate(reader.expand_prefix(q.fieldname, q.text)):
            if n >= 64:
                break
            yield q.fieldname, term.decode("utf-8") if isinstance(term, bytes) else term, q.boost
