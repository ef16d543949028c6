"""Vorlage reference numbers: running per body and year, unique, never reused."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import Body, PaperReferenceCounter

DEFAULT_FORMAT = "{number:03d}/{year}"


def format_reference(pattern: str, number: int, year: int) -> str:
    """Render a reference number in the body's format, e.g. ``208/2016``."""
    try:
        return pattern.format(number=number, year=year, short_year=year % 100)
    except (KeyError, ValueError, IndexError):
        return DEFAULT_FORMAT.format(number=number, year=year)


def next_reference_number(session: Session, body: Body, year: int) -> int:
    """Reserve the next running number of ``year``.

    The counter row is incremented with one UPDATE inside the caller's write
    transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: the write lock every write
    transaction takes, and the UPDATE's row lock besides), so parallel creations
    queue instead of reading the same value. Numbers of deleted
    Vorlagen are never handed out again because the counter only grows.
    """
    _ensure_counter(session, body.id, year)
    return session.execute(
        update(PaperReferenceCounter)
        .where(PaperReferenceCounter.body_id == body.id, PaperReferenceCounter.year == year)
        .values(last_number=PaperReferenceCounter.last_number + 1)
        .returning(PaperReferenceCounter.last_number)
    ).scalar_one()


def _ensure_counter(session: Session, body_id: int, year: int) -> None:
    """Create the year's counter row unless it exists, without racing a parallel creator."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(
        insert(PaperReferenceCounter)
        .values(body_id=body_id, year=year, last_number=0)
        .on_conflict_do_nothing()
    )


def current_counter(session: Session, body: Body, year: int) -> int:
    """The last number handed out in ``year`` (0 if none)."""
    value = session.scalar(
        select(PaperReferenceCounter.last_number).where(
            PaperReferenceCounter.body_id == body.id, PaperReferenceCounter.year == year
        )
    )
    return value or 0
