"""Soft deletion does not slow down the queries of live rows.

Every ordinary query carries ``deleted_at IS NULL``. With an index over all of
``deleted_at``, SQLite took that for a selective condition and read every live
row through it instead of using the foreign-key index: the Beratungen of one
Vorlage cost a scan of all Beratungen (60 ms at 100,000 Vorlagen, several such
statements per save). The index now covers only deleted rows.
"""
from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from minutes_app.models import AgendaItem, Consultation, OParlMixin
from minutes_app.models.base import Base
from tests import databases

#: Statements of the kind every page and the search indexer run, with the index they should use.
LIVE_QUERIES = [
    (select(Consultation.id).where(Consultation.paper_id.in_([1, 2, 3])), "ix_consultations_paper_id"),
    (select(AgendaItem.id).where(AgendaItem.meeting_id == 7), "ix_agenda_items_meeting_id"),
]


def _plan(session: Session, statement: object) -> str:
    compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})  # type: ignore[attr-defined]
    rows = session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
    return " ".join(str(row[-1]) for row in rows)


@pytest.mark.sqlite_only("Abfragepläne von SQLite; PostgreSQL plant mit Statistiken, die Indexdefinition prüft "
                         "test_deleted_at_is_indexed_only_for_deleted_rows")
def test_live_rows_are_read_through_their_foreign_key_index(app: Flask, session: Session) -> None:
    for statement, index in LIVE_QUERIES:
        filtered = statement.where(statement.selected_columns[0].table.c.deleted_at.is_(None))
        plan = _plan(session, filtered)
        assert index in plan, plan
        assert "deleted_at" not in plan, plan


def test_deleted_at_is_indexed_only_for_deleted_rows(app: Flask, session: Session) -> None:
    tables = {m.local_table.name for m in Base.registry.mappers if issubclass(m.class_, OParlMixin)}
    assert {"papers", "consultations", "meetings", "agenda_items", "files"} <= tables
    for table in sorted(tables):
        if databases.on_postgresql():
            definition = session.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = :name"),
                                         {"name": f"ix_{table}_deleted_at"}).scalar_one()
        else:
            definition = session.execute(text("SELECT sql FROM sqlite_master WHERE name = :name"),
                                         {"name": f"ix_{table}_deleted_at"}).scalar_one()
        assert "deleted_at IS NOT NULL" in definition, definition


@pytest.mark.sqlite_only("Abfragepläne von SQLite")
def test_lists_of_deleted_objects_use_the_partial_index(app: Flask, session: Session) -> None:
    plan = _plan(session, select(Consultation.id).where(Consultation.deleted_at.is_not(None)))
    assert "ix_consultations_deleted_at" in plan, plan
