"""A fresh demo county of its own for the hardening tests (they write into it, so it is not the portal's)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from minutes_app import create_app, migrate
from minutes_app.demo import county
from minutes_app.demo.catalog import DEMO_PASSWORD
from minutes_app.extensions import db_session
from minutes_app.models import Base, Minutes, MinutesState, User

from ..databases import new_database_url

#: The demo accounts by role (anonymous is the sixth "role").
DEMO_LOGINS = ("admin", "schriftfuehrung", "sachbearbeitung", "zeichnung", "mitglied")


def make_demo_app(root: Path, *, migrated: bool = False, **config: object) -> Flask:
    """A demo county on its own database (a SQLite file under ``root``), schema by the migrations when ``migrated``."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "hardening",
            "DATABASE_URL": new_database_url(root, "demo", schema=not migrated),
            "SEARCH_INDEX_DIR": str(root / "search_index"),
            "FILE_STORE_DIR": str(root / "files"),
            "INSTANCE_PATH": str(root / "instance"),
            "WTF_CSRF_ENABLED": False,
            **config,
        }
    )
    if migrated:
        migrate.upgrade(app.config["DATABASE_URL"])
    else:
        Base.metadata.create_all(app.extensions["minutes_database"].write_engine)
    with app.app_context():
        assert county.load_demo_county(db_session(), root / "files")
        db_session().commit()
    return app


def dispose(app: Flask) -> None:
    """Close the app's database connections and every open index searcher (no file may stay open)."""
    from minutes_app.search import EXTENSION

    indexes = app.extensions.get(EXTENSION)
    for index in (indexes.public, indexes.internal) if indexes else ():
        index.close()  # this thread's searcher
        # Whoosh: the searchers other threads (live servers) left open; PostgreSQL has none (pooled connections).
        searchers = getattr(index, "_searchers", set())
        for searcher in list(searchers):
            with suppress(Exception):  # already closed by its thread
                searcher.close()
        searchers.clear()
    app.extensions["minutes_database"].dispose()


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One writable demo county for the hardening tests of this session."""
    app = make_demo_app(tmp_path_factory.mktemp("hardening-demo"))
    yield app
    dispose(app)


def demo_client(app: Flask, login: str | None) -> FlaskClient:
    """A client signed in as the demo account ``login`` (anonymous for None)."""
    client = app.test_client()
    if login:
        response = client.post("/anmelden", data={"login": login, "password": DEMO_PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def secretary_draft() -> Minutes:
    """The newest draft Niederschrift the demo's ``schriftfuehrung`` account writes (the demo always has one).

    Not just any draft: which meetings are drafts depends on the date, and the
    drafts of other committees are written by another account (a 403 here).
    """
    return db_session().scalars(
        select(Minutes).join(Minutes.recorder)
        .where(Minutes.state == MinutesState.DRAFT, User.login == "schriftfuehrung")
        .order_by(Minutes.started_at.desc())
    ).first()
