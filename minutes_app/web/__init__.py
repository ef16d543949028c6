"""HTTP layer: blueprints per audience, error pages, security headers, template helpers."""
from __future__ import annotations

from flask import Flask, Response, current_app, request, session
from flask_login import current_user

from ..extensions import db_session, login_manager
from ..models import User
from ..services.permissions import Permission, can
from . import errors, filters, params, request_text, session_tokens
from .guards import actor

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


@login_manager.user_loader
def _load_user(identity: str) -> User | None:
    """Resolve the session identity "id:version"; a stale version ends the session."""
    raw_id, _, raw_version = identity.partition(":")
    user_id, version = params.parse_id(raw_id), params.parse_int(raw_version)
    if user_id is None or version is None:
        return None
    user = db_session().get(User, user_id)
    if user is None or not user.active or user.session_version != version:
        return None
    # A logged-out (revoked) session is dead even if someone kept a copy of its cookie.
    if not session_tokens.is_live(db_session(), session, user):
        return None
    return user


#: The product uses no camera, microphone, location, payment or similar browser features.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()"
)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        # Only when the site is served over HTTPS (secure cookies); a plain-HTTP test setup must not pin itself.
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if current_user.is_authenticated or request.path.startswith(("/intern", "/anmelden")):
        response.headers["Cache-Control"] = "no-store"
    return response


def register_web(app: Flask) -> None:
    """Register blueprints, error handlers and template globals."""
    # Before any rule is added: ids in URLs are bounded like every other number (see params).
    app.url_map.converters["int"] = params.IdConverter
    request_text.register(app)
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
    from .records import bp as records_bp
    app.register_blueprint(records_bp)
    from .decisions import bp as decisions_bp
    app.register_blueprint(decisions_bp)
    from .minutes import bp as minutes_bp
    from .minutes.public import bp as public_minutes_bp
    app.register_blueprint(minutes_bp)
    app.register_blueprint(public_minutes_bp)
    from .mail import alerts_bp
    from .mail import bp as mail_bp
    from .mail import delivery

    app.register_blueprint(mail_bp)
    app.register_blueprint(alerts_bp)
    delivery.register(app)
    from .documents import bp as documents_bp
    from .letterhead import bp as letterhead_bp
    app.register_blueprint(documents_bp)
    app.register_blueprint(letterhead_bp)
    from . import body_context
    body_context.register(app)
    from .oparl import bp as oparl_bp
    app.register_blueprint(oparl_bp)
    errors.register(app)
    app.after_request(_security_headers)
    filters.register(app)
    app.jinja_env.globals.update(can=lambda perm, obj=None: can(actor(), perm, obj), Permission=Permission)
