"""search entry numbers

Every row of the PostgreSQL search tables gets ``num``, the number of this
version of the entry from a sequence of its table: new for every insert and
every replacement. An app server keeps the facet values and result group of
the numbers it has seen in memory and counts facets there, since a number's
row never changes (see :mod:`minutes_app.search.postgres.facts`). Existing
rows are numbered by the upgrade. On SQLite the tables stay empty and only get
the column.

Revision ID: 7c3e9a1f5b26
Revises: 0a9d4c5e7b18
Create Date: 2026-12-05 02:10:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '7c3e9a1f5b26'
down_revision: str | None = '0a9d4c5e7b18'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("search_public_entries", "search_internal_entries")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        for name in TABLES:
            with op.batch_alter_table(name) as batch:
                batch.add_column(sa.Column('num', sa.BigInteger(), nullable=False))
                batch.create_index(f"ix_{name}_num", ["num"], unique=True)
        return
    for name in TABLES:
        op.execute(f"CREATE SEQUENCE {name}_num")
        # The volatile default numbers every existing row as the table is rewritten.
        op.execute(f"ALTER TABLE {name} ADD COLUMN num bigint NOT NULL DEFAULT nextval('{name}_num')")
        op.execute(f"ALTER SEQUENCE {name}_num OWNED BY {name}.num")
        op.create_index(f"ix_{name}_num", name, ["num"], unique=True)


def downgrade() -> None:
    for name in TABLES:
        op.drop_index(f"ix_{name}_num", table_name=name)
        with op.batch_alter_table(name) as batch:
            batch.drop_column('num')  # on PostgreSQL the sequence goes with its column
