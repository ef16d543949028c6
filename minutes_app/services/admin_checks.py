"""Input checks and change summaries shared by the administration services.

Every administration service collects all problems of one submission before it
raises, so the form can show every message at once instead of one per try.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import ColumnElement, or_

from .errors import ValidationFailed

# Deliberately loose: the address is only shown and used as a mailto link.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

REQUIRED_NAME = "Bitte geben Sie einen Namen an."
END_BEFORE_START = "Das Enddatum darf nicht vor dem Beginn liegen."


class Errors:
    """Collects German messages per field; the first message of a field wins."""

    def __init__(self) -> None:
        self.messages: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        """Remember ``message`` for ``field`` unless the field already has one."""
        self.messages.setdefault(field, message)

    def __contains__(self, field: str) -> bool:
        return field in self.messages

    def raise_if_any(self) -> None:
        """Raise :class:`ValidationFailed` with every collected message."""
        if self.messages:
            raise ValidationFailed(dict(self.messages))


def text(errors: Errors, field: str, value: str | None, *, max_length: int, required: str | None = None) -> str:
    """The trimmed text; records a message when it is missing (if ``required``) or too long."""
    cleaned = (value or "").strip()
    if not cleaned and required:
        errors.add(field, required)
    elif len(cleaned) > max_length:
        errors.add(field, f"Bitte geben Sie höchstens {max_length} Zeichen ein.")
    return cleaned


def email(errors: Errors, field: str, value: str | None) -> str:
    """An optional e-mail address, trimmed and checked for a plausible shape."""
    cleaned = text(errors, field, value, max_length=200)
    if cleaned and not _valid_email(cleaned):
        errors.add(field, "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@kreis.de.")
    return cleaned


def _valid_email(address: str) -> bool:
    """Syntax check by email-validator (no DNS lookups), the same rule the mail package applies."""
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return bool(_EMAIL.match(address))


def url(errors: Errors, field: str, value: str | None) -> str:
    """An optional web address; it must be absolute so that links leave the portal correctly."""
    cleaned = text(errors, field, value, max_length=300)
    if cleaned and not re.match(r"^https?://[^\s/]+\.[^\s]+$", cleaned):
        errors.add(field, "Bitte geben Sie eine vollständige Adresse mit https:// an, z. B. https://www.kreis.de.")
    return cleaned


def date_order(errors: Errors, start: date | None, end: date | None, field: str = "end_date") -> None:
    """Record a message when the end date lies before the start date."""
    if start is not None and end is not None and end < start:
        errors.add(field, END_BEFORE_START)


def whole_number(
    errors: Errors, field: str, value: int | None, *, low: int, high: int, missing: str | None = None
) -> int | None:
    """An integer within ``low``..``high``; ``None`` is allowed unless ``missing`` gives its message."""
    if value is None:
        if missing:
            errors.add(field, missing)
        return None
    if not low <= value <= high:
        errors.add(field, f"Bitte geben Sie eine Zahl von {low} bis {high} an.")
    return value


def like_pattern(word: str) -> str:
    """A LIKE pattern (escape character backslash) matching ``word`` anywhere, wildcards taken literally."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def contains_word(columns: Iterable[ColumnElement[str]], word: str) -> ColumnElement[bool]:
    """Any of ``columns`` contains ``word``, ignoring case.

    SQLite's LIKE folds only ASCII letters, so "özd" would miss "Özdemir";
    trying the lower, capitalized and upper spellings covers how names are written.
    """
    variants = {word.lower(), word.capitalize(), word.upper()}
    return or_(*(column.ilike(like_pattern(v), escape="\\") for column in columns for v in variants))


def snapshot(obj: object, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields``, to compare after an update."""
    return {name: getattr(obj, name) for name in fields}


def changed_labels(obj: object, before: dict[str, Any], labels: dict[str, str]) -> list[str]:
    """German labels of the fields whose value differs from ``before``."""
    return [labels[name] for name, old in before.items() if getattr(obj, name) != old and name in labels]


def change_summary(what: str, labels: list[str]) -> str:
    """One line for the audit trail, e.g. "Gremium „Kreistag“ geändert: Name, Kurzname"."""
    return f"{what} geändert: {', '.join(labels)}"
