"""Totals and facet counts of a PostgreSQL search, counted in the app server's memory.

Counting results and facets in SQL hashes every (result, value) pair of every
match, about a microsecond each: for a common word at 100,000 Vorlagen
(110,000 matching entries) that was 300 of a search's 480 ms. The search
statement now returns only the numbers (``num``) of the matching entries, and
this module counts them with :class:`minutes_app.search.grouping.Facets`, the
Whoosh engine's counting, in a few milliseconds.

What it needs of an entry, its result group and facet values, it remembers
by the entry's number. A number names one version of one entry: every insert
and every replacement takes the next value of the table's sequence, and no
statement changes a row in place. So what is remembered never goes stale and
nothing needs invalidating when another app server saves: numbers not seen
before are read once (in the searching transaction), numbers of replaced or
deleted entries simply stop matching. Memory is indexed by number from the
smallest number in the table when remembering began (older numbers are
versions replaced before, they never match again); when most of that range
belongs to versions replaced since, everything is forgotten and read anew.
"""
from __future__ import annotations

import threading
from typing import Any

import numpy as np
from sqlalchemy import BigInteger, Connection, Table, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY

from ..grouping import Facets
from ..segments import Values

#: Reading every entry beats looking up this many unknown numbers one by one (and fills a new server at once).
READ_ALL_FROM = 20_000
#: Numbers below the table's smallest that are still remembered: a save still running took its number earlier.
BASE_MARGIN = 10_000
#: Rows per slice when reading everything.
READ_SLICE = 20_000
#: Forget everything once the range of numbers remembered reaches this multiple of the entries there were at the
#: last reading of all (and since): replaced versions dominate, as after a few rebuilds.
STALE_FACTOR = 3
#: Slack for the numbers before forgetting (a small index must not be re-read after each save).
STALE_SLACK = 100_000


class EntryFacts:
    """The result group and facet values of every entry number seen, for one index table."""

    def __init__(self, table: Table, facets: tuple[str, ...], lists: tuple[str, ...]) -> None:
        self.table = table
        self.facets = facets
        self.lists = lists
        self.lock = threading.Lock()
        self._forget()

    def _forget(self) -> None:
        #: The number of slot 0 (None: not yet asked of the table); slots are numbers minus it.
        self.base: int | None = None
        self.known = np.zeros(0, dtype=bool)
        #: Slot → result group number (-1: not read).
        self.groups = np.zeros(0, dtype=np.int64)
        self.group_numbers: dict[str, int] = {}
        self.value_numbers: dict[str, dict[str, int]] = {name: {} for name in self.facets}
        #: Value number → text, per facet.
        self.value_names: dict[str, list[str]] = {name: [] for name in self.facets}
        self.first = {name: np.zeros(0, dtype=np.int32) for name in self.facets}
        self.extra_docs = {name: np.zeros(0, dtype=np.int64) for name in self.facets}
        self.extra_values = {name: np.zeros(0, dtype=np.int32) for name in self.facets}
        self.read = 0

    def count(self, connection: Connection, numbers: np.ndarray, wanted: list[str],
              ) -> tuple[int, dict[str, list[tuple[str, int]]]]:
        """(results, facet → [(value, results)] most frequent first) of the matching entry ``numbers``."""
        with self.lock:
            if numbers.size and self.base is not None and \
                    int(numbers.max()) - self.base > STALE_FACTOR * self.read + STALE_SLACK:
                self._forget()
            if numbers.size and self.base is None:
                smallest = connection.execute(select(func.coalesce(func.min(self.table.c.num), 0))).scalar_one()
                self.base = max(0, int(smallest) - BASE_MARGIN)
            slots = numbers - (self.base or 0)
            slots = slots[slots >= 0]  # older than everything remembered: replaced since, as the table shows
            self._read_unknown(connection, slots)
            slots = slots[self.known[slots]]  # an entry replaced since the statement: no longer there
            matched = np.zeros(self.known.size, dtype=bool)
            matched[slots] = True
            found = Facets(matched, self.groups)
            counts = {name: found.counts(Values(self.first[name], self.extra_docs[name], self.extra_values[name]),
                                         self.value_names[name])
                      for name in wanted if name in self.facets}
            return found.total, counts

    # -- reading ------------------------------------------------------------------------------
    def _read_unknown(self, connection: Connection, slots: np.ndarray) -> None:
        if not slots.size:
            return
        self._grow(int(slots.max()) + 1)
        unknown = slots[~self.known[slots]] + self.base
        if not unknown.size:
            return
        # Lists as space-separated text (values never hold spaces): a third of the time of arrays to fetch.
        table = self.table
        columns = [table.c.num, table.c.grp, *(func.array_to_string(table.c[name], " ") if name in self.lists
                                               else table.c[name] for name in self.facets)]
        statement = select(*columns)
        if unknown.size < READ_ALL_FROM:
            statement = statement.where(table.c.num == any_(bindparam("unknown", type_=ARRAY(BigInteger))))
            rows = connection.execute(statement, {"unknown": unknown.tolist()}).all()
            if rows:
                self.read += self._remember(list(zip(*rows, strict=True)))
            return
        # Everything from the base on, in slices through a server-side cursor of the driver (plain tuples, half
        # the time of result rows): a few megabytes at a time instead of the whole table's.
        statement = statement.where(table.c.num >= self.base)
        query = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
        self.read = 0  # the entries there are now: what the range of numbers is measured against
        with connection.connection.driver_connection.cursor(name="search_facts") as cursor:
            cursor.execute(query)
            while rows := cursor.fetchmany(READ_SLICE):
                self._remember(list(zip(*rows, strict=True)))
                self.read += len(rows)

    def _grow(self, size: int) -> None:
        if size <= self.known.size:
            return
        size = max(size, 2 * self.known.size)
        self.known = _resized(self.known, size, False)
        self.groups = _resized(self.groups, size, -1)
        for name in self.facets:
            self.first[name] = _resized(self.first[name], size, -1)

    def _remember(self, columns: list[tuple[Any, ...]]) -> int:
        """Remember rows given as columns (numbers, groups, then each facet's values, lists as text); how many new."""
        slots = np.array(columns[0], dtype=np.int64) - self.base
        self._grow(int(slots.max()) + 1)
        fresh = ~self.known[slots]
        groups = self.group_numbers
        self.groups[slots] = [groups.setdefault(group, len(groups)) for group in columns[1]]
        for name, values in zip(self.facets, columns[2:], strict=True):
            first, extra_docs, extra_values = self._numbered(name, values)
            self.first[name][slots] = first
            if extra_docs.size:
                keep = fresh[extra_docs]  # a number read again already has its further values
                self.extra_docs[name] = np.concatenate((self.extra_docs[name], slots[extra_docs[keep]]))
                self.extra_values[name] = np.concatenate((self.extra_values[name], extra_values[keep]))
        self.known[slots] = True
        return int(fresh.sum())

    def _numbered(self, name: str, texts: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(first value number per row, -1 for none; rows with further values; those values) of one facet.

        Rows are numbered by their distinct texts first: a facet has a few
        hundred distinct texts, so each is split and numbered once.
        """
        distinct: dict[str, int] = {}
        per_row = np.array([distinct.setdefault(t or "", len(distinct)) for t in texts], dtype=np.int64)
        numbered, names = self.value_numbers[name], self.value_names[name]
        firsts, extra_rows, extra_values = [], [], []
        for index, text_ in enumerate(distinct):
            found = []
            for value in text_.split(" ") if name in self.lists else [text_]:
                if value:
                    if value not in numbered:
                        numbered[value] = len(names)
                        names.append(value)
                    found.append(numbered[value])
            firsts.append(found[0] if found else -1)
            if len(found) > 1:
                rows = np.flatnonzero(per_row == index)
                for value_number in found[1:]:
                    extra_rows.append(rows)
                    extra_values.append(np.full(rows.size, value_number, dtype=np.int32))
        first = np.array(firsts, dtype=np.int32)[per_row]
        if not extra_rows:
            return first, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)
        return first, np.concatenate(extra_rows), np.concatenate(extra_values)


def _resized(array: np.ndarray, size: int, fill: Any) -> np.ndarray:
    grown = np.full(size, fill, dtype=array.dtype)
    grown[:array.size] = array
    return grown
