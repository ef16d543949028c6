"""The one place where numbers and dates typed by users (query strings, form fields, URL parts) are parsed.

Every parser accepts only ASCII digits ("²" and "٣" pass ``str.isdigit()`` but are no
numbers a person types here), bounds numbers to what the database can hold and
dates to a sane calendar range, and answers bad input with ``None`` (or a
ValueError for WTForms coercion) — never with an exception that becomes a 500.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from flask import request
from werkzeug.routing import IntegerConverter
from wtforms import Field, Form
from wtforms.validators import ValidationError

#: Ids fit PostgreSQL's ``integer`` (and SQLite's 64-bit integers with room to spare).
MAX_ID = 2**31 - 1
#: Dates before or after this range are typing mistakes, and Python's date arithmetic breaks at the edges.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
DATE_RANGE_MESSAGE = "Bitte geben Sie ein Datum zwischen 1900 und 2199 an."

_DIGITS = re.compile(r"[0-9]{1,18}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")


def parse_int(raw: object, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """``raw`` as an int in [minimum, maximum], or None for anything else."""
    text = str(raw).strip() if raw is not None else ""
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def parse_id(raw: object) -> int | None:
    """A database id (1 … MAX_ID) or None."""
    return parse_int(raw, minimum=1)


def coerce_id(value: Any) -> int | None:
    """WTForms ``coerce`` for id selects: the empty option is None, anything not an id a ValueError."""
    if value in ("", None):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    parsed = parse_int(value)  # 0 is allowed: some selects use it for "bitte wählen"
    if parsed is None:
        raise ValueError("keine gültige Auswahl")
    return parsed


def in_date_range(value: date) -> bool:
    """Whether ``value`` lies in the accepted calendar range."""
    day = value.date() if isinstance(value, datetime) else value
    return EARLIEST_DATE <= day <= LATEST_DATE


def parse_date(raw: object) -> date | None:
    """A date typed as YYYY-MM-DD (date pickers) or TT.MM.JJJJ (people), inside the accepted range."""
    text = str(raw).strip() if raw is not None else ""
    if not text or len(text) > 10 or not text.isascii():
        return None
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d.%m.%Y").date()):  # noqa: DTZ007
        try:
            value = parse(text)
        except ValueError:
            continue
        return value if in_date_range(value) else None
    return None


def parse_month(raw: object) -> date | None:
    """The first day of a month typed as YYYY-MM, inside the accepted range."""
    match = _MONTH.fullmatch(str(raw).strip() if raw is not None else "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    first = date(int(match.group(1)), int(match.group(2)), 1)
    return first if in_date_range(first) else None


def int_arg(name: str, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """An integer query parameter, or None when missing or unusable."""
    return parse_int(request.args.get(name, ""), minimum=minimum, maximum=maximum)


def id_arg(name: str) -> int | None:
    """An id query parameter, or None."""
    return parse_id(request.args.get(name, ""))


def page_arg(name: str, *, maximum: int = 1000) -> int:
    """A page number (1 … maximum); anything else is page 1."""
    return parse_int(request.args.get(name, ""), minimum=1, maximum=maximum) or 1


def date_arg(name: str) -> tuple[date | None, bool]:
    """A date query parameter and whether a value was given but unusable."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None, False
    value = parse_date(raw)
    return value, value is None


def month_arg(name: str, default: date) -> date:
    """The first day of the month in ``?name=YYYY-MM``, else of ``default``'s month."""
    return parse_month(request.args.get(name, "")) or default.replace(day=1)


class SaneDate:
    """WTForms validator: a date (or date and time) inside the accepted calendar range."""

    def __init__(self, message: str = DATE_RANGE_MESSAGE) -> None:
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        if field.data is not None and not in_date_range(field.data):
            raise ValidationError(self.message)


class IdConverter(IntegerConverter):
    """``<int:…>`` in URLs: at most MAX_ID, so an overlong number is a 404, not a database overflow."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
