"""Administration (/intern/verwaltung): body settings, organizations, persons, memberships,
legislative terms, locations, users and the audit trail."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/intern/verwaltung")

from . import views  # noqa: E402,F401  (registers the routes on bp)
