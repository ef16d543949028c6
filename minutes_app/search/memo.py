"""A bounded memo for the per-word functions of the analysis, cheap for the garbage collector.

``functools.lru_cache`` keeps one linked-list node per entry, a list the
cyclic garbage collector tracks. The analysis caches five per-word functions
with up to 200,000 entries each, so a worker that had analysed 150,000
distinct words carried some 750,000 more tracked objects, and every full
collection traversed them: 330 ms instead of 75 ms on this machine, a pause
that fell on whichever request or save triggered it. A plain dict of strings
and tuples of strings is a single object to the collector (tuples of strings
are untracked after their first collection).
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import wraps
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def memoize(maxsize: int) -> Callable[[Callable[[K], V]], Callable[[K], V]]:
    """Remember a one-argument function's results; the memo is emptied when it holds ``maxsize`` of them.

    Emptying instead of evicting one at a time keeps no order per entry;
    words recur so often that the memo is full again of the frequent ones at once.
    """

    def decorate(function: Callable[[K], V]) -> Callable[[K], V]:
        found: dict[K, V] = {}

        @wraps(function)
        def remembered(argument: K) -> V:
            try:
                return found[argument]
            except KeyError:
                pass
            result = function(argument)
            if len(found) >= maxsize:
                found.clear()
            found[argument] = result
            return result

        return remembered

    return decorate
