"""mail: outbox, dispatch log, refused addresses, citizens' alerts, task notices

The Postausgang (mail_messages with attachments), the per-meeting dispatch log, addresses
refused by the mail server, alert subscriptions with their seen-markers, the tasks already
mailed to a user; on bodies the sender and reply-to, on users the task notice preference
(existing rows get "off" and empty addresses through server defaults).

Revision ID: b7d3e18a4c21
Revises: b7d1e4a9c2f3
Create Date: 2026-12-03 17:18:57.931632
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import minutes_app.models.base

revision: str = 'b7d3e18a4c21'
down_revision: str | None = 'b7d1e4a9c2f3'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('mail_address_flags',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('flagged_at', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('email', name=op.f('pk_mail_address_flags'))
    )
    op.create_table('alert_subscriptions',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('topic', sa.Enum('committee', 'papers', 'search', name='alerttopic', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('query', sa.String(length=200), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('confirmed_at', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_alert_subscriptions_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_subscriptions'))
    )
    with op.batch_alter_table('alert_subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_subscriptions_email'), ['email'], unique=False)

    op.create_table('alert_seen',
    sa.Column('subscription_id', sa.Integer(), nullable=False),
    sa.Column('object_key', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['subscription_id'], ['alert_subscriptions.id'], name=op.f('fk_alert_seen_subscription_id_alert_subscriptions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('subscription_id', 'object_key', name=op.f('pk_alert_seen'))
    )
    op.create_table('mail_dispatches',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('invitation', 'supplement', 'moved', 'cancelled', 'tasks', 'alert_confirm', 'alert', name='mailkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_mail_dispatches_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_mail_dispatches_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_dispatches'))
    )
    with op.batch_alter_table('mail_dispatches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_dispatches_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('task_notices',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('task_key', sa.String(length=80), nullable=False),
    sa.Column('notified_at', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_task_notices_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'task_key', name=op.f('pk_task_notices'))
    )
    op.create_table('mail_messages',
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('dispatch_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('invitation', 'supplement', 'moved', 'cancelled', 'tasks', 'alert_confirm', 'alert', name='mailkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('recipient_email', sa.String(length=254), nullable=False),
    sa.Column('recipient_name', sa.String(length=200), nullable=False),
    sa.Column('version_label', sa.String(length=60), nullable=False),
    sa.Column('sender', sa.String(length=300), nullable=False),
    sa.Column('reply_to', sa.String(length=300), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('message_id', sa.String(length=300), nullable=False),
    sa.Column('state', sa.Enum('queued', 'sending', 'sent', 'refused', 'failed', 'uncertain', name='mailstate', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('claimed_at', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('sent_at', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_mail_messages_body_id_bodies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dispatch_id'], ['mail_dispatches.id'], name=op.f('fk_mail_messages_dispatch_id_mail_dispatches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_mail_messages_person_id_persons'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_messages')),
    sa.UniqueConstraint('message_id', name=op.f('uq_mail_messages_message_id'))
    )
    with op.batch_alter_table('mail_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_messages_dispatch_id'), ['dispatch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_messages_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_messages_recipient_email'), ['recipient_email'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_messages_state'), ['state'], unique=False)

    op.create_table('mail_attachments',
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=120), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['mail_messages.id'], name=op.f('fk_mail_attachments_message_id_mail_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_attachments'))
    )
    with op.batch_alter_table('mail_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_attachments_message_id'), ['message_id'], unique=False)

    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_sender', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('mail_reply_to', sa.String(length=200), server_default='', nullable=False))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('task_notice_mode', sa.Enum('off', 'immediate', 'daily', name='tasknoticemode', native_enum=False, create_constraint=True, length=32), server_default='off', nullable=False))
        batch_op.add_column(sa.Column('task_digest_sent_at', minutes_app.models.base.UTCDateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('task_digest_sent_at')
        # The enum's CHECK constraint names the column; it must go before the column can.
        batch_op.drop_constraint('tasknoticemode', type_='check')
        batch_op.drop_column('task_notice_mode')

    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.drop_column('mail_reply_to')
        batch_op.drop_column('mail_sender')

    with op.batch_alter_table('mail_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_attachments_message_id'))

    op.drop_table('mail_attachments')
    with op.batch_alter_table('mail_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_messages_state'))
        batch_op.drop_index(batch_op.f('ix_mail_messages_recipient_email'))
        batch_op.drop_index(batch_op.f('ix_mail_messages_next_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_mail_messages_dispatch_id'))

    op.drop_table('mail_messages')
    op.drop_table('task_notices')
    with op.batch_alter_table('mail_dispatches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_dispatches_meeting_id'))

    op.drop_table('mail_dispatches')
    op.drop_table('alert_seen')
    with op.batch_alter_table('alert_subscriptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alert_subscriptions_email'))

    op.drop_table('alert_subscriptions')
    op.drop_table('mail_address_flags')
