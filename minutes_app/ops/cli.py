"""``flask backup`` and ``flask restore``: see :mod:`minutes_app.ops.backup` and the README."""
from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import migrate
from ..extensions import database, db_session
from .backup import BackupError, Installation, backup, restore


def _installation() -> Installation:
    config = current_app.config
    return Installation(
        database_url=config["DATABASE_URL"],
        file_store=Path(config["FILE_STORE_DIR"]),
        instance_path=Path(current_app.instance_path),
        secret_from_environment=bool(os.environ.get("SECRET_KEY")),
    )


@click.command("backup")
@with_appcontext
@click.option("--ziel", "target", type=click.Path(file_okay=False, path_type=Path), default=Path("sicherungen"),
              show_default=True, help="Verzeichnis für das Sicherungsarchiv")
def backup_command(target: Path) -> None:
    """Back up database, attachment files and secret key while the application keeps running."""
    try:
        report = backup(_installation(), target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Sicherung geschrieben: {report.archive}")
    click.echo(f"{sum(report.rows.values())} Datensätze in {len(report.rows)} Tabellen, {report.files} Dateien.")
    if report.missing_files:
        click.echo(f"Warnung: {len(report.missing_files)} Dateien fehlen im Dateispeicher oder sind verändert: "
                   + ", ".join(report.missing_files[:10]), err=True)


@click.command("restore")
@with_appcontext
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--ueberschreiben", "overwrite", is_flag=True, help="Eine Datenbank mit Daten ersetzen")
def restore_command(archive: Path, overwrite: bool) -> None:
    """Restore a backup into this installation (stop the application first), then migrate and rebuild the search."""
    from ..search import indexer, indexes

    database().dispose()  # no pooled connection may keep the old database file open
    try:
        report = restore(_installation(), archive, overwrite=overwrite)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    if report.revision:  # a backup of an older release is brought to this release's schema
        migrate.upgrade(current_app.config["DATABASE_URL"])
    database().dispose()
    public, internal = indexer.rebuild(indexes(), db_session())
    click.echo(f"Wiederhergestellt aus {archive}: {sum(report.rows.values())} Datensätze, {report.files} Dateien.")
    click.echo(f"Suchindex neu aufgebaut: {public} öffentliche und {internal} interne Einträge.")
