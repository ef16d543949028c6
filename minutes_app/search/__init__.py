"""Full-text search: two indexes (public, internal) kept current with every commit.

With Whoosh the internal index holds only what differs from the public one and
is searched together with it (:func:`.entries.overlay_entries`).

``init_app`` opens the indexes (Whoosh under ``SEARCH_INDEX_DIR`` on SQLite; on
PostgreSQL two tables of the database, see :mod:`.postgres`), registers the
session hooks that reindex changed objects (after a commit for Whoosh, inside
the transaction for PostgreSQL), and adds the CLI commands ``search-rebuild``
and ``search-check`` (the benchmarks are ``python -m bench search`` and
``python -m bench search-postgres``).
"""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app, has_app_context
from flask.cli import with_appcontext
from sqlalchemy import event
from sqlalchemy.orm import Session

from . import changes, indexer
from .engine import SearchIndex
from .indexer import SearchIndexes
from .pending import PENDING_FILE
from .postgres import hooks as postgres_hooks
from .results import Filters, IndexUnavailable, SearchResults
from .schema import INTERNAL, PUBLIC, index_path

__all__ = ["Filters", "IndexUnavailable", "SearchIndexes", "SearchResults", "indexes", "init_app"]

EXTENSION = "minutes_search"
_hooks_registered = False


def open_indexes(root: str | Path, background_merge: bool = False) -> SearchIndexes:
    """The public and internal index below ``root`` (created lazily on the first write)."""
    pending = Path(root) / PENDING_FILE
    public = SearchIndex(index_path(root, PUBLIC), pending, background_merge)
    return SearchIndexes(public, SearchIndex(index_path(root, INTERNAL), pending, background_merge, base=public))


def indexes() -> SearchIndexes:
    """The current app's indexes."""
    found: SearchIndexes = current_app.extensions[EXTENSION]
    return found


def _current_indexes() -> SearchIndexes | None:
    if not has_app_context() or not current_app.config.get("SEARCH_AUTO_INDEX", True):
        return None
    found: SearchIndexes | None = current_app.extensions.get(EXTENSION)
    return found


def _reader_session(_committed: Session) -> Session:
    # Read through the app's read engine: indexing must not hold SQLite's write lock.
    session: Session = current_app.extensions["minutes_database"].session(read_only=True)
    return session


def _register_hooks() -> None:
    global _hooks_registered
    if _hooks_registered:
        return
    event.listen(Session, "after_flush", changes.after_flush)
    event.listen(Session, "after_rollback", changes.after_rollback)
    event.listen(Session, "after_transaction_create", changes.after_transaction_create)
    event.listen(Session, "after_transaction_end", changes.after_transaction_end)
    event.listen(Session, "after_commit", indexer.make_after_commit(_current_indexes, _reader_session))
    event.listen(Session, "before_commit", postgres_hooks.make_before_commit(_current_indexes))
    _hooks_registered = True


@click.command("search-rebuild")
@with_appcontext
def search_rebuild() -> None:
    """Rebuild both search indexes from the database."""
    from .documents import all_document_ids

    # Read sessions: saves go on during the rebuild (on PostgreSQL a writing session would hold the write lock
    # throughout; with Whoosh they are applied to the new index after the switch).
    database = current_app.extensions["minutes_database"]
    session = database.session(read_only=True)
    try:
        total = sum(1 for _ in all_document_ids(session))
        with click.progressbar(length=total, label="Suchindex wird aufgebaut") as bar:
            public, internal = indexer.rebuild(indexes(), session, bar.update,
                                               fresh=lambda: database.session(read_only=True))
    finally:
        session.close()
    click.echo(f"Fertig: {public} öffentliche und {internal} interne Einträge.")


@click.command("search-check")
@with_appcontext
def search_check() -> None:
    """Compare both search indexes with the database and list the differences.

    On PostgreSQL the tables are compared, and then this server's copy, after
    bringing it up to date.
    """
    from ..extensions import db_session

    checked = [("", indexes())]
    replica = getattr(indexes(), "replica", None)
    if replica is not None:
        replica.update(wait=True)
        checked.append(("Suchkopie dieses Servers, ", replica.copy))
    clean = True
    for prefix, found in checked:
        try:
            report = indexer.check(found, db_session())
        except IndexUnavailable:
            raise click.ClickException(
                f"{prefix}Ein Suchindex fehlt oder ist beschädigt: bitte „flask search-rebuild“ ausführen."
            ) from None
        for name, differences in report.items():
            for kind, ids in differences.items():
                if ids:
                    clean = False
                    shown = ", ".join(ids[:20]) + (" …" if len(ids) > 20 else "")
                    click.echo(f"{prefix}{name}: {len(ids)} Einträge {CHECK_LABELS[kind]}: {shown}")
    if (Path(current_app.config["SEARCH_INDEX_DIR"]) / PENDING_FILE).exists():
        clean = False
        click.echo("Es gibt vorgemerkte, noch nicht übernommene Aktualisierungen.")
    if not clean:
        raise click.ClickException("Index und Datenbank weichen ab: „flask search-rebuild“ behebt das.")
    click.echo("Suchindex und Datenbank stimmen überein.")


CHECK_LABELS = {"missing": "fehlen im Index", "extra": "sind überzählig", "outdated": "sind veraltet"}


def init_app(app: Flask) -> None:
    """Open the indexes, register the session hooks and the CLI commands."""
    app.config.setdefault("SEARCH_AUTO_INDEX", True)
    database = app.extensions["minutes_database"]
    if database.read_engine.dialect.name == "postgresql":
        from . import postgres

        # Each app server keeps a Whoosh copy of the tables for searching (``SEARCH_REPLICA``, see
        # search.postgres.replica); tests build a missing copy only on request, never in the background.
        replica_dir = app.config["SEARCH_INDEX_DIR"] if app.config.get("SEARCH_REPLICA", True) else None
        found = postgres.open_indexes(database.read_engine, replica_dir, background=not app.testing)
        if found.replica is not None:
            database.on_dispose.append(found.replica.stop)
        app.extensions[EXTENSION] = found
    else:
        # Tests merge in the foreground, so nothing runs on after a test has removed its directory.
        app.extensions[EXTENSION] = open_indexes(app.config["SEARCH_INDEX_DIR"], background_merge=not app.testing)
    _register_hooks()
    for command in (search_rebuild, search_check):
        app.cli.add_command(command)
