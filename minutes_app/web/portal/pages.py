"""Start page, text pages (imprint, privacy, accessibility) and the health check."""
from __future__ import annotations

from flask import jsonify, render_template
from sqlalchemy import text
from werkzeug.wrappers import Response

from ...bodies import registry
from ...extensions import db_session
from ...models import Body, utc_now
from ...services import public_catalog
from ..body_context import portal_body, portal_chosen
from . import bp


def current_body() -> Body | None:
    """The body of this portal request: from the Kürzel in the address, the host name, or the first body."""
    return portal_body()


def body_id() -> int:
    """The id of the portal's body; -1 (matches nothing) before the first body exists."""
    body = portal_body()
    return body.id if body is not None else -1


@bp.route("/")
def index() -> str:
    """Start: the next meetings, the latest decisions, search, committees and Vorlagen.

    With several bodies, ``/`` (without Kürzel or a body's host name) lists the bodies instead.
    """
    session = db_session()
    body = current_body()
    if not portal_chosen() and registry.body_count(session) > 1:
        return render_template("portal/bodies.html", bodies=registry.all_bodies(session))
    return render_template(
        "portal/index.html",
        body=body,
        meetings=public_catalog.upcoming_meetings(session, utc_now(), body_id=body_id()),
        decisions=public_catalog.latest_decisions(session, body) if body else [],
        committees=public_catalog.committees(session, body_id()),
    )


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
    return render_template("portal/accessibility.html", body=current_body())


@bp.route("/healthz")
def healthz() -> tuple[Response, int]:
    """Liveness and database check for load balancers and monitoring."""
    try:
        db_session().execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200
