"""Login, logout, throttling, CSRF, password change and session invalidation."""
from __future__ import annotations

import re

import pytest

from minutes_app.models import Role, User

from ..conftest import login
from ..factories import PASSWORD


@pytest.fixture
def editor(factory, session):
    user = factory.user("anna", roles={Role.EDITOR}, display_name="Anna Keller")
    session.commit()
    return user


def test_login_page_is_german_and_labelled(client):
    html = client.get("/anmelden").get_data(as_text=True)
    assert '<html lang="de">' in html
    assert '<label for="login">Benutzername</label>' in html
    assert '<label for="password">Passwort</label>' in html


def test_login_and_logout(client, editor):
    login(client, "anna")
    assert "Anna Keller" in client.get("/intern/").get_data(as_text=True)
    response = client.post("/abmelden")
    assert response.status_code == 302
    assert client.get("/intern/").status_code == 302


def test_login_is_case_insensitive(client, editor):
    login(client, "ANNA")


def test_wrong_password_gives_german_message_and_keeps_login(client, editor):
    response = client.post("/anmelden", data={"login": "anna", "password": "falsch"})
    html = response.get_data(as_text=True)
    assert "Benutzername oder Passwort ist nicht korrekt." in html
    assert 'value="anna"' in html
    assert client.get("/intern/").status_code == 302


def test_empty_fields_get_german_messages(client):
    html = client.post("/anmelden", data={"login": "", "password": ""}).get_data(as_text=True)
    assert "Bitte geben Sie Ihren Benutzernamen ein." in html
    assert "Bitte geben Sie Ihr Passwort ein." in html


def test_throttling_after_repeated_failures(app, client, editor):
    app.config["LOGIN_MAX_FAILURES"] = 3
    for _ in range(3):
        client.post("/anmelden", data={"login": "anna", "password": "falsch"})
    response = client.post("/anmelden", data={"login": "anna", "password": PASSWORD})
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.get_data(as_text=True)
    assert client.get("/intern/").status_code == 302


def test_unknown_logins_are_throttled_too(app, client):
    app.config["LOGIN_MAX_FAILURES"] = 2
    for _ in range(2):
        client.post("/anmelden", data={"login": "niemand", "password": "x"})
    assert client.post("/anmelden", data={"login": "niemand", "password": "x"}).status_code == 429


def test_deactivated_user_cannot_log_in(client, editor, session):
    editor.active = False
    session.commit()
    response = client.post("/anmelden", data={"login": "anna", "password": PASSWORD})
    assert "nicht korrekt" in response.get_data(as_text=True)


def test_open_redirect_refused(client, editor):
    response = client.post("/anmelden?next=//evil.example/", data={"login": "anna", "password": PASSWORD})
    assert response.headers["Location"] == "/intern/"


def test_next_parameter_followed_for_local_paths(client, editor):
    response = client.post("/anmelden?next=/intern/passwort", data={"login": "anna", "password": PASSWORD})
    assert response.headers["Location"] == "/intern/passwort"


def test_password_hash_is_scrypt(editor):
    assert editor.password_hash.startswith("scrypt:")


def test_password_change_and_old_sessions_end(app, editor):
    first, second = app.test_client(), app.test_client()
    login(first, "anna")
    login(second, "anna")
    response = first.post(
        "/intern/passwort",
        data={"current_password": PASSWORD, "new_password": "neues-passwort-1", "confirm": "neues-passwort-1"},
    )
    assert response.status_code == 302
    assert first.get("/intern/").status_code == 200  # the changing session stays
    assert second.get("/intern/").status_code == 302  # the other session has ended
    fresh = app.test_client()
    login(fresh, "anna", "neues-passwort-1")


def test_password_change_rejects_wrong_current_and_short_new(client, editor):
    login(client, "anna")
    html = client.post(
        "/intern/passwort", data={"current_password": "falsch", "new_password": "kurz", "confirm": "kurz"}
    ).get_data(as_text=True)
    assert "Das bisherige Passwort ist nicht korrekt." in html
    html = client.post(
        "/intern/passwort", data={"current_password": PASSWORD, "new_password": "kurz", "confirm": "kurz"}
    ).get_data(as_text=True)
    assert "mindestens 8 Zeichen" in html
    html = client.post(
        "/intern/passwort", data={"current_password": PASSWORD, "new_password": "lang-genug-1", "confirm": "anders-123"}
    ).get_data(as_text=True)
    assert "stimmen nicht überein" in html


def test_csrf_token_required(csrf_app, editor):
    client = csrf_app.test_client()
    response = client.post("/anmelden", data={"login": "anna", "password": PASSWORD})
    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.get_data(as_text=True)
    html = client.get("/anmelden").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post("/anmelden", data={"login": "anna", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def test_logout_requires_post(client, editor):
    login(client, "anna")
    assert client.get("/abmelden").status_code == 405
    assert client.get("/intern/").status_code == 200


def test_session_cookie_flags(client, editor):
    response = client.post("/anmelden", data={"login": "anna", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("login_name", ["admin", "schriftfuehrung", "sachbearbeitung", "zeichnung", "mitglied"])
def test_internal_start_page_reflects_role(client, factory, session, login_name):
    role = {
        "admin": Role.ADMIN, "schriftfuehrung": Role.SECRETARY, "sachbearbeitung": Role.EDITOR,
        "zeichnung": Role.SIGNER, "mitglied": Role.MEMBER,
    }[login_name]
    factory.user(login_name, roles={role})
    session.commit()
    login(client, login_name)
    html = client.get("/intern/").get_data(as_text=True)
    assert role.label in html
    assert ("Verwaltung" in html) is (role is Role.ADMIN)
    assert client.get("/intern/verwaltung/").status_code == (200 if role is Role.ADMIN else 403)


def test_user_without_roles_cannot_enter_internal_area(client, factory, session):
    factory.user("ohne", roles=set())
    session.commit()
    login(client, "ohne")
    assert client.get("/intern/").status_code == 403


def test_user_model_duck_types_for_flask_login(editor):
    assert isinstance(editor, User)
    assert editor.get_id() == f"{editor.id}:1"
    assert editor.is_active and editor.is_authenticated and not editor.is_anonymous
