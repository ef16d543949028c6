"""real minutes: results as councils write them, votes per Fraktion and per part, agenda kinds

AgendaItem gets "mehrheitlich" (majority), the result's own wording and a kind (item, heading,
separator); new tables hold votes per Fraktion and separate votes on parts of one item. Body gets
continuous numbering across the public and non-public part and the four-eyes switch for sign-offs.
Existing rows keep their meaning: every item is a plain item, no body numbers continuously and the
four-eyes rule applies.

Revision ID: a12c0e5f3b71
Revises: b7d3e18a4c21
Create Date: 2026-12-03 17:40:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'a12c0e5f3b71'
down_revision: str | None = 'b7d3e18a4c21'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RESULTS = ('adopted', 'adopted_amended', 'rejected', 'noted', 'postponed', 'referred', 'withdrawn')


def upgrade() -> None:
    op.create_table('faction_votes',
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('yes', sa.Integer(), nullable=False),
    sa.Column('no', sa.Integer(), nullable=False),
    sa.Column('abstain', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.CheckConstraint('yes >= 0 AND no >= 0 AND abstain >= 0', name=op.f('ck_faction_votes_faction_votes_not_negative')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_faction_votes_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_faction_votes_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_faction_votes')),
    sa.UniqueConstraint('agenda_item_id', 'organization_id', name=op.f('uq_faction_votes_agenda_item_id_organization_id'))
    )
    with op.batch_alter_table('faction_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_faction_votes_agenda_item_id'), ['agenda_item_id'], unique=False)

    op.create_table('vote_parts',
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('result', sa.Enum(*RESULTS, name='agendaitemresult', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('result_wording', sa.String(length=200), nullable=False),
    sa.Column('votes_yes', sa.Integer(), nullable=True),
    sa.Column('votes_no', sa.Integer(), nullable=True),
    sa.Column('votes_abstain', sa.Integer(), nullable=True),
    sa.Column('unanimous', sa.Boolean(), nullable=False),
    sa.Column('majority', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.CheckConstraint('(votes_yes IS NULL OR votes_yes >= 0) AND (votes_no IS NULL OR votes_no >= 0) AND (votes_abstain IS NULL OR votes_abstain >= 0)', name=op.f('ck_vote_parts_vote_parts_not_negative')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_vote_parts_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote_parts')),
    sa.UniqueConstraint('agenda_item_id', 'position', name=op.f('uq_vote_parts_agenda_item_id_position'))
    )
    with op.batch_alter_table('vote_parts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_parts_agenda_item_id'), ['agenda_item_id'], unique=False)

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('majority', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('result_wording', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('kind', sa.Enum('item', 'report', 'heading', 'separator', name='agendaitemkind', native_enum=False, create_constraint=True, length=32), nullable=False, server_default='item'))

    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('continuous_numbering', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('sign_off_same_person_allowed', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.drop_column('sign_off_same_person_allowed')
        batch_op.drop_column('continuous_numbering')

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        # The enum's CHECK constraint names the column; it must go first or the rebuilt table keeps it.
        batch_op.drop_constraint(batch_op.f('ck_agenda_items_agendaitemkind'), type_='check')
        batch_op.drop_column('kind')
        batch_op.drop_column('result_wording')
        batch_op.drop_column('majority')

    with op.batch_alter_table('vote_parts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_parts_agenda_item_id'))

    op.drop_table('vote_parts')
    with op.batch_alter_table('faction_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_faction_votes_agenda_item_id'))

    op.drop_table('faction_votes')
