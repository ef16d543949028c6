"""Search benchmark: our index design against plain Whoosh, SQLite FTS5 and tantivy on the same documents.

``python -m bench search --sizes 20000,100000`` generates each size into a fresh
database (the demo scale generator when present, else
:mod:`.search_corpus`), rebuilds both indexes, runs a fixed mixed query set
with a warm searcher and prints build time, index size, p50/p95/p99 latency and
the latency of an update after a save; then the same for a Whoosh index with
the stock ``LanguageAnalyzer("de")``, for SQLite FTS5 and for tantivy (the
near-limit reference, installed only for the benchmark), with each engine's
ratios to tantivy. ``--profile`` adds a cProfile of the query set on our index.
"""
from __future__ import annotations

import cProfile
import gc
import io
import pstats
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click

from .baselines import FtsBaseline, TantivyBaseline, WhooshBaseline

#: Replaced by the committee with the most public documents of the generated data.
TOP_COMMITTEE = "top"
#: (label, query, filters, sort); the words occur in both generators' texts, some often, some rarely.
QUERIES: list[tuple[str, str, dict[str, Any], str]] = [
    ("wort", "Sicherheit", {}, "relevance"),
    ("wort", "Barrierefreiheit", {}, "relevance"),
    ("wort", "Haushalt", {}, "relevance"),
    ("wort", "Boerse", {}, "relevance"),
    ("wort", "Feuerwehr", {}, "relevance"),
    ("wort", "Breitband", {}, "relevance"),
    ("wort", "Schulung", {}, "relevance"),
    ("wort", "Fördermittel", {}, "relevance"),
    ("zwei", "Sanierung Grundschule", {}, "relevance"),
    ("zwei", "Feuerwehr Zentrale", {}, "relevance"),
    ("zwei", "Kosten Personal", {}, "relevance"),
    ("zwei", "Sicherheit Jobcenter", {}, "relevance"),
    ("phrase", '"Feuerwehrtechnischen Zentrale"', {}, "relevance"),
    ("phrase", '"Sanierung der Turnhalle"', {}, "relevance"),
    ("phrase", '"Kosten der Unterkunft"', {}, "relevance"),
    ("praefix", "Sicher*", {}, "relevance"),
    ("praefix", "Schul*", {}, "relevance"),
    ("praefix", "Kita*", {}, "relevance"),
    ("praefix", "Verk*", {}, "relevance"),
    ("gefiltert", "Sicherheit", {"committee": TOP_COMMITTEE}, "relevance"),
    ("gefiltert", "Schule", {"type": "resolution"}, "relevance"),
    ("gefiltert", "Haushalt", {"date_from": date(2012, 1, 1), "date_to": date(2015, 12, 31)}, "relevance"),
    ("gefiltert", "Feuerwehr", {"result": "adopted"}, "relevance"),
    ("datum", "Sicherheit", {}, "date"),
    ("datum", "Photovoltaik", {}, "date"),
    ("datum", "Brand*", {}, "date"),
]
REPEAT = 5


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 in milliseconds."""
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000  # noqa: E731
    return pick(0.50), pick(0.95), pick(0.99)


def dir_size(path: Path) -> int:
    """Bytes below ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def timed(fn: Callable[[], Any], repeat: int = REPEAT) -> list[float]:
    """Durations of ``repeat`` calls after one warm-up call."""
    fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


@contextmanager
def bench_app(workdir: Path) -> Iterator[Any]:
    """An app on a fresh database and index directory below ``workdir``."""
    from minutes_app import create_app
    from minutes_app.models import Base

    app = create_app({"DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}", "SEARCH_INDEX_DIR": str(workdir / "index"),
                      "SEARCH_AUTO_INDEX": False, "SECRET_KEY": "bench", "INSTANCE_PATH": str(workdir / "instance")})
    Base.metadata.create_all(app.extensions["minutes_database"].write_engine)
    with app.app_context():
        yield app
    app.extensions["minutes_database"].dispose()


def generate(session: Any, n: int) -> str:
    """Fill the database; returns which generator was used."""
    try:
        from minutes_app.demo import synthetic
    except ImportError:
        synthetic = None
    if synthetic is not None and hasattr(synthetic, "generate"):
        synthetic.generate(session, n)
        return "minutes_app.demo.synthetic"
    from . import search_corpus

    search_corpus.generate(session, n)
    return "minutes_app.bench.search_corpus"


#: name → (p50, p95, update p95 in ms, build in s) of the engines of the current size, for the ratios to tantivy.
SUMMARY: dict[str, tuple[float, float, float, float]] = {}


def report(name: str, build: float, size: int, samples: dict[str, list[float]], update: list[float]) -> None:
    """Print one engine's figures."""
    everything = [s for values in samples.values() for s in values]
    p50, p95, p99 = percentiles(everything)
    SUMMARY[name] = (p50, p95, percentiles(update)[1] if update else 0.0, build)
    click.echo(f"\n== {name}")
    built = "vorhanden" if build != build else f"{build:.1f} s"  # NaN: the index of an earlier run
    click.echo(f"   Aufbau {built}, Größe {size / 1e6:.1f} MB")
    click.echo(f"   Abfragen gesamt: p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms "
               f"({len(everything)} Messungen)")
    for label, values in samples.items():
        q50, q95, _q99 = percentiles(values)
        click.echo(f"     {label:10} p50 {q50:7.1f} ms  p95 {q95:7.1f} ms")
    if update:
        u50, u95, _u99 = percentiles(update)
        click.echo(f"   Aktualisierung nach Speichern: p50 {u50:.1f} ms, p95 {u95:.1f} ms")


def run_ours(app: Any, session: Any, profile: bool, rebuild: bool = True) -> dict[str, Any]:
    """Rebuild our indexes (unless kept from an earlier run), run the query set, measure updates after a save."""
    from sqlalchemy import select

    from minutes_app import serving
    from minutes_app.models import Paper
    from minutes_app.search import Filters, indexer, indexes

    ix = indexes()
    start = time.perf_counter()
    if rebuild:
        indexer.rebuild(ix, session)
    build = time.perf_counter() - start if rebuild else float("nan")
    # Searches and saves as in an app server's worker, which settles after loading the app (minutes_app.wsgi);
    # undone at the end, so the engines measured after ours in this process run as they always did.
    serving.settle()
    size = dir_size(Path(app.config["SEARCH_INDEX_DIR"]))
    global _top_committee
    _top_committee = ix.public.search("", Filters(date_from=date(1900, 1, 1))).facets["committee"][0][0]
    samples: dict[str, list[float]] = {}
    #: The same searches with the postings cache emptied before each: what the first search of a word costs.
    cold: dict[str, list[float]] = {}
    hits: dict[str, int] = {}
    for label, text, filters, sort in QUERIES:
        def run(text: str = text, filters: dict[str, Any] = filters, sort: str = sort) -> Any:
            return ix.public.search(text, Filters(**_filters(filters)), sort=sort)

        samples.setdefault(label, []).extend(timed(run))
        hits[text + str(filters) + sort] = run().total

        def run_cold(run: Callable[[], Any] = run) -> Any:
            ix.public.clear_caches()
            return run()

        cold.setdefault(label, []).extend(timed(run_cold))
    profile_text = ""
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _label, text, filters, sort in QUERIES:
            ix.public.search(text, Filters(**_filters(filters)), sort=sort)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        profile_text = out.getvalue()
    # Update after a save: the real path (commit → after_commit → both indexes).
    app.config["SEARCH_AUTO_INDEX"] = True
    paper_ids = list(session.scalars(select(Paper.id).order_by(Paper.id).limit(21)))
    # The process's first save also translates the ORM's statements for building documents (once per process,
    # like the warm searcher of the queries): measured apart, the 20 saves after it are the figure.
    warm_up, *paper_ids = paper_ids
    first_update = timed_saves(session, [warm_up], _add_to_reasoning)[0]
    # The common save: a Vorlage's text edited (only its own document changes).
    update = timed_saves(session, paper_ids, _add_to_reasoning)
    # A new title is shown by its agenda items too: their documents are built and written again.
    timed_saves(session, [warm_up], _retitle)
    retitled = timed_saves(session, paper_ids, _retitle)
    app.config["SEARCH_AUTO_INDEX"] = False
    ix.public.search("Sicherheit")  # the first search after the updates refreshes the searcher
    gc.unfreeze()
    return {"build": build, "size": size, "samples": samples, "cold": cold, "update": update, "hits": hits,
            "profile": profile_text, "first_update": first_update, "retitled": retitled}


def _add_to_reasoning(paper: Any, n: int) -> None:
    paper.reasoning += f"\n\nErgänzung {n}: Sicherheitskonzept überarbeitet."


def _retitle(paper: Any, n: int) -> None:
    # A title no earlier run gave it: an unchanged title would save nothing.
    paper.name = f"{paper.name.split(' (Fassung')[0]} (Fassung {time.time_ns()})"


def timed_saves(session: Any, paper_ids: list[int], change: Callable[[Any, int], None]) -> list[float]:
    """Seconds each save (commit, index update included) of one changed Vorlage took."""
    from minutes_app.models import Paper

    times = []
    for n, paper_id in enumerate(paper_ids):
        change(session.get(Paper, paper_id), n)
        start = time.perf_counter()
        session.commit()
        times.append(time.perf_counter() - start)
        # Saves are user actions seconds apart; a background merge started by one is done before the next.
        time.sleep(0.5)
    return times


_top_committee = ""


def _filters(filters: dict[str, Any]) -> dict[str, Any]:
    return {k: (_top_committee if v == TOP_COMMITTEE else str(v)) if k == "committee" else v
            for k, v in filters.items()}


def run_size(n: int, workdir: Path, profile: bool, reusing: bool = False, compare: bool = True,
             rebuild: bool | None = None) -> None:
    """Generate, build and measure one size (``reusing``: the database and our index of an earlier run).

    ``rebuild`` rebuilds our index also on a reused database (default: only on a new one).
    """
    from minutes_app.search import indexer

    with bench_app(workdir) as app:
        from minutes_app.extensions import db_session

        session = db_session()
        start = time.perf_counter()
        generator = "vorhandene Datenbank" if reusing else generate(session, n)
        session.commit()
        click.echo(f"\n##### {n} Vorlagen ({generator}, erzeugt in {time.perf_counter() - start:.0f} s)")
        ours = run_ours(app, session, profile, rebuild=not reusing if rebuild is None else rebuild)
        report("Eigenes Indexdesign (öffentlicher Index; Aufbau = beide Indizes)", ours["build"], ours["size"],
               ours["samples"], ours["update"])
        click.echo(f"   Erster Speichervorgang des Prozesses (übersetzt die SQL-Anweisungen; nicht unter den "
                   f"20 gemessenen): {ours['first_update'] * 1000:.1f} ms")
        r50, r95, _r99 = percentiles(ours["retitled"])
        click.echo(f"   Aktualisierung nach neuem Titel (auch die TOP der Vorlage neu): p50 {r50:.1f} ms, "
                   f"p95 {r95:.1f} ms")
        report("Eigenes Indexdesign, Postings jedes Mal dekodiert (Cache vor jeder Abfrage geleert)", ours["build"],
               ours["size"], ours["cold"], ours["update"])
        baselines: list[Any] = []
        if compare:
            docs = [internal for _public, internal in indexer.iter_all_documents(session) if internal is not None]
            baselines = [WhooshBaseline(workdir / "plain-whoosh"), FtsBaseline(workdir / "fts5.db")]
            try:
                baselines.append(TantivyBaseline(workdir / "tantivy"))
            except ImportError:
                click.echo("tantivy fehlt („make bench-search“ installiert es nur für den Benchmark).")
        for baseline in baselines:
            build = baseline.build(docs)
            samples: dict[str, list[float]] = {}
            for label, text, filters, sort in QUERIES:
                def run(baseline: Any = baseline, text: str = text, filters: dict[str, Any] = filters,
                        sort: str = sort) -> Any:
                    return baseline.search(text, _filters(filters), sort)

                samples.setdefault(label, []).extend(timed(run))
            baseline.update(docs[min(20, len(docs) - 1)])  # warm-up, as for our engine: not measured
            update = [baseline.update(docs[k]) for k in range(min(20, len(docs)))]
            report(baseline.name, build, baseline.size(), samples, update)
            baseline.close()
        reference = next((v for k, v in SUMMARY.items() if k.startswith("tantivy")), None)
        if reference is not None:
            click.echo("\nVerhältnis zu tantivy (p50, p95, Aktualisierung p95, Aufbau; 1,0 = so schnell wie tantivy):")
            for name, figures in SUMMARY.items():
                ratios = " · ".join(f"{a / b:.1f}×" if b and a == a else "–"  # a != a: NaN, no build measured
                                    for a, b in zip(figures, reference, strict=True))
                click.echo(f"   {name[:60]:60} {ratios}")
        SUMMARY.clear()
        if ours["profile"]:
            click.echo(f"\n-- Profil der Abfragen (eigenes Design, {n} Vorlagen):\n{ours['profile']}")
        counts = ", ".join(f"{k}={v}" for k, v in list(ours["hits"].items())[:8])
        click.echo(f"\nTrefferzahlen (eigenes Design): {counts}")


@click.command("bench-search")
@click.option("--sizes", default="20000", show_default=True, help="Anzahl Vorlagen, kommagetrennt")
@click.option("--workdir", default=None, help="Arbeitsverzeichnis (Standard: temporär, wird gelöscht)")
@click.option("--profile/--no-profile", default=True, show_default=True, help="cProfile der Abfragen ausgeben")
@click.option("--reuse", is_flag=True, help="Datenbank und eigenen Index eines früheren Laufs in --workdir "
              "weiterverwenden (kein Erzeugen, kein Neuaufbau des eigenen Index; Aufbauzeit dann „vorhanden“)")
@click.option("--compare/--no-compare", default=True, show_default=True,
              help="Whoosh im Standardaufbau, SQLite FTS5 und tantivy daneben messen")
@click.option("--rebuild", is_flag=True, help="mit --reuse: den eigenen Index trotzdem neu aufbauen und die Zeit "
              "messen (dieselbe Datenbank, im selben Lauf wie die anderen Maschinen)")
def bench_search(sizes: str, workdir: str | None, profile: bool, reuse: bool, compare: bool, rebuild: bool) -> None:
    """Benchmark the search against plain Whoosh and SQLite FTS5 (not a test)."""
    click.echo(f"SQLite {sqlite3.sqlite_version}, {len(QUERIES)} Abfragen × {REPEAT} Wiederholungen, warmer Searcher")
    for raw in sizes.split(","):
        n = int(raw)
        base = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="bench-search-"))
        target = base / str(n)
        reusing = reuse and workdir is not None and (target / "bench.db").exists()
        if not reusing:
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
        try:
            run_size(n, target, profile, reusing, compare, rebuild=True if rebuild else None)
        finally:
            if not workdir:
                shutil.rmtree(base, ignore_errors=True)
    click.echo("\nZiele bei 100.000 Vorlagen: p50 ≤ 5 ms, p95 ≤ 30 ms, Aktualisierung p95 ≤ 50 ms, Aufbau ≤ 180 s")
