"""The schema is created by the migrations alone: head equals the models, and downgrade works."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from minutes_app import migrate
from minutes_app.models import Base

from ..databases import new_database_url

#: Why the data-carrying upgrades run on SQLite only.
OLD_SQLITE_ROWS = ("Daten einer Revision vor der PostgreSQL-Unterstützung, in SQLite-Schreibweise (Wahrheitswerte "
                   "als 0/1); PostgreSQL-Datenbanken beginnen bei einer späteren Revision")


def test_upgrade_to_head_matches_models_exactly(tmp_path):
    url = new_database_url(tmp_path, "m", schema=False)
    migrate.upgrade(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_upgrade_creates_every_model_table(tmp_path):
    url = new_database_url(tmp_path, "m", schema=False)
    migrate.upgrade(url)
    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(Base.metadata.tables) <= tables


def test_downgrade_to_base_removes_everything_and_upgrade_again_works(tmp_path):
    url = new_database_url(tmp_path, "m", schema=False)
    migrate.upgrade(url)
    migrate.downgrade(url, "base")
    engine = create_engine(url)
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    engine.dispose()
    migrate.upgrade(url)
    engine = create_engine(url)
    assert "papers" in inspect(engine).get_table_names()
    engine.dispose()


@pytest.mark.sqlite_only(reason=OLD_SQLITE_ROWS)
def test_several_bodies_migration_carries_existing_data_over(tmp_path):
    """A database of the previous head keeps its body, accounts and audit trail; the body gets a Kürzel."""
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate.upgrade(url, "5219b589e9ab")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO bodies (id, name, short_name, website, contact_email, paper_reference_format, "
            "notice_period_days, notice_counts_dispatch_day, notice_counts_meeting_day, quorum_rule, "
            "minutes_publication, max_upload_mb, imprint_text, privacy_text, accessibility_text, created, modified) "
            "VALUES (1, 'Kreis Plön', 'Kreis Plön', '', '', '{number:03d}/{year}', 7, 0, 0, 'more_than_half', "
            "'on_closed', 20, '', '', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
        connection.execute(text(
            "INSERT INTO users (id, login, password_hash, display_name, email, active, session_version, "
            "created, modified) VALUES (1, 'admin', 'x', 'Admin', '', 1, 1, '2026-01-01', '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO audit_events (id, created, actor_name, object_type, object_id, action, summary) VALUES "
            "(1, '2026-01-01', 'System', 'Body', 1, 'body.created', 'angelegt'), "
            "(2, '2026-01-01', 'System', 'User', 1, 'user.created', 'angelegt')"))
    engine.dispose()
    migrate.upgrade(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT slug, host_name, name FROM bodies")).all() == [
            ("kreis-ploen", "", "Kreis Plön")]
        # No scope rows: the existing account keeps working for every body, as before.
        assert connection.execute(text("SELECT count(*) FROM user_bodies")).scalar() == 0
        assert connection.execute(text("SELECT id, body_id FROM audit_events ORDER BY id")).all() == [(1, 1), (2, None)]
    engine.dispose()
    migrate.downgrade(url, "5219b589e9ab")
    engine = create_engine(url)
    assert "slug" not in {c["name"] for c in inspect(engine).get_columns("bodies")}
    engine.dispose()



@pytest.mark.sqlite_only(reason=OLD_SQLITE_ROWS)
def test_mail_revision_carries_existing_bodies_and_users_over(tmp_path):
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate.upgrade(url, "5219b589e9ab")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO bodies (id, name, short_name, website, contact_email, paper_reference_format, "
            "notice_period_days, notice_counts_dispatch_day, notice_counts_meeting_day, quorum_rule, "
            "minutes_publication, max_upload_mb, imprint_text, privacy_text, accessibility_text, created, modified) "
            "VALUES (1, 'Landkreis', '', '', '', '{number}/{year}', 7, 0, 0, 'more_than_half', 'on_closed', 20, "
            "'', '', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        ))
        connection.execute(text(
            "INSERT INTO users (id, login, password_hash, display_name, email, active, session_version, created, "
            "modified) VALUES (1, 'alt', 'x', 'Altes Konto', 'alt@kreis.example', 1, 1, '2026-01-01 00:00:00', "
            "'2026-01-01 00:00:00')"
        ))
    engine.dispose()
    migrate.upgrade(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT task_notice_mode FROM users")).scalar_one() == "off"
        assert connection.execute(text("SELECT mail_sender, mail_reply_to FROM bodies")).one() == ("", "")
    engine.dispose()
