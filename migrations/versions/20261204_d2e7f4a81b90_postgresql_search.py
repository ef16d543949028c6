"""postgresql search

The tables of the PostgreSQL search engine: the public and the internal index
(one row per entry, its pre-analysed terms in a tsvector with a GIN index) and
the indexed words for "Meinten Sie". On SQLite the tables are created empty and
stay unused (Whoosh is the engine there); the terms column is plain text.
After upgrading a PostgreSQL database, ``flask search-rebuild`` fills them.

Revision ID: d2e7f4a81b90
Revises: c945c23894d6
Create Date: 2026-12-04 11:40:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = 'd2e7f4a81b90'
down_revision: str | None = 'c945c23894d6'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("search_public_entries", "search_internal_entries")


def upgrade() -> None:
    for name in TABLES:
        op.create_table(
            name,
            sa.Column('id', sa.String(length=80), nullable=False),
            sa.Column('kind', sa.String(length=20), nullable=False),
            sa.Column('type', sa.String(length=40), nullable=False),
            sa.Column('committee', sa.Text(), nullable=False),
            sa.Column('result', sa.Text(), nullable=False),
            sa.Column('implementation', sa.Text(), nullable=False),
            sa.Column('year', sa.String(length=4), nullable=False),
            sa.Column('date', sa.Integer(), nullable=False),
            sa.Column('reference', sa.String(length=200), nullable=False),
            sa.Column('acl', sa.Text(), nullable=False),
            sa.Column('hidden_for', sa.Text(), nullable=False),
            sa.Column('body', sa.String(length=20), nullable=False),
            sa.Column('grp', sa.String(length=80), nullable=False),
            sa.Column('title', sa.Text(), nullable=False),
            sa.Column('hash', sa.String(length=40), nullable=False),
            sa.Column('show', sa.LargeBinary(), nullable=False),
            sa.Column('tsv', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql'), nullable=False),
            sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}')),
        )
        op.create_index(f'ix_{name}_tsv', name, ['tsv'], unique=False, postgresql_using='gin')
        op.create_index(f'ix_{name}_body_date', name, ['body', 'date'], unique=False)
        op.create_index(f'ix_{name}_reference', name, ['reference'], unique=False)
    op.create_table(
        'search_words',
        sa.Column('index_name', sa.String(length=10), nullable=False),
        sa.Column('word', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('index_name', 'word', name=op.f('pk_search_words')),
    )


def downgrade() -> None:
    op.drop_table('search_words')
    for name in reversed(TABLES):
        op.drop_index(f'ix_{name}_reference', table_name=name)
        op.drop_index(f'ix_{name}_body_date', table_name=name)
        op.drop_index(f'ix_{name}_tsv', table_name=name)
        op.drop_table(name)
