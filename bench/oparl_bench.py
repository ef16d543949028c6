"""Benchmark of the OParl lists: ``python -m bench oparl``.

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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import event, select

from minutes_app.models import Base, Body

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
    from minutes_app import create_app

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
    from minutes_app.demo import synthetic
    from minutes_app.extensions import db_session

    with app.app_context():
        session = db_session()
        synthetic.generate(session, papers)
        body_id = session.scalar(select(Body.id).order_by(Body.id))
        assert body_id is not None
        return body_id


def _measure(
    app: Flask, url: str, count_items: Callable[[Any], int], durations: list[float]
) -> tuple[int, int, int]:
    """One request: its duration is appended; returns (size, SQL statements, items)."""
    client = app.test_client()
    engine = app.extensions["minutes_database"].read_engine
    statements: list[object] = []

    def count(*args: object) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    began = time.perf_counter()
    response = client.get(url)
    durations.append((time.perf_counter() - began) * 1000)
    event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, url
    return len(response.get_data()), len(statements), count_items(response)


def run(runs: int, papers: int) -> list[Timing]:
    """Time the portal's Vorlagen page and the API's 100-Paper page on the same data.

    The two pages are requested alternately, so both see the same load on a shared machine.
    """
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        body_id = _fill(app, papers)
        pages = [
            ("Portal /vorlagen (25 Vorlagen)", "/vorlagen",
             lambda r: len(set(re.findall(r'href="/vorlagen/\d+"', r.get_data(as_text=True))))),
            ("OParl Paper-Liste (limit=100)", f"/oparl/v1/body/{body_id}/papers?limit=100",
             lambda r: len(r.get_json()["data"])),
        ]
        durations: list[list[float]] = [[], []]
        facts: list[tuple[int, int, int]] = [(0, 0, 0), (0, 0, 0)]
        for _label, url, items in pages:  # the first request pays for imports and template compilation
            _measure(app, url, items, [])
        for _ in range(runs):
            for index, (_label, url, items) in enumerate(pages):
                facts[index] = _measure(app, url, items, durations[index])
        app.extensions["minutes_database"].dispose()
    return [
        Timing(label, statistics.median(times), min(times), size, statements, items)
        for (label, _url, _items), times, (size, statements, items) in zip(pages, durations, facts, strict=True)
    ]


@click.command("bench-oparl")
@with_appcontext
@click.option("--runs", default=30, show_default=True, help="Wiederholungen je Seite")
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
    best = api.minimum_ms / portal.minimum_ms
    verdict = "erreicht" if factor <= TARGET_FACTOR else "verfehlt"
    click.echo(
        f"Ziel OParl-Seite ≤ {TARGET_FACTOR:.0f} × Portalseite: {verdict} "
        f"(Faktor der Mediane {factor:.2f}, der Minima {best:.2f})"
    )
