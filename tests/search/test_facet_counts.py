"""Facet counts: each result counts once per value any of its matching entries has.

The counting is array arithmetic with a de-duplication by scatter rounds (see
``grouping.Facets``); these tests compare it with the plain definition on
random indexes, including results whose matching entries carry many different
values, entries with several values (a Vorlage in several committees) and
entries without any.
"""
from __future__ import annotations

import random

import numpy as np

from minutes_app.search.grouping import MAX_SCATTER_ROUNDS, Facets
from minutes_app.search.segments import Values


def _plain_counts(matched, groups, pairs, names):
    seen = {(groups[d], v) for d, v in pairs if matched[d]}
    counts: dict[str, int] = {}
    for _group, value in seen:
        counts[names[value]] = counts.get(names[value], 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _random_index(rng: random.Random, size: int, width: int, groups: int):
    group_of = np.array([rng.randrange(groups) for _ in range(size)], dtype=np.int64)
    pairs = []
    for doc in range(size):
        count = rng.choice((0, 1, 1, 1, 1, 2, 3))
        for value in rng.sample(range(width), min(count, width)):
            pairs.append((doc, value))
    rng.shuffle(pairs)
    values = Values.from_pairs(size, [np.array([d for d, _v in pairs], dtype=np.int64)],
                               [np.array([v for _d, v in pairs], dtype=np.int32)])
    return group_of, pairs, values


def test_counts_equal_the_plain_definition_on_random_indexes() -> None:
    rng = random.Random(20261204)
    for _case in range(60):
        size, width = rng.randrange(1, 400), rng.randrange(1, 12)
        group_of, pairs, values = _random_index(rng, size, width, rng.randrange(1, size + 1))
        names = [f"Wert {n:02d}" for n in range(width)]
        matched = np.array([rng.random() < 0.6 for _ in range(size)], dtype=bool)
        facets = Facets(matched, group_of)
        assert facets.counts(values, names) == _plain_counts(matched, group_of, pairs, names)
        assert facets.total == len({int(group_of[d]) for d in range(size) if matched[d]})


def test_a_result_with_more_values_than_scatter_rounds_counts_each_value_once() -> None:
    width = MAX_SCATTER_ROUNDS + 6
    size = width * 3
    group_of = np.zeros(size, dtype=np.int64)  # one result, each value on three of its entries
    pairs = [(doc, doc % width) for doc in range(size)]
    values = Values.from_pairs(size, [np.arange(size)], [np.array([v for _d, v in pairs], dtype=np.int32)])
    names = [f"Ausschuss {n:02d}" for n in range(width)]
    counts = Facets(np.ones(size, dtype=bool), group_of).counts(values, names)
    assert counts == [(name, 1) for name in names]


def test_nothing_matched_counts_nothing() -> None:
    values = Values.from_pairs(3, [np.array([0, 1, 2])], [np.array([0, 0, 1], dtype=np.int32)])
    facets = Facets(np.zeros(3, dtype=bool), np.array([0, 0, 1]))
    assert facets.total == 0 and facets.counts(values, ["a", "b"]) == []
