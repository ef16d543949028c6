"""The three applications of the page benchmark and how to run them under gunicorn.

* :func:`portal_app`: the real application (the same factory ``make serve`` runs);
* :func:`minimal_app`: the least a meeting page can do: one SQL query for the
  meeting and its items, a template compiled once at start-up, no sessions,
  no visibility rules beyond a WHERE clause;
* :func:`hello_app`: Flask's hello-world, the ceiling of any Flask view.

Each is started with the same gunicorn settings by :class:`Server`, one at a
time, so they never compete for the machine's cores.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from flask import Flask, abort
from jinja2 import Environment
from sqlalchemy import create_engine, text

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: The minimal page's query: the meeting and every item with its Vorlage, in agenda order.
MINIMAL_QUERY = text(
    """
    SELECT m.name AS meeting, m.start_time, i.id, i.number, i.name, i.public, i.public_name, i.resolution_text,
           i.result, p.id AS paper_id, p.reference, p.name AS paper_name
    FROM meetings m
    JOIN agenda_items i ON i.meeting_id = m.id AND i.deleted_at IS NULL
    LEFT JOIN consultations c ON c.agenda_item_id = i.id AND c.deleted_at IS NULL
    LEFT JOIN papers p ON p.id = c.paper_id AND p.public AND p.deleted_at IS NULL
    WHERE m.id = :id AND m.deleted_at IS NULL AND m.state IN ('invited', 'held')
    ORDER BY i."order"
    """
)
MINIMAL_TEMPLATE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>{{ rows[0].meeting }} – Bürgerinformationssystem</title>
<link rel="stylesheet" href="/static/style.css"></head>
<body><header><a href="/">Bürgerinformationssystem</a></header>
<main><h1>{{ rows[0].meeting }}</h1><p>{{ rows[0].start_time }}</p><h2>Tagesordnung</h2><ol class="agenda">
{% for r in rows %}<li id="top-{{ r.id }}">
<h3>{{ r.number }} {{ r.name if r.public else (r.public_name or "nichtöffentlich") }}</h3>
{% if r.public %}{% if r.paper_id %}
<p>Vorlage: <a href="/vorlagen/{{ r.paper_id }}">{{ r.reference }}</a> – {{ r.paper_name }}</p>{% endif %}
{% if r.resolution_text %}<div class="resolution"><h4>Beschluss</h4><p>{{ r.resolution_text }}</p></div>{% endif %}
{% if r.result %}<p><strong>Ergebnis:</strong> {{ r.result }}</p>{% endif %}{% endif %}</li>
{% endfor %}</ol></main></body></html>
"""


def portal_app() -> Flask:
    """The application itself, with its instance folder in the benchmark's throw-away directory."""
    from minutes_app import create_app

    return create_app({"INSTANCE_PATH": os.environ["BENCH_INSTANCE_PATH"]})


def minimal_app() -> Flask:
    """One query, one precompiled template: the anchor of the full meeting page."""
    app = Flask(__name__)
    engine = create_engine(os.environ["DATABASE_URL"])
    template = Environment(autoescape=True).from_string(MINIMAL_TEMPLATE)

    @app.route("/sitzungen/<int:meeting_id>")
    def meeting(meeting_id: int) -> str:
        with engine.connect() as connection:
            rows = connection.execute(MINIMAL_QUERY, {"id": meeting_id}).all()
        if not rows:
            abort(404)
        return template.render(rows=rows)

    @app.route("/healthz")
    def healthz() -> str:
        return "ok"

    return app


def hello_app() -> Flask:
    """Flask's hello-world: the anchor of the revalidated (304) page."""
    app = Flask(__name__)

    @app.route("/")
    def hello() -> str:
        return "Hello, World!"

    @app.route("/healthz")
    def healthz() -> str:
        return "ok"

    return app


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """One of the applications under gunicorn, started and stopped as a context manager."""

    def __init__(self, factory: str, env: dict[str, str], *, workers: int, threads: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [
            sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
            "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning", f"bench.pages_servers:{factory}()",
        ]
        self.env = {**os.environ, **env}
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(self.command, cwd=PROJECT_ROOT, env=self.env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Der Server ist nicht gestartet: {' '.join(self.command)}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("Der Server antwortet nicht innerhalb von 60 Sekunden.")

    def __exit__(self, *_exc: Any) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
