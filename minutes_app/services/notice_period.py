"""Ladungsfrist: whether an invitation sent on one day reaches a meeting in time.

The rule, as most Geschäftsordnungen word it ("zwischen dem Tag der Absendung
und dem Sitzungstag müssen mindestens N volle Tage liegen"):

* the period counts **calendar days**; Saturdays, Sundays and public holidays
  count like any other day, and nothing is moved when the period starts or ends
  on such a day (§ 193 BGB is about declarations due by a deadline, not about a
  period that runs back from a meeting);
* the full days strictly between the day of dispatch and the meeting day count;
  the day of dispatch and the meeting day count only when the body's settings
  say so (``Body.notice_counts_dispatch_day`` / ``notice_counts_meeting_day``);
* a committee's own ``Organization.notice_period_days`` overrides the body's
  ``notice_period_days``; a joint meeting follows the longest period of its
  committees, so the invitation is on time for every one of them.

Everything here is pure: dates in, answers out (the caller turns timestamps into
local dates).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from ..models import Body, Organization


@dataclass(frozen=True)
class NoticeRule:
    """The Ladungsfrist in days and which of the two boundary days count."""

    days: int
    counts_dispatch_day: bool = False
    counts_meeting_day: bool = False

    def describe(self) -> str:
        """The rule in one German sentence for the invitation page."""
        unit = "Kalendertag" if self.days == 1 else "Kalendertage"
        boundary = {
            (False, False): "der Tag der Absendung und der Sitzungstag zählen nicht mit",
            (True, False): "der Tag der Absendung zählt mit, der Sitzungstag nicht",
            (False, True): "der Sitzungstag zählt mit, der Tag der Absendung nicht",
            (True, True): "der Tag der Absendung und der Sitzungstag zählen mit",
        }[(self.counts_dispatch_day, self.counts_meeting_day)]
        return f"{self.days} {unit}; {boundary}; Wochenenden und Feiertage zählen mit."


@dataclass(frozen=True)
class NoticeCheck:
    """The answer for one dispatch day and one meeting day."""

    rule: NoticeRule
    dispatch_date: date
    meeting_date: date
    latest_dispatch_date: date
    counted_days: int

    @property
    def on_time(self) -> bool:
        """Whether the invitation keeps the Ladungsfrist."""
        return self.dispatch_date <= self.latest_dispatch_date


def rule_for(body: Body, committees: Iterable[Organization]) -> NoticeRule:
    """The rule that applies to a meeting of ``committees`` (the longest period wins)."""
    periods = [
        c.notice_period_days if c.notice_period_days is not None else body.notice_period_days for c in committees
    ]
    return NoticeRule(
        days=max(periods, default=body.notice_period_days),
        counts_dispatch_day=body.notice_counts_dispatch_day,
        counts_meeting_day=body.notice_counts_meeting_day,
    )


def counted_days(dispatch_date: date, meeting_date: date, rule: NoticeRule) -> int:
    """How many days of the period lie between dispatch and meeting under ``rule``."""
    if dispatch_date >= meeting_date:
        return 0
    between = (meeting_date - dispatch_date).days - 1
    return between + int(rule.counts_dispatch_day) + int(rule.counts_meeting_day)


def latest_dispatch_date(meeting_date: date, rule: NoticeRule) -> date:
    """The last day on which the invitation may go out."""
    if rule.days == 0:
        return meeting_date
    # counted_days(d) = (meeting - d) - 1 + boundary days >= days  <=>  meeting - d >= days + 1 - boundary days;
    # sending on the meeting day itself never counts, hence at least one day before.
    offset = max(rule.days + 1 - int(rule.counts_dispatch_day) - int(rule.counts_meeting_day), 1)
    return meeting_date - timedelta(days=offset)


def check(dispatch_date: date, meeting_date: date, rule: NoticeRule) -> NoticeCheck:
    """Check an invitation sent on ``dispatch_date`` for a meeting on ``meeting_date``."""
    return NoticeCheck(
        rule=rule,
        dispatch_date=dispatch_date,
        meeting_date=meeting_date,
        latest_dispatch_date=latest_dispatch_date(meeting_date, rule),
        counted_days=counted_days(dispatch_date, meeting_date, rule),
    )
