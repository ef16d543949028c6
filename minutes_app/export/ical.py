"""iCalendar feeds (RFC 5545) of public meetings, in Europe/Berlin time.

UIDs are stable per meeting, SEQUENCE grows with every change and a
cancelled meeting stays in the feed with STATUS:CANCELLED, so subscribed
calendar clients update or strike out the event instead of duplicating it.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from ..models import Meeting, MeetingState

BERLIN = ZoneInfo("Europe/Berlin")
PRODID = "-//Sitzungsdienst//Buergerinformationssystem//DE"

# The standard VTIMEZONE for Europe/Berlin (EU rules since 1996).
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _local(value: datetime) -> str:
    return value.astimezone(BERLIN).strftime("%Y%m%dT%H%M%S")


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(meeting: Meeting, base_url: str, host: str) -> list[str]:
    end = meeting.end_time or meeting.start_time + timedelta(hours=2)
    committees = ", ".join(org.name for org in meeting.organizations)
    summary = meeting.name if committees in meeting.name else f"{meeting.name} ({committees})"
    lines = [
        "BEGIN:VEVENT",
        f"UID:sitzung-{meeting.id}@{host}",
        f"DTSTAMP:{_utc(meeting.modified)}",
        f"LAST-MODIFIED:{_utc(meeting.modified)}",
        # Seconds since 2020 grow with every change, as SEQUENCE must.
        f"SEQUENCE:{max(0, int((meeting.modified - datetime(2020, 1, 1, tzinfo=UTC)).total_seconds()))}",
        f"DTSTART;TZID=Europe/Berlin:{_local(meeting.start_time)}",
        f"DTEND;TZID=Europe/Berlin:{_local(end)}",
        f"SUMMARY:{escape_text(('Abgesagt: ' if meeting.cancelled else '') + summary)}",
        f"URL:{base_url}/sitzungen/{meeting.id}",
    ]
    if meeting.place:
        lines.append(f"LOCATION:{escape_text(meeting.place)}")
    lines.append(f"STATUS:{'CANCELLED' if meeting.state is MeetingState.CANCELLED else 'CONFIRMED'}")
    lines.append("END:VEVENT")
    return lines


def build_calendar(meetings: Iterable[Meeting], *, name: str, base_url: str) -> bytes:
    """An iCalendar document with one event per (already public) meeting."""
    host = base_url.split("://", 1)[-1].split("/", 1)[0] or "localhost"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/Berlin",
        *VTIMEZONE,
    ]
    for meeting in meetings:
        lines.extend(_event(meeting, base_url.rstrip("/"), host))
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
