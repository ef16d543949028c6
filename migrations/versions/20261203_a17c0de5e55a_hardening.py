"""hardening: server-side sessions, edit counters, address-based login throttling

Signed-in sessions get a row (UserSession) that logout deletes; Vorlagen get an
optimistic-locking counter (lock_version), agenda items one for their title
(title_version) and Niederschriften one for their attendance list
(attendance_version); existing rows start at 1. Login throttles
are now keyed by client address and by account-and-address, so the old rows
(keyed by login name) are dropped.

Revision ID: a17c0de5e55a
Revises: a12c0e5f3b71
Create Date: 2026-12-03 17:30:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import minutes_app.models.base

revision: str = 'a17c0de5e55a'
down_revision: str | None = 'a12c0e5f3b71'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('user_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_user_sessions'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('papers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lock_version', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_version', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attendance_version', sa.Integer(), nullable=False, server_default='1'))
    # Old throttle rows were keyed by login name; the new keys are addresses.
    op.execute(sa.text("DELETE FROM login_throttles"))


def downgrade() -> None:
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.drop_column('attendance_version')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('title_version')
    with op.batch_alter_table('papers', schema=None) as batch_op:
        batch_op.drop_column('lock_version')
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
    op.drop_table('user_sessions')
