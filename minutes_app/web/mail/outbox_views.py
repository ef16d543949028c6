"""Postausgang for the administrator: every queued and sent mail, one mail with its attachments."""

from __future__ import annotations

from urllib.parse import quote

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from ...extensions import db_session
from ...mail import outbox
from ...models import MailAttachment, MailMessage, MailState
from ...services.errors import InvalidTransition
from ...services.permissions import Permission
from ..guards import load_or_404, require
from ..pagination import paginate
from . import bp


@bp.route("/postausgang/")
@login_required
def outbox_list() -> str:
    """All mails, newest first, filtered by delivery state."""
    require(Permission.MAIL_OUTBOX)
    state = next((s for s in MailState if s.value == request.args.get("status")), None)
    return render_template(
        "mail/outbox.html",
        page=paginate(outbox.outbox_query(state), per_page=outbox.PAGE_SIZE),
        state=state,
        states=list(MailState),
        counts=outbox.state_counts(db_session()),
        args={"status": state.value} if state else {},
        smtp_configured=bool(current_app.config.get("SMTP_URL")),
    )


@bp.route("/postausgang/<int:message_id>")
@login_required
def outbox_message(message_id: int) -> str:
    """One mail as it is (or was) sent: headers, text, attachment names and its delivery state."""
    require(Permission.MAIL_OUTBOX)
    message = load_or_404(MailMessage, message_id)
    flag = outbox.flagged_addresses(db_session(), {message.recipient_email}).get(message.recipient_email.lower())
    return render_template("mail/message.html", message=message, flag=flag)


@bp.route("/postausgang/<int:message_id>/anhang/<int:attachment_id>")
@login_required
def outbox_attachment(message_id: int, attachment_id: int) -> Response:
    """Download an attachment exactly as it was sent."""
    require(Permission.MAIL_OUTBOX)
    attachment = load_or_404(MailAttachment, attachment_id)
    if attachment.message_id != message_id:
        abort(404)
    response = Response(attachment.content, mimetype=attachment.media_type)
    ascii_name = attachment.filename.encode("ascii", "ignore").decode() or "anhang"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(attachment.filename, safe='')}"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/postausgang/<int:message_id>/erneut", methods=["POST"])
@login_required
def outbox_requeue(message_id: int) -> Response:
    """Put a failed, refused or uncertain mail back into the queue."""
    require(Permission.MAIL_OUTBOX)
    message = load_or_404(MailMessage, message_id)
    try:
        outbox.requeue(db_session(), require(Permission.MAIL_OUTBOX), message)
    except InvalidTransition as error:
        db_session().rollback()
        flash(str(error), "error")
    else:
        db_session().commit()
        flash("Die Mail wurde erneut in die Warteschlange gestellt.", "success")
    return redirect(url_for("mail.outbox_message", message_id=message.id))
