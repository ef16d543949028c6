"""Helpers of the Vorlagen views: pagination, service errors on forms, running one service call."""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import flash, request
from flask_wtf import FlaskForm
from sqlalchemy import Select, func, select

from ...extensions import db_session
from ...services.errors import DomainError, ValidationFailed

T = TypeVar("T")
PER_PAGE = 25


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list (the shape the ``pagination`` macro expects)."""

    items: list[T]
    number: int
    pages: int
    total: int


def paginate(stmt: Select[tuple[T]], per_page: int = PER_PAGE) -> Page[T]:
    """The page of ``stmt`` named by the ``page`` query parameter, clamped to the existing pages."""
    session = db_session()
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    pages = max(1, math.ceil(total / per_page))
    number = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    items = list(session.scalars(stmt.limit(per_page).offset((number - 1) * per_page)))
    return Page(items, number, pages, total)


def show_errors(form: FlaskForm | None, failed: ValidationFailed) -> None:
    """Put the service's messages on the form's fields; messages without a field become flash messages."""
    for name, message in failed.errors.items():
        field = form._fields.get(name) if form is not None else None
        if field is None:
            flash(message, "error")
        else:
            field.errors = [*field.errors, message]


def perform(action: Callable[[], T], success: str | Callable[[T], str], form: FlaskForm | None = None) -> bool:
    """Run one service call and commit; domain errors roll back and become German messages.

    Returns whether the action succeeded. Validation messages land on ``form``
    when it has the field, everything else is flashed.
    """
    session = db_session()
    try:
        result = action()
    except ValidationFailed as failed:
        session.rollback()
        show_errors(form, failed)
        return False
    except DomainError as error:
        session.rollback()
        flash(str(error), "error")
        return False
    session.commit()
    flash(success(result) if callable(success) else success, "success")
    return True


def status_of(form: FlaskForm) -> int:
    """HTTP status of a re-rendered form: 422 when it shows errors."""
    return 422 if form.errors else 200
