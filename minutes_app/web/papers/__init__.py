"""Vorlagen in the internal area (/intern/vorlagen): list, drafting, Beratungsfolge, Anlagen,
sign-off start, withdrawal, versions and differences."""
from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from markupsafe import Markup

from ...services import markup

bp = Blueprint("papers", __name__, url_prefix="/intern/vorlagen")


@bp.app_template_filter("markup")
def markup_filter(text: str | None, heading_level: int = 3) -> Markup:
    """Render stored safe markup as sanitized HTML (usable in every template)."""
    return markup.to_html(text, heading_level)


@bp.record_once
def _markup_help(state: BlueprintSetupState) -> None:
    """The German syntax help as Jinja globals, so macros can show it next to every markup textarea."""
    state.app.jinja_env.globals.update(markup_syntax_help=markup.SYNTAX_HELP, markup_hint=markup.HINT)


# Importing the view modules registers their routes on bp.
from . import attachments, consultations, versions, views, workflow  # noqa: E402,F401
