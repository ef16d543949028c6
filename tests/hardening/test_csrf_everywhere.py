"""Every POST route refuses a request without a CSRF token or with another session's token."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from minutes_app.demo.catalog import DEMO_PASSWORD
from minutes_app.extensions import db_session
from minutes_app.models import AuditEvent

from . import fuzzing
from .test_generated_input import _ids


def _token(client, url: str = "/anmelden") -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _signed_in(app, login: str):
    client = app.test_client()
    response = client.post("/anmelden", data={"login": login, "password": DEMO_PASSWORD, "csrf_token": _token(client)})
    assert response.status_code == 302
    return client


@pytest.fixture
def csrf_demo(demo_app):
    demo_app.config["WTF_CSRF_ENABLED"] = True
    yield demo_app
    demo_app.config["WTF_CSRF_ENABLED"] = False


def test_every_post_route_refuses_missing_and_foreign_tokens(csrf_demo):
    app = csrf_demo
    ids = _ids(app)
    post_rules = [r for r in app.url_map.iter_rules() if "POST" in r.methods]
    assert len(post_rules) > 50
    with app.app_context():
        events_before = db_session().scalar(select(func.count()).select_from(AuditEvent))
    admin = _signed_in(app, "admin")
    foreign = _token(_signed_in(app, "mitglied"), "/intern/passwort")  # valid, but for another session
    checked = 0
    for rule in post_rules:
        url = fuzzing.fill_rule(app, rule, ids)
        assert url, rule.rule
        for client in (admin, app.test_client()):
            for data in ({"name": "x"}, {"name": "x", "csrf_token": foreign}, {"csrf_token": "gefälscht"}):
                response = client.post(url, data=data)
                assert response.status_code == 400, (rule.rule, data, response.status_code)
                assert "Die Anfrage konnte nicht verarbeitet werden" in response.get_data(as_text=True)
                checked += 1
    with app.app_context():
        assert db_session().scalar(select(func.count()).select_from(AuditEvent)) == events_before
    # The sessions are intact: a correct token still works.
    response = admin.post("/abmelden", data={"csrf_token": _token(admin, "/intern/passwort")})
    assert response.status_code == 302 and checked == len(post_rules) * 6
