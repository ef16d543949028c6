"""Bürgerinformationssystem: the public, read-only pages at the stable addresses of DESIGN §9.

Every view here renders the public version, whoever asks, and reads only
through services.visibility and services.public_catalog. Responses carry an
ETag so browsers and caches revalidate cheaply (304 Not Modified).
"""
from __future__ import annotations

from flask import Blueprint, request
from werkzeug.wrappers import Response

bp = Blueprint("portal", __name__)


@bp.after_request
def _conditional(response: Response) -> Response:
    """Add a validator to every successful GET and answer If-None-Match with 304."""
    if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.direct_passthrough:
        response.add_etag()
        response.headers.setdefault("Cache-Control", "no-cache")
        response.make_conditional(request)
    return response


from . import committees, decisions, feeds, meetings, pages, papers  # noqa: E402,F401  (registers the routes)
