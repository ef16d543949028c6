"""Reading filter values from query parameters without ever failing on bad input."""
from __future__ import annotations

from datetime import date

from flask import request


def int_arg(name: str) -> int | None:
    """An integer parameter, or None when missing or malformed."""
    value = request.args.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def date_arg(name: str, errors: list[str], label: str) -> date | None:
    """A date parameter (YYYY-MM-DD); a malformed value adds a German message to ``errors``."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f"„{label}“ ist kein gültiges Datum (TT.MM.JJJJ).")
        return None


def month_arg(name: str, default: date) -> date:
    """The first day of the month given as YYYY-MM, or of ``default``'s month."""
    value = request.args.get(name, "").strip()
    try:
        year, month = (int(part) for part in value.split("-", 1))
        return date(year, month, 1)
    except ValueError:
        return default.replace(day=1)
