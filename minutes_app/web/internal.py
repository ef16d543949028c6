"""The internal area's start page (Sitzungsdienst)."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, render_template
from flask_login import login_required

from ..decisions import lists
from ..extensions import db_session
from ..services.permissions import Permission, can
from .filters import BERLIN
from .guards import require

bp = Blueprint("internal", __name__, url_prefix="/intern")


@bp.route("/")
@login_required
def dashboard() -> str:
    """Overview of what the user's roles allow."""
    user = require(Permission.INTERNAL_ACCESS)
    counts = None
    if user.department_id is not None and can(user, Permission.DECISION_TRACK):
        counts = lists.counts_for_department(db_session(), user.department_id, datetime.now(BERLIN).date())
    return render_template("internal/dashboard.html", user=user, decision_counts=counts)
