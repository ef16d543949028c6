"""slim search entries

The PostgreSQL search reads small rows only: ``head`` (the terms of the
Betreff and boilerplate) and ``size`` (words) rank a match without reading the
whole ``tsv``; the list columns become arrays (no ``string_to_array`` per row
and facet); ``show`` and ``tsv`` move to TOAST (``toast_tuple_target``), while
the columns every search reads stay in the row (storage MAIN). Existing rows
are converted in place (``head`` and ``size`` from ``tsv``; ``flask
search-rebuild`` writes the exact values). On SQLite the tables stay empty and
only get the two columns.

Revision ID: f3b8d1e6a274
Revises: e5a1c7d93f02
Create Date: 2026-12-04 15:10:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'f3b8d1e6a274'
down_revision: str | None = 'e5a1c7d93f02'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("search_public_entries", "search_internal_entries")
LISTS = ("committee", "result", "implementation", "acl", "hidden_for")
#: Read by every search: kept in the row, compressed at most.
IN_ROW = ("title", "head", *LISTS)
#: Rows above this many bytes move ``tsv`` and ``show`` to TOAST (the least PostgreSQL allows).
TOAST_TUPLE_TARGET = 128


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgresql():
        for name in TABLES:
            with op.batch_alter_table(name) as batch:
                batch.add_column(sa.Column('head', sa.Text(), nullable=False))
                batch.add_column(sa.Column('size', sa.Integer(), nullable=False))
        return
    for name in TABLES:
        lists = ", ".join(f"ALTER COLUMN {c} TYPE text[] USING string_to_array({c}, ' ')" for c in LISTS)
        op.execute(f"ALTER TABLE {name} {lists}, ADD COLUMN head tsvector, ADD COLUMN size integer")
        # Storage before the UPDATE, so every rewritten row gets it (a type change resets a column's storage).
        storage = ", ".join(f"ALTER COLUMN {c} SET STORAGE MAIN" for c in IN_ROW)
        op.execute(f"ALTER TABLE {name} ALTER COLUMN show SET STORAGE EXTERNAL, {storage}")
        op.execute(f"ALTER TABLE {name} SET (toast_tuple_target = {TOAST_TUPLE_TARGET})")
        # The words' positions of the whole text: what the rebuild counts, up to PostgreSQL's 256 per word.
        op.execute(f"""UPDATE {name} SET head = ts_filter(tsv, '{{a,c}}'), size = (
            SELECT coalesce(sum(coalesce(array_length(positions, 1), 0)), 0) FROM unnest(tsv)
            WHERE left(lexeme, 1) NOT IN ('~', '>'))""")
        op.execute(f"ALTER TABLE {name} ALTER COLUMN head SET NOT NULL, ALTER COLUMN size SET NOT NULL")


def downgrade() -> None:
    if not _postgresql():
        for name in TABLES:
            with op.batch_alter_table(name) as batch:
                batch.drop_column('size')
                batch.drop_column('head')
        return
    for name in TABLES:
        op.execute(f"ALTER TABLE {name} RESET (toast_tuple_target)")
        storage = ", ".join(f"ALTER COLUMN {c} SET STORAGE EXTENDED" for c in ("show", *IN_ROW) if c != "head")
        lists = ", ".join(f"ALTER COLUMN {c} TYPE text USING array_to_string({c}, ' ')" for c in LISTS)
        op.execute(f"ALTER TABLE {name} DROP COLUMN head, DROP COLUMN size, {storage}, {lists}")
