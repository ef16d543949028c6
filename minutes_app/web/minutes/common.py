"""Helpers of the minutes views: loading within the meeting, running one service call, German errors on forms."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort, flash, redirect, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from ...extensions import db_session
from ...models import AgendaItem, Meeting, Minutes, MinutesState
from ...services.errors import DomainError, ValidationFailed
from ...services.minutes_lifecycle import MinutesIncomplete
from ..guards import load_or_404

T = TypeVar("T")


def load_meeting(meeting_id: int) -> Meeting:
    """The meeting or 404."""
    return load_or_404(Meeting, meeting_id)


def load_minutes(meeting: Meeting) -> Minutes:
    """The meeting's minutes or 404 (e.g. a guessed URL before the minutes were started)."""
    if meeting.minutes is None:
        abort(404)
    return meeting.minutes


def unless_draft(record: Minutes) -> Response | None:
    """Editing pages of closed or approved minutes lead to the reading view instead."""
    if record.state is MinutesState.DRAFT:
        return None
    flash(
        f"Die Niederschrift ist „{record.state.label}“ und kann nicht mehr geändert werden; "
        "Berichtigungen werden bei der Genehmigung vermerkt.",
        "info",
    )
    return redirect(url_for("minutes.read", meeting_id=record.meeting_id))


def load_item(meeting: Meeting, item_id: int) -> AgendaItem:
    """An agenda item of this meeting, or 404 for any other id."""
    item = db_session().get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404)
    return item


def show_errors(form: FlaskForm | None, failed: ValidationFailed) -> dict[str, str]:
    """Put the service's messages on the form's fields; returns the messages no field took."""
    rest: dict[str, str] = {}
    for name, message in failed.errors.items():
        field = form._fields.get(name) if form is not None else None
        if field is None:
            rest[name] = message
        else:
            field.errors = [*field.errors, message]
    return rest


def perform(action: Callable[[], T], success: str | Callable[[T], str], form: FlaskForm | None = None) -> bool:
    """Run one service call and commit; domain errors roll back and become German messages."""
    session = db_session()
    try:
        result = action()
    except ValidationFailed as failed:
        session.rollback()
        for message in show_errors(form, failed).values():
            flash(message, "error")
        return False
    except MinutesIncomplete as incomplete:
        session.rollback()
        flash(f"{incomplete.intro} Was noch fehlt, steht in der Liste „Noch offen“.", "error")
        return False
    except DomainError as error:
        session.rollback()
        flash(str(error), "error")
        return False
    session.commit()
    flash(success(result) if callable(success) else success, "success")
    return True


def status_of(form: FlaskForm, extra_errors: object = None) -> int:
    """HTTP status of a re-rendered form: 422 when it shows errors."""
    return 422 if form.errors or extra_errors else 200
