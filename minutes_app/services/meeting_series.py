"""Sitzungsreihen: the regular meetings of a committee for up to a year, planned at once.

A series repeats every one to four weeks on the weekday of its first date, or
monthly on the same weekday of the month ("jeden 2. Donnerstag"; a fifth
weekday means the last one of the month). Given dates (holidays, school
holidays) are skipped. Every meeting of the series is an ordinary planned
meeting created through :func:`.meetings.create_meeting`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from ..models import Meeting, User
from .errors import ValidationFailed
from .meetings import MeetingData, create_meeting, format_day

MONTHLY = "monthly"
RHYTHMS = {
    "1": "jede Woche",
    "2": "jede zweite Woche",
    "3": "jede dritte Woche",
    "4": "jede vierte Woche",
    MONTHLY: "monatlich am gleichen Wochentag (z. B. jeden 2. Donnerstag im Monat)",
}
MAX_SPAN_DAYS = 366
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y")


@dataclass(kw_only=True)
class SeriesData:
    """The pattern of a series: first date, end, rhythm, times, place and dates to skip."""

    organization_id: int | None = None
    name: str = ""
    first_day: date | None = None
    until: date | None = None
    rhythm: str = "2"
    start: time | None = None
    end: time | None = None
    location_id: int | None = None
    location_text: str = ""
    joint_organization_ids: list[int] = field(default_factory=list)
    skip_dates: str = ""


@dataclass(frozen=True)
class SeriesResult:
    """The planned meetings, the dates skipped as asked, and skip dates that were no date of the series."""

    meetings: list[Meeting]
    skipped: list[date]
    not_in_series: list[date]


def parse_dates(text: str) -> tuple[list[date], list[str]]:
    """Dates separated by commas, semicolons, spaces or line breaks; returns (dates, unreadable parts)."""
    dates: list[date] = []
    bad: list[str] = []
    for token in (t for t in re.split(r"[\s,;]+", text.strip()) if t):
        for fmt in DATE_FORMATS:
            try:
                dates.append(datetime.strptime(token, fmt).date())  # noqa: DTZ007 (a calendar day, no time)
                break
            except ValueError:
                continue
        else:
            bad.append(token)
    return [d for d in dates if EARLIEST_DAY <= d <= LATEST_DAY], bad + [
        d.strftime("%d.%m.%Y") for d in dates if not EARLIEST_DAY <= d <= LATEST_DAY
    ]


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The ``nth`` given weekday of the month; when the month has fewer, its last one."""
    first = date(year, month, 1)
    day = 1 + (weekday - first.weekday()) % 7 + 7 * (nth - 1)
    while day > calendar.monthrange(year, month)[1]:
        day -= 7
    return date(year, month, day)


def series_dates(first_day: date, until: date, rhythm: str) -> list[date]:
    """All dates of the pattern from ``first_day`` up to and including ``until``."""
    if rhythm == MONTHLY:
        nth = (first_day.day - 1) // 7 + 1
        dates: list[date] = []
        year, month = first_day.year, first_day.month
        while True:
            day = _nth_weekday(year, month, first_day.weekday(), nth)
            if day > until:
                return dates
            if day >= first_day:
                dates.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    step = timedelta(weeks=int(rhythm))
    dates = []
    day = first_day
    while day <= until:
        dates.append(day)
        day += step
    return dates


#: The calendar range a series may lie in (the same as the web layer's date range).
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2199, 12, 31)


def _check(data: SeriesData) -> tuple[date, date, list[date]]:
    errors: dict[str, str] = {}
    if data.first_day is None:
        errors["first_day"] = "Bitte geben Sie den ersten Termin der Reihe an, z. B. 12.03.2026."
    if data.rhythm not in RHYTHMS:
        errors["rhythm"] = "Bitte wählen Sie einen Rhythmus aus."
    skip, bad = parse_dates(data.skip_dates)
    if bad:
        errors["skip_dates"] = (
            f"Diese Angaben sind kein gültiges Datum: {', '.join(bad)}. "
            "Bitte schreiben Sie z. B. 24.12.2026, 31.12.2026."
        )
    first = data.first_day
    until = data.until
    # Meetings far outside the present break date arithmetic (year 1, year 9999) and are typing mistakes.
    for name, day in (("first_day", first), ("until", until)):
        if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
            errors[name] = "Bitte geben Sie ein Datum zwischen 1900 und 2199 an."
            if name == "first_day":
                first = None
            else:
                until = None
    if first is not None:
        if until is None:
            until = _one_year_on(first)
        if until < first:
            errors["until"] = "Das Ende der Reihe muss nach dem ersten Termin liegen."
        elif (until - first).days > MAX_SPAN_DAYS:
            errors["until"] = "Eine Reihe kann höchstens ein Jahr umfassen."
    if errors or first is None or until is None:
        raise ValidationFailed(errors)
    return first, until, skip


def _one_year_on(first: date) -> date:
    """The day before the same date a year later (29 February → 27 February)."""
    try:
        return first.replace(year=first.year + 1) - timedelta(days=1)
    except ValueError:
        return date(first.year + 1, 2, 27)


def create_series(session: Session, actor: User | None, data: SeriesData) -> SeriesResult:
    """Plan every meeting of the series (state Geplant), numbered on from the committee's last number."""
    first, until, skip = _check(data)
    all_dates = series_dates(first, until, data.rhythm)
    skip_set = set(skip)
    dates = [d for d in all_dates if d not in skip_set]
    if not dates:
        raise ValidationFailed({"skip_dates": "Nach dem Auslassen der angegebenen Tage bleibt kein Termin übrig."})
    meetings: list[Meeting] = []
    for day in dates:
        template = MeetingData(
            organization_id=data.organization_id,
            name=data.name,
            day=day,
            start=data.start,
            end=data.end,
            location_id=data.location_id,
            location_text=data.location_text,
            joint_organization_ids=data.joint_organization_ids,
        )
        try:
            meetings.append(create_meeting(session, actor, template))
        except ValidationFailed as failed:
            # The same input fails for every date; report it on the series form's fields.
            errors = {("first_day" if key == "day" else key): message for key, message in failed.errors.items()}
            raise ValidationFailed(errors) from failed
    return SeriesResult(
        meetings=meetings,
        skipped=sorted(d for d in all_dates if d in skip_set),
        not_in_series=sorted(skip_set - set(all_dates)),
    )


def describe_dates(days: list[date]) -> str:
    """Dates as a German list for messages."""
    return ", ".join(format_day(d) for d in days)
