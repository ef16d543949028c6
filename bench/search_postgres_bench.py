"""Search benchmark of the PostgreSQL engine: the query set of :mod:`.search_bench` on the search tables.

``python -m bench search-postgres --sizes 20000,100000`` generates each size
into a fresh PostgreSQL database (on ``--database-url``, a server whose user
may create databases; without it a throw-away cluster is started through
``.ci/with-postgres``), rebuilds both indexes in one transaction and prints the
rebuild time, the table sizes, p50/p95 of the query set (the same queries and
repetitions as the Whoosh benchmark), and the time of a save including its
index update (written in the saving transaction). Then the same queries with
a RUM index instead of GIN, when the server has the ``rum`` extension
(Debian: postgresql-15-rum, installed by ``make bench-search``); the app itself
never needs it. A kept database gets its GIN indexes back afterwards, so
``--reuse`` measures what the app uses.
"""
from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import click

from . import search_bench
from .search_bench import QUERIES, REPEAT, _filters, generate, report, timed

TABLES = ("search_public_entries", "search_internal_entries")


def _admin(server_url: str) -> Any:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server_url).set(drivername="postgresql")
    return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)


def _database_url(server_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url.set(database=name).render_as_string(hide_password=False)


def _query_samples(ix: Any) -> dict[str, list[float]]:
    from minutes_app.search import Filters

    samples: dict[str, list[float]] = {}
    for label, text, filters, sort in QUERIES:
        def run(text: str = text, filters: dict[str, Any] = filters, sort: str = sort) -> Any:
            return ix.public.search(text, Filters(**_filters(filters)), sort=sort)

        samples.setdefault(label, []).extend(timed(run))
    return samples


def _sizes(connection: Any) -> int:
    return sum(int(connection.exec_driver_sql(f"SELECT pg_total_relation_size('{t}')").scalar_one()) for t in TABLES)


def _use_rum(connection: Any) -> bool:
    """Replace the GIN indexes by RUM indexes; False when the server lacks the extension."""
    available = connection.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'").first()
    if available is None:
        return False
    connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS rum")
    _replace_term_indexes(connection, "rum (tsv rum_tsvector_ops)")
    return True


def _replace_term_indexes(connection: Any, method: str) -> None:
    """Rebuild the terms index of both tables ``USING method``."""
    for table in TABLES:
        connection.exec_driver_sql(f"DROP INDEX ix_{table}_tsv")
        connection.exec_driver_sql(f"CREATE INDEX ix_{table}_tsv ON {table} USING {method}")
        connection.exec_driver_sql(f"ANALYZE {table}")


def _copy(app: Any, session: Any, directory: Path) -> None:
    """Measure an app server's Whoosh copy of the tables: its build, searches through it, a save and catching up.

    Every search first reads the change log's newest number, as in an app
    server; after each save the first search applies the logged change to the
    copy (see ``minutes_app.search.postgres.replica``).
    """
    from sqlalchemy import select

    from minutes_app import serving
    from minutes_app.models import Paper
    from minutes_app.search import Filters, postgres

    database = app.extensions["minutes_database"]
    copy = postgres.open_indexes(database.read_engine, directory, background=False)
    start = time.perf_counter()
    copy.replica.update(wait=True, parallel=True, rebuild=True)  # type: ignore[union-attr]
    build = time.perf_counter() - start
    serving.settle()  # as in an app server's worker (minutes_app.wsgi)
    copy.warm()
    samples = _query_samples(copy)
    assert copy.public.replica.current("public") is not None, "die Kopie antwortete nicht"  # type: ignore[union-attr]
    app.config["SEARCH_AUTO_INDEX"] = True
    saves, first_searches = [], []
    for k, paper_id in enumerate(session.scalars(select(Paper.id).order_by(Paper.id).offset(20).limit(21)).all()):
        paper = session.get_one(Paper, paper_id)
        paper.reasoning += f"\n\nErgänzung {k}: Brandschutzkonzept überarbeitet."
        start = time.perf_counter()
        session.commit()
        saved = time.perf_counter()
        copy.public.search("Brandschutzkonzept", Filters())
        if k:  # the first save of the process also translates the ORM's statements: not measured
            saves.append(saved - start)
            first_searches.append(time.perf_counter() - saved)
    app.config["SEARCH_AUTO_INDEX"] = False
    gc.unfreeze()
    report("PostgreSQL-Tabellen mit Whoosh-Kopie je App-Server (Aufbau = nur die Kopie, zwei Prozesse; "
           "Aktualisierung = Speichern)", build, search_bench.dir_size(directory), samples, saves)
    p50, p95, _p99 = search_bench.percentiles(first_searches)
    click.echo(f"   Erste Suche nach dem Speichern (die Kopie übernimmt die Änderung): p50 {p50:.1f} ms, "
               f"p95 {p95:.1f} ms")


def run_size(n: int, server_url: str, keep: bool = False, reuse: str | None = None) -> None:
    """Generate, rebuild and measure one size on a database of its own.

    With ``keep`` the database stays (its name is printed); with ``reuse`` an
    earlier kept database is measured again without generating or rebuilding.
    """
    from sqlalchemy import select

    from minutes_app import create_app
    from minutes_app.models import Base, Paper
    from minutes_app.search import Filters, indexer, indexes

    name = reuse or f"bench_search_{n}_{os.getpid()}"
    if reuse is None:
        with _admin(server_url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    workdir = Path(tempfile.mkdtemp(prefix="bench-search-pg-"))
    # The tables alone first (``SEARCH_REPLICA`` off), then an app server's Whoosh copy of them (see ``_copy``).
    app = create_app({"DATABASE_URL": _database_url(server_url, name), "SEARCH_INDEX_DIR": str(workdir / "index"),
                      "SEARCH_AUTO_INDEX": False, "SECRET_KEY": "bench", "INSTANCE_PATH": str(workdir / "instance"),
                      "SEARCH_REPLICA": False})
    database = app.extensions["minutes_database"]
    # Maintenance (ANALYZE, index swaps) on the read engine: the write engine's transactions take the app's
    # write lock, which the benchmark's own session holds while it works.
    try:
        Base.metadata.create_all(database.write_engine)
        with app.app_context():
            from minutes_app.extensions import db_session

            session = db_session()
            ix = indexes()
            if reuse is None:
                start = time.perf_counter()
                generator = generate(session, n)
                session.commit()
                click.echo(f"\n##### {n} Vorlagen ({generator}, erzeugt in {time.perf_counter() - start:.0f} s)")
                start = time.perf_counter()
                public, internal = indexer.rebuild(ix, session, parallel=False)
                build = time.perf_counter() - start
                session.commit()
            else:
                click.echo(f"\n##### Datenbank {name} wiederverwendet (ohne Erzeugen und Neuaufbau)")
                public, internal, build = ix.public.doc_count(), ix.internal.doc_count(), 0.0
            with database.read_engine.begin() as connection:
                for table in TABLES:
                    connection.exec_driver_sql(f"ANALYZE {table}")
                size = _sizes(connection)
            click.echo(f"   {public} öffentliche, {internal} interne Einträge")
            search_bench._top_committee = ix.public.search("", Filters(date_from=date(1900, 1, 1))
                                                           ).facets["committee"][0][0]
            samples = _query_samples(ix)
            # Update after a save: the real path (commit → before_commit writes both tables in the transaction).
            app.config["SEARCH_AUTO_INDEX"] = True
            update = []
            for k, paper_id in enumerate(session.scalars(select(Paper.id).order_by(Paper.id).limit(20)).all()):
                paper = session.get_one(Paper, paper_id)
                paper.reasoning += f"\n\nErgänzung {k}: Sicherheitskonzept überarbeitet."
                start = time.perf_counter()
                session.commit()
                update.append(time.perf_counter() - start)
            app.config["SEARCH_AUTO_INDEX"] = False
            report("PostgreSQL, GIN-Index (öffentliche Tabelle; Aufbau = beide Tabellen in einer Transaktion)",
                   build, size, samples, update)
            with database.read_engine.begin() as connection:
                start = time.perf_counter()
                rum = _use_rum(connection)
                rum_build = time.perf_counter() - start
            if rum:
                with database.read_engine.begin() as connection:
                    size = _sizes(connection)
                report(f"PostgreSQL, RUM-Index (nur Indexbau: {rum_build:.1f} s)", build, size, _query_samples(ix), [])
                with database.read_engine.begin() as connection:  # a kept database is measured again with GIN
                    _replace_term_indexes(connection, "gin (tsv)")
            else:
                click.echo("\n(RUM nicht verfügbar: Debian-Paket postgresql-15-rum fehlt)")
            _copy(app, session, workdir / "copy")
            session.close()
    finally:
        database.dispose()
        if keep or reuse:
            click.echo(f"\nDatenbank {name} bleibt erhalten (wiederverwenden mit --reuse {name}).")
        else:
            with _admin(server_url) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@click.command("bench-search-postgres")
@click.option("--sizes", default="20000", show_default=True, help="Anzahl Vorlagen, kommagetrennt")
@click.option("--database-url", default=None,
              help="PostgreSQL-Server (postgresql://…), dessen Benutzer Datenbanken anlegen darf; "
                   "ohne: ein Wegwerf-Cluster über .ci/with-postgres")
@click.option("--keep", is_flag=True, help="Datenbank am Ende nicht löschen (zum Wiederverwenden)")
@click.option("--reuse", default=None, metavar="NAME",
              help="eine mit --keep erhaltene Datenbank erneut messen, ohne Erzeugen und Neuaufbau")
def bench_search_postgres(sizes: str, database_url: str | None, keep: bool, reuse: str | None) -> None:
    """Benchmark the PostgreSQL search engine (GIN and, where installed, RUM); not a test."""
    server_url = database_url or os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        if keep or reuse:
            raise click.UsageError("--keep und --reuse brauchen einen eigenen Server (--database-url)")
        script = Path(__file__).resolve().parent.parent / ".ci" / "with-postgres"
        completed = subprocess.run([str(script), sys.executable, "-m", "bench", "search-postgres", "--sizes", sizes],
                                   check=False)
        raise SystemExit(completed.returncode)
    with _admin(server_url) as admin:
        version = admin.execute("SHOW server_version").fetchone()
    click.echo(f"PostgreSQL {version[0] if version else '?'}, {len(QUERIES)} Abfragen × {REPEAT} Wiederholungen")
    for raw in sizes.split(","):
        run_size(int(raw), server_url, keep, reuse)
    click.echo("\nZiel bei 100.000 Vorlagen: p95 ≤ 20 ms")
