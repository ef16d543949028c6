"""The audit trail (Änderungsprotokoll): every change made through a service, filterable."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask import render_template, request, url_for
from flask_login import login_required
from sqlalchemy import or_, select

from ...bodies import scope
from ...extensions import db_session
from ...models import AuditEvent
from ...secretariat.audit_labels import action_label, object_label, object_name
from ...services import audit
from ...services.permissions import Permission
from ..filters import BERLIN
from ..body_context import internal_body
from ..guards import require
from . import bp
from .common import paginate, query_args
from .forms import AuditFilterForm, options

#: Where an object of a type can be looked at in the administration.
OBJECT_ENDPOINTS = {
    "Organization": ("admin.organization_edit", "organization_id"),
    "Person": ("admin.person_detail", "person_id"),
    "LegislativeTerm": ("admin.term_edit", "term_id"),
    "Location": ("admin.location_edit", "location_id"),
    "SearchSynonymGroup": ("admin.synonym_edit", "group_id"),
    "User": ("admin.user_edit", "user_id"),
}


def object_url(event: AuditEvent) -> str | None:
    """Link to the object's admin page, for the types the administration manages."""
    if event.object_type == "Body":
        return url_for("admin.settings")
    target = OBJECT_ENDPOINTS.get(event.object_type)
    if target is None or event.object_id is None or event.action.endswith(".deleted"):
        return None
    endpoint, arg = target
    return url_for(endpoint, **{arg: event.object_id})


def _start_of(day: date) -> datetime:
    """Midnight of ``day`` in Berlin, as UTC: the trail is stored in UTC, users think in local days."""
    return datetime.combine(day, time.min, tzinfo=BERLIN).astimezone(UTC)


@bp.route("/protokoll")
@login_required
def audit_trail() -> str:
    """Newest changes first, filtered by object type, action, acting person and period; 50 per page."""
    actor_user = require(Permission.AUDIT_READ)
    session = db_session()
    form = AuditFilterForm(formdata=request.args)
    types = session.scalars(select(AuditEvent.object_type).distinct()).all()
    actions = session.scalars(select(AuditEvent.action).distinct()).all()
    form.object_type.choices = options([("", "Alle Objekte"), *sorted(((t, object_label(t)) for t in types), key=lambda c: c[1])])
    form.action.choices = options([("", "Alle Aktionen"), *sorted(((a, action_label(a)) for a in actions), key=lambda c: c[1])])
    form.validate()
    object_type = form.object_type.data or ""
    action = form.action.data or ""
    actor = (form.actor.data or "").strip()[:100]
    date_from = form.date_from.data if not form.date_from.errors else None
    date_to = form.date_to.data if not form.date_to.errors else None
    stmt = audit.query_events(
        object_type=object_type or None,
        action=action or None,
        actor=actor or None,
        since=_start_of(date_from) if date_from else None,
        until=_start_of(date_to + timedelta(days=1)) if date_to else None,
    )
    # A body's administrator reads that body's trail; installation-wide entries (accounts) only unscoped ones.
    body = internal_body()
    in_body = AuditEvent.body_id == (body.id if body is not None else -1)
    stmt = stmt.where(in_body if scope.user_body_ids(actor_user) is not None else or_(in_body, AuditEvent.body_id.is_(None)))
    args = query_args(
        object_type=object_type, action=action, actor=actor,
        date_from=date_from.isoformat() if date_from else None, date_to=date_to.isoformat() if date_to else None,
    )
    return render_template(
        "admin/audit.html", form=form, page=paginate(stmt), args=args,
        object_label=object_label, action_label=action_label, object_url=object_url,
        object_name=lambda event: object_name(session, event),
    )
