"""Helpers of the minutes views: loading within the meeting, running one service call, German errors on forms."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort, flash, redirect, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from ...extensions import db_session
from ...models import AgendaItem, Meeting, Minutes, MinutesState
from ...services.errors import DomainError
from ...services.minutes_lifecycle import MinutesIncomplete
from .. import forms
from ..forms import show_errors, status_of  # noqa: F401  (re-exported for the minutes views)
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


def _describe(error: DomainError) -> str:
    if isinstance(error, MinutesIncomplete):
        return f"{error.intro} Was noch fehlt, steht in der Liste „Noch offen“."
    return str(error)


def perform(action: Callable[[], T], success: str | Callable[[T], str], form: FlaskForm | None = None) -> bool:
    """Run one service call and commit (web.forms.perform), wording incomplete minutes for this page."""
    return forms.perform(action, success, form, describe=_describe)
