"""The app factory honours its configuration and serves the basics."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_a_server_app_keeps_its_startup_objects_out_of_later_collections(tmp_path):
    # In a process of its own: a frozen app is never freed, which the test process must not inherit.
    script = (
        "import gc, sys\n"
        "from minutes_app import create_app\n"
        "config = {'DATABASE_URL': sys.argv[1], 'SECRET_KEY': 's', 'INSTANCE_PATH': sys.argv[2],"
        " 'SEARCH_INDEX_DIR': sys.argv[3], 'FILE_STORE_DIR': sys.argv[4]}\n"
        "testing = create_app({**config, 'TESTING': True})\n"
        "before = gc.get_freeze_count()\n"
        "app = create_app(config)\n"
        "print(before, gc.get_freeze_count(), any(o is app for o in gc.get_objects()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, new_database_url(tmp_path, "frozen"), str(tmp_path / "instance"),
         str(tmp_path / "index"), str(tmp_path / "files")],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent,
    )
    before, frozen, app_still_collected = result.stdout.split()
    assert int(before) == 0  # a test app is not frozen
    assert int(frozen) > 10_000 and app_still_collected == "False"
