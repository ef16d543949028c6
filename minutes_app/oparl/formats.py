"""OParl 1.1 value formats: type URLs, dates, date-times with offset, filter values, empty-field rule.

OParl wants ``yyyy-mm-ddThh:mm:ss±hh:mm`` (explicit offset, no fractions);
we write Europe/Berlin local time because that is what clients show. Optional
fields without data are left out, never ``null`` or ``""`` (spec §"JSON").
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

OPARL_VERSION = "https://schema.oparl.org/1.1/"
BERLIN = ZoneInfo("Europe/Berlin")
#: Keys whose empty list is meaningful (required lists may be ``[]``).
KEEP_EMPTY = frozenset({"legislativeTerm", "agendaItem"})


def type_url(name: str) -> str:
    """The ``type`` value of an OParl object, e.g. ``https://schema.oparl.org/1.1/Paper``."""
    return OPARL_VERSION + name


def date_time(value: datetime | None) -> str | None:
    """A timezone-aware moment as OParl date-time in Berlin time, e.g. ``2026-03-12T17:00:00+01:00``."""
    if value is None:
        return None
    return value.astimezone(BERLIN).replace(microsecond=0).isoformat()


def day(value: date | None) -> str | None:
    """A calendar day as ``yyyy-mm-dd``."""
    return value.isoformat() if value is not None else None


def parse_date_time(text: str) -> datetime:
    """A filter value like ``2026-01-01T00:00:00+01:00``; a raw ``+`` that arrived as a space is repaired.

    A value without offset is read as Berlin time. Raises ``ValueError`` with a German message.
    """
    cleaned = text.strip().replace(" ", "+")
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(cleaned)
    except ValueError as error:
        raise ValueError(
            f"„{text}“ ist kein gültiger Zeitpunkt; erwartet wird z. B. 2026-01-01T00:00:00+01:00."
        ) from error
    return value if value.tzinfo is not None else value.replace(tzinfo=BERLIN)


def compact(fields: dict[str, Any]) -> dict[str, Any]:
    """The object without empty optional fields (``None``, ``""``, ``[]``, ``{}``)."""
    return {
        key: value
        for key, value in fields.items()
        if not (value is None or value == "" or (value in ([], {}) and key not in KEEP_EMPTY))
    }
