"""search change log

The PostgreSQL search engine logs every document id it writes or deletes in
``search_changes``, numbered in commit order; each app server brings its own
Whoosh copy of the search up to date from there (see
:mod:`minutes_app.search.postgres.replica`). The upgrade logs every document
that has entries already, so a copy built from the log finds them all. On
SQLite the table stays empty.

Revision ID: 9b4e2f7a1c63
Revises: 7c3e9a1f5b26
Create Date: 2026-12-05 15:45:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '9b4e2f7a1c63'
down_revision: str | None = '7c3e9a1f5b26'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'search_changes',
        sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
        sa.Column('doc_id', sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint('seq', name=op.f('pk_search_changes')),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "INSERT INTO search_changes (doc_id) SELECT DISTINCT regexp_replace(id, '~public$', '') FROM "
            "(SELECT id FROM search_public_entries UNION ALL SELECT id FROM search_internal_entries) AS entries")


def downgrade() -> None:
    op.drop_table('search_changes')
