"""The public meeting page's validator and page cache: every change a citizen should see is seen at once,
a non-public item never leaks (not through the cache either), and logged-in users never get an anonymous copy."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import template_rendered
from sqlalchemy import event

from minutes_app.models import (
    AgendaItemResult,
    ConsultationRole,
    File,
    MeetingState,
    Minutes,
    MinutesState,
    PaperState,
    Role,
)
from minutes_app.web.portal.fresh import page_cache

from ..conftest import login

SECRET = "SCHWEIGEPFLICHT-0815"


@pytest.fixture
def town(factory, session) -> dict[str, Any]:
    """An invited meeting: a public item on a released Vorlage, a non-public item, minutes not yet published."""
    committee = factory.committee("Bauausschuss")
    meeting = factory.meeting(committee, MeetingState.HELD, name="Sitzung des Bauausschusses",
                              start_time=datetime.now(UTC) - timedelta(days=2))
    paper = factory.paper(name="Neubau der Kreisbibliothek", reasoning="Die Bibliothek ist zu klein.")
    paper.state = PaperState.RELEASED
    public_item = factory.agenda_item(meeting, "Neubau der Kreisbibliothek",
                                      resolution_text="Der Ausschuss empfiehlt den Neubau.",
                                      result=AgendaItemResult.ADOPTED, votes_yes=7, votes_no=2, votes_abstain=0)
    factory.consultation(paper, committee, ConsultationRole.DECISION, meeting=meeting, agenda_item=public_item)
    secret_item = factory.agenda_item(meeting, f"Kaufpreis {SECRET}", public=False,
                                      public_name="Grundstücksangelegenheit", resolution_text=SECRET)
    minutes = Minutes(meeting=meeting, state=MinutesState.DRAFT)
    session.add(minutes)
    session.flush()
    return {"meeting": meeting, "paper": paper, "item": public_item, "secret": secret_item, "minutes": minutes,
            "url": f"/sitzungen/{meeting.id}", "factory": factory, "session": session}


def _get(client, url: str, etag: str | None = None):  # type: ignore[no-untyped-def]
    return client.get(url, headers={"If-None-Match": etag} if etag else {})


def _file(name: str, key: str) -> File:
    return File(name=name, file_name=f"{name}.pdf", media_type="application/pdf", size=8, sha256=key[0] * 64,
                storage_key=key * 8)


def _add_item(t: dict[str, Any]) -> str:
    t["factory"].agenda_item(t["meeting"], "Zuschuss für den Sportverein", number="Ö 3")
    return "Zuschuss für den Sportverein"


def _edit_item(t: dict[str, Any]) -> str:
    t["item"].name = "Neubau der Kreisbibliothek am Markt"
    return "Neubau der Kreisbibliothek am Markt"


def _rename_paper(t: dict[str, Any]) -> str:
    t["paper"].name = "Neubau und Sanierung der Kreisbibliothek"
    return "Neubau und Sanierung der Kreisbibliothek"


def _add_file(t: dict[str, Any]) -> str:
    t["item"].files.append(_file("Lageplan Bibliothek", "abcd"))
    return "Lageplan Bibliothek"


def _release_minutes(t: dict[str, Any]) -> str:
    t["minutes"].state = MinutesState.CLOSED
    return "Der Ausschuss empfiehlt den Neubau."


def _open_secret_item(t: dict[str, Any]) -> str:
    t["secret"].public = True
    return f"Kaufpreis {SECRET}"


@pytest.mark.parametrize("change",
                         [_add_item, _edit_item, _rename_paper, _add_file, _release_minutes, _open_secret_item],
                         ids=["TOP hinzugefügt", "TOP geändert", "Vorlage umbenannt", "Datei hinzugefügt",
                              "Niederschrift veröffentlicht", "nichtöffentlicher TOP wird öffentlich"])
def test_every_change_a_citizen_should_see_changes_the_validator_and_the_page(
    client, town: dict[str, Any], change: Callable[[dict[str, Any]], str]
) -> None:
    before = _get(client, town["url"])
    assert _get(client, town["url"]).status_code == 200  # now the page is in the cache
    assert _get(client, town["url"], before.headers["ETag"]).status_code == 304
    expected = change(town)
    assert expected not in before.get_data(as_text=True)

    after = _get(client, town["url"], before.headers["ETag"])
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert expected in after.get_data(as_text=True)


def test_a_changed_vorlage_text_changes_the_validator(client, town: dict[str, Any]) -> None:
    before = _get(client, town["url"])
    town["paper"].reasoning = "Die Bibliothek ist zu klein und nicht barrierefrei."
    after = _get(client, town["url"], before.headers["ETag"])
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]


def test_a_meeting_made_public_appears_and_disappears_when_withdrawn(client, factory) -> None:
    meeting = factory.meeting(factory.committee("Kreisausschuss"), MeetingState.PLANNED, name="Sitzung im Frühjahr")
    factory.agenda_item(meeting, "Haushaltsplan")
    url = f"/sitzungen/{meeting.id}"
    assert _get(client, url).status_code == 404
    meeting.state, meeting.invitation_sent_at = MeetingState.INVITED, datetime.now(UTC)
    shown = _get(client, url)
    assert shown.status_code == 200 and "Haushaltsplan" in shown.get_data(as_text=True)
    assert _get(client, url).status_code == 200  # cached
    meeting.mark_deleted()
    assert _get(client, url).status_code == 404
    assert _get(client, url, shown.headers["ETag"]).status_code == 404


def test_a_non_public_item_never_reaches_anonymous_visitors_even_from_the_cache(client, town: dict[str, Any]) -> None:
    pages = [_get(client, town["url"]) for _ in range(3)]
    assert len(page_cache()) == 1
    for page in pages:
        html = page.get_data(as_text=True)
        assert SECRET not in html and "Grundstücksangelegenheit" in html
    # An item taken out of the public part vanishes at once, from every visitor's next page.
    town["item"].public = False
    hidden = _get(client, town["url"], pages[0].headers["ETag"])
    assert hidden.status_code == 200 and "Neubau der Kreisbibliothek" not in hidden.get_data(as_text=True)


def test_revalidation_and_cached_pages_render_nothing(client, app, town: dict[str, Any]) -> None:
    first = _get(client, town["url"])
    rendered: list[str] = []
    statements: list[str] = []

    def on_render(_app: object, template: Any, _context: object, **_extra: object) -> None:
        rendered.append(template.name)

    def trace(dbapi_connection: Any, _record: object) -> None:
        # The driver's own trace: the validator's statement bypasses SQLAlchemy's events.
        if hasattr(dbapi_connection, "set_trace_callback"):  # sqlite3
            dbapi_connection.set_trace_callback(statements.append)
            return

        class NotingCursor(dbapi_connection.cursor_factory):  # psycopg has no trace: note what cursors run
            def execute(self, query: Any, *args: Any, **kwargs: Any) -> Any:
                statements.append(str(query))
                return super().execute(query, *args, **kwargs)

        dbapi_connection.cursor_factory = NotingCursor

    database = app.extensions["minutes_database"]
    database.dispose()
    event.listen(database.read_engine, "connect", trace)
    try:
        with template_rendered.connected_to(on_render, app):
            not_modified = _get(client, town["url"], first.headers["ETag"])
            cached = _get(client, town["url"])
    finally:
        event.remove(database.read_engine, "connect", trace)
    assert not_modified.status_code == 304 and not not_modified.get_data()
    assert cached.get_data() == first.get_data() and cached.headers["ETag"] == first.headers["ETag"]
    assert rendered == []
    # The validator is read once after the dispose above (the pool's liveness ping ";" on PostgreSQL is not
    # the page's work), then kept until somebody commits a change.
    assert [s.split()[0] for s in statements if s.strip(" ;")] == ["SELECT"]
    assert "Cookie" in cached.headers["Vary"] and cached.headers["Cache-Control"] == "no-cache"


def test_logged_in_staff_never_get_the_cached_anonymous_page(client, factory, town: dict[str, Any]) -> None:
    anonymous = _get(client, town["url"])
    assert _get(client, town["url"]).status_code == 200 and len(page_cache()) == 1
    secretary = factory.user("schriftfuehrung", roles={Role.SECRETARY}, display_name="Petra Protokoll")
    login(client, secretary)
    for etag in (None, anonymous.headers["ETag"]):
        staff = _get(client, town["url"], etag)
        assert staff.status_code == 200
        html = staff.get_data(as_text=True)
        assert "Abmelden (Petra Protokoll)" in html and html != anonymous.get_data(as_text=True)
        assert staff.headers["Cache-Control"] == "no-store"
        assert staff.headers.get("ETag") != anonymous.headers["ETag"]
    assert len(page_cache()) == 1


def test_the_page_cache_keeps_at_most_the_configured_number_of_pages(app, client, factory) -> None:
    app.config["PAGE_CACHE_ENTRIES"] = 2
    committee = factory.committee("Schulausschuss")
    meetings = [factory.meeting(committee, MeetingState.INVITED, name=f"Sitzung {n}",
                                start_time=datetime(2026, 5, n, 16, tzinfo=UTC)) for n in (1, 2, 3)]
    for meeting in meetings:
        assert _get(client, f"/sitzungen/{meeting.id}").status_code == 200
    assert len(page_cache()) == 2


def test_the_meeting_list_shows_an_invited_or_renamed_meeting_at_once(client, factory) -> None:
    committee = factory.committee("Umweltausschuss")
    soon = datetime.now(UTC) + timedelta(days=5)
    meeting = factory.meeting(committee, MeetingState.PLANNED, name="Sitzung zum Klimaschutz", start_time=soon)
    before = _get(client, "/sitzungen")
    assert before.status_code == 200 and "Sitzung zum Klimaschutz" not in before.get_data(as_text=True)
    assert _get(client, "/sitzungen", before.headers["ETag"]).status_code == 304

    meeting.state, meeting.invitation_sent_at = MeetingState.INVITED, datetime.now(UTC)
    invited = _get(client, "/sitzungen", before.headers["ETag"])
    assert invited.status_code == 200 and "Sitzung zum Klimaschutz" in invited.get_data(as_text=True)
    committee.name = "Ausschuss für Umwelt und Klima"
    renamed = _get(client, "/sitzungen", invited.headers["ETag"])
    assert renamed.status_code == 200 and "Ausschuss für Umwelt und Klima" in renamed.get_data(as_text=True)
    # Another address (a filter) is another page with its own validator.
    filtered = _get(client, f"/sitzungen?gremium={committee.id}", renamed.headers["ETag"])
    assert filtered.status_code == 200 and filtered.headers["ETag"] != renamed.headers["ETag"]
