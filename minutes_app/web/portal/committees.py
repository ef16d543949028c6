"""Public committee pages: members with roles and Fraktion, and the committee's meetings."""
from __future__ import annotations

from datetime import datetime

from flask import abort, render_template

from ...extensions import db_session
from ...models import Organization, OrganizationType
from ...services import public_catalog
from ..filters import BERLIN
from . import bp
from .pages import body_id


@bp.route("/gremien")
def committees() -> str:
    """All committees."""
    return render_template("portal/committees.html", committees=public_catalog.committees(db_session(), body_id()))


@bp.route("/gremien/<int:committee_id>")
def committee(committee_id: int) -> str:
    """One committee: current members and its upcoming and past public meetings."""
    session = db_session()
    found = session.get(Organization, committee_id)
    if found is None or found.organization_type is not OrganizationType.COMMITTEE or found.body_id != body_id():
        abort(404)
    now = datetime.now(BERLIN)
    upcoming = list(session.scalars(public_catalog.meetings_query(committee_id=committee_id, start=now).limit(10)))
    past = list(
        session.scalars(public_catalog.meetings_query(committee_id=committee_id, end=now, newest_first=True).limit(20))
    )
    return render_template(
        "portal/committee.html",
        committee=found,
        members=public_catalog.committee_members(session, found, now.date()),
        upcoming=upcoming,
        past=past,
    )
