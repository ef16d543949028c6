"""Admin views: the synonym groups of the search (Kita ↔ Kindertagesstätte), applied at once to every search."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from ...extensions import db_session
from ...models import SearchSynonymGroup
from ...search import synonyms
from ...services.permissions import Permission
from ..guards import actor, require
from . import bp
from .common import NO_BODY, current_body, load_in_body, save_form
from .forms import SynonymGroupForm

View = str | Response | tuple[str, int]
HINT = ("Begriffe einer Gruppe finden sich bei der Suche gegenseitig, zum Beispiel „Kita, Kindertagesstätte“. "
        "Änderungen wirken sofort bei der nächsten Suche; der Suchindex muss nicht neu aufgebaut werden.")


@bp.route("/suchbegriffe")
@login_required
def synonym_groups() -> str:
    """The body's synonym groups, each with links to change or delete it."""
    require(Permission.ADMIN_BODY)
    body = current_body()
    groups = synonyms.groups_of(db_session(), body.id) if body is not None else []
    return render_template("admin/synonyms.html", groups=groups, hint=HINT)


@bp.route("/suchbegriffe/neu", methods=["GET", "POST"])
@login_required
def synonym_new() -> View:
    """Add a synonym group."""
    require(Permission.ADMIN_BODY)
    body = current_body()
    if body is None:
        flash(NO_BODY, "error")
        return redirect(url_for("admin.settings"))
    form = SynonymGroupForm()
    return save_form(
        form,
        lambda: synonyms.create_group(db_session(), actor(), body, form.terms.data or ""),
        success="Die Synonymgruppe wurde angelegt.",
        next_url=lambda _group: url_for("admin.synonym_groups"),
        template="admin/form.html",
        title="Neue Synonymgruppe",
        cancel_url=url_for("admin.synonym_groups"),
    )


@bp.route("/suchbegriffe/<int:group_id>", methods=["GET", "POST"])
@login_required
def synonym_edit(group_id: int) -> View:
    """Change the terms of a synonym group."""
    require(Permission.ADMIN_BODY)
    group = load_in_body(SearchSynonymGroup, group_id)
    form = SynonymGroupForm(obj=group)
    return save_form(
        form,
        lambda: synonyms.update_group(db_session(), actor(), group, form.terms.data or ""),
        success="Die Synonymgruppe wurde gespeichert.",
        next_url=lambda _group: url_for("admin.synonym_groups"),
        template="admin/form.html",
        title="Synonymgruppe bearbeiten",
        cancel_url=url_for("admin.synonym_groups"),
    )


@bp.route("/suchbegriffe/<int:group_id>/loeschen", methods=["POST"])
@login_required
def synonym_delete(group_id: int) -> Response:
    """Delete a synonym group (the CSRF-checked button on the list)."""
    require(Permission.ADMIN_BODY)
    group = load_in_body(SearchSynonymGroup, group_id)
    synonyms.delete_group(db_session(), actor(), group)
    db_session().commit()
    flash("Die Synonymgruppe wurde gelöscht.", "success")
    return redirect(url_for("admin.synonym_groups"))
