"""several bodies on one installation

A Kürzel (unique, URL-safe path prefix) and an optional host name per body, the
bodies a user works for (``user_bodies``; no row: every body), and the body of
each audit event so that a body's administrator reads only that body's trail.

Existing bodies get a Kürzel derived from their short name (or name); existing
users keep working for every body; existing audit events belong to the single
body when there is exactly one (accounts stay installation-wide).

Revision ID: b7d1e4a9c2f3
Revises: a7c3e91d2b40
Create Date: 2026-12-03 17:40:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from minutes_app.bodies.slugs import RESERVED, slugify

revision: str = 'b7d1e4a9c2f3'
down_revision: str | None = 'a7c3e91d2b40'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fill_slugs(connection: sa.Connection) -> None:
    taken: set[str] = set()
    rows = connection.execute(sa.text("SELECT id, name, short_name FROM bodies ORDER BY id")).all()
    for body_id, name, short_name in rows:
        base = slugify(short_name or name) or "koerperschaft"
        if base in RESERVED:
            base = f"{base}-k"
        candidate, counter = base, 1
        while candidate in taken:
            counter += 1
            candidate = f"{base[:36]}-{counter}"
        taken.add(candidate)
        connection.execute(sa.text("UPDATE bodies SET slug = :slug WHERE id = :id"), {"slug": candidate, "id": body_id})


def upgrade() -> None:
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('slug', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('host_name', sa.String(length=200), nullable=False, server_default=''))
    _fill_slugs(op.get_bind())
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.alter_column('slug', existing_type=sa.String(length=40), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_bodies_slug'), ['slug'])

    op.create_table('user_bodies',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_user_bodies_body_id_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_bodies_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'body_id', name=op.f('pk_user_bodies'))
    )

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_events_body_id'), ['body_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_audit_events_body_id_bodies'), 'bodies', ['body_id'], ['id'], ondelete='SET NULL'
        )
    connection = op.get_bind()
    body_ids = connection.execute(sa.text("SELECT id FROM bodies")).scalars().all()
    if len(body_ids) == 1:
        connection.execute(
            sa.text("UPDATE audit_events SET body_id = :id WHERE object_type != 'User'"), {"id": body_ids[0]}
        )


def downgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_audit_events_body_id_bodies'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_audit_events_body_id'))
        batch_op.drop_column('body_id')

    op.drop_table('user_bodies')
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_bodies_slug'), type_='unique')
        batch_op.drop_column('host_name')
        batch_op.drop_column('slug')
