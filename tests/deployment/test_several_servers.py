"""Two app servers (gunicorn processes on two ports) share one PostgreSQL database and agree at once.

As behind a load balancer, a user's requests land on either server: a Vorlage
saved through one is on the other's pages and in its search with the next request, the sign-in
cookie of one is valid on the other (and signing out on one ends it on both),
and failed logins count across both servers.
"""
from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from minutes_app import create_app, migrate
from minutes_app.extensions import db_session
from minutes_app.models import Role

from ..databases import new_database_url
from ..factories import PASSWORD, Factory

pytestmark = pytest.mark.postgresql

SECRET = "gemeinsamer-schluessel-beider-server"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_serving(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"App-Server beendet: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"App-Server antwortet nicht: {log.read_text(errors='replace')[-2000:]}")


class Browser:
    """One user's browser: a cookie jar that may talk to either server."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def get(self, url: str) -> tuple[int, str, str]:
        """Status, body and redirect target of a GET."""
        return self._open(urllib.request.Request(url))

    def post(self, url: str, fields: dict[str, str]) -> tuple[int, str, str]:
        """Post a form as the page's own form does, with the CSRF token of the page."""
        _status, page, _location = self.get(url)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert token, page[:500]
        data = urllib.parse.urlencode({**fields, "csrf_token": token.group(1)}).encode()
        return self._open(urllib.request.Request(url, data=data, method="POST"))

    def _open(self, request: urllib.request.Request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as answer:
            with answer:
                return answer.code, answer.read().decode(errors="replace"), answer.headers.get("Location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two gunicorn servers on one migrated PostgreSQL database with an editor account; their base URLs."""
    url = new_database_url(tmp_path, "mehrere", schema=False)
    migrate.upgrade(url)
    setup = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE_URL": url,
                        "INSTANCE_PATH": str(tmp_path / "instance"), "FILE_STORE_DIR": str(tmp_path / "files")})
    with setup.app_context():
        factory = Factory(db_session())
        factory.user("anna", roles={Role.EDITOR}, department=factory.department("Fachbereich Bauen"),
                     display_name="Anna Bau")
        db_session().commit()
    setup.extensions["minutes_database"].dispose()

    servers, logs = [], []
    try:
        for name in ("a", "b"):
            port = _free_port()
            config = {"INSTANCE_PATH": str(tmp_path / f"instance-{name}"),
                      "SEARCH_INDEX_DIR": str(tmp_path / f"index-{name}")}
            env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "FILE_STORE_DIR": str(tmp_path / "files"),
                   "LOGIN_MAX_FAILURES": "3", "LOGIN_BLOCK_SECONDS": "300"}
            log = tmp_path / f"server-{name}.log"
            logs.append(log)
            with log.open("wb") as output:
                servers.append((port, subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "2",
                     "--bind", f"127.0.0.1:{port}", f"minutes_app:create_app({config!r})"],
                    env=env, stdout=output, stderr=subprocess.STDOUT,
                )))
        for (port, server), log in zip(servers, logs, strict=True):
            _wait_until_serving(port, server, log)
        yield f"http://127.0.0.1:{servers[0][0]}", f"http://127.0.0.1:{servers[1][0]}"
    finally:
        for _port, server in servers:
            server.terminate()
        for _port, server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _sign_in(browser: Browser, base: str, password: str = PASSWORD) -> tuple[int, str, str]:
    return browser.post(f"{base}/anmelden", {"login": "anna", "password": password})


def test_a_vorlage_saved_on_one_server_is_on_the_other_at_once_and_the_sign_in_holds_on_both(two_servers):
    server_a, server_b = two_servers
    anna = Browser()
    status, _page, _location = _sign_in(anna, server_a)
    assert status == 302
    status, page, _location = anna.get(f"{server_b}/intern/")
    assert status == 200 and "Anna Bau" in page  # the cookie of server A is a valid sign-in on server B

    status, _page, location = anna.post(f"{server_a}/intern/vorlagen/neu", {
        "paper_type": "resolution", "name": "Radweg an der K 12 zwischen zwei Servern", "public": "1",
        "resolution_proposal": "Der Ausschuss stimmt zu.", "reasoning": "Begründung", "financial_impact": "",
    })
    assert status == 302, _page[:1000]
    path = urllib.parse.urlsplit(location).path
    status, page, _location = anna.get(f"{server_b}{path}")
    assert status == 200 and "Radweg an der K 12 zwischen zwei Servern" in page
    status, page, _location = anna.get(f"{server_b}/intern/vorlagen/")
    assert "Radweg an der K 12 zwischen zwei Servern" in page

    # Signing out on server B ends the session everywhere, also for a copy of the cookie.
    stolen = Browser()
    for cookie in anna.jar:
        stolen.jar.set_cookie(cookie)
    status, _page, _location = _sign_out(anna, server_b)
    assert status == 302
    status, _page, location = stolen.get(f"{server_a}/intern/")
    assert status == 302 and "/anmelden" in location


def test_a_vorlage_saved_on_one_server_is_found_by_the_search_of_the_other_at_once(two_servers):
    server_a, server_b = two_servers
    anna = Browser()
    assert _sign_in(anna, server_b)[0] == 302
    status, _page, _location = anna.post(f"{server_a}/intern/vorlagen/neu", {
        "paper_type": "resolution", "name": "Brückensanierung am Mühlgraben", "public": "1",
        "resolution_proposal": "Der Ausschuss stimmt zu.", "reasoning": "Tragwerk der Fußgängerbrücke",
        "financial_impact": "",
    })
    assert status == 302, _page[:1000]
    # The search entries were written in the saving transaction: server B finds them with its next request.
    status, page, _location = anna.get(f"{server_b}/intern/suche?q={urllib.parse.quote('Fußgängerbrücke')}")
    assert status == 200 and "Brückensanierung am Mühlgraben" in page
    status, page, _location = anna.get(f"{server_b}/intern/suche?q={urllib.parse.quote('Mühlgr*')}")
    assert "Brückensanierung am <mark>Mühlgraben</mark>" in page
    # A new Vorlage is a draft: the public search of either server does not know it.
    for base in (server_a, server_b):
        status, page, _location = Browser().get(f"{base}/suche?q={urllib.parse.quote('Fußgängerbrücke')}")
        assert status == 200 and "Brückensanierung" not in page


def _sign_out(browser: Browser, base: str) -> tuple[int, str, str]:
    """Press "Abmelden" (its form is on every internal page)."""
    _status, page, _location = browser.get(f"{base}/intern/")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token, page[:500]
    data = urllib.parse.urlencode({"csrf_token": token.group(1)}).encode()
    return browser._open(urllib.request.Request(f"{base}/abmelden", data=data, method="POST"))


def test_failed_logins_count_across_both_servers(two_servers):
    server_a, server_b = two_servers
    intruder = Browser()
    for base in (server_a, server_b, server_a):  # LOGIN_MAX_FAILURES is 3 on both servers
        status, page, _location = _sign_in(intruder, base, password="falsch-geraten")
        assert status == 200 and "nicht korrekt" in page
    status, page, _location = _sign_in(intruder, server_b)  # even the right password is refused now
    assert status == 429 and "Zu viele fehlgeschlagene Anmeldeversuche" in page
    status, page, _location = _sign_in(intruder, server_a)
    assert status == 429
