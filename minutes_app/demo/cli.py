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
#: Accounts of the second demo body, the Gemeinde Birkenfelde (they work for that body only).
MUNICIPALITY_ACCOUNTS = (
    ("gemeinde-admin", "Administration und Sichtvermerk, nur Gemeinde Birkenfelde"),
    ("gemeinde-schrift", "Schriftführung und Sachbearbeitung, nur Gemeinde Birkenfelde"),
)


@click.command("seed-demo")
@with_appcontext
@click.option("--scale", type=int, default=0, help="Zusätzlich N synthetische Vorlagen mit Sitzungen erzeugen")
@click.option("--if-empty", is_flag=True, help="Nur laden, wenn die Datenbank leer ist")
def seed_demo(scale: int, if_empty: bool) -> None:
    """Load the demo county and the Gemeinde it serves (idempotent); with --scale also N synthetic Vorlagen."""
    from . import county, municipality, synthetic

    session = db_session()
    store = Path(current_app.config["FILE_STORE_DIR"])
    if if_empty and county.database_has_data(session):
        click.echo("Datenbank enthält bereits Daten; Demo-Landkreis nicht geladen.")
        # A demo database from before the second body existed gains the Gemeinde; real data stays untouched.
        if county.demo_body(session) is not None and municipality.load_demo_municipality(session, store):
            session.commit()
            click.echo(f"Demo-Gemeinde {municipality.BODY_NAME} ergänzt (Portal /{municipality.BODY_SLUG}/).")
    else:
        if county.load_demo_county(session, store):
            session.commit()
            click.echo("Demo-Landkreis geladen.")
        else:
            click.echo("Demo-Landkreis ist bereits vorhanden.")
        # The county first: it stays the first body, served at the unprefixed addresses.
        if municipality.load_demo_municipality(session, store):
            session.commit()
            click.echo(f"Demo-Gemeinde {municipality.BODY_NAME} geladen (Portal /{municipality.BODY_SLUG}/).")
        else:
            click.echo(f"Demo-Gemeinde {municipality.BODY_NAME} ist bereits vorhanden.")
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
    from .municipality import BODY_NAME, BODY_SLUG

    click.echo(f"\nBürgerinformationssystem: http://{host}:{port}/ (Übersicht der Körperschaften)")
    click.echo(f"  Landkreis Lindenau:    http://{host}:{port}/sitzungen (auch /lindenau/…)")
    click.echo(f"  {BODY_NAME}: http://{host}:{port}/{BODY_SLUG}/")
    click.echo(f"Anmeldung für den internen Bereich: http://{host}:{port}/anmelden\n")
    click.echo("Demo-Konten (Passwort jeweils: demo):")
    for login, role in DEMO_ACCOUNTS:
        click.echo(f"  {login:16} {role}")
    click.echo(f"Zweite Körperschaft ({BODY_NAME}), Passwort ebenfalls: demo")
    for login, role in MUNICIPALITY_ACCOUNTS:
        click.echo(f"  {login:16} {role}")
    click.echo("")
