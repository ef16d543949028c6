"""Jinja filters for German dates, times and state labels (Europe/Berlin)."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from flask import Flask, g, has_request_context, request
from markupsafe import Markup

from .. import redaction
from ..extensions import db_session
from ..services import markup

BERLIN = ZoneInfo("Europe/Berlin")


def local(value: datetime) -> datetime:
    """The timestamp in Berlin time."""
    return value.astimezone(BERLIN)


def date_de(value: date | datetime | None, fmt: str = "dd.MM.yyyy") -> str:
    """German date, e.g. 12.03.2026 (``fmt="full"``: Donnerstag, 12. März 2026)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    return format_date(value, format=fmt, locale="de_DE")


def time_de(value: datetime | None) -> str:
    """German time, e.g. 17:00."""
    if value is None:
        return ""
    return format_time(local(value), format="HH:mm", locale="de_DE")


def datetime_de(value: datetime | None) -> str:
    """German date and time, e.g. 12.03.2026, 17:00 Uhr."""
    if value is None:
        return ""
    return format_datetime(local(value), format="dd.MM.yyyy, HH:mm", locale="de_DE") + " Uhr"


def _internal_request() -> bool:
    """Whether the page belongs to the internal area, the only place redactions are revealed."""
    return has_request_context() and request.path.startswith("/intern")


def _public_names() -> tuple[str, ...]:
    if "redaction_names" not in g:
        g.redaction_names = redaction.public_names(db_session())
    return g.redaction_names  # type: ignore[no-any-return]


def markup_filter(value: str | None, heading_level: int = 3) -> Markup:
    """Long texts in the safe markup, rendered to sanitized HTML (``{{ text|markup }}``).

    Outside ``/intern`` this is the public version: redacted passages and the
    body's always-redacted names show as "[geschwärzt]". Internal pages show the
    original with the redactions marked.
    """
    if _internal_request():
        return markup.to_html(value, heading_level=heading_level, reveal=True)
    names = _public_names() if has_request_context() else ()
    return markup.to_html(value, heading_level=heading_level, names=names)


def register(app: Flask) -> None:
    """Make the filters available in templates."""
    app.add_template_filter(markup_filter, "markup")
    # The German syntax help, so every markup textarea can show it.
    app.jinja_env.globals.update(markup_syntax_help=markup.SYNTAX_HELP, markup_hint=markup.HINT)
    app.add_template_filter(date_de)
    app.add_template_filter(time_de)
    app.add_template_filter(datetime_de)
