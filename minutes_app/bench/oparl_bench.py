"""Benchmark of the OParl lists: ``flask bench-oparl``.

Loads the demo county plus synthetic Vorlagen into a throw-away SQLite
database (the app's own database is not touched), then times, through the full
HTTP stack of a test client, a 100-Paper list page of the API against the
public Vorlagen list page of the portal, and counts the SQL statements of
both. Target: the API page within three times the portal page.
"""
from __future__ import annotations

import re
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import event, select

from ..models import Base, Body

TARGET_FACTOR = 3.0


@dataclass(frozen=True)
class Timing:
    """Median and minimum of one page, its size and its SQL statements."""

    label: str
    median_ms: float
    minimum_ms: float
    size: int
    statements: int
    items: int


def _app(root: Path) -> Flask:
    from .. import create_app

    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "bench",
        "DATABASE_URL": f"sqlite:///{root / 'bench.db'}",
        "SEARCH_INDEX_DIR": str(root / "search_index"),
        "FILE_STORE_DIR": str(root / "files"),
        "INSTANCE_PATH": str(root / "instance"),
    })
    Base.metadata.create_all(app.extensions["minutes_database"].write_engine)
    return app


def _fill(app: Flask, papers: int) -> int:
    from ..demo import synthetic
    from ..extensions import db_session

    with app.app_context():
        session = db_session()
        synthetic.generate(session, papers)
        body_id = session.scalar(select(Body.id).order_by(Body.id))
        assert body_id is not None
        return body_id


def _time(app: Flask, label: str, url: str, runs: int, count_items) -> Timing:  # type: ignore[no-untyped-def]
    client = app.test_client()
    engine = app.extensions["minutes_database"].read_engine
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    durations = []
    size = items = 0
    for run in range(runs + 1):
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        began = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - began) * 1000
        event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, url
        size, items = len(response.get_data()), count_items(response)
        if run:  # the first request pays for imports and template compilation
            durations.append(elapsed)
    return Timing(label, statistics.median(durations), min(durations), size, len(statements), items)


def run(runs: int, papers: int) -> list[Timing]:
    """Time the portal's Vorlagen page and the API's 100-Paper page on the same data."""
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        body_id = _fill(app, papers)
        results = [
            _time(app, "Portal /vorlagen (25 Vorlagen)", "/vorlagen", runs,
                  lambda r: len(re.findall(r'href="/vorlagen/\d+"', r.get_data(as_text=True)))),
            _time(app, "OParl Paper-Liste (limit=100)", f"/oparl/v1/body/{body_id}/papers?limit=100", runs,
                  lambda r: len(r.get_json()["data"])),
        ]
        app.extensions["minutes_database"].dispose()
    return results


@click.command("bench-oparl")
@with_appcontext
@click.option("--runs", default=20, show_default=True, help="Wiederholungen je Seite")
@click.option("--papers", default=1000, show_default=True, help="Zusätzliche synthetische Vorlagen")
def bench_oparl(runs: int, papers: int) -> None:
    """Time a 100-Paper OParl list page against the public Vorlagen list page."""
    portal, api = run(runs, papers)
    for t in (portal, api):
        click.echo(
            f"{t.label}: Median {t.median_ms:.1f} ms, Minimum {t.minimum_ms:.1f} ms, "
            f"{t.items} Einträge, {t.size / 1024:.0f} KB, {t.statements} SQL-Anweisungen"
        )
    factor = api.median_ms / portal.median_ms
    verdict = "erreicht" if factor <= TARGET_FACTOR else "verfehlt"
    click.echo(f"Ziel OParl-Seite ≤ {TARGET_FACTOR:.0f} × Portalseite: {verdict} (Faktor {factor:.2f})")
