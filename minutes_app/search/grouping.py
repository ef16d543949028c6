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

from .segments import Values


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


#: Scatter rounds of the facet de-duplication before the rest is sorted (see :meth:`Facets._distinct`).
MAX_SCATTER_ROUNDS = 4


class Facets:
    """Facet counts of one search: results (distinct groups) per value.

    A result counts once per value that any of its matching entries has.
    Most results match with a single entry, so their values are counted
    directly. For results with several matching entries, each group first
    keeps one of its values (a scatter: the last write wins); the entries
    agreeing with it count once per group, and only the rare entries with a
    different value go on to the next round. Everything is linear in the
    number of matching entries; only results with more than
    ``MAX_SCATTER_ROUNDS`` different values of one facet are sorted.
    """

    def __init__(self, matched: np.ndarray, groups: np.ndarray) -> None:
        self.matched = matched
        #: The matching entries and their groups.
        self.docs = np.flatnonzero(matched)
        self.groups = groups
        self.doc_groups = groups[self.docs]
        per_group = np.bincount(self.doc_groups) if self.docs.size else np.zeros(0, dtype=np.int64)
        #: Number of results (distinct groups).
        self.total = int(np.count_nonzero(per_group))
        self.several = per_group > 1
        #: Positions (in ``docs``) of the entries whose result has several matching entries, and their groups.
        self.shared = np.flatnonzero(self.several[self.doc_groups]) if self.docs.size else np.zeros(0, np.int64)
        self.shared_groups = self.doc_groups[self.shared]
        self._scratch: np.ndarray | None = None

    def counts(self, values: Values, names: list[str]) -> list[tuple[str, int]]:
        """Results per value of one facet, most frequent first (then by value); ``names`` are the values' texts."""
        width = len(names)
        if not self.docs.size or not width:
            return []
        # Every entry's first value counted once (-1, no value, lands in bin 0 and is dropped) …
        firsts = values.first[self.docs]
        found = np.bincount(firsts + 1, minlength=width + 1)[1:]
        # … then the entries of results with several matching entries replaced by their distinct values.
        shared = firsts[self.shared]
        found -= np.bincount(shared + 1, minlength=width + 1)[1:]
        has = shared >= 0
        groups, numbers = self.shared_groups[has], shared[has]
        if values.extra_docs.size:
            chosen = self.matched[values.extra_docs]
            if chosen.any():
                groups = np.concatenate((groups, self.groups[values.extra_docs[chosen]]))
                numbers = np.concatenate((numbers, values.extra_values[chosen]))
        if groups.size:
            found += self._distinct(groups, numbers, width)
        present = np.flatnonzero(found)
        return sorted(((names[v], int(found[v])) for v in present.tolist()), key=lambda item: (-item[1], item[0]))

    def _distinct(self, groups: np.ndarray, numbers: np.ndarray, width: int) -> np.ndarray:
        """Per value, the number of distinct (group, value) pairs among the given ones.

        Each round keeps one value per group (a scatter: one write per group
        survives), counts the groups whose entries agree with it once, and goes
        on with the rest; a group needs as many rounds as it has distinct values.
        """
        if self._scratch is None:
            self._scratch = np.empty(self.several.size, dtype=np.int64)
        scratch = self._scratch
        found = np.zeros(width, dtype=np.int64)
        for _round in range(MAX_SCATTER_ROUNDS):
            if not groups.size:
                return found
            scratch[groups] = numbers
            agree = scratch[groups] == numbers
            agreeing = groups[agree]
            positions = np.arange(agreeing.size)
            scratch[agreeing] = positions
            found += np.bincount(numbers[agree][scratch[agreeing] == positions], minlength=width)
            groups, numbers = groups[~agree], numbers[~agree]
        if groups.size:  # results with many different values: sort what is left
            found += np.bincount(np.unique(groups * width + numbers) % width, minlength=width)
        return found
