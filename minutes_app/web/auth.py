"""Login, logout and password change."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ..extensions import db_session
from ..services import accounts
from ..services.errors import ValidationFailed
from . import session_tokens
from .guards import actor

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    login = StringField("Benutzername", validators=[DataRequired("Bitte geben Sie Ihren Benutzernamen ein."), Length(max=80)])
    password = PasswordField("Passwort", validators=[DataRequired("Bitte geben Sie Ihr Passwort ein."), Length(max=128)])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField("Bisheriges Passwort", validators=[DataRequired("Bitte geben Sie Ihr bisheriges Passwort ein.")])
    new_password = PasswordField(
        "Neues Passwort",
        validators=[DataRequired("Bitte geben Sie ein neues Passwort ein.")],
        description=f"Mindestens {accounts.MIN_PASSWORD_LENGTH} Zeichen.",
    )
    confirm = PasswordField(
        "Neues Passwort wiederholen",
        validators=[EqualTo("new_password", "Die beiden neuen Passwörter stimmen nicht überein.")],
    )


def _safe_next(target: str | None) -> str:
    """Only same-site absolute paths are followed after login (no open redirect).

    Browsers drop tabs and line breaks from URLs and read a backslash as a slash,
    so "/\t/evil.example" would become "//evil.example": any whitespace, control
    character or backslash disqualifies the target, as does anything with a host.
    """
    if (
        target
        and len(target) <= 2000
        and target.startswith("/")
        and not target.startswith("//")
        and target.isprintable()
        and not any(ch.isspace() or ch == "\\" for ch in target)
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("internal.dashboard")


@bp.route("/anmelden", methods=["GET", "POST"])
def login() -> str | Response:
    """Show the login form and sign the user in."""
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(
                db_session(),
                form.login.data or "",
                form.password.data or "",
                address=request.remote_addr,
                max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                block_seconds=current_app.config["LOGIN_BLOCK_SECONDS"],
            )
        except accounts.LoginBlocked as blocked:
            db_session().commit()
            flash(str(blocked), "error")
            return render_template("auth/login.html", form=form), 429
        db_session().commit()
        if user is None:
            flash("Benutzername oder Passwort ist nicht korrekt.", "error")
            return render_template("auth/login.html", form=form), 200
        session.clear()  # a fresh session on login (no session fixation)
        session.permanent = True
        session_tokens.start(db_session(), session, user)
        db_session().commit()
        login_user(user)
        flash(f"Willkommen, {user.display_name}.", "success")
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/abmelden", methods=["POST"])
def logout() -> Response:
    """Sign out: revoke the session server-side (copies of the cookie die too) and clear it."""
    session_tokens.end(db_session(), session)
    db_session().commit()
    logout_user()
    session.clear()
    flash("Sie haben sich abgemeldet.", "success")
    return redirect(url_for("portal.index"))


@bp.route("/intern/passwort", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response:
    """Let the user change their own password."""
    user = actor()
    assert user is not None
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(db_session(), user, form.current_password.data or "", form.new_password.data or "")
        except ValidationFailed as failed:
            for field, message in failed.errors.items():
                target = form.current_password if field == "current_password" else form.new_password
                target.errors = [*target.errors, message]
        else:
            db_session().commit()
            login_user(user)  # keep this session alive with the new session version
            flash("Ihr Passwort wurde geändert.", "success")
            return redirect(url_for("internal.dashboard"))
    return render_template("auth/password.html", form=form)
