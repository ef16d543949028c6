"""Minutes: the work list, one meeting's minutes workspace, starting them, the header and the reading view."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from ...extensions import db_session
from ...models import Meeting, Minutes
from ...secretariat.documents import meeting_documents
from ...services import minutes, minutes_lifecycle, minutes_view, quorum
from ...services.attendance import attendance_list
from ...services.meetings import local_datetime
from ...services.minutes_common import body_of, meeting_day
from ...services.permissions import Permission, can
from ..filters import local
from ..guards import require
from . import bp
from .common import load_meeting, load_minutes, perform, status_of, unless_draft
from .forms import ActionForm, HeaderForm, options

View = str | Response | tuple[str, int]


@bp.route("/")
@login_required
def index() -> str:
    """Meetings of the user's committees with the state of their minutes."""
    user = require(Permission.MINUTES_READ_INTERNAL)
    meetings = minutes_view.worklist(db_session(), user)
    return render_template("minutes/index.html", meetings=meetings)


@bp.route("/<int:meeting_id>")
@login_required
def overview(meeting_id: int) -> str:
    """The workspace of one meeting's minutes: items with their state, quorum and what is still missing."""
    meeting = load_meeting(meeting_id)
    user = require(Permission.MINUTES_READ_INTERNAL, meeting)
    session = db_session()
    context: dict[str, object] = {
        "meeting": meeting,
        "may_write": can(user, Permission.MINUTES_WRITE, meeting),
        "documents": meeting_documents(meeting, body_of(meeting), user),
    }
    if meeting.minutes is not None:
        rows = attendance_list(session, meeting)
        rule = body_of(meeting).quorum_rule
        context.update(
            minutes=meeting.minutes,
            timeline=quorum.quorum_timeline(rows, meeting.agenda_items, rule),
            missing=minutes_lifecycle.missing_elements(session, meeting.minutes),
            rule=rule,
        )
    return render_template("minutes/overview.html", form=ActionForm(), **context)


@bp.route("/<int:meeting_id>/anlegen", methods=["POST"])
@login_required
def start(meeting_id: int) -> Response:
    """Start the minutes: attendance from the memberships, resolution texts from the Vorlagen."""
    meeting = load_meeting(meeting_id)
    user = require(Permission.MINUTES_WRITE, meeting)
    if ActionForm().validate_on_submit():
        perform(
            lambda: minutes.start_minutes(db_session(), user, meeting),
            "Die Niederschrift wurde angelegt. Bitte prüfen Sie zuerst die Anwesenheit.",
        )
    return redirect(url_for("minutes.overview", meeting_id=meeting.id))


def _header_form(meeting: Meeting, record: Minutes) -> HeaderForm:
    form = HeaderForm()
    people = minutes.sitting_persons(db_session(), meeting)
    form.chair_id.choices = options([(None, "– bitte wählen –"), *((p.id, p.name) for p in people)])
    if request.method == "GET":
        form.started_at.data = local(record.started_at).time() if record.started_at else None
        form.ended_at.data = local(record.ended_at).time() if record.ended_at else None
        form.chair_id.data = record.chair_id
    return form


@bp.route("/<int:meeting_id>/kopfdaten", methods=["GET", "POST"])
@login_required
def header(meeting_id: int) -> View:
    """Actual start and end of the meeting and who chaired it."""
    meeting = load_meeting(meeting_id)
    user = require(Permission.MINUTES_WRITE, meeting)
    record = load_minutes(meeting)
    if (leave := unless_draft(record)) is not None:
        return leave
    form = _header_form(meeting, record)
    if form.validate_on_submit():
        day = meeting_day(meeting)
        started = local_datetime(day, form.started_at.data) if form.started_at.data else None
        ended = local_datetime(day, form.ended_at.data) if form.ended_at.data else None
        done = perform(
            lambda: minutes.update_header(
                db_session(), user, record, started_at=started, ended_at=ended, chair_id=form.chair_id.data
            ),
            "Die Kopfdaten wurden gespeichert.",
            form,
        )
        if done:
            return redirect(url_for("minutes.overview", meeting_id=meeting.id))
    return render_template("minutes/header.html", meeting=meeting, minutes=record, form=form), status_of(form)


@bp.route("/<int:meeting_id>/lesefassung")
@login_required
def read(meeting_id: int) -> str:
    """The full internal version of the minutes as a structured, printable document."""
    meeting = load_meeting(meeting_id)
    require(Permission.MINUTES_READ_INTERNAL, meeting)
    record = load_minutes(meeting)
    view = minutes_view.build_minutes_view(db_session(), record, public=False)
    return render_template("minutes/read.html", meeting=meeting, minutes=record, view=view)
