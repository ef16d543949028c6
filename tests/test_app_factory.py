"""The app factory honours its configuration and serves the basics."""
from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from minutes_app import create_app

from .databases import new_database_url


def test_create_app_takes_config(tmp_path):
    url = new_database_url(tmp_path, "x")
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "s"})
    assert app.testing
    assert app.config["DATABASE_URL"] == url
    app.extensions["minutes_database"].dispose()


def test_healthz_answers_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


@pytest.mark.postgresql
def test_a_postgresql_url_as_libpq_writes_it_works(tmp_path, monkeypatch):
    url = make_url(new_database_url(tmp_path, "libpq"))
    monkeypatch.setenv("DATABASE_URL", url.set(drivername="postgresql").render_as_string(hide_password=False))
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "INSTANCE_PATH": str(tmp_path / "instance"),
                      "SEARCH_INDEX_DIR": str(tmp_path / "index"), "FILE_STORE_DIR": str(tmp_path / "files")})
    assert app.config["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert app.test_client().get("/healthz").get_json() == {"status": "ok", "database": "ok"}
    app.extensions["minutes_database"].dispose()
