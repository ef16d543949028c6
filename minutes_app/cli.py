"""Command-line interface: ``flask --app minutes_app <command>``; each command commits once."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from . import migrate
from .bodies import registry
from .extensions import db_session
from .models import Organization, Role, User
from .services import accounts
from .services.errors import ValidationFailed


@click.command("db-upgrade")
@with_appcontext
@click.option("--revision", default="head", show_default=True, help="Ziel-Revision")
def db_upgrade(revision: str) -> None:
    """Apply the database migrations."""
    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Datenbank auf Stand {revision}.")


@click.command("create-user")
@with_appcontext
@click.argument("login")
@click.option("--name", "display_name", default="", help="Anzeigename")
@click.option("--email", default="")
@click.option(
    "--role", "roles", multiple=True, required=True,
    type=click.Choice([r.value for r in Role]), help="Rolle (mehrfach möglich)",
)
@click.option("--department", default=None, help="Kurzname oder Name des Fachbereichs")
@click.option("--body", "bodies", multiple=True,
              help="Kürzel einer Körperschaft, für die das Konto arbeitet (mehrfach möglich; ohne: alle)")
@click.password_option("--password", prompt="Passwort", help="Passwort (sonst Abfrage)")
def create_user(login: str, display_name: str, email: str, roles: tuple[str, ...], department: str | None,
                bodies: tuple[str, ...], password: str) -> None:
    """Create a user account with one or more roles, optionally working for some bodies only."""
    session = db_session()
    scoped = []
    for slug in bodies:
        found = registry.by_slug(session, slug)
        if found is None:
            raise click.ClickException(f"Körperschaft mit dem Kürzel „{slug}“ nicht gefunden.")
        scoped.append(found)
    dept = None
    if department:
        stmt = select(Organization).where((Organization.short_name == department) | (Organization.name == department))
        if scoped:
            stmt = stmt.where(Organization.body_id.in_([b.id for b in scoped]))
        dept = session.scalar(stmt)
        if dept is None:
            raise click.ClickException(f"Fachbereich „{department}“ nicht gefunden.")
    try:
        user = accounts.create_user(
            session, None, login=login, password=password, display_name=display_name or login,
            email=email, roles={Role(r) for r in roles}, department=dept,
        )
    except ValidationFailed as failed:
        raise click.ClickException(str(failed)) from failed
    user.bodies.extend(scoped)
    session.commit()
    click.echo(f"Benutzerkonto {user.login} angelegt (Rollen: {', '.join(sorted(roles))}).")


@click.command("list-users")
@with_appcontext
def list_users() -> None:
    """List the user accounts with their roles."""
    for user in db_session().scalars(select(User).order_by(User.login)):
        roles = ", ".join(sorted(r.label for r in user.roles))
        click.echo(f"{user.login:20} {user.display_name:30} {roles}{'' if user.active else ' (gesperrt)'}")


def register(app: Flask) -> None:
    """Register the commands on the app's CLI."""
    from .demo.cli import seed_demo, welcome

    for cmd in (db_upgrade, create_user, list_users, seed_demo, welcome):
        app.cli.add_command(cmd)
    from .mail.cli import COMMANDS as MAIL_COMMANDS

    for mail_cmd in MAIL_COMMANDS:
        app.cli.add_command(mail_cmd)

    from .ops.cli import backup_command, restore_command

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)

    from .oparl_import.cli import oparl_import

    app.cli.add_command(oparl_import)

