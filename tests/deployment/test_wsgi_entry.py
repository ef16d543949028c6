"""The app servers' entry point, ``minutes_app.wsgi:app``: it serves, and each worker freezes its start-up objects."""
from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from minutes_app import migrate

from .test_several_servers import _free_port, _wait_until_serving


def _environment(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'minutes.db'}", "SECRET_KEY": "wsgi-test",
            "SEARCH_INDEX_DIR": str(tmp_path / "search_index"), "FILE_STORE_DIR": str(tmp_path / "files")}


def test_a_worker_freezes_what_start_up_built(tmp_path):
    # The garbage collector's full collections then walk only what came later (see minutes_app.serving).
    script = ("import gc; import minutes_app.wsgi as entry; "
              "print(type(entry.app).__name__, gc.get_freeze_count(), len(gc.get_objects()))")
    output = subprocess.run([sys.executable, "-c", script], env=_environment(tmp_path), capture_output=True,
                            text=True, check=True, timeout=120).stdout.split()
    kind, frozen, tracked = output[0], int(output[1]), int(output[2])
    assert kind == "Flask"
    assert frozen > 100_000
    assert tracked < frozen / 10


def test_gunicorn_serves_the_entry_point(tmp_path):
    environment = _environment(tmp_path)
    migrate.upgrade(environment["DATABASE_URL"])
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "minutes_app.wsgi:app"],
            env=environment, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(port, server, log)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sitzungen", timeout=10) as response:
            assert response.status == 200
            assert "Sitzungen" in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)
