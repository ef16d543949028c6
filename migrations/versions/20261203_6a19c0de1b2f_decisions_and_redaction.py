"""decisions and redaction

Beschlusskontrolle (DecisionImplementation with ImplementationReport, the
"Bericht zur Umsetzung" flag on agenda items) and Schwärzung (the body's
always-redact names, the redacted public copy of a file). Existing rows get
empty defaults.

Revision ID: 6a19c0de1b2f
Revises: a17c0de5e55a
Create Date: 2026-12-03 17:34:15.139791
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import minutes_app.models.base

revision: str = '6a19c0de1b2f'
down_revision: str | None = 'a17c0de5e55a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('decision_implementations',
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('open', 'in_progress', 'done', 'settled', name='implementationstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_decision_implementations_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['department_id'], ['organizations.id'], name=op.f('fk_decision_implementations_department_id_organizations'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_implementations')),
    sa.UniqueConstraint('agenda_item_id', name=op.f('uq_decision_implementations_agenda_item_id'))
    )
    with op.batch_alter_table('decision_implementations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_implementations_department_id'), ['department_id'], unique=False)

    op.create_table('implementation_reports',
    sa.Column('implementation_id', sa.Integer(), nullable=False),
    sa.Column('report_date', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_implementation_reports_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['implementation_id'], ['decision_implementations.id'], name=op.f('fk_implementation_reports_implementation_id_decision_implementations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_implementation_reports'))
    )
    with op.batch_alter_table('implementation_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_implementation_reports_implementation_id'), ['implementation_id'], unique=False)

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('implementation_report', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redacted_names', sa.Text(), nullable=False, server_default=''))

    with op.batch_alter_table('files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_copy_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_files_public_copy_id_files'), 'files', ['public_copy_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('files', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_files_public_copy_id_files'), type_='foreignkey')
        batch_op.drop_column('public_copy_id')

    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.drop_column('redacted_names')

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('implementation_report')

    with op.batch_alter_table('implementation_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_implementation_reports_implementation_id'))

    op.drop_table('implementation_reports')
    with op.batch_alter_table('decision_implementations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_implementations_department_id'))

    op.drop_table('decision_implementations')
