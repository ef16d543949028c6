"""file link indexes

Indexes on ``file_id`` of the three link tables (Vorlage, Sitzung, TOP → Datei).
Their primary keys start with the owner, so finding the owners of a file (the
search's check of attachment hits, the visibility of a file) scanned the whole
table; with 100,000 Vorlagen and their attachments that is one scan per hit.

Revision ID: e5a1c7d93f02
Revises: d2e7f4a81b90
Create Date: 2026-12-04 12:50:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = 'e5a1c7d93f02'
down_revision: str | None = 'd2e7f4a81b90'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINK_TABLES = ("paper_files", "meeting_files", "agenda_item_files")


def upgrade() -> None:
    for table in LINK_TABLES:
        op.create_index(f"ix_{table}_file_id", table, ["file_id"])


def downgrade() -> None:
    for table in LINK_TABLES:
        op.drop_index(f"ix_{table}_file_id", table_name=table)
