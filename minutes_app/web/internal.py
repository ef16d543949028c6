"""The internal area's start page (Sitzungsdienst)."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from ..services.permissions import Permission
from .guards import require

bp = Blueprint("internal", __name__, url_prefix="/intern")


@bp.route("/")
@login_required
def dashboard() -> str:
    """Overview of what the user's roles allow."""
    user = require(Permission.INTERNAL_ACCESS)
    return render_template("internal/dashboard.html", user=user)
