"""Benchmark of the public pages near the framework's limit: ``python -m bench pages``.

In one run and with the same settings (gunicorn, wrk, warm-up, duration) it
measures side by side:

(a) the public meeting page with 40 agenda items (the demo's Haushaltssitzung, its largest meeting),
(b) the same page revalidated (If-None-Match → 304 Not Modified),
(c) the least such a page can do: one query and a precompiled template,
(d) Flask's hello-world,
(e) the public search ``/suche?q=Sicherheit``,
(a0) the page of (a) with the page cache turned off (rendered for every request),
(e0) the search of (e) likewise (searched and rendered for every request),

and reports req/s with the ratios a/c (target ≥ 60 %), b/d (target ≥ 40 %) and
e/c (the search page, target ≥ 30 %).
It also counts the SQL statements per page: a meeting page with 12 items must
issue as many as one with 40. The data is the demo county in a throw-away
SQLite database, or in the database given with ``--database-url`` (loaded
into it when it is empty). ``--search-index-dir`` uses the search index
already built for that database instead of rebuilding it (20 minutes at
100,000 Vorlagen).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from flask import Flask
from sqlalchemy import event, func, select

from minutes_app.models import AgendaItem, Base, Meeting

from .pages_servers import Server

SEARCH_URL = "/suche?q=Sicherheit"
TARGET_FULL = 0.60
TARGET_REVALIDATED = 0.40
#: The public results page against the minimal page (issue 15: at 100,000 Vorlagen).
TARGET_SEARCH = 0.30


@dataclass(frozen=True)
class Setup:
    """Where the demo data lives and which meetings the benchmark asks for."""

    env: dict[str, str]
    large_meeting_id: int
    large_items: int
    small_meeting_id: int
    small_items: int


@dataclass(frozen=True)
class Rate:
    """One wrk run: requests per second and the answers that were not what was asked for."""

    label: str
    per_second: float
    bad: int


def _config(root: Path, database_url: str) -> dict[str, Any]:
    return {
        "SECRET_KEY": "bench-pages",
        "DATABASE_URL": database_url,
        "SEARCH_INDEX_DIR": str(root / "search_index"),
        "FILE_STORE_DIR": str(root / "files"),
        "INSTANCE_PATH": str(root / "instance"),
    }


def _app(root: Path, database_url: str, **extra: Any) -> Flask:
    from minutes_app import create_app

    return create_app({**_config(root, database_url), **extra})


def _public_meetings_by_size(session: Any) -> list[tuple[int, int]]:
    """(meeting id, number of items) of the public meetings, largest first."""
    from minutes_app.services import visibility

    sizes = (
        select(AgendaItem.meeting_id, func.count())
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(visibility.public_meeting_clause())
        .group_by(AgendaItem.meeting_id)
        .order_by(func.count().desc(), AgendaItem.meeting_id)
    )
    return [(int(meeting_id), int(items)) for meeting_id, items in session.execute(sizes)]


def prepare(root: Path, database_url: str, rebuild: bool = True) -> Setup:
    """Load the demo county into an empty database and build the search index.

    A database that already holds data is used as it is (a copy of a real
    installation, say): the largest public meeting is measured, and the
    next smaller one is the second page of the query count.
    """
    from minutes_app.demo import county
    from minutes_app.extensions import db_session
    from minutes_app.search import indexer, indexes

    app = _app(root, database_url, SEARCH_AUTO_INDEX=False)
    Base.metadata.create_all(app.extensions["minutes_database"].write_engine)
    with app.app_context():
        session = db_session()
        if not county.database_has_data(session):
            county.load_demo_county(session, root / "files")
        # Committed before the rebuild: on PostgreSQL the rebuild's batches take the write lock themselves.
        session.commit()
        if rebuild:
            indexer.rebuild(indexes(), session)
            session.commit()
        sizes = _public_meetings_by_size(session)
    app.extensions["minutes_database"].dispose()
    if not sizes:
        raise click.ClickException("Die Datenbank enthält keine öffentliche Sitzung mit Tagesordnung.")
    large = sizes[0]
    small = next((size for size in sizes if size[1] < large[1]), large)
    env = {k: v for k, v in _config(root, database_url).items() if k != "INSTANCE_PATH"}
    env["BENCH_INSTANCE_PATH"] = str(root / "instance")
    return Setup(env, large[0], large[1], small[0], small[1])


def count_statements(root: Path, database_url: str, urls: dict[str, tuple[str, bool]]) -> dict[str, int]:
    """SQL statements per page (BEGIN/ROLLBACK not counted), rendered afresh: the page cache is off here.

    ``True`` revalidates (304). The driver's own statements are counted, also
    the validator's, which bypasses SQLAlchemy: SQLite's trace, and on
    PostgreSQL a cursor that notes what it runs (the pool's liveness ping ";"
    is not counted). A validator kept since the first request (nobody changed
    anything) costs no statement on the pools: SQLite's ``PRAGMA data_version``
    runs on the change feed's own connection, PostgreSQL only listens.
    """
    app = _app(root, database_url, PAGE_CACHE_ENTRIES=0)
    database = app.extensions["minutes_database"]
    engines = {database.write_engine, database.read_engine}
    sqlite = database.read_engine.dialect.name == "sqlite"
    statements: list[str] = []

    def trace(dbapi_connection: Any, _record: Any) -> None:
        if sqlite:
            dbapi_connection.set_trace_callback(statements.append)
            return

        class NotingCursor(dbapi_connection.cursor_factory):  # type: ignore[misc, name-defined]
            def execute(self, query: Any, *args: Any, **kwargs: Any) -> Any:
                statements.append(str(query))
                return super().execute(query, *args, **kwargs)

        dbapi_connection.cursor_factory = NotingCursor

    for engine in engines:
        event.listen(engine, "connect", trace)
    client = app.test_client()
    counts: dict[str, int] = {}
    for label, (url, revalidate) in urls.items():
        # The first request pays for imports and template compilation and gives the validator.
        first = client.get(url)
        headers = {"If-None-Match": first.headers.get("ETag", "")} if revalidate else {}
        statements.clear()
        response = client.get(url, headers=headers)
        if response.status_code not in (200, 304):
            raise click.ClickException(f"{url} antwortet mit {response.status_code}.")
        queries = [s for s in statements
                   if s.strip(" ;") and s.split(None, 1)[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK")]
        counts[label] = len(queries)
    database.dispose()
    return counts


def etag_of(url: str) -> str:
    """The validator the server sends for ``url``."""
    with urllib.request.urlopen(url, timeout=30) as response:
        etag = response.headers.get("ETag")
    if not etag:
        raise click.ClickException(f"{url} sendet kein ETag.")
    return str(etag)


def wrk(label: str, url: str, *, seconds: int, warmup: int, connections: int,
        headers: dict[str, str] | None = None) -> Rate:
    """Warm up, then measure ``url`` with wrk; returns requests per second."""
    args = []
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    if warmup > 0:
        subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{warmup}s", *args, url],
                       check=True, capture_output=True, text=True)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", *args, url],
                         check=True, capture_output=True, text=True).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if found is None:
        raise click.ClickException(f"wrk lieferte kein Ergebnis für {url}:\n{out}")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*timeout (\d+)", out)
    return Rate(label, float(found.group(1)), int(bad.group(1)) if bad else int(errors.group(1)) if errors else 0)


def measure(setup: Setup, *, seconds: int, warmup: int, connections: int, workers: int,
            threads: int) -> dict[str, Rate]:
    """Run the three servers one after the other and measure the five pages."""
    settings = {"seconds": seconds, "warmup": warmup, "connections": connections}
    page = f"/sitzungen/{setup.large_meeting_id}"
    rates: dict[str, Rate] = {}
    with Server("portal_app", setup.env, workers=workers, threads=threads) as portal:
        etag = etag_of(portal.url + page)
        rates["a"] = wrk(f"Sitzungsseite, {setup.large_items} TOP", portal.url + page, **settings)
        rates["b"] = wrk("dieselbe Seite, erneut geprüft (304)", portal.url + page,
                         headers={"If-None-Match": etag}, **settings)
        rates["e"] = wrk("Suche „Sicherheit“", portal.url + SEARCH_URL, **settings)
    # The same page rendered for every request: what a visitor gets right after a change.
    with Server("portal_app", {**setup.env, "PAGE_CACHE_ENTRIES": "0"}, workers=workers, threads=threads) as portal:
        rates["a0"] = wrk(f"Sitzungsseite, {setup.large_items} TOP, ohne Seitencache", portal.url + page, **settings)
        rates["e0"] = wrk("Suche „Sicherheit“, ohne Seitencache", portal.url + SEARCH_URL, **settings)
    with Server("minimal_app", setup.env, workers=workers, threads=threads) as minimal:
        rates["c"] = wrk("Minimalseite (1 Abfrage, vorkompiliertes Template)", minimal.url + page, **settings)
    with Server("hello_app", setup.env, workers=workers, threads=threads) as hello:
        rates["d"] = wrk("Flask Hello World", hello.url + "/", **settings)
    return rates


def _german(number: float) -> str:
    """A rate with German thousands separators (1.234)."""
    return f"{number:,.0f}".replace(",", ".")


def report(rates: dict[str, Rate], counts: dict[str, int], setup: Setup) -> list[str]:
    """The figures as a Markdown table, the ratios against their targets and the SQL counts."""
    full = rates["a"].per_second / rates["c"].per_second if rates["c"].per_second else 0.0
    uncached = rates["a0"].per_second / rates["c"].per_second if rates["c"].per_second else 0.0
    revalidated = rates["b"].per_second / rates["d"].per_second if rates["d"].per_second else 0.0
    search = rates["e"].per_second / rates["c"].per_second if rates["c"].per_second else 0.0
    lines = ["| | Seite | req/s |", "|---|---|---:|"]
    lines += [f"| {key} | {rate.label} | {_german(rate.per_second)} |" for key, rate in sorted(rates.items())]
    lines.append("")
    for name, ratio, target in (("a/c", full, TARGET_FULL), ("b/d", revalidated, TARGET_REVALIDATED),
                                ("e/c", search, TARGET_SEARCH)):
        verdict = "erreicht" if ratio >= target else "verfehlt"
        lines.append(f"Verhältnis {name}: {ratio:.0%} (Ziel ≥ {target:.0%}, {verdict})")
    lines.append(f"Verhältnis a0/c (ohne Seitencache, ohne Ziel): {uncached:.0%}")
    if "e0" in rates and rates["c"].per_second:
        lines.append(f"Verhältnis e0/c (Suche ohne Seitencache, ohne Ziel): {rates['e0'].per_second / rates['c'].per_second:.0%}")
    bad = {k: r.bad for k, r in rates.items() if r.bad}
    if bad:
        lines.append(f"Unerwartete Antworten: {bad}")
    lines.append("")
    lines.append("SQL-Anweisungen je Seite:")
    lines += [f"  {label}: {count}" for label, count in counts.items()]
    small, large = counts[f"Sitzung, {setup.small_items} TOP"], counts[f"Sitzung, {setup.large_items} TOP"]
    verdict = "ja" if small == large else f"nein ({small} und {large})"
    lines.append(f"Gleich viele Anweisungen bei {setup.small_items} und {setup.large_items} TOP: {verdict}")
    lines.append("(Prüfwerte bleiben je Prozess gespeichert, bis jemand etwas ändert: SQLite liest dafür je Anfrage "
                 "PRAGMA data_version auf einer eigenen Verbindung, PostgreSQL hört auf Commit-Meldungen.)")
    return lines


@click.command("bench-pages")
@click.option("--database-url", default="", help="Leere Datenbank für die Demodaten (Standard: SQLite, temporär)")
@click.option("--seconds", default=10, show_default=True, type=click.IntRange(1), help="Messdauer je Seite in Sekunden")
@click.option("--warmup", default=2, show_default=True, type=click.IntRange(0), help="Aufwärmzeit je Seite in Sekunden")
@click.option("--connections", default=16, show_default=True, help="Gleichzeitige Verbindungen (wrk)")
@click.option("--workers", default=2, show_default=True, help="gunicorn-Worker")
@click.option("--threads", default=1, show_default=True, help="Threads je gunicorn-Worker")
@click.option("--search-index-dir", default="", help="Vorhandener Suchindex zu --database-url (statt Neuaufbau)")
def bench_pages(database_url: str, seconds: int, warmup: int, connections: int, workers: int,
                threads: int, search_index_dir: str) -> None:
    """Measure the 40-item meeting page, its 304, a minimal page, hello-world and the search side by side."""
    if shutil.which("wrk") is None:
        raise click.ClickException("wrk fehlt: „make bench-deps“ installiert es.")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        url = database_url or f"sqlite:///{root / 'bench.db'}"
        if search_index_dir:
            if not database_url:
                raise click.ClickException("--search-index-dir gehört zu einer Datenbank (--database-url).")
            (root / "search_index").symlink_to(Path(search_index_dir).resolve())
        started = time.perf_counter()
        setup = prepare(root, url, rebuild=not search_index_dir)
        click.echo(f"Demodaten bereit ({time.perf_counter() - started:.0f} s); "
                   f"gunicorn {workers} Worker × {threads} Thread, wrk {connections} Verbindungen, "
                   f"{warmup:g} s Aufwärmen, {seconds:g} s Messung je Seite.")
        page = f"/sitzungen/{setup.large_meeting_id}"
        counts = count_statements(root, url, {
            f"Sitzung, {setup.small_items} TOP": (f"/sitzungen/{setup.small_meeting_id}", False),
            f"Sitzung, {setup.large_items} TOP": (page, False),
            f"Sitzung, {setup.large_items} TOP, erneut geprüft (304)": (page, True),
            "Sitzungsliste": ("/sitzungen", False),
            "Suche „Sicherheit“": (SEARCH_URL, False),
        })
        rates = measure(setup, seconds=seconds, warmup=warmup, connections=connections, workers=workers,
                        threads=threads)
        for line in report(rates, counts, setup):
            click.echo(line)
