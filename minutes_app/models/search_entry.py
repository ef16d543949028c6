"""The PostgreSQL search engine's tables: one row per index entry, and the indexed words.

On PostgreSQL these tables are the search index (see :mod:`minutes_app.search.postgres`):
the public and the internal index are two tables of the same shape, written in
the same transaction as the data they describe. ``tsv`` holds the entry's
pre-analysed terms (our German analysis, not PostgreSQL's) as a ``tsvector``
with a GIN index; ``head`` the few terms of the Betreff and boilerplate and
``size`` the number of words, which rank a match without reading ``tsv``. The
rows stay slim (``toast_tuple_target``): ``tsv`` and ``show`` go to TOAST, so
the scan of a common word and its facet counts read small rows only. On SQLite
the tables exist but stay empty: Whoosh is the engine there, and the terms and
list columns are plain text.
"""
from __future__ import annotations

from sqlalchemy import DDL, BigInteger, Column, FetchedValue, Index, Integer, LargeBinary, String, Table, Text, event
from sqlalchemy.dialects import postgresql

from .base import Base

#: The search terms of an entry: a tsvector on PostgreSQL, unused text elsewhere.
TERMS_TYPE = Text().with_variant(postgresql.TSVECTOR(), "postgresql")
#: Several values (committee ids, results, statuses, tokens): an array on PostgreSQL, unused text elsewhere.
LIST_TYPE = Text().with_variant(postgresql.ARRAY(Text), "postgresql")
#: Rows above this many bytes move their largest values (``tsv``, ``show``) to TOAST (128 is the least allowed).
TOAST_TUPLE_TARGET = 128
#: Read by every search: these stay in the row (compressed at most), whatever the target.
IN_ROW = ("title", "head", "committee", "result", "implementation", "acl", "hidden_for")


def _entries(name: str) -> Table:
    """An index table: the filter and facet values of ``whoosh_fields`` as columns, the terms in ``tsv``."""
    table = Table(
        name,
        Base.metadata,
        Column("id", String(80), primary_key=True),
        #: The number of this version of the entry: new for every insert and every replacement (a sequence's
        #: next value, the column default on PostgreSQL), so what an app server remembers of a number never
        #: goes stale (see ``minutes_app.search.postgres.facts``).
        Column("num", BigInteger, nullable=False, server_default=FetchedValue()),
        Column("kind", String(20), nullable=False),
        Column("type", String(40), nullable=False),
        #: The values of the Whoosh keyword fields (committee ids, results, statuses, tokens) as arrays.
        Column("committee", LIST_TYPE, nullable=False),
        Column("result", LIST_TYPE, nullable=False),
        Column("implementation", LIST_TYPE, nullable=False),
        Column("year", String(4), nullable=False),
        #: The entry's date as YYYYMMDD, for date filters and sorting.
        Column("date", Integer, nullable=False),
        Column("reference", String(200), nullable=False),
        Column("acl", LIST_TYPE, nullable=False),
        Column("hidden_for", LIST_TYPE, nullable=False),
        Column("body", String(20), nullable=False),
        #: The result the entry belongs to ("paper:12" for a Vorlage, its agenda items and attachments).
        Column("grp", String(80), nullable=False),
        Column("title", Text, nullable=False),
        Column("hash", String(40), nullable=False),
        #: What a results page shows of the entry (``search.hits.pack`` of ``documents.shown``).
        Column("show", LargeBinary, nullable=False),
        Column("tsv", TERMS_TYPE, nullable=False),
        #: The terms of the Betreff and boilerplate (weights A and C) with their positions, for the ranking.
        Column("head", TERMS_TYPE, nullable=False),
        #: Words of the entry, for the ranking's length normalisation.
        Column("size", Integer, nullable=False),
        postgresql_with={"toast_tuple_target": TOAST_TUPLE_TARGET},
    )
    storage = ", ".join(f"ALTER COLUMN {column} SET STORAGE MAIN" for column in IN_ROW)
    event.listen(table, "after_create", DDL(
        f"ALTER TABLE {name} ALTER COLUMN show SET STORAGE EXTERNAL, {storage}").execute_if(dialect="postgresql"))
    for statement in number_sequence(name):
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="postgresql"))
    Index(f"ix_{name}_tsv", table.c.tsv, postgresql_using="gin")
    Index(f"ix_{name}_body_date", table.c.body, table.c.date)
    Index(f"ix_{name}_reference", table.c.reference)
    Index(f"ix_{name}_num", table.c.num, unique=True)
    return table


def number_sequence(name: str) -> list[str]:
    """PostgreSQL statements giving table ``name``'s ``num`` column its sequence as default."""
    return [f"CREATE SEQUENCE IF NOT EXISTS {name}_num",
            f"ALTER SEQUENCE {name}_num OWNED BY {name}.num",
            f"ALTER TABLE {name} ALTER COLUMN num SET DEFAULT nextval('{name}_num')"]


search_public_entries = _entries("search_public_entries")
search_internal_entries = _entries("search_internal_entries")

#: Every word (folded, as indexed in the exact terms) an index has held, for "Meinten Sie".
search_words = Table(
    "search_words",
    Base.metadata,
    Column("index_name", String(10), primary_key=True),
    Column("word", String(200), primary_key=True),
)

#: The PostgreSQL engine's change log: one row per document id written or deleted, numbered in commit order
#: (a writer holds an advisory lock from its first row until it commits). Each app server keeps a Whoosh copy of
#: the search and brings it up to date from here (see ``minutes_app.search.postgres.replica``).
search_changes = Table(
    "search_changes",
    Base.metadata,
    Column("seq", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True),
    Column("doc_id", String(80), nullable=False),
)
