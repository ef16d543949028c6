"""minutes revisions and votes

Text revisions of agenda items (AgendaItemRevision), recorded member votes (MemberVote),
the function of guests and staff on Attendance, and on Minutes the confirmation of the
attendance list and the internal approval corrections.

Revision ID: 5219b589e9ab
Revises: 3e940ddcfa64
Create Date: 2026-11-22 09:59:29.964591
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import minutes_app.models.base

revision: str = '5219b589e9ab'
down_revision: str | None = '3e940ddcfa64'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('agenda_item_revisions',
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('item_version', sa.Integer(), nullable=False),
    sa.Column('conflict', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('minutes_text', sa.Text(), nullable=False),
    sa.Column('resolution_text', sa.Text(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_agenda_item_revisions_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_agenda_item_revisions_author_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item_revisions'))
    )
    with op.batch_alter_table('agenda_item_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_revisions_agenda_item_id'), ['agenda_item_id'], unique=False)

    op.create_table('member_votes',
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('vote', sa.Enum('yes', 'no', 'abstain', name='votechoice', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_member_votes_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_member_votes_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_votes')),
    sa.UniqueConstraint('agenda_item_id', 'person_id', name=op.f('uq_member_votes_agenda_item_id_person_id'))
    )
    with op.batch_alter_table('member_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_votes_agenda_item_id'), ['agenda_item_id'], unique=False)

    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note', sa.String(length=200), nullable=False, server_default=''))

    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approval_note_internal', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('attendance_recorded_at', minutes_app.models.base.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.drop_column('attendance_recorded_at')
        batch_op.drop_column('approval_note_internal')

    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.drop_column('note')

    with op.batch_alter_table('member_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_votes_agenda_item_id'))

    op.drop_table('member_votes')
    with op.batch_alter_table('agenda_item_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_item_revisions_agenda_item_id'))

    op.drop_table('agenda_item_revisions')
