"""The app factory honours its configuration and serves the basics."""
from __future__ import annotations

from minutes_app import create_app


def test_create_app_takes_config(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "SECRET_KEY": "s"})
    assert app.testing
    assert app.config["DATABASE_URL"].endswith("x.db")


def test_healthz_answers_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
