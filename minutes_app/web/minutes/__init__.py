"""Niederschriften in the internal area (/intern/niederschriften/<meeting_id>/…): attendance, items,
revisions, signatures, closing, approval and the internal reading view. The public reading view is the
separate blueprint in :mod:`.public`."""
from __future__ import annotations

from flask import Blueprint

from ...services import markup

bp = Blueprint("minutes", __name__, url_prefix="/intern/niederschriften")


@bp.context_processor
def _markup_hint() -> dict[str, object]:
    """The German hint and help of the safe markup next to every text area."""
    return {"minutes_markup_hint": markup.HINT, "minutes_markup_help": markup.SYNTAX_HELP}


# Importing the view modules registers their routes on bp.
from . import attendance_views, item_views, lifecycle_views, views, vote_views  # noqa: E402,F401
