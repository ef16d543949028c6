"""Reading the portal's filter values from query parameters (through :mod:`minutes_app.web.params`)."""
from __future__ import annotations

from datetime import date

from .. import params


def int_arg(name: str) -> int | None:
    """An id-like integer parameter (year, committee), or None when missing or malformed."""
    return params.int_arg(name)


def date_arg(name: str, errors: list[str], label: str) -> date | None:
    """A date parameter; a malformed or out-of-range value adds a German message to ``errors``."""
    value, bad = params.date_arg(name)
    if bad:
        errors.append(f"„{label}“ ist kein gültiges Datum (TT.MM.JJJJ, zwischen 1900 und 2199).")
    return value


def month_arg(name: str, default: date) -> date:
    """The first day of the month given as YYYY-MM, or of ``default``'s month."""
    return params.month_arg(name, default)
