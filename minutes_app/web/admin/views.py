"""Admin views: overview, body settings, legislative terms and meeting locations."""
from __future__ import annotations

from dataclasses import asdict

from flask import abort, flash, redirect, render_template, url_for
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from ...bodies import scope
from ...extensions import db_session
from ...models import Body, LegislativeTerm, Location
from ...services import admin
from ...services.permissions import Permission
from ..body_context import choose_internal_body
from ..guards import actor, require
from . import bp
from .common import NO_BODY, current_body, load_in_body, paginate, save_form
from .forms import BodySettingsForm, LegislativeTermForm, LocationForm

View = str | Response | tuple[str, int]


@bp.route("/")
@login_required
def index() -> str:
    """Overview of the administration sections."""
    user = require(Permission.ADMIN_BODY)
    return render_template("admin/index.html", body=current_body(), may_add_body=scope.user_body_ids(user) is None)


@bp.route("/einstellungen", methods=["GET", "POST"])
@login_required
def settings() -> View:
    """The body's name, numbering, Ladungsfrist, publication rules and legal texts; creates the body on first save."""
    require(Permission.ADMIN_BODY)
    body = current_body()
    if body is not None:
        form = BodySettingsForm(obj=body)
    else:
        form = BodySettingsForm(data=asdict(admin.BodySettings(name="")))
    return save_form(
        form,
        lambda: admin.save_body_settings(db_session(), actor(), body, form.to_data()),
        success="Die Einstellungen wurden gespeichert.",
        next_url=lambda _body: url_for("admin.settings"),
        template="admin/settings.html",
        body=body,
        reference_example=_reference_example(form.paper_reference_format.data or ""),
    )


@bp.route("/koerperschaften/neu", methods=["GET", "POST"])
@login_required
def body_new() -> View:
    """A further body on this installation; only administrators who work for every body may add one."""
    user = require(Permission.ADMIN_BODY)
    if scope.user_body_ids(user) is not None:
        abort(403)
    form = BodySettingsForm(data=asdict(admin.BodySettings(name="")))

    def create() -> Body:
        created = admin.save_body_settings(db_session(), user, None, form.to_data())
        db_session().flush()
        choose_internal_body(created)
        return created

    return save_form(
        form,
        create,
        success="Die Körperschaft wurde angelegt. Sie verwalten jetzt diese Körperschaft.",
        next_url=lambda _body: url_for("admin.settings"),
        template="admin/settings.html",
        body=None,
        new_body=True,
        reference_example=_reference_example(form.paper_reference_format.data or ""),
    )


def _reference_example(pattern: str) -> str:
    """A preview of the Vorlage number for the hint, or nothing when the pattern does not render."""
    if admin.reference_format_error(pattern):
        return ""
    return admin.reference_example(pattern)


@bp.route("/wahlperioden")
@login_required
def terms() -> str:
    """List of the Wahlperioden, newest first."""
    require(Permission.ADMIN_ORGANIZATIONS)
    body_id = body.id if (body := current_body()) is not None else -1
    page = paginate(select(LegislativeTerm).where(LegislativeTerm.body_id == body_id)
                    .order_by(LegislativeTerm.start_date.desc()))
    return render_template("admin/terms.html", page=page)


@bp.route("/wahlperioden/neu", methods=["GET", "POST"])
@login_required
def term_new() -> View:
    """Add a Wahlperiode."""
    require(Permission.ADMIN_ORGANIZATIONS)
    body = current_body()
    if body is None:
        flash(NO_BODY, "error")
        return redirect(url_for("admin.settings"))
    form = LegislativeTermForm()
    return save_form(
        form,
        lambda: admin.create_legislative_term(db_session(), actor(), body, form.to_data()),
        success="Die Wahlperiode wurde angelegt.",
        next_url=lambda _term: url_for("admin.terms"),
        template="admin/form.html",
        title="Neue Wahlperiode",
        cancel_url=url_for("admin.terms"),
    )


@bp.route("/wahlperioden/<int:term_id>", methods=["GET", "POST"])
@login_required
def term_edit(term_id: int) -> View:
    """Change a Wahlperiode."""
    require(Permission.ADMIN_ORGANIZATIONS)
    term = load_in_body(LegislativeTerm, term_id)
    form = LegislativeTermForm(obj=term)
    return save_form(
        form,
        lambda: admin.update_legislative_term(db_session(), actor(), term, form.to_data()),
        success="Die Wahlperiode wurde gespeichert.",
        next_url=lambda _term: url_for("admin.terms"),
        template="admin/form.html",
        title=f"Wahlperiode {term.name} bearbeiten",
        cancel_url=url_for("admin.terms"),
    )


@bp.route("/orte")
@login_required
def locations() -> str:
    """List of the meeting places."""
    require(Permission.ADMIN_ORGANIZATIONS)
    body_id = body.id if (body := current_body()) is not None else -1
    page = paginate(select(Location).where(Location.body_id == body_id).order_by(Location.description, Location.room))
    return render_template("admin/locations.html", page=page)


@bp.route("/orte/neu", methods=["GET", "POST"])
@login_required
def location_new() -> View:
    """Add a meeting place."""
    require(Permission.ADMIN_ORGANIZATIONS)
    body = current_body()
    if body is None:
        flash(NO_BODY, "error")
        return redirect(url_for("admin.settings"))
    form = LocationForm()
    return save_form(
        form,
        lambda: admin.create_location(db_session(), actor(), body, form.to_data()),
        success="Der Ort wurde angelegt.",
        next_url=lambda _location: url_for("admin.locations"),
        template="admin/form.html",
        title="Neuer Ort",
        cancel_url=url_for("admin.locations"),
    )


@bp.route("/orte/<int:location_id>", methods=["GET", "POST"])
@login_required
def location_edit(location_id: int) -> View:
    """Change a meeting place."""
    require(Permission.ADMIN_ORGANIZATIONS)
    location = load_in_body(Location, location_id)
    form = LocationForm(obj=location)
    return save_form(
        form,
        lambda: admin.update_location(db_session(), actor(), location, form.to_data()),
        success="Der Ort wurde gespeichert.",
        next_url=lambda _location: url_for("admin.locations"),
        template="admin/form.html",
        title=f"Ort {location.label} bearbeiten",
        cancel_url=url_for("admin.locations"),
    )
