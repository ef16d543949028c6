"""The app factory honours its configuration and serves the basics."""
from __future__ import annotations

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
