"""Findings 2, 3 and 6 of issue 17: open redirect after login, logout that ends the session, fair throttling."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from minutes_app.models import LoginThrottle, Role

from ..conftest import login
from ..factories import PASSWORD


@pytest.fixture
def editor(factory, session):
    user = factory.user("anna", roles={Role.EDITOR}, display_name="Anna Keller")
    session.commit()
    return user


@pytest.mark.parametrize(
    "target",
    ["/%09/evil.example", "/%0D%0A/x", "/%0A/evil.example", "/\\evil.example", "/%5Cevil.example",
     "https://evil.example/", "//evil.example", "/%20/evil.example", "/\x7f/evil.example"],
)
def test_login_never_redirects_off_site(client, editor, target):
    response = client.post(f"/anmelden?next={target}", data={"login": "anna", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/intern/"


def test_login_follows_a_plain_local_next(client, editor):
    response = client.post("/anmelden?next=/intern/vorlagen/?seite=2", data={"login": "anna", "password": PASSWORD})
    assert response.headers["Location"] == "/intern/vorlagen/?seite=2"


def test_copied_cookie_is_dead_after_logout(app, client, editor):
    login(client, "anna")
    stolen = client.get_cookie("session").value
    assert client.get("/intern/").status_code == 200
    client.post("/abmelden")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/intern/")
    assert response.status_code == 302
    assert "/anmelden" in response.headers["Location"]


def test_logout_ends_only_this_session(app, client, editor):
    other_device = app.test_client()
    login(client, "anna")
    login(other_device, "anna")
    client.post("/abmelden")
    assert other_device.get("/intern/").status_code == 200


def _attempt(app, address, name, password):
    with app.test_client() as c:
        return c.post("/anmelden", data={"login": name, "password": password},
                      environ_base={"REMOTE_ADDR": address})


def test_attacker_cannot_lock_out_the_real_user(app, editor):
    app.config["LOGIN_MAX_FAILURES"] = 3
    for _round in range(3):
        for _ in range(10):
            _attempt(app, "203.0.113.66", "anna", "falsch")
    assert _attempt(app, "203.0.113.66", "anna", PASSWORD).status_code == 429
    real = _attempt(app, "198.51.100.7", "anna", PASSWORD)
    assert real.status_code == 302


def test_one_address_is_blocked_whatever_names_it_tries(app, editor):
    app.config["LOGIN_MAX_FAILURES"] = 3
    statuses = [_attempt(app, "203.0.113.9", f"name{i}", "x").status_code for i in range(14)]
    assert statuses[:12] == [200] * 12
    assert statuses[12:] == [429, 429]
    assert _attempt(app, "203.0.113.9", "anna", PASSWORD).status_code == 429
    assert _attempt(app, "203.0.113.10", "anna", PASSWORD).status_code == 302


def test_ipv6_neighbours_share_one_counter(app, editor):
    app.config["LOGIN_MAX_FAILURES"] = 2
    for i in range(8):
        _attempt(app, f"2001:db8::{i + 1:x}", f"n{i}", "x")
    assert _attempt(app, "2001:db8::ffff", "anna", PASSWORD).status_code == 429


def test_unknown_names_do_not_grow_the_throttle_table_without_bound(app, session, editor):
    app.config["LOGIN_MAX_FAILURES"] = 5
    for i in range(200):
        _attempt(app, "203.0.113.77", f"unbekannt{i}", "x")
    rows = session.scalar(select(func.count()).select_from(LoginThrottle))
    # one address row plus at most one row per failure before the address was blocked
    assert rows <= 1 + 5 * 4
