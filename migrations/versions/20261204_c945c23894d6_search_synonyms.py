"""search synonyms

Synonymgruppen der Suche per body (Kita, Kindertagesstätte), edited by the administration
and applied when a query is read, so no index rebuild is needed.

Revision ID: c945c23894d6
Revises: 6a19c0de1b2f
Create Date: 2026-12-04 07:39:55.028680
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'c945c23894d6'
down_revision: str | None = '6a19c0de1b2f'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('search_synonym_groups',
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('terms', sa.String(length=1000), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_search_synonym_groups_body_id_bodies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_synonym_groups'))
    )
    with op.batch_alter_table('search_synonym_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_synonym_groups_body_id'), ['body_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('search_synonym_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_synonym_groups_body_id'))

    op.drop_table('search_synonym_groups')
