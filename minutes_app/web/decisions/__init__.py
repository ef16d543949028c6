"""Beschlusskontrolle for staff: worklist, one decision with its implementation and progress reports."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("decisions", __name__, url_prefix="/intern/beschluesse")

from . import views  # noqa: E402,F401  (registers the routes)
