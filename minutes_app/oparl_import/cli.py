"""``flask oparl-import SOURCE``: take over a council's history from an OParl server or a folder of OParl JSON.

The command opens the source, imports every chosen body, updates the search
index once at the end and prints the German report on stdout (progress goes
to stderr). Calling it again after an interruption resumes; calling it again
after a complete run changes nothing unless the source changed.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..bodies import registry
from ..extensions import db_session
from .catalog import parse_datetime
from .context import Options
from .runner import ImportError_, Progress, SearchChanges, run, update_search
from .sources import FetchFailed, open_source
from .state import RunState, run_folder


def _since(value: str | None) -> datetime | None:
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        raise click.BadParameter("bitte als Datum (2024-01-31) oder Zeitpunkt (2024-01-31T08:00:00+01:00) angeben.",
                                 param_hint="--since")
    return moment


@click.command("oparl-import", help="Übernimmt Sitzungen, Vorlagen, Gremien und Personen aus einem OParl-1.0/1.1-Server oder einem Ordner mit OParl-JSON als Altbestand.")
@with_appcontext
@click.argument("source")
@click.option("--body", "body_filter", default=None, help="OParl-id der Körperschaft (bei mehreren in der Quelle)")
@click.option("--into", "into_slug", default=None, help="Kürzel der Körperschaft, in die importiert wird")
@click.option("--since", default=None, help="nur seit diesem Zeitpunkt geänderte Objekte (modified_since)")
@click.option("--no-files", is_flag=True, help="Dateien nicht herunterladen")
@click.option("--pause", default=0.2, show_default=True, type=click.FloatRange(min=0), help="Pause zwischen Anfragen (s)")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=1), help="Zeitlimit je Anfrage (s)")
def oparl_import(source: str, body_filter: str | None, into_slug: str | None, since: str | None, no_files: bool,
                 pause: float, timeout: float) -> None:
    """Import meetings, Vorlagen, committees and persons from an OParl 1.0/1.1 server or folder as history."""
    session = db_session()
    into = None
    if into_slug:
        into = registry.by_slug(session, into_slug)
        if into is None:
            raise click.ClickException(f"Körperschaft mit dem Kürzel „{into_slug}“ nicht gefunden.")
    moment = _since(since)
    config = current_app.config
    work_dir = Path(config.get("INSTANCE_PATH") or current_app.instance_path) / "oparl-import"
    state = RunState.load(run_folder(work_dir, source, body_filter or "", since or ""))
    options = Options(since=moment, with_files=not no_files, store_dir=Path(config["FILE_STORE_DIR"]))
    try:
        opened = open_source(source, timeout=timeout, pause=pause, cache_dir=state.cache_dir,
                             backoff=float(config.get("OPARL_IMPORT_BACKOFF", 1.0)))
    except FetchFailed as failed:
        raise click.ClickException(str(failed)) from failed
    if state.resumed:
        click.echo("Setze einen unterbrochenen Import fort.", err=True)
    previous = config.get("SEARCH_AUTO_INDEX", True)
    config["SEARCH_AUTO_INDEX"] = False  # one index update at the end instead of one per page
    changes = SearchChanges()
    try:
        report = run(session, opened, options, state, changes, body_filter=body_filter, into=into,
                     progress=Progress())
    except (FetchFailed, ImportError_) as failed:
        session.rollback()
        raise click.ClickException(f"{failed} Bereits Gespeichertes bleibt; ein erneuter Aufruf setzt fort.") from failed
    finally:
        config["SEARCH_AUTO_INDEX"] = previous
        # Also after an interruption: the committed pages reach the search index.
        note = _update_search(changes)
    report.notes.append(note)
    state.finish()
    click.echo(report.render(), nl=False)


def _update_search(changes: SearchChanges) -> str:
    from ..search import indexes

    reader = current_app.extensions["minutes_database"].session(read_only=True)
    try:
        return update_search(indexes(), reader, changes.touched, changes.deleted)
    finally:
        reader.close()
