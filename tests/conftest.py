"""Test fixtures: a fresh app and SQLite file database per test, a logged-in client helper."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from minutes_app import create_app
from minutes_app.extensions import db_session
from minutes_app.models import Base, User

from .factories import Factory


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """An app on its own database file; the schema comes from the models (the migration test checks they agree)."""
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'test.db'}",
            "SEARCH_INDEX_DIR": str(tmp_path / "search_index"),
            "FILE_STORE_DIR": str(tmp_path / "files"),
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    Base.metadata.create_all(application.extensions["minutes_database"].write_engine)
    yield application
    application.extensions["minutes_database"].dispose()


@pytest.fixture
def csrf_app(app: Flask) -> Flask:
    """The same app with CSRF protection on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """The app's database session inside an app context."""
    with app.app_context():
        yield db_session()


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
