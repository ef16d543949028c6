"""Ladungsfrist: calendar days, the day-counting settings, weekends, committee overrides."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from minutes_app.services import notice_period
from minutes_app.services.notice_period import NoticeRule

THURSDAY = date(2026, 3, 12)


def test_default_rule_needs_seven_full_days_between_dispatch_and_meeting():
    rule = NoticeRule(days=7)
    # Full days 5.–11. March lie between Wednesday 4 March and Thursday 12 March.
    on_time = notice_period.check(date(2026, 3, 4), THURSDAY, rule)
    late = notice_period.check(date(2026, 3, 5), THURSDAY, rule)
    assert on_time.on_time and on_time.counted_days == 7
    assert not late.on_time and late.counted_days == 6
    assert late.latest_dispatch_date == date(2026, 3, 4)


@pytest.mark.parametrize(
    ("dispatch_counts", "meeting_counts", "latest"),
    [
        (False, False, date(2026, 3, 4)),
        (True, False, date(2026, 3, 5)),
        (False, True, date(2026, 3, 5)),
        (True, True, date(2026, 3, 6)),
    ],
)
def test_counting_the_dispatch_day_or_meeting_day_allows_a_later_dispatch(dispatch_counts, meeting_counts, latest):
    rule = NoticeRule(days=7, counts_dispatch_day=dispatch_counts, counts_meeting_day=meeting_counts)
    assert notice_period.latest_dispatch_date(THURSDAY, rule) == latest
    assert notice_period.check(latest, THURSDAY, rule).on_time
    assert not notice_period.check(latest + timedelta(days=1), THURSDAY, rule).on_time


def test_weekend_days_count_like_any_other_day():
    monday = date(2026, 3, 16)
    rule = NoticeRule(days=3)
    # Friday → Monday: only Saturday and Sunday lie between; Thursday adds Friday.
    assert not notice_period.check(date(2026, 3, 13), monday, rule).on_time
    assert notice_period.check(date(2026, 3, 12), monday, rule).on_time
    assert notice_period.counted_days(date(2026, 3, 12), monday, rule) == 3


def test_a_deadline_on_a_sunday_is_not_moved_to_a_working_day():
    latest = notice_period.latest_dispatch_date(date(2026, 3, 16), NoticeRule(days=7))
    assert latest == date(2026, 3, 8) and latest.weekday() == 6  # Sunday


def test_period_across_the_month_end_and_the_clock_change():
    # Summer time begins on 29 March 2026; calendar days are unaffected.
    assert notice_period.latest_dispatch_date(date(2026, 4, 2), NoticeRule(days=7)) == date(2026, 3, 25)


def test_invitation_on_the_meeting_day_or_after_is_never_on_time():
    rule = NoticeRule(days=1, counts_dispatch_day=True, counts_meeting_day=True)
    assert not notice_period.check(THURSDAY, THURSDAY, rule).on_time
    assert notice_period.check(THURSDAY - timedelta(days=1), THURSDAY, rule).on_time
    assert not notice_period.check(THURSDAY + timedelta(days=1), THURSDAY, NoticeRule(days=0)).on_time


def test_zero_days_allows_an_invitation_up_to_the_meeting_day():
    assert notice_period.check(THURSDAY, THURSDAY, NoticeRule(days=0)).on_time


@pytest.mark.parametrize("days", range(0, 12))
@pytest.mark.parametrize("dispatch_counts", [False, True])
@pytest.mark.parametrize("meeting_counts", [False, True])
def test_latest_dispatch_date_is_the_last_day_that_keeps_the_period(days, dispatch_counts, meeting_counts):
    rule = NoticeRule(days, dispatch_counts, meeting_counts)
    candidates = [THURSDAY - timedelta(days=n) for n in range(0, 20)]
    keeping = [d for d in candidates if d < THURSDAY or days == 0]
    keeping = [d for d in keeping if notice_period.counted_days(d, THURSDAY, rule) >= days]
    assert notice_period.latest_dispatch_date(THURSDAY, rule) == max(keeping)


def test_committee_period_overrides_the_body_and_a_joint_meeting_takes_the_longest(factory):
    body = factory.body
    body.notice_period_days = 7
    body.notice_counts_meeting_day = True
    short = factory.committee(notice_period_days=3)
    default = factory.committee()
    assert notice_period.rule_for(body, [short]) == NoticeRule(3, False, True)
    assert notice_period.rule_for(body, [short, default]).days == 7
    assert notice_period.rule_for(body, [factory.committee(notice_period_days=10), default]).days == 10


def test_rule_is_described_in_german():
    text = NoticeRule(days=7).describe()
    assert text.startswith("7 Kalendertage")
    assert "der Tag der Absendung und der Sitzungstag zählen nicht mit" in text
    assert "Wochenenden und Feiertage zählen mit" in text
    assert NoticeRule(1, True, False).describe().startswith("1 Kalendertag;")
