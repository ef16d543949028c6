"""Soft deletion: an OParl object leaves every page and search but keeps its row.

OParl clients learn of a deletion through the object itself (``deleted: true``
with a new ``modified``), so nothing is removed from the database. Objects that
OParl embeds in the deleted one (the agenda items of a meeting, the
consultations of a Vorlage, the memberships of a person) go with it; see
:mod:`minutes_app.models.soft_delete` for how deleted rows are hidden.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import Meeting, OParlMixin, Organization, Paper, Person, User, utc_now
from ..services import audit

TYPE_LABELS = {
    "Body": "Körperschaft", "Organization": "Gremium/Organisation", "Person": "Person",
    "Membership": "Mitgliedschaft", "LegislativeTerm": "Wahlperiode", "Meeting": "Sitzung",
    "AgendaItem": "Tagesordnungspunkt", "Paper": "Vorlage", "Consultation": "Beratung", "File": "Datei",
    "Location": "Ort",
}


def _embedded(obj: OParlMixin) -> list[OParlMixin]:
    """The objects OParl embeds in ``obj``; they share its fate."""
    if isinstance(obj, Meeting):
        return list(obj.agenda_items)
    if isinstance(obj, Paper):
        return list(obj.consultations)
    if isinstance(obj, Person):
        return list(obj.memberships)
    if isinstance(obj, Organization):
        return list(obj.memberships)
    return []


def soft_delete(session: Session, actor: User | None, obj: OParlMixin, *, reason: str = "") -> None:
    """Mark ``obj`` and what it embeds as deleted; write one audit entry. Deleting twice changes nothing."""
    if obj.deleted:
        return
    moment = utc_now()
    for part in (obj, *_embedded(obj)):
        if not part.deleted:
            part.mark_deleted(moment)
    label = TYPE_LABELS.get(type(obj).__name__, type(obj).__name__)
    summary = f"{label} als gelöscht markiert" + (f": {reason}" if reason else "")
    audit.record(session, actor, obj, "soft_deleted", summary)
