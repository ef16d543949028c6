"""Shared steps of thin views: service errors onto forms, one service call with one commit, form status."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import flash
from flask_wtf import FlaskForm

from ..extensions import db_session
from ..services.errors import DomainError, ValidationFailed

T = TypeVar("T")


def show_errors(form: FlaskForm | None, failed: ValidationFailed, *, flash_rest: bool = True) -> dict[str, str]:
    """Put the service's German messages on the form's fields.

    Messages for which the form has no field are flashed (or, with
    ``flash_rest=False``, returned for the page to show where it likes).
    """
    rest: dict[str, str] = {}
    for name, message in failed.errors.items():
        field = form._fields.get(name) if form is not None else None
        if field is None:
            rest[name] = message
        else:
            # Process errors are a tuple on some fields; keep the messages WTForms already found.
            field.errors = [*field.errors, message]
    if flash_rest:
        for message in rest.values():
            flash(message, "error")
    return rest


def status_of(form: FlaskForm, extra_errors: object = None) -> int:
    """HTTP status of a re-rendered form: 422 when it shows errors, else 200."""
    return 422 if form.errors or extra_errors else 200


def perform(
    action: Callable[[], T],
    success: str | Callable[[T], str],
    form: FlaskForm | None = None,
    *,
    describe: Callable[[DomainError], str] = str,
) -> bool:
    """Run one service call and commit; a domain error rolls back and becomes a German message.

    Returns whether the action succeeded. Validation messages land on ``form``
    where it has the field; every other message is flashed (``describe`` may
    word a particular error differently).
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
        flash(describe(error), "error")
        return False
    session.commit()
    flash(success(result) if callable(success) else success, "success")
    return True
