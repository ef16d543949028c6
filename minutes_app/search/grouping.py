"""One result per document: index entries grouped by their ``group`` field at query time.

Each part of a document (a Vorlage, its agenda items, its attachments) is its
own index entry with its own visibility, so grouping only ever combines parts
the searcher may read: a non-public part cannot lend its text to a public
result. The best-scoring part leads its result; the other matching parts are
linked below it. Facets count results, not entries.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable


def heads(order: Callable[[int], list[int]], groups: list[str], wanted: int, available: int) -> list[int]:
    """The best entry of each of the first ``wanted`` results, reading the ranking ``order(n)`` in growing chunks."""
    n = wanted * 4
    while True:
        found: list[int] = []
        seen: set[str] = set()
        for d in order(n):
            if groups[d] not in seen:
                seen.add(groups[d])
                found.append(d)
                if len(found) == wanted:
                    return found
        if n >= available:
            return found
        n *= 4


def parts(matched: Iterable[int], groups: list[str], leaders: list[int], scores: dict[int, float],
          dates: list[int]) -> dict[str, list[int]]:
    """Every matched entry of the results led by ``leaders``, best first, by result."""
    wanted = {groups[d] for d in leaders}
    out: dict[str, list[int]] = {}
    for d in sorted((d for d in matched if groups[d] in wanted), key=lambda d: (-scores[d], -dates[d])):
        out.setdefault(groups[d], []).append(d)
    return out


def count(matched: Iterable[int], groups: list[str]) -> int:
    """Number of results (distinct groups) among the matched entries."""
    return len({groups[d] for d in matched})


def facet_counts(matched: Iterable[int], groups: list[str], values: list[tuple[str, ...]]) -> list[tuple[str, int]]:
    """Results per facet value: a Vorlage with two matching parts counts once."""
    pairs = {(groups[d], value) for d in matched for value in values[d]}
    return Counter(value for _group, value in pairs).most_common()
