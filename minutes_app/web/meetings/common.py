"""Helpers shared by the meeting and agenda views: loading with the policy, form errors, choices."""

from __future__ import annotations

from datetime import datetime

from flask import abort
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ...bodies.scope import scope_clause
from ...extensions import db_session
from ...models import AgendaItem, Location, Meeting, Organization, OrganizationType, User, utc_now
from ...services.permissions import Permission
from ..forms import show_errors, status_of  # noqa: F401  (re-exported for the meeting views)
from ..guards import actor, load_or_404, require
from .forms import options


def now() -> datetime:
    """The current time; one place so that tests can fix it."""
    return utc_now()


def load_meeting(meeting_id: int, permission: Permission) -> tuple[Meeting, User]:
    """The meeting and the acting user, or 404/403."""
    meeting = load_or_404(Meeting, meeting_id)
    return meeting, require(permission, meeting)


def load_item(meeting: Meeting, item_id: int) -> AgendaItem:
    """An agenda item of this meeting, or 404 (an id of another meeting's item is not found here)."""
    item = load_or_404(AgendaItem, item_id)
    if item.meeting_id != meeting.id:
        abort(404)
    return item


def location_choices() -> list[SelectChoice]:
    """The meeting places for a select, with an empty first option."""
    in_scope = scope_clause(actor(), Location.body_id)
    locations = db_session().scalars(select(Location).where(in_scope).order_by(Location.description, Location.room))
    return options([("", "– anderer Ort (unten eintragen) –"), *((loc.id, loc.label) for loc in locations)])


def committee_choices(exclude: int | None = None) -> list[SelectChoice]:
    """All committees (for joint meetings)."""
    stmt = (
        select(Organization)
        .where(Organization.organization_type == OrganizationType.COMMITTEE, scope_clause(actor(), Organization.body_id))
        .order_by(Organization.name)
    )
    return options((org.id, org.name) for org in db_session().scalars(stmt) if org.id != exclude)
