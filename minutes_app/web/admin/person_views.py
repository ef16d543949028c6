"""Admin views for persons and their memberships."""
from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from ...extensions import db_session
from ...models import Membership, OrganizationType, Person
from ...services import organizations, persons
from ...services.errors import ValidationFailed
from ...services.permissions import Permission
from ..guards import actor, require
from . import bp
from .common import load_in_body
from .common import NO_BODY, current_body, status_of, paginate, query_args, save_form, show_errors
from .forms import PLEASE_CHOOSE, MembershipForm, PersonForm, SearchForm, organization_choices
from .views import View


@bp.route("/personen")
@login_required
def persons_list() -> str:
    """Persons in alphabetical order, searchable by name, 50 per page."""
    require(Permission.ADMIN_PERSONS)
    search = SearchForm(formdata=request.args)
    query = (search.q.data or "").strip()[:100]
    stmt = persons.persons_query(query).where(
        Person.body_id == (body.id if (body := current_body()) is not None else -1)
    ).options(
        selectinload(Person.memberships).selectinload(Membership.organization)
    )
    return render_template(
        "admin/persons.html", search=search, page=paginate(stmt), args=query_args(q=query), today=date.today()
    )


@bp.route("/personen/neu", methods=["GET", "POST"])
@login_required
def person_new() -> View:
    """Add a person; afterwards memberships can be added on the person's page."""
    require(Permission.ADMIN_PERSONS)
    body = current_body()
    if body is None:
        flash(NO_BODY, "error")
        return redirect(url_for("admin.settings"))
    form = PersonForm()
    return save_form(
        form,
        lambda: persons.create_person(db_session(), actor(), body, form.to_data()),
        success="Die Person wurde angelegt. Sie können nun Mitgliedschaften hinzufügen.",
        next_url=lambda person: url_for("admin.person_detail", person_id=person.id),
        template="admin/form.html",
        title="Neue Person",
        cancel_url=url_for("admin.persons_list"),
    )


def _membership_form(**kwargs: object) -> MembershipForm:
    form = MembershipForm(**kwargs)  # type: ignore[arg-type]
    form.organization_id.choices = organization_choices(db_session(), blank=PLEASE_CHOOSE)
    form.on_behalf_of_id.choices = organization_choices(db_session(), OrganizationType.FACTION)
    return form


def _person_page(person: Person, person_form: PersonForm, membership_form: MembershipForm) -> tuple[str, int]:
    status = max(status_of(person_form), status_of(membership_form))
    return render_template(
        "admin/person.html", person=person, form=person_form, membership_form=membership_form, today=date.today()
    ), status


@bp.route("/personen/<int:person_id>", methods=["GET", "POST"])
@login_required
def person_detail(person_id: int) -> View:
    """A person's data (editable), memberships and a form to add one."""
    require(Permission.ADMIN_PERSONS)
    person = load_in_body(Person, person_id)
    form = PersonForm(obj=person)
    if form.validate_on_submit():
        try:
            persons.update_person(db_session(), actor(), person, form.to_data())
        except ValidationFailed as failed:
            db_session().rollback()
            show_errors(form, failed)
        else:
            db_session().commit()
            flash("Die Angaben zur Person wurden gespeichert.", "success")
            return redirect(url_for("admin.person_detail", person_id=person.id))
    return _person_page(person, form, _membership_form(formdata=None))


@bp.route("/personen/<int:person_id>/mitgliedschaften", methods=["POST"])
@login_required
def membership_create(person_id: int) -> Response | tuple[str, int]:
    """Add a membership to a person; errors re-render the person's page with the input kept."""
    require(Permission.ADMIN_ORGANIZATIONS)
    person = load_in_body(Person, person_id)
    form = _membership_form()
    if form.validate_on_submit():
        try:
            organizations.create_membership(db_session(), actor(), person, form.to_data())
        except ValidationFailed as failed:
            db_session().rollback()
            show_errors(form, failed)
        else:
            db_session().commit()
            flash("Die Mitgliedschaft wurde hinzugefügt.", "success")
            return redirect(url_for("admin.person_detail", person_id=person.id) + "#mitgliedschaften")
    return _person_page(person, PersonForm(formdata=None, obj=person), form)


@bp.route("/mitgliedschaften/<int:membership_id>", methods=["GET", "POST"])
@login_required
def membership_edit(membership_id: int) -> View:
    """Change or end a membership."""
    require(Permission.ADMIN_ORGANIZATIONS)
    membership = load_in_body(Membership, membership_id)
    person_url = url_for("admin.person_detail", person_id=membership.person_id)
    form = _membership_form(obj=membership)
    return save_form(
        form,
        lambda: organizations.update_membership(db_session(), actor(), membership, form.to_data()),
        success="Die Mitgliedschaft wurde gespeichert.",
        next_url=lambda _m: person_url + "#mitgliedschaften",
        template="admin/membership.html",
        title=f"Mitgliedschaft von {membership.person.name} bearbeiten",
        membership=membership,
        cancel_url=person_url,
    )


@bp.route("/mitgliedschaften/<int:membership_id>/loeschen", methods=["POST"])
@login_required
def membership_delete(membership_id: int) -> Response:
    """Delete a membership entered by mistake (a past one is ended with its end date instead)."""
    require(Permission.ADMIN_ORGANIZATIONS)
    membership = load_in_body(Membership, membership_id)
    person_id = membership.person_id
    organizations.delete_membership(db_session(), actor(), membership)
    db_session().commit()
    flash("Die Mitgliedschaft wurde gelöscht.", "success")
    return redirect(url_for("admin.person_detail", person_id=person_id) + "#mitgliedschaften")
