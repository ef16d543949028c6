"""Sitzungsreihen: a year of regular meetings at once, skipping given dates."""

from __future__ import annotations

from datetime import date, time

import pytest

from minutes_app.models import MeetingState
from minutes_app.services import meeting_series, meetings
from minutes_app.services.errors import ValidationFailed
from minutes_app.services.meeting_series import SeriesData


def _series(committee, **kw) -> SeriesData:
    values = {"organization_id": committee.id, "first_day": date(2026, 1, 8), "start": time(17, 0), "rhythm": "2"}
    values.update(kw)
    return SeriesData(**values)


def test_every_second_thursday_for_a_year_skipping_given_dates(factory, session):
    committee = factory.committee("Bauausschuss")
    result = meeting_series.create_series(
        session, None, _series(committee, skip_dates="2.4.2026; 24.12.2026\n31.12.2026 1.1.2026")
    )
    days = [meetings.local_date(m.start_time) for m in result.meetings]
    assert days[0] == date(2026, 1, 8) and all(d.weekday() == 3 for d in days)
    assert date(2026, 4, 2) not in days and date(2026, 12, 24) not in days
    assert max(days) <= date(2027, 1, 7)
    assert len(days) == 27 - 2  # 27 fortnightly Thursdays up to 7 January 2027, two skipped
    assert result.skipped == [date(2026, 4, 2), date(2026, 12, 24)]
    assert result.not_in_series == [date(2026, 1, 1), date(2026, 12, 31)]
    assert [m.number for m in result.meetings[:3]] == ["1/2026", "2/2026", "3/2026"]
    assert {m.state for m in result.meetings} == {MeetingState.PLANNED}
    assert {m.name for m in result.meetings} == {"Sitzung Bauausschuss"}


def test_monthly_on_the_same_weekday_of_the_month(factory, session):
    committee = factory.committee()
    # Thursday 12 March 2026 is the second Thursday of March.
    result = meeting_series.create_series(
        session, None, _series(committee, first_day=date(2026, 3, 12), until=date(2026, 6, 30), rhythm="monthly")
    )
    assert [meetings.local_date(m.start_time) for m in result.meetings] == [
        date(2026, 3, 12),
        date(2026, 4, 9),
        date(2026, 5, 14),
        date(2026, 6, 11),
    ]


def test_a_fifth_weekday_means_the_last_one_of_the_month():
    dates = meeting_series.series_dates(date(2026, 1, 29), date(2026, 3, 31), "monthly")
    assert dates == [date(2026, 1, 29), date(2026, 2, 26), date(2026, 3, 26)]


def test_series_numbering_continues_after_existing_meetings(factory, session):
    committee = factory.committee()
    meetings.create_meeting(
        session, None, meetings.MeetingData(organization_id=committee.id, day=date(2026, 1, 2), start=time(9, 0))
    )
    result = meeting_series.create_series(session, None, _series(committee, until=date(2026, 1, 31)))
    assert [m.number for m in result.meetings] == ["2/2026", "3/2026"]


def test_bad_series_input_gets_german_messages(factory, session):
    committee = factory.committee()
    with pytest.raises(ValidationFailed) as failed:
        meeting_series.create_series(
            session, None, _series(committee, until=date(2027, 6, 1), skip_dates="24.12.2026, Heiligabend, 31.13.2026")
        )
    errors = failed.value.errors
    assert errors["until"] == "Eine Reihe kann höchstens ein Jahr umfassen."
    assert errors["skip_dates"].startswith("Diese Angaben sind kein gültiges Datum: Heiligabend, 31.13.2026.")
    with pytest.raises(ValidationFailed) as failed:
        meeting_series.create_series(session, None, _series(committee, first_day=None, start=None))
    assert "ersten Termin" in failed.value.errors["first_day"]
    with pytest.raises(ValidationFailed) as failed:
        meeting_series.create_series(session, None, _series(committee, start=None))
    assert failed.value.errors["start"].startswith("Bitte geben Sie den Beginn an")


def test_series_that_skips_every_date_is_refused(factory, session):
    committee = factory.committee()
    with pytest.raises(ValidationFailed) as failed:
        meeting_series.create_series(
            session, None, _series(committee, until=date(2026, 1, 10), skip_dates="08.01.2026")
        )
    assert failed.value.errors["skip_dates"] == "Nach dem Auslassen der angegebenen Tage bleibt kein Termin übrig."
