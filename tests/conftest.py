"""Test fixtures: a fresh app and database per test, a logged-in client helper.

The database is a SQLite file, or with ``TEST_DATABASE_URL`` a fresh PostgreSQL database (see ``databases``).

Markers: ``sqlite_only(reason)`` for the few tests of SQLite itself (skipped on
PostgreSQL with that reason), ``postgresql`` for tests of PostgreSQL itself
(skipped in the SQLite pass).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, g, has_app_context
from flask.testing import FlaskCliRunner, FlaskClient
from sqlalchemy.orm import Session

from minutes_app import create_app
from minutes_app.extensions import database
from minutes_app.models import Base, User

from . import databases
from .factories import Factory


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only(reason): tests SQLite itself; skipped on PostgreSQL")
    config.addinivalue_line("markers", "postgresql: tests PostgreSQL itself; skipped without TEST_DATABASE_URL")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if databases.on_postgresql() and (marker := item.get_closest_marker("sqlite_only")):
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "nur SQLite")
            item.add_marker(pytest.mark.skip(reason=f"nur SQLite: {reason}"))
        if not databases.on_postgresql() and item.get_closest_marker("postgresql"):
            item.add_marker(pytest.mark.skip(reason="braucht PostgreSQL (TEST_DATABASE_URL, make test startet einen)"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    databases.drop_all()


def _commit_test_session() -> tuple[Session | None, dict[str, object]]:
    """Commit the test's session and hide it, so a request or command opens its own as in production."""
    if not has_app_context():
        return None, {}
    test_session = g.get("db_session")
    if test_session is not None:
        test_session.commit()
    # Request-scoped caches (loaded user, CSRF token) must not leak from one request into the next.
    return test_session, {key: g.pop(key) for key in ("db_session", "_login_user", "csrf_token") if key in g}


def _restore_test_session(test_session: Session | None, saved: dict[str, object]) -> None:
    if not has_app_context():
        return
    own = g.pop("db_session", None)
    if own is not None and own is not test_session:
        own.close()
    g.pop("_login_user", None)
    g.pop("csrf_token", None)
    saved.pop("csrf_token", None)
    saved.pop("_login_user", None)
    for key, value in saved.items():
        setattr(g, key, value)
    if test_session is not None:
        test_session.expire_all()  # the test sees what the request wrote


class IsolatedClient(FlaskClient):
    """Runs each request like production even while a test holds the app context:
    its own database session and user; afterwards the test's session sees the results."""

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        test_session, saved = _commit_test_session()
        try:
            return super().open(*args, **kwargs)
        finally:
            _restore_test_session(test_session, saved)


class IsolatedCliRunner(FlaskCliRunner):
    """CLI commands see committed test data and open their own session."""

    def invoke(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        test_session, saved = _commit_test_session()
        try:
            return super().invoke(*args, **kwargs)
        finally:
            _restore_test_session(test_session, saved)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """An app on its own database; the schema comes from the models (the migration test checks they agree)."""
    url = databases.new_database_url(tmp_path)
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE_URL": url,
            "SEARCH_INDEX_DIR": str(tmp_path / "search_index"),
            "FILE_STORE_DIR": str(tmp_path / "files"),
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    application.test_client_class = IsolatedClient
    application.test_cli_runner_class = IsolatedCliRunner
    if not databases.on_postgresql():  # PostgreSQL databases are copies of a template that has the schema
        Base.metadata.create_all(application.extensions["minutes_database"].write_engine)
    yield application
    application.extensions["minutes_database"].dispose()
    databases.drop_database(url)


@pytest.fixture
def csrf_app(app: Flask) -> Flask:
    """The same app with CSRF protection on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """The test's database session inside an app context.

    It reads with a deferred BEGIN so that between requests it never holds
    SQLite's write lock; requests and CLI commands get their own sessions.
    """
    with app.app_context():
        g.db_session = database().session(read_only=True)
        yield g.db_session


@pytest.fixture
def factory(session: Session) -> Factory:
    """Builders for domain objects (flushed, not committed)."""
    return Factory(session)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client."""
    return app.test_client()


def login(client: FlaskClient, user: User | str, password: str = "geheim123") -> None:
    """Sign ``user`` in through the real login form."""
    name = user if isinstance(user, str) else user.login
    response = client.post("/anmelden", data={"login": name, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
