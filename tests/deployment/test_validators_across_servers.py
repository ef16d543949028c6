"""Two app servers keep public pages' validators in memory, and a change saved through one ends them on the other.

A citizen's browser revalidates the meeting page on server B (304, no
database work); an editor renames an item through server A; the citizen's
very next revalidation on B, whichever of B's workers answers it, gets the
new page.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from minutes_app import create_app, migrate
from minutes_app.extensions import db_session
from minutes_app.models import MeetingState, Role

from ..databases import new_database_url
from ..factories import PASSWORD, Factory
from .test_several_servers import Browser, _free_port, _wait_until_serving

pytestmark = pytest.mark.postgresql

SECRET = "schluessel-beider-server"


@pytest.fixture
def servers_and_meeting(tmp_path: Path) -> Iterator[tuple[str, str, int, int]]:
    """Two gunicorn servers (2 workers each) on one PostgreSQL database with an invited meeting and its secretary."""
    url = new_database_url(tmp_path, "validatoren", schema=False)
    migrate.upgrade(url)
    setup = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE_URL": url,
                        "INSTANCE_PATH": str(tmp_path / "instance"), "FILE_STORE_DIR": str(tmp_path / "files")})
    with setup.app_context():
        factory = Factory(db_session())
        committee = factory.committee("Kreisausschuss")
        factory.user("amt", roles={Role.SECRETARY}, committees=[committee], display_name="Sitzungsdienst")
        meeting = factory.meeting(committee, MeetingState.INVITED, name="Sitzung im Juni",
                                  start_time=datetime.now(UTC) + timedelta(days=7))
        item = factory.agenda_item(meeting, "Neubau der Kreisbibliothek")
        ids = meeting.id, item.id
        db_session().commit()
    setup.extensions["minutes_database"].dispose()

    servers, bases = [], []
    try:
        for name in ("a", "b"):
            port = _free_port()
            config = {"INSTANCE_PATH": str(tmp_path / f"instance-{name}"),
                      "SEARCH_INDEX_DIR": str(tmp_path / f"index-{name}")}
            env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "FILE_STORE_DIR": str(tmp_path / "files")}
            log = tmp_path / f"server-{name}.log"
            with log.open("wb") as output:
                server = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "2",
                     "--bind", f"127.0.0.1:{port}", f"minutes_app:create_app({config!r})"],
                    env=env, stdout=output, stderr=subprocess.STDOUT,
                )
            servers.append(server)
            _wait_until_serving(port, server, log)
            bases.append(f"http://127.0.0.1:{port}")
        yield bases[0], bases[1], *ids
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _revalidate(url: str, etag: str) -> tuple[int, str, str]:
    """A browser's conditional GET: status, page and validator."""
    request = urllib.request.Request(url, headers={"If-None-Match": etag})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(), response.headers.get("ETag", "")
    except urllib.error.HTTPError as answer:
        with answer:
            return answer.code, answer.read().decode(errors="replace"), answer.headers.get("ETag", "")


def _rename(editor: Browser, base: str, meeting_id: int, item_id: int, name: str) -> None:
    url = f"{base}/intern/sitzungen/{meeting_id}/tagesordnung/{item_id}/bearbeiten"
    _status, form, _location = editor.get(url)
    version = (re.search(r'name="title_version"[^>]*value="([^"]*)"', form)
               or re.search(r'value="([^"]*)"[^>]*name="title_version"', form))
    assert version, form[:500]
    status, page, _location = editor.post(url, {"name": name, "title_version": version.group(1)})
    assert status == 302, page[:1000]


def test_an_item_renamed_through_one_server_is_revalidated_anew_on_the_other_at_once(servers_and_meeting):
    server_a, server_b, meeting_id, item_id = servers_and_meeting
    page = f"{server_b}/sitzungen/{meeting_id}"
    _status, html, etag = _revalidate(page, '"nichts"')
    assert "Neubau der Kreisbibliothek" in html
    for _ in range(6):  # every worker of B now keeps the validator
        assert _revalidate(page, etag)[0] == 304

    editor = Browser()
    status, _page, _location = editor.post(f"{server_a}/anmelden", {"login": "amt", "password": PASSWORD})
    assert status == 302
    for name in ("Neubau der Kreisbibliothek am Markt", "Sanierung der Kreisbibliothek"):
        _rename(editor, server_a, meeting_id, item_id, name)
        # Right after the save, as a citizen who reloads: whichever worker of B answers has the new page.
        for _ in range(4):
            status, html, new_etag = _revalidate(page, etag)
            assert status == 200 and name in html and new_etag != etag
        etag = new_etag
        assert _revalidate(page, etag)[0] == 304
