"""iCalendar feeds of public meetings (all committees, or one)."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import Response, abort, current_app

from ...export import ical
from ...extensions import db_session
from ...models import Organization, OrganizationType
from ...services import public_catalog
from ..filters import BERLIN
from . import bp
from ..body_context import portal_prefixed
from .pages import body_id, current_body

# A subscribed calendar needs recent history and everything planned, not decades.
FEED_HISTORY = timedelta(days=400)


def _feed(committee: Organization | None) -> Response:
    since = datetime.now(BERLIN) - FEED_HISTORY
    meetings = db_session().scalars(
        public_catalog.meetings_query(committee_id=committee.id if committee else None, start=since, body_id=body_id())
    )
    body = current_body()
    name = committee.name if committee else f"Sitzungen – {body.name if body else 'alle Gremien'}"
    base_url = current_app.config["BASE_URL"] + (f"/{body.slug}" if body is not None and portal_prefixed() else "")
    data = ical.build_calendar(meetings, name=name, base_url=base_url)
    return Response(data, content_type="text/calendar; charset=utf-8")


@bp.route("/kalender.ics")
def calendar_all() -> Response:
    """All public meetings as an iCalendar feed."""
    return _feed(None)


@bp.route("/gremien/<int:committee_id>/kalender.ics")
def calendar_committee(committee_id: int) -> Response:
    """One committee's public meetings as an iCalendar feed."""
    committee = db_session().get(Organization, committee_id)
    if committee is None or committee.organization_type is not OrganizationType.COMMITTEE or committee.body_id != body_id():
        abort(404)
    return _feed(committee)
