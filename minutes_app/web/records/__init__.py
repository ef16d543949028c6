"""History screens (/intern/altbestand): the secretary records past Vorlagen and meetings as they were."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("records", __name__, url_prefix="/intern/altbestand")


# Importing the view module registers its routes on bp.
from . import views  # noqa: E402,F401
