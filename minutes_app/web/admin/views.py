"""Admin views."""
from __future__ import annotations

from flask import render_template
from flask_login import login_required

from ...services.permissions import Permission
from ..guards import require
from . import bp


@bp.route("/")
@login_required
def index() -> str:
    """Overview of the administration sections."""
    require(Permission.ADMIN_BODY)
    return render_template("admin/index.html")
