"""initial schema

Revision ID: 3e940ddcfa64
Revises:
Create Date: 2026-11-22
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import minutes_app.models.base

revision: str = '3e940ddcfa64'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('bodies',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=60), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('contact_email', sa.String(length=200), nullable=False),
    sa.Column('paper_reference_format', sa.String(length=40), nullable=False),
    sa.Column('notice_period_days', sa.Integer(), nullable=False),
    sa.Column('notice_counts_dispatch_day', sa.Boolean(), nullable=False),
    sa.Column('notice_counts_meeting_day', sa.Boolean(), nullable=False),
    sa.Column('quorum_rule', sa.Enum('more_than_half', 'at_least_half', 'at_least_two_thirds', name='quorumrule', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('minutes_publication', sa.Enum('on_closed', 'on_approved', name='minutespublication', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('max_upload_mb', sa.Integer(), nullable=False),
    sa.Column('letterhead_file_id', sa.Integer(), nullable=True),
    sa.Column('imprint_text', sa.Text(), nullable=False),
    sa.Column('privacy_text', sa.Text(), nullable=False),
    sa.Column('accessibility_text', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint('max_upload_mb >= 1 AND max_upload_mb <= 500', name=op.f('ck_bodies_upload_limit_range')),
    sa.CheckConstraint('notice_period_days >= 0 AND notice_period_days <= 60', name=op.f('ck_bodies_notice_period_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bodies'))
    )
    op.create_table('login_throttles',
    sa.Column('login', sa.String(length=80), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('blocked_until', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('last_failure_at', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('login', name=op.f('pk_login_throttles'))
    )
    op.create_table('legislative_terms',
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_legislative_terms_dates_ordered')),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_legislative_terms_body_id_bodies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legislative_terms'))
    )
    with op.batch_alter_table('legislative_terms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legislative_terms_body_id'), ['body_id'], unique=False)

    op.create_table('locations',
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('room', sa.String(length=100), nullable=False),
    sa.Column('street_address', sa.String(length=200), nullable=False),
    sa.Column('postal_code', sa.String(length=10), nullable=False),
    sa.Column('locality', sa.String(length=100), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_locations_body_id_bodies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_locations'))
    )
    with op.batch_alter_table('locations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_locations_body_id'), ['body_id'], unique=False)

    op.create_table('organizations',
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=60), nullable=False),
    sa.Column('organization_type', sa.Enum('committee', 'department', 'faction', 'other', name='organizationtype', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('notice_period_days', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_organizations_body_id_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['organizations.id'], name=op.f('fk_organizations_parent_id_organizations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizations'))
    )
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organizations_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organizations_organization_type'), ['organization_type'], unique=False)

    op.create_table('paper_reference_counters',
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_paper_reference_counters_body_id_bodies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('body_id', 'year', name=op.f('pk_paper_reference_counters'))
    )
    op.create_table('persons',
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('family_name', sa.String(length=100), nullable=False),
    sa.Column('given_name', sa.String(length=100), nullable=False),
    sa.Column('form_of_address', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=60), nullable=False),
    sa.Column('affix', sa.String(length=30), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=60), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_persons_body_id_bodies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons'))
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_persons_body_id'), ['body_id'], unique=False)

    op.create_table('sign_off_chains',
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_sign_off_chains_body_id_bodies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_off_chains'))
    )
    with op.batch_alter_table('sign_off_chains', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_off_chains_body_id'), ['body_id'], unique=False)

    op.create_table('meetings',
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('start_time', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('end_time', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('location_text', sa.String(length=300), nullable=False),
    sa.Column('state', sa.Enum('planned', 'invited', 'held', 'cancelled', name='meetingstate', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('cancellation_reason', sa.Text(), nullable=False),
    sa.Column('invitation_sent_at', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('late_invitation_reason', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint('end_time IS NULL OR end_time >= start_time', name=op.f('ck_meetings_times_ordered')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_meetings_location_id_locations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_meetings_organization_id_organizations'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_start_time'), ['start_time'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_state'), ['state'], unique=False)

    op.create_table('memberships',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('chair', 'vice_chair', 'member', 'deputy_member', 'advisory', name='membershiprole', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('voting_right', sa.Boolean(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('on_behalf_of_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_memberships_dates_ordered')),
    sa.ForeignKeyConstraint(['on_behalf_of_id'], ['organizations.id'], name=op.f('fk_memberships_on_behalf_of_id_organizations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_memberships_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_memberships_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_person_id'), ['person_id'], unique=False)

    op.create_table('sign_off_chain_rules',
    sa.Column('chain_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('paper_type', sa.Enum('resolution', 'communication', 'motion', 'inquiry', 'statement', 'report', name='papertype', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['chain_id'], ['sign_off_chains.id'], name=op.f('fk_sign_off_chain_rules_chain_id_sign_off_chains'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['department_id'], ['organizations.id'], name=op.f('fk_sign_off_chain_rules_department_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_off_chain_rules')),
    sa.UniqueConstraint('department_id', 'paper_type', name=op.f('uq_sign_off_chain_rules_department_id_paper_type'))
    )
    with op.batch_alter_table('sign_off_chain_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_off_chain_rules_chain_id'), ['chain_id'], unique=False)

    op.create_table('sign_off_positions',
    sa.Column('chain_id', sa.Integer(), nullable=False),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['chain_id'], ['sign_off_chains.id'], name=op.f('fk_sign_off_positions_chain_id_sign_off_chains'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_off_positions')),
    sa.UniqueConstraint('chain_id', 'order', name=op.f('uq_sign_off_positions_chain_id_order'))
    )
    with op.batch_alter_table('sign_off_positions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_off_positions_chain_id'), ['chain_id'], unique=False)

    op.create_table('users',
    sa.Column('login', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('last_login_at', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['organizations.id'], name=op.f('fk_users_department_id_organizations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_users_person_id_persons'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('login', name=op.f('uq_users_login'))
    )
    op.create_table('agenda_items',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('public_name', sa.String(length=300), nullable=False),
    sa.Column('is_supplement', sa.Boolean(), nullable=False),
    sa.Column('minutes_text', sa.Text(), nullable=False),
    sa.Column('resolution_text', sa.Text(), nullable=False),
    sa.Column('result', sa.Enum('adopted', 'adopted_amended', 'rejected', 'noted', 'postponed', 'referred', 'withdrawn', name='agendaitemresult', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('votes_yes', sa.Integer(), nullable=True),
    sa.Column('votes_no', sa.Integer(), nullable=True),
    sa.Column('votes_abstain', sa.Integer(), nullable=True),
    sa.Column('unanimous', sa.Boolean(), nullable=False),
    sa.Column('start_time', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('end_time', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint('(votes_yes IS NULL OR votes_yes >= 0) AND (votes_no IS NULL OR votes_no >= 0) AND (votes_abstain IS NULL OR votes_abstain >= 0)', name=op.f('ck_agenda_items_votes_not_negative')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_items_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['agenda_items.id'], name=op.f('fk_agenda_items_parent_id_agenda_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items')),
    sa.UniqueConstraint('meeting_id', 'order', name=op.f('uq_agenda_items_meeting_id_order'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=200), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_events_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_created'), ['created'], unique=False)
        batch_op.create_index('ix_audit_events_object', ['object_type', 'object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_user_id'), ['user_id'], unique=False)

    op.create_table('files',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('media_type', sa.String(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.CheckConstraint('size >= 0', name=op.f('ck_files_size_not_negative')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_files_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_files')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_files_storage_key'))
    )
    with op.batch_alter_table('files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_files_sha256'), ['sha256'], unique=False)

    op.create_table('meeting_joint_organizations',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_joint_organizations_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_meeting_joint_organizations_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'organization_id', name=op.f('pk_meeting_joint_organizations'))
    )
    op.create_table('papers',
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('reference_year', sa.Integer(), nullable=False),
    sa.Column('reference_number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('paper_type', sa.Enum('resolution', 'communication', 'motion', 'inquiry', 'statement', 'report', name='papertype', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'in_sign_off', 'released', 'in_consultation', 'completed', 'withdrawn', name='paperstate', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('originator_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('resolution_proposal', sa.Text(), nullable=False),
    sa.Column('reasoning', sa.Text(), nullable=False),
    sa.Column('financial_impact', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('return_comment', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_papers_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_papers_body_id_bodies'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['originator_id'], ['organizations.id'], name=op.f('fk_papers_originator_id_organizations'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_papers')),
    sa.UniqueConstraint('body_id', 'reference', name=op.f('uq_papers_body_id_reference')),
    sa.UniqueConstraint('body_id', 'reference_year', 'reference_number', name=op.f('uq_papers_body_id_reference_year_reference_number'))
    )
    with op.batch_alter_table('papers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_papers_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_papers_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_papers_originator_id'), ['originator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_papers_paper_type'), ['paper_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_papers_state'), ['state'], unique=False)

    op.create_table('sign_off_position_holders',
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('is_deputy', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['position_id'], ['sign_off_positions.id'], name=op.f('fk_sign_off_position_holders_position_id_sign_off_positions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sign_off_position_holders_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('position_id', 'user_id', name=op.f('pk_sign_off_position_holders'))
    )
    op.create_table('user_committees',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_user_committees_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_committees_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'organization_id', name=op.f('pk_user_committees'))
    )
    op.create_table('user_roles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('member', 'editor', 'signer', 'secretary', 'admin', name='role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_roles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'role', name=op.f('pk_user_roles'))
    )
    op.create_table('agenda_item_files',
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_agenda_item_files_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['file_id'], ['files.id'], name=op.f('fk_agenda_item_files_file_id_files'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agenda_item_id', 'file_id', name=op.f('pk_agenda_item_files'))
    )
    op.create_table('attendances',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('guest_name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('member', 'guest', 'staff', name='attendeekind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('present', 'excused', 'absent', 'represented', name='attendancestatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('voting_right', sa.Boolean(), nullable=False),
    sa.Column('represented_by_id', sa.Integer(), nullable=True),
    sa.Column('arrival_item_id', sa.Integer(), nullable=True),
    sa.Column('departure_item_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.CheckConstraint("person_id IS NOT NULL OR guest_name != ''", name=op.f('ck_attendances_person_or_name')),
    sa.ForeignKeyConstraint(['arrival_item_id'], ['agenda_items.id'], name=op.f('fk_attendances_arrival_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['departure_item_id'], ['agenda_items.id'], name=op.f('fk_attendances_departure_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_attendances_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_attendances_person_id_persons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['represented_by_id'], ['persons.id'], name=op.f('fk_attendances_represented_by_id_persons'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendances')),
    sa.UniqueConstraint('meeting_id', 'person_id', name=op.f('uq_attendances_meeting_id_person_id'))
    )
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendances_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('consultations',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('preliminary', 'decision', 'information', 'hearing', name='consultationrole', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('authoritative', sa.Boolean(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('result', sa.Enum('adopted', 'adopted_amended', 'rejected', 'noted', 'postponed', 'referred', 'withdrawn', name='agendaitemresult', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('result_note', sa.String(length=300), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_consultations_agenda_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_consultations_meeting_id_meetings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_consultations_organization_id_organizations'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], name=op.f('fk_consultations_paper_id_papers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultations')),
    sa.UniqueConstraint('agenda_item_id', name=op.f('uq_consultations_agenda_item_id')),
    sa.UniqueConstraint('paper_id', 'position', name=op.f('uq_consultations_paper_id_position'))
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultations_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultations_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultations_paper_id'), ['paper_id'], unique=False)

    op.create_table('meeting_files',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['files.id'], name=op.f('fk_meeting_files_file_id_files'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_files_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'file_id', name=op.f('pk_meeting_files'))
    )
    op.create_table('minutes',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'closed', 'approved', name='minutesstate', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('started_at', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('ended_at', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('chair_id', sa.Integer(), nullable=True),
    sa.Column('recorder_id', sa.Integer(), nullable=True),
    sa.Column('chair_signed_at', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('recorder_signed_at', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('closed_at', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('approved_at', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('approved_in_agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('approval_note', sa.Text(), nullable=False),
    sa.Column('published_at', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['approved_in_agenda_item_id'], ['agenda_items.id'], name=op.f('fk_minutes_approved_in_agenda_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['chair_id'], ['persons.id'], name=op.f('fk_minutes_chair_id_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_minutes_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorder_id'], ['users.id'], name=op.f('fk_minutes_recorder_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_minutes_meeting_id'))
    )
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_state'), ['state'], unique=False)

    op.create_table('paper_files',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['files.id'], name=op.f('fk_paper_files_file_id_files'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], name=op.f('fk_paper_files_paper_id_papers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('paper_id', 'file_id', name=op.f('pk_paper_files'))
    )
    op.create_table('paper_participants',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_paper_participants_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], name=op.f('fk_paper_participants_paper_id_papers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('paper_id', 'organization_id', name=op.f('pk_paper_participants'))
    )
    op.create_table('paper_versions',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_paper_versions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], name=op.f('fk_paper_versions_paper_id_papers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_versions')),
    sa.UniqueConstraint('paper_id', 'version', name=op.f('uq_paper_versions_paper_id_version'))
    )
    with op.batch_alter_table('paper_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_versions_paper_id'), ['paper_id'], unique=False)

    op.create_table('sign_offs',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('paper_version', sa.Integer(), nullable=False),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=True),
    sa.Column('position_title', sa.String(length=200), nullable=False),
    sa.Column('state', sa.Enum('open', 'signed', 'returned', 'void', name='signoffstate', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('signed_by_id', sa.Integer(), nullable=True),
    sa.Column('signed_at', minutes_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('capacity', sa.Enum('own', 'deputy', name='signoffcapacity', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], name=op.f('fk_sign_offs_paper_id_papers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['position_id'], ['sign_off_positions.id'], name=op.f('fk_sign_offs_position_id_sign_off_positions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['signed_by_id'], ['users.id'], name=op.f('fk_sign_offs_signed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_offs')),
    sa.UniqueConstraint('paper_id', 'paper_version', 'order', name=op.f('uq_sign_offs_paper_id_paper_version_order'))
    )
    with op.batch_alter_table('sign_offs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_offs_paper_id'), ['paper_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_offs_state'), ['state'], unique=False)


    # Created last: bodies and files refer to each other (through users and organizations).
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f('fk_bodies_letterhead_file_id_files'), 'files', ['letterhead_file_id'], ['id'],
            ondelete='SET NULL',
        )

def downgrade() -> None:
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_bodies_letterhead_file_id_files'), type_='foreignkey')
    with op.batch_alter_table('sign_offs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_offs_state'))
        batch_op.drop_index(batch_op.f('ix_sign_offs_paper_id'))

    op.drop_table('sign_offs')
    with op.batch_alter_table('paper_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_versions_paper_id'))

    op.drop_table('paper_versions')
    op.drop_table('paper_participants')
    op.drop_table('paper_files')
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_state'))

    op.drop_table('minutes')
    op.drop_table('meeting_files')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultations_paper_id'))
        batch_op.drop_index(batch_op.f('ix_consultations_organization_id'))
        batch_op.drop_index(batch_op.f('ix_consultations_meeting_id'))

    op.drop_table('consultations')
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendances_meeting_id'))

    op.drop_table('attendances')
    op.drop_table('agenda_item_files')
    op.drop_table('user_roles')
    op.drop_table('user_committees')
    op.drop_table('sign_off_position_holders')
    with op.batch_alter_table('papers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_papers_state'))
        batch_op.drop_index(batch_op.f('ix_papers_paper_type'))
        batch_op.drop_index(batch_op.f('ix_papers_originator_id'))
        batch_op.drop_index(batch_op.f('ix_papers_date'))
        batch_op.drop_index(batch_op.f('ix_papers_body_id'))

    op.drop_table('papers')
    op.drop_table('meeting_joint_organizations')
    with op.batch_alter_table('files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_files_sha256'))

    op.drop_table('files')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_user_id'))
        batch_op.drop_index('ix_audit_events_object')
        batch_op.drop_index(batch_op.f('ix_audit_events_created'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_items_meeting_id'))

    op.drop_table('agenda_items')
    op.drop_table('users')
    with op.batch_alter_table('sign_off_positions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_off_positions_chain_id'))

    op.drop_table('sign_off_positions')
    with op.batch_alter_table('sign_off_chain_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_off_chain_rules_chain_id'))

    op.drop_table('sign_off_chain_rules')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_person_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_organization_id'))

    op.drop_table('memberships')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_state'))
        batch_op.drop_index(batch_op.f('ix_meetings_start_time'))
        batch_op.drop_index(batch_op.f('ix_meetings_organization_id'))

    op.drop_table('meetings')
    with op.batch_alter_table('sign_off_chains', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_off_chains_body_id'))

    op.drop_table('sign_off_chains')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_persons_body_id'))

    op.drop_table('persons')
    op.drop_table('paper_reference_counters')
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organizations_organization_type'))
        batch_op.drop_index(batch_op.f('ix_organizations_body_id'))

    op.drop_table('organizations')
    with op.batch_alter_table('locations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_locations_body_id'))

    op.drop_table('locations')
    with op.batch_alter_table('legislative_terms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legislative_terms_body_id'))

    op.drop_table('legislative_terms')
    op.drop_table('login_throttles')
    op.drop_table('bodies')
