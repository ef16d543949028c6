"""A revalidated public page costs no query of the database's pools, and no change is missed for it:
a commit anywhere drops the kept validators, and so does a lost listening connection (PostgreSQL)."""
from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from minutes_app.database import CHANGES_CHANNEL
from minutes_app.freshness.changes import LISTENER_APPLICATION_NAME
from minutes_app.models import MeetingState

from .. import databases


@pytest.fixture
def public_meeting(app, factory, session) -> dict[str, Any]:
    meeting = factory.meeting(factory.committee("Kreisausschuss"), MeetingState.INVITED, name="Sitzung im Mai",
                              start_time=datetime.now(UTC) + timedelta(days=5))
    item = factory.agenda_item(meeting, "Neubau der Feuerwache")
    return {"url": f"/sitzungen/{meeting.id}", "item": item, "database_url": app.config["DATABASE_URL"]}


def _psycopg_url(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def _checkouts(app: Any) -> list[object]:
    """Every connection checked out of either pool is noted (a validator read needs one)."""
    database = app.extensions["minutes_database"]
    checked_out: list[object] = []
    for engine in {database.write_engine, database.read_engine}:
        event.listen(engine.pool, "checkout", lambda *args: checked_out.append(args))
    return checked_out


def test_a_revalidated_page_and_a_cached_page_need_no_database_at_all(client, app, public_meeting) -> None:
    first = client.get(public_meeting["url"])
    assert client.get(public_meeting["url"], headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    checked_out = _checkouts(app)
    for _ in range(3):
        assert client.get(public_meeting["url"], headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
        assert client.get(public_meeting["url"]).get_data() == first.get_data()
    assert checked_out == []


def _rename_elsewhere(database_url: str, item_id: int, name: str) -> None:
    """Another writer on the same database (another app server or process), announcing as each app server does."""
    if databases.on_postgresql():
        with psycopg.connect(_psycopg_url(database_url)) as other:
            other.execute("UPDATE agenda_items SET name = %s, modified = modified + interval '1 second' "
                          "WHERE id = %s", (name, item_id))
            other.execute(f"SELECT pg_notify('{CHANGES_CHANNEL}', '')")
            other.commit()
        return
    other = sqlite3.connect(make_url(database_url).database)
    try:
        with other:
            other.execute("UPDATE agenda_items SET name = ?, modified = datetime(modified, '+1 second') WHERE id = ?",
                          (name, item_id))
    finally:
        other.close()


def test_a_change_committed_by_another_app_server_changes_the_page_at_once(client, public_meeting) -> None:
    first = client.get(public_meeting["url"])
    client.get(public_meeting["url"], headers={"If-None-Match": first.headers["ETag"]})  # validator kept now
    _rename_elsewhere(public_meeting["database_url"], public_meeting["item"].id, "Neubau der Feuerwache Nord")
    after = client.get(public_meeting["url"], headers={"If-None-Match": first.headers["ETag"]})
    # PostgreSQL delivers the notification asynchronously: microseconds, but not before the commit returned.
    deadline = time.monotonic() + 5
    while databases.on_postgresql() and after.status_code == 304 and time.monotonic() < deadline:
        after = client.get(public_meeting["url"], headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and "Neubau der Feuerwache Nord" in after.get_data(as_text=True)


@pytest.mark.postgresql
def test_a_lost_listening_connection_drops_the_kept_validators(client, public_meeting) -> None:
    first = client.get(public_meeting["url"])
    assert client.get(public_meeting["url"], headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    with psycopg.connect(_psycopg_url(public_meeting["database_url"]), autocommit=True) as admin:
        # As in a database restart: the listener is gone, and a change committed now reaches no listener.
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                      (LISTENER_APPLICATION_NAME,))
        deadline = time.monotonic() + 10
        while admin.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                            (LISTENER_APPLICATION_NAME,)).fetchone() != (0,):
            assert time.monotonic() < deadline
            time.sleep(0.02)
        with admin.transaction():
            admin.execute("UPDATE agenda_items SET name = 'Neubau der Rettungswache', modified = modified + interval '1 second' WHERE id = %s",
                          (public_meeting["item"].id,))
            admin.execute(f"SELECT pg_notify('{CHANGES_CHANNEL}', '')")
    after = client.get(public_meeting["url"], headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and "Neubau der Rettungswache" in after.get_data(as_text=True)
    # Listening again: the new page is kept and revalidated without the database.
    assert client.get(public_meeting["url"], headers={"If-None-Match": after.headers["ETag"]}).status_code == 304
