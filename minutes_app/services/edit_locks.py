"""Optimistic locking: a save based on an older state of a record is refused instead of undoing someone's work.

Each edited record has an integer counter column. A form carries the counter it
was loaded at; :func:`claim` raises it with one conditional UPDATE, so of two
writers saving at the same moment exactly one wins, on SQLite and PostgreSQL
alike, and the other gets a German conflict message with its input kept.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from .errors import ValidationFailed


def claim(session: Session, record: Any, counter: str, expected: int, *, field: str, message: str) -> None:
    """Raise ``record.<counter>`` from ``expected`` by one, or raise :class:`ValidationFailed` on ``field``."""
    model = type(record)
    column = getattr(model, counter)
    claimed = session.execute(
        update(model)
        .where(model.id == record.id, column == expected)
        .values({counter: column + 1})
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise ValidationFailed({field: message})
    set_committed_value(record, counter, expected + 1)
