"""The public part of published minutes at /sitzungen/<id>/niederschrift (blueprint "public_minutes").

Anonymous and logged-in visitors alike get the public version here. The page
exists only when the meeting is public and its minutes are published under the
body's setting; otherwise it answers 404 like any unknown address. The content
comes from :func:`minutes_view.build_minutes_view` with ``public=True``, which
reads the agenda only through :func:`visibility.public_agenda`.
"""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from ...extensions import db_session
from ...models import Meeting
from ...services import minutes_view, visibility
from ...services.minutes_common import body_of
from ..body_context import belongs_to_portal

bp = Blueprint("public_minutes", __name__)


@bp.route("/sitzungen/<int:meeting_id>/niederschrift")
def show(meeting_id: int) -> str:
    """The published public part of the minutes as a structured, printable document."""
    meeting = db_session().get(Meeting, meeting_id)
    if meeting is None or not visibility.meeting_is_public(meeting) or not belongs_to_portal(meeting):
        abort(404)
    if meeting.minutes is None or not visibility.minutes_are_published(meeting.minutes, body_of(meeting)):
        abort(404)
    view = minutes_view.build_minutes_view(db_session(), meeting.minutes, public=True)
    return render_template("minutes/public.html", meeting=meeting, view=view)
