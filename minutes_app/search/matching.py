"""Matching and ranking over Whoosh postings, as vector operations over all documents.

The matching documents are computed once per query as a boolean mask over the
index's document numbers, from posting lists read a block at a time (And =
``&``, Or = ``|``, AndNot = ``& ~``; phrases checked on positions of the
candidates only). Ranking is BM25 over the same postings and cached field
lengths, one array operation per query term: Whoosh's own matcher tree costs
microseconds per matching document, which is what made a plain Whoosh index
slow on common words, and a Python loop per document still dominated a search
for a common word.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

from . import analysis, postings_reader
from .segments import PostingsCache


class Postings(dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]):
    """(field, text) → (global document numbers, weights) of the terms one search read, on one index state.

    ``shared`` keeps the segments' decoded postings across searches (see
    :class:`.segments.PostingsCache`); ``merged`` keeps the joined postings of
    one index state (all segments, deletions applied), so a repeated word
    costs no Python per segment. Without them every search decodes.
    """

    def __init__(self, state: Any, shared: PostingsCache | None = None, merged: PostingsCache | None = None) -> None:
        super().__init__()
        self.state = state
        self.shared = shared
        self.merged = merged


BM25_K1, BM25_B = 1.2, 0.75
#: A phrase's position check skips to its candidates when a term has this many times more postings.
SKIP_RATIO = 16
#: A prefix ranks by its first this many words (in term order); all of them match.
MAX_SCORED_EXPANSIONS = 64


def docset(q: wq.Query, postings: Postings) -> np.ndarray:
    """Mask over the index state's documents of those matching ``q`` (Every, And, Or, AndNot, Term, Prefix, Phrase)."""
    state = postings.state
    if isinstance(q, wq.And):
        masks = [docset(sub, postings) for sub in q.subqueries]
        return np.logical_and.reduce(masks) if masks else np.zeros(state.size, dtype=bool)
    if isinstance(q, wq.Or):
        masks = [docset(sub, postings) for sub in q.subqueries]
        return np.logical_or.reduce(masks) if masks else np.zeros(state.size, dtype=bool)
    if isinstance(q, wq.AndNot):
        return docset(q.a, postings) & ~docset(q.b, postings)
    mask = np.zeros(state.size, dtype=bool)
    if isinstance(q, wq.Every):
        mask[list(state.searcher.reader().all_doc_ids())] = True
    elif isinstance(q, wq.Term):
        mask[read_postings(postings, q.fieldname, q.text)[0]] = True
    elif isinstance(q, wq.Prefix):
        for text in state.expand(q.fieldname, q.text):
            mask[read_postings(postings, q.fieldname, text)[0]] = True
    elif isinstance(q, wq.Phrase) and q.slop == 1:
        mask[phrase_matches(postings, q.fieldname, list(q.words))] = True
    else:
        mask[list(state.searcher.docs_for_query(q))] = True
    return mask


def score(state: Any, q: wq.Query, postings: Postings) -> np.ndarray:
    """BM25 score of every document over the query's terms (only the matching ones are read later).

    Whoosh scores every match through a matcher tree (microseconds per
    document); this adds each term's contribution to all its documents at
    once, from id/weight arrays and cached field lengths.
    """
    scores = np.zeros(state.size, dtype=np.float64)
    for fieldname, text, boost in scoring_terms(q, state):
        ids, weights = read_postings(postings, fieldname, text)
        if not ids.size:
            continue
        idf = math.log(state.doc_count / (ids.size + 1)) + 1
        factor = boost * state.searcher.schema[fieldname].format.field_boost * idf * (BM25_K1 + 1)
        lengths = state.lengths.get(fieldname)
        if lengths is None:
            # A document occurs once in a term's postings, so plain fancy-index addition is exact.
            scores[ids] += factor / (1 + BM25_K1)
            continue
        norm = BM25_K1 * BM25_B / state.avg_length[fieldname]
        base = BM25_K1 * (1 - BM25_B)
        scores[ids] += factor * weights / (weights + base + norm * lengths[ids])
    return scores


def read_postings(cache: Postings, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(global document numbers, weights) of one term without deleted documents; cached per search and state.

    Each segment's postings come from ``cache.shared`` when another search
    decoded them before (segments never change; deletions are applied here),
    else from :func:`.postings_reader.decode`.
    """
    key = (fieldname, text)
    if key in cache:
        return cache[key]
    state = cache.state
    merged_key = (state.content_key, fieldname, text)
    found = cache.merged.get(merged_key) if cache.merged is not None else None
    if found is None:
        found = _join_segments(cache, fieldname, text)
        if cache.merged is not None:
            cache.merged.put(merged_key, found)
    cache[key] = found
    return found


def _join_segments(cache: Postings, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for leaf in cache.state.leaves:
        shared_key = (leaf.segment_id, fieldname, text)
        local = cache.shared.get(shared_key) if cache.shared is not None else None
        if local is None:
            local = postings_reader.decode(leaf.reader, fieldname, text)
            if cache.shared is not None:
                cache.shared.put(shared_key, local)
        local_ids, local_weights = local
        if not local_ids.size:
            continue
        if leaf.deleted is not None:
            kept = ~leaf.deleted[local_ids]
            local_ids, local_weights = local_ids[kept], local_weights[kept]
        ids.append(local_ids.astype(np.int64) + leaf.offset)
        weights.append(local_weights.astype(np.float64))
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    return np.concatenate(ids), np.concatenate(weights)


def phrase_matches(cache: Postings, fieldname: str, words: list[str]) -> np.ndarray:
    """Document numbers containing the phrase, kept per index state like joined postings (positions are slow)."""
    key = (cache.state.content_key, "phrase", fieldname, tuple(words))
    found = cache.merged.get(key) if cache.merged is not None else None
    if found is None:
        found = (np.array(sorted(phrase_docs(cache, fieldname, words)), dtype=np.int64), np.zeros(0))
        if cache.merged is not None:
            cache.merged.put(key, found)
    return found[0]


def phrase_docs(cache: Postings, fieldname: str, words: list[str]) -> set[int]:
    """Documents containing the phrase: candidates by set intersection, then a position check.

    Function words are checked as gaps only ("Kosten der Unterkunft": "kosten"
    and "unterkunft" two positions apart); their position lists are the
    longest and would dominate the time.
    """
    content = [(i, w) for i, w in enumerate(words) if w not in analysis.STOPWORDS]
    if len(content) < 2:
        content = list(enumerate(words))
    common = read_postings(cache, fieldname, content[0][1])[0]
    for _i, w in content[1:]:
        common = np.intersect1d(common, read_postings(cache, fieldname, w)[0], assume_unique=True)
    candidates = set(common.tolist())
    if not candidates:
        return set()
    positions = [(i, term_positions(cache.state, fieldname, w, candidates)) for i, w in content]
    first_offset, first = positions[0]
    found = set()
    for doc in candidates:
        others = [(i - first_offset, set(p[doc])) for i, p in positions[1:]]
        if any(all(start + delta in pos for delta, pos in others) for start in first[doc]):
            found.add(doc)
    return found


def term_positions(state: Any, fieldname: str, text: str, docs: set[int]) -> dict[int, list[int]]:
    """Positions of ``text`` in each of ``docs`` (only those are decoded; the matcher skips to them if they are few)."""
    fmt = state.searcher.schema[fieldname].format
    out: dict[int, list[int]] = {}
    wanted = sorted(docs)
    for segment in state.leaves:
        leaf, offset = segment.reader, segment.offset
        end = offset + leaf.doc_count_all()
        local = [d - offset for d in wanted if offset <= d < end]
        if not local:
            continue
        try:
            matcher = leaf.postings(fieldname, text)
        except TermNotFound:
            continue
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child
        if len(local) * SKIP_RATIO < leaf.doc_frequency(fieldname, text):
            # Few candidates in many postings: skip whole blocks by their last id.
            for doc in local:
                if not matcher.is_active():
                    break
                if matcher.id() < doc:
                    matcher.skip_to(doc)
                if matcher.is_active() and matcher.id() == doc:
                    out[doc + offset] = fmt.decode_positions(matcher.value())
            continue
        candidates = set(local)
        while matcher.is_active():
            doc = matcher.id()
            if doc in candidates:
                out[doc + offset] = fmt.decode_positions(matcher.value())
            matcher.next()
    return out


def scoring_terms(q: wq.Query, state: Any) -> Iterator[tuple[str, str, float]]:
    """(field, text, boost) of every positive term of the ranking query; prefixes expand (they are long)."""
    if isinstance(q, wq.AndNot):
        yield from scoring_terms(q.a, state)
    elif isinstance(q, wq.And | wq.Or):
        for sub in q.subqueries:
            yield from scoring_terms(sub, state)
    elif isinstance(q, wq.Term):
        yield q.fieldname, q.text, q.boost
    elif isinstance(q, wq.Prefix):
        for text in state.expand(q.fieldname, q.text)[:MAX_SCORED_EXPANSIONS]:
            yield q.fieldname, text, q.boost
