"""Administration (/intern/verwaltung): body settings, organizations, persons, memberships,
legislative terms, locations, users, search synonyms and the audit trail."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/intern/verwaltung")

# Importing the view modules registers their routes on bp.
from . import (  # noqa: E402,F401
    audit_views,
    organization_views,
    person_views,
    synonym_views,
    user_views,
    views,
)
from . import sign_off_chains  # noqa: E402,F401  (Sichtvermerk chains)
