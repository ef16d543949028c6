"""Admin views for organizations: Gremien, Fachbereiche/Dezernate, Fraktionen."""
from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...extensions import db_session
from ...models import Membership, Organization, OrganizationType
from ...services import organizations
from ...services.permissions import Permission
from ..guards import actor, require
from . import bp
from .common import load_in_body
from .common import NO_BODY, current_body, paginate, query_args, save_form
from .forms import OrganizationFilterForm, OrganizationForm, organization_choices
from .views import View


@bp.route("/gremien")
@login_required
def organizations_list() -> str:
    """Organizations, filterable by type."""
    require(Permission.ADMIN_ORGANIZATIONS)
    filters = OrganizationFilterForm(formdata=request.args)
    kind = filters.art.data if filters.art.data in OrganizationType._value2member_map_ else ""
    stmt = organizations.organizations_query(OrganizationType(kind) if kind else None)
    stmt = stmt.where(Organization.body_id == (body.id if (body := current_body()) is not None else -1))
    page = paginate(stmt.options(selectinload(Organization.parent)))
    return render_template(
        "admin/organizations.html",
        filters=filters,
        page=page,
        args=query_args(art=kind),
        counts=organizations.active_member_counts(db_session(), date.today()),
    )


def _with_choices(form: OrganizationForm, organization: Organization | None) -> OrganizationForm:
    # An organization cannot be its own parent; the service also rejects deeper cycles.
    form.parent_id.choices = [
        choice for choice in organization_choices(db_session())
        if organization is None or choice.value != str(organization.id)
    ]
    return form


@bp.route("/gremien/neu", methods=["GET", "POST"])
@login_required
def organization_new() -> View:
    """Add an organization; ``?art=`` preselects its type."""
    require(Permission.ADMIN_ORGANIZATIONS)
    body = current_body()
    if body is None:
        flash(NO_BODY, "error")
        return redirect(url_for("admin.settings"))
    kind = request.args.get("art", "")
    initial = {"organization_type": OrganizationType(kind)} if kind in OrganizationType._value2member_map_ else {}
    form = _with_choices(OrganizationForm(data=initial), None)
    return save_form(
        form,
        lambda: organizations.create_organization(db_session(), actor(), body, form.to_data()),
        success="Die Organisation wurde angelegt.",
        next_url=lambda org: url_for("admin.organization_edit", organization_id=org.id),
        template="admin/form.html",
        title="Neue Organisation",
        cancel_url=url_for("admin.organizations_list"),
    )


@bp.route("/gremien/<int:organization_id>", methods=["GET", "POST"])
@login_required
def organization_edit(organization_id: int) -> View:
    """Change an organization; the page also lists its members."""
    require(Permission.ADMIN_ORGANIZATIONS)
    organization = load_in_body(Organization, organization_id)
    form = _with_choices(OrganizationForm(obj=organization), organization)
    memberships = db_session().scalars(
        select(Membership)
        .where(Membership.organization_id == organization.id)
        .options(selectinload(Membership.person), selectinload(Membership.on_behalf_of))
        .order_by(Membership.end_date.is_not(None), Membership.start_date.desc())
    ).all()
    return save_form(
        form,
        lambda: organizations.update_organization(db_session(), actor(), organization, form.to_data()),
        success="Die Organisation wurde gespeichert.",
        next_url=lambda org: url_for("admin.organization_edit", organization_id=org.id),
        template="admin/organization.html",
        title=f"{organization.name} bearbeiten",
        organization=organization,
        memberships=memberships,
        today=date.today(),
        cancel_url=url_for("admin.organizations_list"),
    )
