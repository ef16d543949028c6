"""Vorlagen in the internal area (/intern/vorlagen): list, drafting, Beratungsfolge, Anlagen,
sign-off start, withdrawal, versions and differences."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("papers", __name__, url_prefix="/intern/vorlagen")


# Importing the view modules registers their routes on bp.
from . import attachments, consultations, versions, views, workflow  # noqa: E402,F401
