"""Finding 4 of issue 17: bad numbers and dates never give a 500, and a 500 is logged with the id its page shows."""
from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import select

from minutes_app.models import Attendance, Meeting, Organization

from .conftest import demo_client, secretary_draft

HOSTILE_QUERIES = [
    "/vorlagen?jahr=²",
    "/vorlagen?gremium=99999999999999999999",
    "/sitzungen?gremium=²",
    "/sitzungen?bis=9999-12-31",
    "/sitzungen?von=0001-01-01",
    "/sitzungen?ansicht=kalender&monat=0001-01",
    "/sitzungen?ansicht=kalender&monat=9999-12",
    "/sitzungen?ansicht=kalender&monat=2026-13",
    "/suche?q=x&seite=²",
    "/suche?q=x&seite=99999999999999999999",
    "/suche?q=x&gremium=٣",
    "/suche?q=x&von=0001-01-01&bis=9999-12-31",
    "/vorlagen/99999999999999999999",
    "/sitzungen/99999999999999999999",
    "/anmelden?next=/%0D%0A/x",
]
INTERNAL_QUERIES = [
    "/intern/vorlagen/?year=²&department=99999999999999999999",
    "/intern/vorlagen/?page=99999999999999999999",
    "/intern/sitzungen/kalender?monat=0001-01",
    "/intern/sitzungen/kalender?monat=9999-12",
    "/intern/sitzungen/?gremium=²",
    "/intern/suche?q=x&seite=²&gremium=99999999999999999999",
    "/intern/verwaltung/protokoll?page=²",
]


@pytest.mark.parametrize("url", HOSTILE_QUERIES)
def test_hostile_query_strings_are_no_500(demo_app, url):
    response = demo_app.test_client().get(url)
    assert response.status_code in (200, 302, 404), (url, response.status_code)


def test_out_of_range_dates_get_a_german_message(demo_app):
    html = demo_app.test_client().get("/sitzungen?von=0001-01-01").get_data(as_text=True)
    assert "ist kein gültiges Datum" in html


@pytest.mark.parametrize("url", INTERNAL_QUERIES)
def test_hostile_internal_query_strings_are_no_500(demo_app, url):
    response = demo_client(demo_app, "admin").get(url)
    assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
    response = demo_client(demo_app, "schriftfuehrung").get(url)
    assert response.status_code in (200, 302, 403, 404), (url, response.status_code)


def _draft_minutes_meeting(demo_app):
    with demo_app.app_context():
        from minutes_app.extensions import db_session
        record = secretary_draft()
        meeting = record.meeting
        return meeting.id, [row.id for row in db_session().scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))], [i.id for i in meeting.agenda_items]


def test_superscript_digits_in_attendance_and_vote_fields_are_no_500(demo_app):
    meeting_id, rows, items = _draft_minutes_meeting(demo_app)
    client = demo_client(demo_app, "schriftfuehrung")
    data = {f"status-{rows[0]}": "present", f"represented_by-{rows[0]}": "²", f"arrival-{rows[0]}": "99999999999999999999",
            f"departure-{rows[0]}": "٣"}
    response = client.post(f"/intern/niederschriften/{meeting_id}/anwesenheit", data=data)
    assert response.status_code in (200, 302, 409, 422)
    page = client.get(f"/intern/niederschriften/{meeting_id}/top/{items[0]}").get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page) or re.search(r'value="(\d+)"[^>]*name="version"', page)
    response = client.post(
        f"/intern/niederschriften/{meeting_id}/top/{items[0]}",
        data={"version": version.group(1) if version else "²", "minutes_text": "Text", "resolution_text": "",
              "result": "", "votes_yes": "²", "votes_no": "99999999999999999999", "votes_abstain": "-1",
              "vote-²": "yes", "vote-99999999999999999999": "no"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Bitte geben Sie eine Stimmenzahl bis 100.000 an." in html or "ganze Zahl" in html


def test_a_series_from_year_one_is_refused_with_the_input_kept(demo_app):
    with demo_app.app_context():
        from minutes_app.extensions import db_session
        committee = db_session().scalars(select(Organization).where(Organization.short_name == "KA")).first()
        committee_id = committee.id if committee else None
    client = demo_client(demo_app, "schriftfuehrung")
    page = client.get("/intern/sitzungen/reihe").get_data(as_text=True)
    committee_id = committee_id or int(re.search(r'<option value="(\d+)"', page).group(1))
    response = client.post(
        "/intern/sitzungen/reihe",
        data={"organization_id": committee_id, "first_day": "0001-01-01", "rhythm": "2", "until": "",
              "start": "17:00", "end": "", "location_id": "", "location_text": "", "skip_dates": ""},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "zwischen 1900 und 2199" in html
    assert 'value="0001-01-01"' in html
    with demo_app.app_context():
        from minutes_app.extensions import db_session
        assert all(m.start_time.year >= 1900 for m in db_session().scalars(select(Meeting)))


def test_a_500_is_logged_with_the_request_id_the_page_shows(app, caplog):
    def broken() -> str:
        raise RuntimeError("kaputt")

    app.add_url_rule("/kaputt", "broken", broken)
    with caplog.at_level(logging.ERROR, logger=app.logger.name):
        response = app.test_client().get("/kaputt")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    shown = re.search(r"Fehlernummer <strong>([0-9a-f]{12})</strong>", html).group(1)
    assert response.headers["X-Request-ID"] == shown
    logged = [r for r in caplog.records if shown in r.getMessage()]
    assert logged and logged[0].exc_info is not None
    assert "kaputt" not in html
