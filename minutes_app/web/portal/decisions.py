"""Public Beschlusskontrolle: the status of public decisions, as a filterable list."""
from __future__ import annotations

from datetime import datetime

from flask import abort, render_template, request

from ...decisions import lists
from ...extensions import db_session
from ...services import public_catalog
from ..filters import BERLIN
from ..pagination import paginate
from . import bp
from .pages import current_body
from .params import int_arg


@bp.route("/beschluesse")
def decisions() -> str:
    """Followed public decisions with their status; filter by status and committee."""
    body = current_body()
    if body is None:
        abort(404)
    today = datetime.now(BERLIN).date()
    status = request.args.get("status", "")
    status = status if status in dict(lists.STATUS_FILTERS) else ""
    committee_id = int_arg("gremium")
    stmt = lists.public_list(db_session(), body, today, status=status, committee_id=committee_id)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "portal/decisions.html",
        page=paginate(stmt, per_page=25),
        args=args,
        status=status,
        committee_id=committee_id,
        committees=public_catalog.committees(db_session(), body.id),
        status_filters=lists.STATUS_FILTERS,
        today=today,
    )
