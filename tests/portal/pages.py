"""Representative public pages of every page type in the demo county."""
from __future__ import annotations

from sqlalchemy import select

from minutes_app.extensions import db_session
from minutes_app.models import Body, Meeting, Organization, OrganizationType, Paper
from minutes_app.services import visibility


def page_types(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Name → URL of one page of each type the portal serves."""
    with app.app_context():
        session = db_session()
        body = session.scalar(select(Body))
        meetings = session.scalars(select(Meeting).where(visibility.public_meeting_clause()).order_by(Meeting.start_time)).all()
        decided = next(m for m in reversed(meetings) if visibility.minutes_are_published(m.minutes, body))
        upcoming = meetings[-1]
        paper_id = session.scalar(select(Paper.id).where(visibility.public_paper_clause()).order_by(Paper.id))
        committee_id = session.scalar(
            select(Organization.id).where(Organization.organization_type == OrganizationType.COMMITTEE).order_by(Organization.id)
        )
        month = decided.start_time.strftime("%Y-%m")
    return {
        "start": "/",
        "sitzungen": "/sitzungen",
        "kalender": f"/sitzungen?ansicht=kalender&monat={month}",
        "sitzung-mit-beschluessen": f"/sitzungen/{decided.id}",
        "sitzung-kommend": f"/sitzungen/{upcoming.id}",
        "niederschrift": f"/sitzungen/{decided.id}/niederschrift",
        "gremien": "/gremien",
        "gremium": f"/gremien/{committee_id}",
        "vorlagen": "/vorlagen",
        "vorlage": f"/vorlagen/{paper_id}",
        "suche": "/suche?q=Sicherheit",
        "impressum": "/impressum",
        "datenschutz": "/datenschutz",
        "barrierefreiheit": "/barrierefreiheit",
        "anmelden": "/anmelden",
        "benachrichtigungen": "/benachrichtigungen/",
        "fehler-404": "/gibt-es-nicht",
    }
