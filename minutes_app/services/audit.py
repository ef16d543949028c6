"""Writing and reading the audit trail."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..bodies.scope import body_id_of
from ..models import AuditEvent, User


def record(session: Session, actor: User | None, obj: object, action: str, summary: str = "") -> AuditEvent:
    """Append an audit event for ``action`` on ``obj`` by ``actor`` (None: the system)."""
    session.flush()  # the object needs its id
    event = AuditEvent(
        user_id=actor.id if actor else None,
        actor_name=actor.display_name if actor else "System",
        object_type=type(obj).__name__,
        object_id=getattr(obj, "id", None),
        action=action,
        summary=summary[:500],
        body_id=body_id_of(obj),
    )
    session.add(event)
    session.flush()
    return event


def query_events(
    *,
    object_type: str | None = None,
    action: str | None = None,
    actor: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select[tuple[AuditEvent]]:
    """A filtered, newest-first query over the audit trail."""
    stmt = select(AuditEvent).order_by(AuditEvent.created.desc(), AuditEvent.id.desc())
    if object_type:
        stmt = stmt.where(AuditEvent.object_type == object_type)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if actor:
        stmt = stmt.where(AuditEvent.actor_name.ilike(f"%{actor}%"))
    if since:
        stmt = stmt.where(AuditEvent.created >= since)
    if until:
        stmt = stmt.where(AuditEvent.created < until)
    return stmt
