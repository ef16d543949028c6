"""Bürgerinformationssystem: the public, read-only pages (anonymous audience)."""
from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from sqlalchemy import select, text
from werkzeug.wrappers import Response

from ..extensions import db_session
from ..models import Body, Meeting, Organization, OrganizationType
from ..services import visibility

bp = Blueprint("portal", __name__)


def current_body() -> Body | None:
    """The body this installation serves (the first one)."""
    return db_session().scalar(select(Body).order_by(Body.id).limit(1))


@bp.route("/")
def index() -> str:
    """Start page: next public meetings and links into the portal."""
    session = db_session()
    meetings = session.scalars(
        select(Meeting).where(visibility.public_meeting_clause()).order_by(Meeting.start_time.desc()).limit(8)
    ).all()
    committees = session.scalars(
        select(Organization)
        .where(Organization.organization_type == OrganizationType.COMMITTEE)
        .order_by(Organization.name)
    ).all()
    return render_template("portal/index.html", body=current_body(), meetings=meetings, committees=committees)


@bp.route("/impressum")
def imprint() -> str:
    """Impressum, text maintained by the administrator."""
    body = current_body()
    return render_template("portal/text_page.html", title="Impressum", text=body.imprint_text if body else "")


@bp.route("/datenschutz")
def privacy() -> str:
    """Datenschutzerklärung, text maintained by the administrator."""
    body = current_body()
    return render_template("portal/text_page.html", title="Datenschutz", text=body.privacy_text if body else "")


@bp.route("/barrierefreiheit")
def accessibility() -> str:
    """Erklärung zur Barrierefreiheit with the contact for reporting barriers."""
    body = current_body()
    return render_template("portal/accessibility.html", body=body)


@bp.route("/healthz")
def healthz() -> tuple[Response, int]:
    """Liveness and database check for load balancers and monitoring."""
    try:
        db_session().execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200
