"""Closing the minutes: what is still missing, the signatures of chair and recorder, Abschließen."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from ...extensions import db_session
from ...models import utc_now
from ...services import minutes_lifecycle
from ...services.permissions import Permission, can
from ..guards import actor, require
from . import bp
from .common import load_meeting, load_minutes, perform
from .forms import ActionForm


@bp.route("/<int:meeting_id>/abschluss")
@login_required
def close_page(meeting_id: int) -> str:
    """The checklist of legally required elements, the signatures and the close button."""
    meeting = load_meeting(meeting_id)
    user = require(Permission.MINUTES_READ_INTERNAL, meeting)
    record = load_minutes(meeting)
    session = db_session()
    return render_template(
        "minutes/close.html",
        meeting=meeting,
        minutes=record,
        form=ActionForm(),
        missing=minutes_lifecycle.missing_elements(session, record, signatures=False),
        may_write=can(user, Permission.MINUTES_WRITE, meeting),
        may_sign_chair=minutes_lifecycle.may_sign(user, record, minutes_lifecycle.CHAIR),
        may_sign_recorder=minutes_lifecycle.may_sign(user, record, minutes_lifecycle.RECORDER),
        is_chair=user.person_id is not None and user.person_id == record.chair_id,
    )


@bp.route("/<int:meeting_id>/unterschreiben", methods=["POST"])
@login_required
def sign(meeting_id: int) -> Response:
    """Sign as chair or as recorder (the service checks who may sign in which function)."""
    meeting = load_meeting(meeting_id)
    require(Permission.MINUTES_READ_INTERNAL, meeting)
    record = load_minutes(meeting)
    role = request.form.get("role", "")
    if ActionForm().validate_on_submit():
        label = "des Vorsitzes" if role == minutes_lifecycle.CHAIR else "der Schriftführung"
        perform(
            lambda: minutes_lifecycle.sign(db_session(), actor(), record, role, now=utc_now()),
            f"Die Unterschrift {label} ist eingetragen.",
        )
    return redirect(url_for("minutes.close_page", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/abschliessen", methods=["POST"])
@login_required
def close(meeting_id: int) -> Response:
    """Entwurf → Abgeschlossen; an incomplete record stays a draft and the page lists what is missing."""
    meeting = load_meeting(meeting_id)
    user = require(Permission.MINUTES_WRITE, meeting)
    record = load_minutes(meeting)
    if ActionForm().validate_on_submit():
        done = perform(
            lambda: minutes_lifecycle.close_minutes(db_session(), user, record, now=utc_now()),
            "Die Niederschrift ist abgeschlossen.",
        )
        if done:
            if record.published_at is not None:
                flash("Der öffentliche Teil ist jetzt im Bürgerinformationssystem veröffentlicht.", "success")
            return redirect(url_for("minutes.read", meeting_id=meeting.id))
    return redirect(url_for("minutes.close_page", meeting_id=meeting.id))
