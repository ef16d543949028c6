"""CLI commands: migrations, user creation, listing."""
from __future__ import annotations

from sqlalchemy import create_engine, inspect, select

from minutes_app import create_app
from minutes_app.models import Role, User

from .databases import new_database_url


def test_db_upgrade_creates_schema(tmp_path):
    url = new_database_url(tmp_path, "cli", schema=False)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x"})
    result = app.test_cli_runner().invoke(args=["db-upgrade"])
    assert result.exit_code == 0, result.output
    assert "Datenbank auf Stand head" in result.output
    engine = create_engine(url)
    assert "papers" in inspect(engine).get_table_names()
    engine.dispose()


def test_create_user_with_roles_and_department(app, session, factory):
    factory.department("Fachbereich Jugend", short_name="FB 2")
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-user", "bernd", "--name", "Bernd Ohl", "--role", "editor", "--role", "signer",
              "--department", "FB 2", "--password", "sicheres-passwort"]
    )
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.login == "bernd"))
    assert user.roles == {Role.EDITOR, Role.SIGNER}
    assert user.department.short_name == "FB 2"
    listing = runner.invoke(args=["list-users"])
    assert "bernd" in listing.output and "Sachbearbeitung" in listing.output


def test_create_user_refuses_weak_password_and_duplicates(app, session, factory):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["create-user", "carla", "--role", "admin", "--password", "kurz"])
    assert weak.exit_code != 0 and "mindestens 8 Zeichen" in weak.output
    runner.invoke(args=["create-user", "carla", "--role", "admin", "--password", "lang-genug-1"])
    again = runner.invoke(args=["create-user", "Carla", "--role", "admin", "--password", "lang-genug-1"])
    assert again.exit_code != 0 and "bereits vergeben" in again.output


def test_create_user_unknown_department(app):
    result = app.test_cli_runner().invoke(
        args=["create-user", "dora", "--role", "editor", "--department", "XYZ", "--password", "lang-genug-1"]
    )
    assert result.exit_code != 0 and "nicht gefunden" in result.output


def test_create_user_scoped_to_a_body(app, session, factory):
    factory.department("Bauamt", short_name="BA")
    session.commit()
    body = factory.body
    runner = app.test_cli_runner()
    unknown = runner.invoke(args=["create-user", "erik", "--role", "admin", "--body", "nirgendwo",
                                  "--password", "lang-genug-1"])
    assert unknown.exit_code != 0 and "Kürzel „nirgendwo“ nicht gefunden" in unknown.output
    result = runner.invoke(args=["create-user", "erik", "--role", "admin", "--body", body.slug,
                                 "--department", "BA", "--password", "lang-genug-1"])
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.login == "erik"))
    assert [b.slug for b in user.bodies] == [body.slug] and user.department.short_name == "BA"
