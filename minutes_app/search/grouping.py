"""One result per document: index entries grouped by their ``group`` field at query time.

Each part of a document (a Vorlage, its agenda items, its attachments) is its
own index entry with its own visibility, so grouping only ever combines parts
the searcher may read: a non-public part cannot lend its text to a public
result. The best-scoring part leads its result; the other matching parts are
linked below it. Facets count results, not entries.

Matches are a boolean mask over the index's documents and groups are numbers
(see :mod:`.segments`), so ordering, grouping and counting are array
operations; only the page's few results are handled one by one.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np


def top(docs: np.ndarray, primary: np.ndarray, secondary: np.ndarray, n: int) -> list[int]:
    """The first ``n`` of ``docs`` by ``primary``, then ``secondary`` (both descending), then document number.

    Only the documents that can be among the first ``n`` are sorted: those
    whose ``primary`` reaches the ``n``-th largest value (ties included).
    """
    if n < docs.size:
        threshold = np.partition(primary, docs.size - n)[docs.size - n]
        keep = primary >= threshold
        docs, primary, secondary = docs[keep], primary[keep], secondary[keep]
    order = np.lexsort((docs, -secondary, -primary))
    return [int(d) for d in docs[order[:n]]]


def heads(order: Callable[[int], list[int]], groups: np.ndarray, wanted: int, available: int) -> list[int]:
    """The best entry of each of the first ``wanted`` results, reading the ranking ``order(n)`` in growing chunks."""
    n = wanted * 4
    while True:
        found: list[int] = []
        seen: set[int] = set()
        for d in order(n):
            group = int(groups[d])
            if group not in seen:
                seen.add(group)
                found.append(d)
                if len(found) == wanted:
                    return found
        if n >= available:
            return found
        n *= 4


def parts(docs: np.ndarray, groups: np.ndarray, leaders: list[int], scores: np.ndarray,
          dates: np.ndarray) -> dict[int, list[int]]:
    """Every matched entry (``docs``) of the results led by ``leaders``, best first, by group number."""
    if not leaders:
        return {}
    members = docs[np.isin(groups[docs], groups[leaders])]
    order = np.lexsort((members, -dates[members], -scores[members]))
    out: dict[int, list[int]] = {}
    for d in members[order].tolist():
        out.setdefault(int(groups[d]), []).append(d)
    return out


class Facets:
    """Facet counts of one search: results (distinct groups) per value, from (document, value) pairs.

    Most results match with a single entry, so their values are counted
    directly; only the values of results with several matching entries are
    de-duplicated per result first.
    """

    def __init__(self, matched: np.ndarray, groups: np.ndarray) -> None:
        self.matched = matched
        self.groups = groups
        per_group = np.bincount(groups[matched]) if matched.any() else np.zeros(0, dtype=np.int64)
        #: Number of results (distinct groups).
        self.total = int(np.count_nonzero(per_group))
        self.several = per_group > 1

    def counts(self, pairs: tuple[np.ndarray, np.ndarray], names: list[str]) -> list[tuple[str, int]]:
        """Results per value of one facet, most frequent first (then by value).

        ``pairs`` holds (document, value number) per value of a document;
        ``names`` the value numbers' texts.
        """
        docs, values = pairs
        chosen = self.matched[docs]
        docs, values = docs[chosen], values[chosen]
        width = len(names)
        if not docs.size or not width:
            return []
        groups = self.groups[docs]
        shared = self.several[groups]
        found = np.bincount(values[~shared], minlength=width)
        if shared.any():
            distinct = np.unique(groups[shared] * width + values[shared])
            found += np.bincount(distinct % width, minlength=width)
        present = np.flatnonzero(found)
        return sorted(((names[v], int(found[v])) for v in present.tolist()), key=lambda item: (-item[1], item[0]))
