"""The internal area's start page (Sitzungsdienst) and the choice of the administered body."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from ..bodies import scope
from ..decisions import lists
from ..extensions import db_session
from ..mail import tasks
from ..models import utc_now
from ..services.permissions import Permission, can
from .body_context import choose_internal_body, internal_body
from .filters import BERLIN
from .guards import actor, require

bp = Blueprint("internal", __name__, url_prefix="/intern")


class BodyChoiceForm(FlaskForm):
    """CSRF protection for the body switcher; the body comes as ``koerperschaft``."""


@bp.app_context_processor
def _body_switcher() -> dict[str, object]:
    """``body_choices()`` for the internal pages: the user's bodies and the administered one."""

    def choices() -> dict[str, object]:
        bodies = scope.bodies_of(db_session(), actor())
        return {"bodies": bodies, "current": internal_body(), "form": BodyChoiceForm()}

    return {"body_choices": choices}


@bp.route("/")
@login_required
def dashboard() -> str:
    """The user's task list with direct links, then an overview of what the user's roles allow."""
    user = require(Permission.INTERNAL_ACCESS)
    found = tasks.tasks_for(db_session(), user, utc_now())
    counts = None
    if user.department_id is not None and can(user, Permission.DECISION_TRACK):
        counts = lists.counts_for_department(db_session(), user.department_id, datetime.now(BERLIN).date())
    return render_template(
        "internal/dashboard.html", user=user, task_groups=tasks.grouped(found), task_count=len(found),
        decision_counts=counts,
    )


@bp.route("/koerperschaft", methods=["POST"])
@login_required
def choose_body() -> Response:
    """Switch the administered body to one the user works for (others: 404)."""
    user = require(Permission.INTERNAL_ACCESS)
    form = BodyChoiceForm()
    if not form.validate_on_submit():
        abort(400)
    wanted = request.form.get("koerperschaft", "")
    body = next((b for b in scope.bodies_of(db_session(), user) if str(b.id) == wanted), None)
    if body is None:
        abort(404)
    choose_internal_body(body)
    flash(f"Sie arbeiten jetzt für: {body.name}.", "success")
    return redirect(url_for("internal.dashboard"))
