"""A meeting's dispatch log (Versandprotokoll) and sending a Nachtrag."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from ...extensions import db_session
from ...mail import notices, outbox
from ...models import MeetingState
from ...services.errors import InvalidTransition
from ...services.permissions import Permission
from ..meetings import common
from . import bp
from .common import letterhead_of, mail_settings


@bp.route("/sitzungen/<int:meeting_id>/versand")
@login_required
def dispatch_log(meeting_id: int) -> str:
    """Who was sent what about this meeting, when, and whether delivery succeeded."""
    meeting, _user = common.load_meeting(meeting_id, Permission.MEETING_MANAGE)
    dispatches = outbox.dispatches_of(db_session(), meeting.id)
    emails = {m.recipient_email for d in dispatches for m in d.messages}
    return render_template(
        "mail/dispatch_log.html",
        meeting=meeting,
        dispatches=dispatches,
        flags=outbox.flagged_addresses(db_session(), emails),
        may_supplement=meeting.state is MeetingState.INVITED and any(i.is_supplement for i in meeting.agenda_items),
    )


@bp.route("/sitzungen/<int:meeting_id>/nachtrag", methods=["POST"])
@login_required
def send_supplement(meeting_id: int) -> Response:
    """Send the updated Einladung with the Nachtrag items to everyone invited."""
    meeting, user = common.load_meeting(meeting_id, Permission.MEETING_MANAGE)
    try:
        dispatch = notices.send_supplement(
            db_session(),
            mail_settings(),
            user,
            meeting,
            now=common.now(),
            letterhead=letterhead_of(meeting.organization.body),
        )
    except InvalidTransition as error:
        db_session().rollback()
        flash(str(error), "error")
    else:
        db_session().commit()
        flash(f"Der Nachtrag wurde an {len(dispatch.messages)} Empfängerinnen und Empfänger versandt.", "success")
    return redirect(url_for("mail.dispatch_log", meeting_id=meeting.id))
