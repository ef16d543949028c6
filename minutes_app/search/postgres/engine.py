"""``PostgresSearchIndex``: the search interface of :class:`minutes_app.search.engine.SearchIndex` on PostgreSQL.

An index is a table (:mod:`minutes_app.models.search_entry`): one row per
entry with its filter and facet values and its pre-analysed terms in a
``tsvector`` (see :mod:`.terms`). A search is one SQL statement (see
:mod:`.sql`) that matches through the GIN index, applies the filters and
permissions, groups entries into results (one hit per document, as
:mod:`minutes_app.search.grouping` does for Whoosh) and returns the page with
the numbers of all matching entries; the total and the facets are counted
from those in memory (see :mod:`.facts`). Highlights come from our own
:func:`~minutes_app.search.query.highlight` on the documents the loader
returns, as with Whoosh.

Writes go through a connection given by the caller (the saving transaction,
see :mod:`.hooks`), or through a transaction of their own (``update``), so
every app server sees a change with its commit; there is nothing to merge
and nothing pending.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine, Table, delete, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import DBAPIError

from ...models import search_words
from .. import entries, spelling
from ..hits import Hit, Loader, present, unpack
from ..query import ParsedQuery, parse
from ..results import MAX_PARTS, Filters, IndexUnavailable, SearchResults
from ..segments import FACETS
from ..writing import Updatable, whoosh_fields
from . import sql, terms, words
from .facts import EntryFacts
from .replica import Replica, log_changes, log_every_entry

log = logging.getLogger(__name__)
#: Rows per INSERT statement of a rebuild.
REBUILD_BATCH = 200


class Store:
    """What both indexes of an installation share: the engine, and the open transaction of a rebuild."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.local = threading.local()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """The current rebuild's connection, or a new transaction committed on exit."""
        current: Connection | None = getattr(self.local, "connection", None)
        if current is not None:
            yield current
            return
        with self.engine.begin() as connection:
            self.local.connection = connection
            try:
                yield connection
            finally:
                self.local.connection = None


def row(doc: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """The table row of a search document, and its distinct words."""
    fields = whoosh_fields(doc)
    found = terms.document_terms(doc)
    values = {name: fields[name] for name in ("id", "year", "date", "reference", "body", "title", "hash")}
    values.update({name: fields[name].split() for name in sql.LIST_COLUMNS})
    values.update(grp=fields["group"], tsv=found.tsv, head=found.head, size=found.size, show=fields["shown"],
                  kind=fields["kind"] or "", type=fields["type"] or "")
    return values, found.words


class PostgresSearchIndex(Updatable):
    """The public or the internal index as a PostgreSQL table."""

    #: Nothing is ever pending: a write that fails fails its transaction.
    pending_file = None

    def __init__(self, name: str, table: Table, store: Store, replica: Replica | None = None) -> None:
        self.name = name
        self.table = table
        self.store = store
        #: This app server's Whoosh copy, which answers whenever it is as current as the table (see :mod:`.replica`).
        self.replica = replica
        #: What results and facets are counted from (see :mod:`.facts`).
        self.facts = EntryFacts(table, sql.FACET_COLUMNS, sql.LIST_COLUMNS)

    # -- writing ---------------------------------------------------------------------
    def write(self, connection: Connection, docs: Iterable[dict[str, Any]], delete_ids: Iterable[str]) -> None:
        """Delete ``delete_ids`` and add or replace ``docs`` within ``connection``'s transaction."""
        delete_ids = list(delete_ids)
        if delete_ids:
            connection.execute(delete(self.table).where(self.table.c.id.in_(delete_ids)))
        rows, found = [], set()
        docs = list(docs)
        for doc in docs:
            values, doc_words = row(doc)
            rows.append(values)
            found |= doc_words
        log_changes(connection, {entries.base_id(i) for i in [*delete_ids, *(doc["id"] for doc in docs)]})
        if rows:
            statement = insert(self.table)
            excluded = statement.excluded
            # An entry a save would write unchanged (its ``show`` value digests every field, see
            # writing.whoosh_fields) stays as it is: no new row version, no GIN update, no new number.
            statement = statement.on_conflict_do_update(
                index_elements=[self.table.c.id],
                set_={c.name: excluded[c.name] for c in self.table.columns if c.name != "id"},
                where=self.table.c.show.is_distinct_from(excluded.show))
            connection.execute(statement, rows)
            words.remember(connection, self.name, found)

    def update(self, docs: Iterable[dict[str, Any]], delete_ids: Iterable[str]) -> bool:
        """Delete ``delete_ids`` and add or replace ``docs`` in one transaction."""
        docs, delete_ids = list(docs), list(delete_ids)
        if docs or delete_ids:
            with self.store.transaction() as connection:
                self.write(connection, docs, delete_ids)
        return True

    @contextmanager
    def rebuilding(self) -> Iterator[Callable[[dict[str, Any]], None]]:
        """Context yielding ``add(doc)``; on exit the added documents replace the whole index in one commit.

        Readers keep seeing the old entries until then (a rebuild of both
        indexes shares one transaction, see :class:`Store`).
        """
        batch: list[dict[str, Any]] = []
        found: set[str] = set()
        with self.store.transaction() as connection:
            log_every_entry(connection, self.table)  # whatever the table held changes
            connection.execute(delete(self.table))
            connection.execute(delete(search_words).where(search_words.c.index_name == self.name))

            def flush() -> None:
                if batch:
                    connection.execute(insert(self.table).on_conflict_do_nothing(), batch)
                    log_changes(connection, {entries.base_id(values["id"]) for values in batch})
                    batch.clear()

            def add(doc: dict[str, Any]) -> None:
                values, doc_words = row(doc)
                batch.append(values)
                found.update(doc_words)
                if len(batch) >= REBUILD_BATCH:
                    flush()

            yield add
            flush()
            words.remember(connection, self.name, found)

    # -- state -----------------------------------------------------------------------
    def exists(self) -> bool:
        """Whether the index table exists (created by the migrations)."""
        try:
            with self.store.engine.connect() as connection:
                connection.execute(select(self.table.c.id).limit(1))
        except DBAPIError:
            return False
        return True

    def stored_hashes(self) -> dict[str, str]:
        """id → content hash of every entry (for the consistency check)."""
        with self._reading() as connection:
            return {entry.id: entry.hash for entry in connection.execute(select(self.table.c.id, self.table.c.hash))}

    def doc_count(self) -> int:
        """Number of entries."""
        with self._reading() as connection:
            return int(connection.execute(select(func.count()).select_from(self.table)).scalar_one())

    def close(self) -> None:
        """Nothing to close: connections go back to the pool after each search."""

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        try:
            with self.store.engine.connect() as connection:
                yield connection
        except DBAPIError as error:
            log.warning("Suche in %s fehlgeschlagen", self.table.name, exc_info=True)
            raise IndexUnavailable(self.table.name) from error

    # -- searching -------------------------------------------------------------------
    def search(
        self,
        query: str | ParsedQuery,
        filters: Filters | None = None,
        facets: Iterable[str] = FACETS,
        sort: str = "relevance",
        page: int = 1,
        per_page: int = 10,
        load: Loader | None = None,
    ) -> SearchResults:
        """A page of results for the user's query, with facet counts and highlights (see the Whoosh engine).

        This server's Whoosh copy answers when it is as current as the table;
        otherwise, or if it fails, the table does.
        """
        copy = self.replica.current(self.name) if self.replica is not None else None
        if copy is not None:
            try:
                return copy.search(query, filters, facets, sort, page, per_page, load)
            except IndexUnavailable:
                log.warning("Suchkopie %s nicht lesbar; die Tabelle antwortet", copy.path)
        parsed = query if isinstance(query, ParsedQuery) else parse(query)
        filters = filters or Filters()
        page = max(1, page)
        has_negation = any(c.negated for c in parsed.clauses)
        if parsed.empty and not filters.active and not has_negation:
            return SearchResults([], 0, page, per_page, parsed=parsed)
        facets = list(facets)
        statement, params = sql.search_statement(self.table, parsed, filters, sort, page, per_page)
        with self._reading() as connection:
            connection.exec_driver_sql(sql.planner_settings(parsed))
            found = connection.execute(text(statement), params).one()
            numbers = np.frombuffer(found.numbers or b"", dtype=">i8").astype(np.int64)
            total, counted = self.facts.count(connection, numbers, facets)
        hits = []
        for rank, grouped in _by_result(found.hits or []):
            head, *rest = grouped
            hit = _hit(head)
            hit.parts = [_hit(entry) for entry in rest][:MAX_PARTS]
            hits.append((rank, hit))
        hits_sorted = [hit for _rank, hit in sorted(hits, key=lambda pair: pair[0])]
        counts: dict[str, list[tuple[str, int]]] = {name: counted.get(name, []) for name in facets}
        if load is not None and hits_sorted:
            self._attach_shown(hits_sorted)
            hits_sorted, dropped = present(hits_sorted, load, parsed)
            total -= dropped
        suggestion = self.suggest_query(parsed) if total == 0 and not parsed.empty else None
        return SearchResults(hits_sorted, total, page, per_page, counts, suggestion, parsed)

    def _attach_shown(self, hits: list[Hit]) -> None:
        """Give each hit of the page what the index stored to show of it (one statement for the page)."""
        by_id = {h.id: h for hit in hits for h in (hit, *hit.parts)}
        with self._reading() as connection:
            stored = connection.execute(
                select(self.table.c.id, self.table.c.show).where(self.table.c.id.in_(list(by_id)))).all()
        for doc_id, show in stored:
            by_id[doc_id].doc = unpack(show) if show else None

    # -- did you mean ---------------------------------------------------------------------
    def suggest(self, word: str) -> str | None:
        """The most frequent indexed word within one edit (two for longer words) of ``word``, if any."""
        with self._reading() as connection:
            return words.suggest(connection, self.name, self.table, word)

    def suggest_query(self, parsed: ParsedQuery) -> str | None:
        """The query with each unknown word replaced by its suggestion, or None."""
        return spelling.suggest_query(parsed, self.suggest)


def _hit(entry: list[Any]) -> Hit:
    _rank, doc_id, score, title = entry
    return Hit(doc_id, doc_id.partition(":")[0], float(score or 0.0), title or "")


def _by_result(entries: list[list[Any]]) -> list[tuple[int, list[list[Any]]]]:
    """The page's entries grouped by their result's rank, best entry first (the statement orders them)."""
    grouped: dict[int, list[list[Any]]] = {}
    for entry in entries:
        grouped.setdefault(int(entry[0]), []).append(entry)
    return list(grouped.items())
