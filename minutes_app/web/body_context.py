"""Which body a request is about: the portal's body from the address, the internal area's from the session.

Portal: every public address exists twice, at the stable address of DESIGN §9
(``/sitzungen``) and below the body's Kürzel (``/<kürzel>/sitzungen``). The
Kürzel is taken out of the view arguments before the view runs (views never see
it) and put back into every link built on a prefixed page, so templates link
with plain ``url_for('portal.meetings')``. Unprefixed addresses serve the body
whose host name the request came in on, else the first body.

Internal area: the administered body is the one chosen with the body switcher
(kept in the session) among the bodies the user works for, else the first of them.
"""
from __future__ import annotations

import re
from typing import Any

from flask import Flask, abort, has_request_context, request, session
from werkzeug.routing import BaseConverter

from ..bodies import registry, scope
from ..bodies.slugs import RESERVED
from ..extensions import db_session
from ..models import Body
from .guards import actor

PREFIX_ARG = "kuerzel"
SESSION_KEY = "body_id"
ENVIRON_KEY = "minutes_app.portal"
#: Endpoints of the public portal that also exist below ``/<kürzel>``.
PORTAL_BLUEPRINTS = ("portal", "documents", "public_minutes", "alerts")
PORTAL_EXTRA_ENDPOINTS = ("search.public_search",)
UNPREFIXED_ONLY = ("portal.healthz",)


class BodySlugConverter(BaseConverter):
    """A path segment shaped like a Kürzel, never one of the application's own first segments.

    Without the exclusion ``GET /abmelden`` (a POST-only address) would be
    redirected to ``/abmelden/`` as if it were a body's start page.
    """

    regex = r"(?!(?:%s)(?:/|$))[a-z][a-z0-9-]{0,39}" % "|".join(
        sorted(re.escape(word) for word in RESERVED if "." not in word)
    )


def _state() -> dict[str, Any]:
    """Per-request state (the request environment, not ``g``: an app context may outlive one request)."""
    state: dict[str, Any] = request.environ.setdefault(ENVIRON_KEY, {})
    return state


def portal_body() -> Body | None:
    """The body of this portal request (404 for an unknown Kürzel was raised earlier)."""
    state = _state()
    if "body" not in state:
        session_ = db_session()
        body = registry.by_host(session_, request.host) if registry.body_count(session_) > 1 else None
        state["by_host"] = body is not None
        state["body"] = body or registry.first_body(session_)
    found: Body | None = state["body"]
    return found


def portal_prefixed() -> bool:
    """Whether this request came in below a Kürzel (``/<kürzel>/…``)."""
    return bool(_state().get("prefixed"))


def portal_chosen() -> bool:
    """Whether the address chose the body (Kürzel or the body's own host name), not the first-body fallback."""
    portal_body()
    return bool(_state().get("prefixed") or _state().get("by_host"))


def belongs_to_portal(obj: Any) -> bool:
    """Whether ``obj`` belongs to the body of this portal request; anything else answers 404."""
    body = portal_body()
    return body is not None and scope.body_id_of(obj) == body.id


def internal_body() -> Body | None:
    """The body administered in this internal request: the chosen one if the user works for it, else their first."""
    user = actor()
    bodies = scope.bodies_of(db_session(), user)
    chosen = session.get(SESSION_KEY)
    return next((b for b in bodies if b.id == chosen), bodies[0] if bodies else None)


def choose_internal_body(body: Body) -> None:
    """Remember ``body`` as the administered one for this login session."""
    session[SESSION_KEY] = body.id


def _take_prefix(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    if not values or PREFIX_ARG not in values:
        return
    body = registry.by_slug(db_session(), values.pop(PREFIX_ARG))
    if body is None:
        abort(404)
    _state().update(body=body, prefixed=True)


def register(app: Flask) -> None:
    """Add the ``/<kürzel>`` twin of every portal address and the hooks that resolve and keep the prefix."""
    app.url_map.converters["kuerzel"] = BodySlugConverter
    prefixed: set[str] = set()
    for rule in list(app.url_map.iter_rules()):
        endpoint = rule.endpoint
        portal = endpoint.split(".", 1)[0] in PORTAL_BLUEPRINTS or endpoint in PORTAL_EXTRA_ENDPOINTS
        if not portal or endpoint in UNPREFIXED_ONLY:
            continue
        # "/<kürzel>" answers like "/<kürzel>/" instead of redirecting, so an unknown first segment is a plain 404.
        app.add_url_rule(f"/<kuerzel:{PREFIX_ARG}>{rule.rule}", endpoint=endpoint, methods=rule.methods,
                         strict_slashes=rule.rule != "/")
        prefixed.add(endpoint)

    @app.url_value_preprocessor
    def _resolve(endpoint: str | None, values: dict[str, Any] | None) -> None:
        _take_prefix(endpoint, values)

    @app.url_defaults
    def _keep_prefix(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint in prefixed and PREFIX_ARG not in values and has_request_context() and portal_prefixed():
            values[PREFIX_ARG] = _state()["body"].slug

    @app.context_processor
    def _body_names() -> dict[str, Any]:
        if not has_request_context() or not portal_prefixed():
            return {}
        return {"site_name": _state()["body"].name}
