"""The user's own setting: e-mail notice of new tasks (off, immediately, daily digest)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import RadioField

from ...extensions import db_session
from ...mail import tasks
from ...models import TaskNoticeMode, utc_now
from ...services.errors import ValidationFailed
from ...services.permissions import Permission
from ..forms import show_errors, status_of
from ..guards import require
from ..meetings.forms import options
from . import bp


class NoticeForm(FlaskForm):
    """The notice choice."""

    task_notice_mode = RadioField("E-Mail bei neuen Aufgaben", choices=options(TaskNoticeMode.choices()))


@bp.route("/profil/benachrichtigungen", methods=["GET", "POST"])
@login_required
def notice_settings() -> str | Response | tuple[str, int]:
    """Choose whether new tasks are announced by e-mail, immediately or once a day."""
    user = require(Permission.INTERNAL_ACCESS)
    form = NoticeForm(data={"task_notice_mode": user.task_notice_mode.value})
    if form.validate_on_submit():
        try:
            chosen = tasks.set_mode(db_session(), user, form.task_notice_mode.data or "", utc_now())
        except ValidationFailed as failed:
            db_session().rollback()
            show_errors(form, failed)
        else:
            db_session().commit()
            flash(f"Gespeichert: {chosen.label}.", "success")
            return redirect(url_for("mail.notice_settings"))
    return render_template("mail/notice_settings.html", form=form, user=user), status_of(form)
