"""CLI commands for the demo county."""
from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db_session

DEMO_ACCOUNTS = (
    ("admin", "Administration"),
    ("schriftfuehrung", "Schriftführung"),
    ("sachbearbeitung", "Sachbearbeitung"),
    ("zeichnung", "Sichtvermerk"),
    ("mitglied", "Mandatsträger/in"),
)


@click.command("seed-demo")
@with_appcontext
@click.option("--scale", type=int, default=0, help="Zusätzlich N synthetische Vorlagen mit Sitzungen erzeugen")
@click.option("--if-empty", is_flag=True, help="Nur laden, wenn die Datenbank leer ist")
def seed_demo(scale: int, if_empty: bool) -> None:
    """Load the demo county (idempotent); with --scale also N synthetic Vorlagen."""
    from . import county, synthetic

    session = db_session()
    if if_empty and county.database_has_data(session):
        click.echo("Datenbank enthält bereits Daten; Demo-Landkreis nicht geladen.")
    elif county.load_demo_county(session, Path(current_app.config["FILE_STORE_DIR"])):
        session.commit()
        click.echo("Demo-Landkreis geladen.")
    else:
        click.echo("Demo-Landkreis ist bereits vorhanden.")
    if scale:
        with click.progressbar(length=scale, label="Synthetische Vorlagen") as bar:
            synthetic.generate(session, scale, progress=bar.update)
        click.echo(f"{scale} synthetische Vorlagen erzeugt.")


@click.command("welcome")
@with_appcontext
def welcome() -> None:
    """Print the address and the demo accounts."""
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "5000")
    click.echo(f"\nBürgerinformationssystem: http://{host}:{port}/")
    click.echo(f"Anmeldung für den internen Bereich: http://{host}:{port}/anmelden\n")
    click.echo("Demo-Konten (Passwort jeweils: demo):")
    for login, role in DEMO_ACCOUNTS:
        click.echo(f"  {login:16} {role}")
    click.echo("")
