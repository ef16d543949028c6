"""HTTP layer: blueprints per audience, error pages, security headers, template helpers."""
from __future__ import annotations

from flask import Flask, Response, render_template, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from ..extensions import db_session, login_manager
from ..models import User
from ..services.permissions import Permission, can
from . import filters
from .guards import actor

ERROR_TEXTS = {
    400: ("Ungültige Anfrage", "Die Anfrage konnte nicht verarbeitet werden. Bitte laden Sie die Seite neu und versuchen Sie es erneut."),
    403: ("Keine Berechtigung", "Sie haben keine Berechtigung, diese Seite aufzurufen."),
    404: ("Seite nicht gefunden", "Die angeforderte Seite gibt es nicht oder sie ist nicht öffentlich."),
    405: ("Methode nicht erlaubt", "Diese Aktion ist auf diesem Weg nicht möglich."),
    413: ("Datei zu groß", "Die gesendeten Daten überschreiten die zulässige Größe."),
    429: ("Zu viele Anfragen", "Bitte warten Sie einen Moment und versuchen Sie es dann erneut."),
    500: ("Interner Fehler", "Es ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es später erneut."),
}

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


@login_manager.user_loader
def _load_user(identity: str) -> User | None:
    """Resolve the session identity "id:version"; a stale version ends the session."""
    user_id, _, version = identity.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db_session().get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def _error_page(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    title, text = ERROR_TEXTS.get(code, (error.name, "Die Anfrage konnte nicht bearbeitet werden."))
    return render_template("errors/error.html", code=code, title=title, text=text), code


def _unexpected_error(_error: Exception) -> tuple[str, int]:
    # Never show a traceback or internal detail; the log keeps it.
    title, text = ERROR_TEXTS[500]
    return render_template("errors/error.html", code=500, title=title, text=text), 500


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if current_user.is_authenticated or request.path.startswith(("/intern", "/anmelden")):
        response.headers["Cache-Control"] = "no-store"
    return response


def register_web(app: Flask) -> None:
    """Register blueprints, error handlers and template globals."""
    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .internal import bp as internal_bp
    from .portal import bp as portal_bp
    from .papers import bp as papers_bp
    from .sign_off import bp as sign_off_bp
    from .search import bp as search_bp

    for blueprint in (portal_bp, auth_bp, internal_bp, admin_bp, search_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(papers_bp)
    app.register_blueprint(sign_off_bp)
    from .meetings import bp as meetings_bp
    app.register_blueprint(meetings_bp)
    from .decisions import bp as decisions_bp
    app.register_blueprint(decisions_bp)
    from .minutes import bp as minutes_bp
    from .minutes.public import bp as public_minutes_bp
    app.register_blueprint(minutes_bp)
    app.register_blueprint(public_minutes_bp)
    from .documents import bp as documents_bp
    from .letterhead import bp as letterhead_bp
    app.register_blueprint(documents_bp)
    app.register_blueprint(letterhead_bp)
    from .oparl import bp as oparl_bp
    app.register_blueprint(oparl_bp)
    app.register_error_handler(HTTPException, _error_page)
    app.register_error_handler(Exception, _unexpected_error)
    app.after_request(_security_headers)
    filters.register(app)
    app.jinja_env.globals.update(can=lambda perm, obj=None: can(actor(), perm, obj), Permission=Permission)
