"""OParl data shape and history recorded after the fact

Every OParl object (bodies, organizations, persons, memberships, legislative terms,
meetings, agenda items, papers, consultations, files, locations) gains ``oparl_id``
(original id of an imported object, unique per table), ``deleted_at`` (soft deletion)
and ``keywords``; files gain ``modified`` (filled from ``created``). New OParl fields
on bodies, organizations, persons, files, locations, meetings and agenda items; papers
get free references (``reference_number`` may be empty), an optional Federführend,
further lead departments, originator persons/organizations, related, super- and
subordinated papers, locations and a main file; recorded history is flagged on
papers and meetings with its signatures as text (also on minutes). The membership
role and paper type enums gain the values found in real council records.
Existing rows keep their values; new columns get neutral defaults.

Revision ID: a7c3e91d2b40
Revises: 5219b589e9ab
Create Date: 2026-12-03 17:18:50.428430
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import minutes_app.models.base

OLD_ROLES = ('chair', 'vice_chair', 'member', 'deputy_member', 'advisory')
NEW_ROLES = OLD_ROLES + (
    'expert_citizen', 'deputy_expert_citizen', 'personal_deputy', 'mayor', 'first_deputy_mayor',
    'second_deputy_mayor', 'third_deputy_mayor', 'local_mayor', 'deputy_local_mayor', 'faction_chair',
    'deputy_faction_chair', 'secretary',
)
OLD_PAPER_TYPES = ('resolution', 'communication', 'motion', 'inquiry', 'statement', 'report')
NEW_PAPER_TYPES = OLD_PAPER_TYPES + ('amendment', 'supplementary_motion', 'supplementary_paper', 'answer')


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    """The portable enum type of ``minutes_app.models.base.enum_column`` with ``values``."""
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _change_enum(table: str, column: str, name: str, old: tuple[str, ...], new: tuple[str, ...],
                 nullable: bool) -> None:
    """Replace the CHECK constraint of an enum column (SQLite: by recreating the table)."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column(column, existing_type=_enum(old, name), type_=_enum(new, name),
                              existing_nullable=nullable)

revision: str = 'a7c3e91d2b40'
down_revision: str | None = '5219b589e9ab'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('paper_further_leads',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_paper_further_leads_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], name=op.f('fk_paper_further_leads_paper_id_papers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('paper_id', 'organization_id', name=op.f('pk_paper_further_leads'))
    )
    op.create_table('paper_hierarchy',
    sa.Column('superordinated_id', sa.Integer(), nullable=False),
    sa.Column('subordinated_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['subordinated_id'], ['papers.id'], name=op.f('fk_paper_hierarchy_subordinated_id_papers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['superordinated_id'], ['papers.id'], name=op.f('fk_paper_hierarchy_superordinated_id_papers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('superordinated_id', 'subordinated_id', name=op.f('pk_paper_hierarchy'))
    )
    op.create_table('paper_locations',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_paper_locations_location_id_locations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], name=op.f('fk_paper_locations_paper_id_papers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('paper_id', 'location_id', name=op.f('pk_paper_locations'))
    )
    op.create_table('paper_originator_organizations',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_paper_originator_organizations_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], name=op.f('fk_paper_originator_organizations_paper_id_papers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('paper_id', 'organization_id', name=op.f('pk_paper_originator_organizations'))
    )
    op.create_table('paper_originator_persons',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], name=op.f('fk_paper_originator_persons_paper_id_papers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_paper_originator_persons_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('paper_id', 'person_id', name=op.f('pk_paper_originator_persons'))
    )
    op.create_table('paper_related',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('related_paper_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], name=op.f('fk_paper_related_paper_id_papers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['related_paper_id'], ['papers.id'], name=op.f('fk_paper_related_related_paper_id_papers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('paper_id', 'related_paper_id', name=op.f('pk_paper_related'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('result_text', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('resolution_file_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('oparl_id', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', minutes_app.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('keywords', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.create_index(batch_op.f('ix_agenda_items_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_items_oparl_id'), ['oparl_id'], unique=True)
        batch_op.create_foreign_key(batch_op.f('fk_agenda_items_resolution_file_id_files'), 'files', ['resolution_file_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ags', sa.String(length=8), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('rgs', sa.String(length=12), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('equivalent', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('contact_name', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('classification', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('location_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('license', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('license_valid_since', minutes_app.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('oparl_since', minutes_app.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('oparl_id', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', minutes_app.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('keywords', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.create_index(batch_op.f('ix_bodies_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_bodies_oparl_id'), ['oparl_id'], unique=True)
        batch_op.create_foreign_key(batch_op.f('fk_bodies_location_id_locations'), 'locations', ['location_id'], ['id'], ondelete='SET NULL', use_alter=True)

    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('oparl_id', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', minutes_app.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('keywords', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.create_index(batch_op.f('ix_consultations_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultations_oparl_id'), ['oparl_id'], unique=True)

    with op.batch_alter_table('files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('file_license', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('external_service_url', sa.String(length=500), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('master_file_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('oparl_id', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', minutes_app.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('keywords', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('modified', minutes_app.models.base.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_files_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_files_oparl_id'), ['oparl_id'], unique=True)
        batch_op.create_foreign_key(batch_op.f('fk_files_master_file_id_files'), 'files', ['master_file_id'], ['id'], ondelete='SET NULL')
    # A file was never changed after upload, so its modification time is its upload time.
    op.execute(sa.text('UPDATE files SET modified = created'))
    with op.batch_alter_table('files', schema=None) as batch_op:
        batch_op.alter_column('modified', existing_type=minutes_app.models.base.UTCDateTime(), nullable=False)

    with op.batch_alter_table('legislative_terms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('oparl_id', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', minutes_app.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('keywords', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.create_index(batch_op.f('ix_legislative_terms_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_legislative_terms_oparl_id'), ['oparl_id'], unique=True)

    with op.batch_alter_table('locations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sub_locality', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('geojson', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('oparl_id', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', minutes_app.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('keywords', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.create_index(batch_op.f('ix_locations_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_locations_oparl_id'), ['oparl_id'], unique=True)

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recorded_after_the_fact', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('invitation_file_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('results_protocol_file_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('verbatim_protocol_file_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('oparl_id', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', minutes_app.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('keywords', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.create_index(batch_op.f('ix_meetings_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_oparl_id'), ['oparl_id'], unique=True)
        batch_op.create_foreign_key(batch_op.f('fk_meetings_results_protocol_file_id_files'), 'files', ['results_protocol_file_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_meetings_invitation_file_id_files'), 'files', ['invitation_file_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_meetings_verbatim_protocol_file_id_files'), 'files', ['verbatim_protocol_file_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('oparl_id', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', minutes_app.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('keywords', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.create_index(batch_op.f('ix_memberships_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_oparl_id'), ['oparl_id'], unique=True)

    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recorded_signatures', sa.Text(), nullable=False, server_default=''))

    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('classification', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('post', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('location_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('external_body', sa.String(length=500), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('oparl_id', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', minutes_app.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('keywords', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.create_index(batch_op.f('ix_organizations_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_organizations_oparl_id'), ['oparl_id'], unique=True)
        batch_op.create_foreign_key(batch_op.f('fk_organizations_location_id_locations'), 'locations', ['location_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('papers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recorded_after_the_fact', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('recorded_signatures', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('main_file_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('oparl_id', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', minutes_app.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('keywords', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.alter_column('reference_number',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.alter_column('originator_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_papers_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_papers_oparl_id'), ['oparl_id'], unique=True)
        batch_op.create_foreign_key(batch_op.f('fk_papers_main_file_id_files'), 'files', ['main_file_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('further_emails', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('further_phones', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('gender', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('status', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('location_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('life', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('life_source', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('oparl_id', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', minutes_app.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('keywords', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.create_index(batch_op.f('ix_persons_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_persons_oparl_id'), ['oparl_id'], unique=True)
        batch_op.create_foreign_key(batch_op.f('fk_persons_location_id_locations'), 'locations', ['location_id'], ['id'], ondelete='SET NULL')

    _change_enum('memberships', 'role', 'membershiprole', OLD_ROLES, NEW_ROLES, nullable=False)
    _change_enum('papers', 'paper_type', 'papertype', OLD_PAPER_TYPES, NEW_PAPER_TYPES, nullable=False)
    _change_enum('sign_off_chain_rules', 'paper_type', 'papertype', OLD_PAPER_TYPES, NEW_PAPER_TYPES, nullable=True)


def downgrade() -> None:
    blocked = op.get_bind().execute(sa.text(
        'SELECT COUNT(*) FROM papers WHERE reference_number IS NULL OR originator_id IS NULL')).scalar()
    if blocked:
        raise RuntimeError(
            f'{blocked} Vorlage(n) mit frei erfasstem Aktenzeichen oder ohne Federführung passen nicht in das '
            'ältere Schema; die Rückstufung wird abgebrochen, damit nichts verloren geht.'
        )
    # Values that did not exist before fall back to their nearest older value.
    op.execute(sa.text("UPDATE memberships SET role = 'member' WHERE role NOT IN "
                       "('chair', 'vice_chair', 'member', 'deputy_member', 'advisory')"))
    op.execute(sa.text("UPDATE papers SET paper_type = 'motion' WHERE paper_type IN "
                       "('amendment', 'supplementary_motion')"))
    op.execute(sa.text("UPDATE papers SET paper_type = 'resolution' WHERE paper_type = 'supplementary_paper'"))
    op.execute(sa.text("UPDATE papers SET paper_type = 'statement' WHERE paper_type = 'answer'"))
    op.execute(sa.text("DELETE FROM sign_off_chain_rules WHERE paper_type IN "
                       "('amendment', 'supplementary_motion', 'supplementary_paper', 'answer')"))
    _change_enum('sign_off_chain_rules', 'paper_type', 'papertype', NEW_PAPER_TYPES, OLD_PAPER_TYPES, nullable=True)
    _change_enum('papers', 'paper_type', 'papertype', NEW_PAPER_TYPES, OLD_PAPER_TYPES, nullable=False)
    _change_enum('memberships', 'role', 'membershiprole', NEW_ROLES, OLD_ROLES, nullable=False)
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_persons_location_id_locations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_persons_oparl_id'))
        batch_op.drop_index(batch_op.f('ix_persons_deleted_at'))
        batch_op.drop_column('keywords')
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('oparl_id')
        batch_op.drop_column('life_source')
        batch_op.drop_column('life')
        batch_op.drop_column('location_id')
        batch_op.drop_column('status')
        batch_op.drop_column('gender')
        batch_op.drop_column('further_phones')
        batch_op.drop_column('further_emails')

    with op.batch_alter_table('papers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_papers_main_file_id_files'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_papers_oparl_id'))
        batch_op.drop_index(batch_op.f('ix_papers_deleted_at'))
        batch_op.alter_column('originator_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.alter_column('reference_number',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('keywords')
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('oparl_id')
        batch_op.drop_column('main_file_id')
        batch_op.drop_column('recorded_signatures')
        batch_op.drop_column('recorded_after_the_fact')

    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_organizations_location_id_locations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_organizations_oparl_id'))
        batch_op.drop_index(batch_op.f('ix_organizations_deleted_at'))
        batch_op.drop_column('keywords')
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('oparl_id')
        batch_op.drop_column('external_body')
        batch_op.drop_column('location_id')
        batch_op.drop_column('post')
        batch_op.drop_column('classification')

    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.drop_column('recorded_signatures')

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_oparl_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_deleted_at'))
        batch_op.drop_column('keywords')
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('oparl_id')

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meetings_verbatim_protocol_file_id_files'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_meetings_invitation_file_id_files'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_meetings_results_protocol_file_id_files'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_meetings_oparl_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_deleted_at'))
        batch_op.drop_column('keywords')
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('oparl_id')
        batch_op.drop_column('verbatim_protocol_file_id')
        batch_op.drop_column('results_protocol_file_id')
        batch_op.drop_column('invitation_file_id')
        batch_op.drop_column('recorded_after_the_fact')

    with op.batch_alter_table('locations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_locations_oparl_id'))
        batch_op.drop_index(batch_op.f('ix_locations_deleted_at'))
        batch_op.drop_column('keywords')
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('oparl_id')
        batch_op.drop_column('geojson')
        batch_op.drop_column('sub_locality')

    with op.batch_alter_table('legislative_terms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legislative_terms_oparl_id'))
        batch_op.drop_index(batch_op.f('ix_legislative_terms_deleted_at'))
        batch_op.drop_column('keywords')
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('oparl_id')

    with op.batch_alter_table('files', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_files_master_file_id_files'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_files_oparl_id'))
        batch_op.drop_index(batch_op.f('ix_files_deleted_at'))
        batch_op.drop_column('modified')
        batch_op.drop_column('keywords')
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('oparl_id')
        batch_op.drop_column('master_file_id')
        batch_op.drop_column('external_service_url')
        batch_op.drop_column('file_license')
        batch_op.drop_column('date')

    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultations_oparl_id'))
        batch_op.drop_index(batch_op.f('ix_consultations_deleted_at'))
        batch_op.drop_column('keywords')
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('oparl_id')

    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_bodies_location_id_locations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_bodies_oparl_id'))
        batch_op.drop_index(batch_op.f('ix_bodies_deleted_at'))
        batch_op.drop_column('keywords')
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('oparl_id')
        batch_op.drop_column('oparl_since')
        batch_op.drop_column('license_valid_since')
        batch_op.drop_column('license')
        batch_op.drop_column('location_id')
        batch_op.drop_column('classification')
        batch_op.drop_column('contact_name')
        batch_op.drop_column('equivalent')
        batch_op.drop_column('rgs')
        batch_op.drop_column('ags')

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_agenda_items_resolution_file_id_files'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_agenda_items_oparl_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_items_deleted_at'))
        batch_op.drop_column('keywords')
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('oparl_id')
        batch_op.drop_column('resolution_file_id')
        batch_op.drop_column('result_text')

    op.drop_table('paper_related')
    op.drop_table('paper_originator_persons')
    op.drop_table('paper_originator_organizations')
    op.drop_table('paper_locations')
    op.drop_table('paper_hierarchy')
    op.drop_table('paper_further_leads')
