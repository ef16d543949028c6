"""Admin views for user accounts: roles, links, activation and password reset.

An administrator scoped to bodies sees and changes only accounts that work for
those bodies alone (others answer 404); the accounts they create work for the
administered body. Installation-wide administrators (no scope) see every account.
"""
from __future__ import annotations

from typing import TypeVar

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from ...bodies import scope
from ...extensions import db_session
from ...models import Body, OrganizationType, User
from ...services import users_admin
from ...services.errors import ValidationFailed
from ...services.permissions import Permission
from ..body_context import internal_body
from ..guards import actor, load_or_404, require
from . import bp
from .common import status_of, paginate, query_args, save_form, show_errors
from .forms import PasswordResetForm, SearchForm, UserCreateForm, UserForm, organization_choices, person_choices
from .views import View


@bp.route("/benutzer")
@login_required
def users_list() -> str:
    """User accounts, searchable by login or name, 50 per page."""
    require(Permission.ADMIN_USERS)
    search = SearchForm(formdata=request.args)
    search.q.label.text = "Benutzername oder Name enthält"
    query = (search.q.data or "").strip()[:100]
    stmt = users_admin.users_query(query).options(selectinload(User.department))
    admin_scope = scope.user_body_ids(actor())
    if admin_scope is not None:
        ids = sorted(admin_scope)
        stmt = stmt.where(User.bodies.any(Body.id.in_(ids)), ~User.bodies.any(Body.id.not_in(ids)))
    return render_template("admin/users.html", search=search, page=paginate(stmt), args=query_args(q=query))


F = TypeVar("F", bound=UserForm)


def _with_choices(form: F) -> F:
    session = db_session()
    form.person_id.choices = person_choices(session)
    form.department_id.choices = organization_choices(session, OrganizationType.DEPARTMENT)
    form.committee_ids.choices = organization_choices(session, OrganizationType.COMMITTEE)[1:]
    return form


def _load_account(user_id: int) -> User:
    """The account if the acting administrator may manage it (all its bodies are theirs); otherwise 404."""
    user = load_or_404(User, user_id)
    admin_scope = scope.user_body_ids(actor())
    if admin_scope is not None:
        target = scope.user_body_ids(user)
        if target is None or not target <= admin_scope:
            abort(404)
    return user


def _scoped(user: User) -> User:
    """A scoped administrator's new account works for the administered body."""
    body = internal_body()
    if scope.user_body_ids(actor()) is not None and body is not None and body not in user.bodies:
        user.bodies.append(body)
    return user


@bp.route("/benutzer/neu", methods=["GET", "POST"])
@login_required
def user_new() -> View:
    """Create an account with a first password."""
    require(Permission.ADMIN_USERS)
    form = _with_choices(UserCreateForm())
    return save_form(
        form,
        lambda: _scoped(users_admin.create_user_account(db_session(), actor(), form.to_data(), form.password.data or "")),
        success="Das Benutzerkonto wurde angelegt.",
        next_url=lambda user: url_for("admin.user_edit", user_id=user.id),
        template="admin/user.html",
        title="Neues Benutzerkonto",
        user=None,
    )


@bp.route("/benutzer/<int:user_id>", methods=["GET", "POST"])
@login_required
def user_edit(user_id: int) -> View:
    """Change an account; the page also offers the password reset."""
    require(Permission.ADMIN_USERS)
    user = _load_account(user_id)
    form = _with_choices(UserForm(obj=user, committee_ids=[c.id for c in user.committees]))
    return save_form(
        form,
        lambda: users_admin.update_user_account(db_session(), actor(), user, form.to_data()),
        success="Das Benutzerkonto wurde gespeichert.",
        next_url=lambda saved: url_for("admin.user_edit", user_id=saved.id),
        template="admin/user.html",
        title=f"Benutzerkonto {user.login} bearbeiten",
        user=user,
        password_form=PasswordResetForm(formdata=None),
    )


@bp.route("/benutzer/<int:user_id>/passwort", methods=["POST"])
@login_required
def user_password(user_id: int) -> Response | tuple[str, int]:
    """Set a new password for the account; its open sessions end."""
    admin_user = require(Permission.ADMIN_USERS)
    user = _load_account(user_id)
    password_form = PasswordResetForm()
    if password_form.validate_on_submit():
        try:
            users_admin.reset_password(
                db_session(), admin_user, user, password_form.password.data or "", password_form.password_confirm.data or ""
            )
        except ValidationFailed as failed:
            db_session().rollback()
            show_errors(password_form, failed)
        else:
            db_session().commit()
            if user.id == admin_user.id:
                login_user(user)  # keep the administrator's own session valid with the new session version
            flash(f"Das Passwort für {user.login} wurde neu gesetzt. Bestehende Anmeldungen wurden beendet.", "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    form = _with_choices(UserForm(formdata=None, obj=user, committee_ids=[c.id for c in user.committees]))
    return render_template(
        "admin/user.html", form=form, title=f"Benutzerkonto {user.login} bearbeiten", user=user,
        password_form=password_form,
    ), status_of(password_form)
