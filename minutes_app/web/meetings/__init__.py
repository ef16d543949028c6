"""Sitzungsdienst in the internal area (/intern/sitzungen): meetings, series, agenda builder, invitation."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/intern/sitzungen")

# Importing the view modules registers their routes on bp.
from . import agenda_views, table_paper_views, views  # noqa: E402,F401
