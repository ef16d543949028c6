"""The internal area's start page (Sitzungsdienst)."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from ..extensions import db_session
from ..mail import tasks
from ..models import utc_now
from ..services.permissions import Permission
from .guards import require

bp = Blueprint("internal", __name__, url_prefix="/intern")


@bp.route("/")
@login_required
def dashboard() -> str:
    """The user's task list with direct links, then an overview of what the user's roles allow."""
    user = require(Permission.INTERNAL_ACCESS)
    found = tasks.tasks_for(db_session(), user, utc_now())
    return render_template(
        "internal/dashboard.html", user=user, task_groups=tasks.grouped(found), task_count=len(found)
    )
