"""OParl 1.1 endpoint at /oparl/v1/ (blueprint "oparl"): the public data for every OParl client.

Views are thin: parse the request, make one :class:`minutes_app.oparl.api.Reader`
call, answer JSON. Every answer carries ``application/json; charset=utf-8`` and
``Access-Control-Allow-Origin: *``; successful GETs get an ETag and answer
``If-None-Match`` with 304. Errors are OParl error objects with a German message;
a non-public and an unknown object get the very same 404.
"""
from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, request
from werkzeug.exceptions import HTTPException

bp = Blueprint("oparl", __name__, url_prefix="/oparl/v1")

JSON_TYPE = "application/json; charset=utf-8"
ERROR_TYPE = "https://schema.oparl.org/1.1/Error"
MESSAGES = {
    400: "Die Anfrage ist ungültig.",
    404: "Dieses Objekt gibt es nicht oder es ist nicht öffentlich.",
    405: "Die OParl-Schnittstelle beantwortet nur GET-Anfragen.",
    410: "Diese Datei wurde gelöscht.",
}


def json_response(document: dict[str, Any], status: int = 200) -> Response:
    """The document as UTF-8 JSON without BOM; non-ASCII characters are written as they are."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return Response(text, status=status, content_type=JSON_TYPE)


def error_response(status: int, message: str | None = None) -> Response:
    """An OParl error object with the proper status."""
    return json_response({"type": ERROR_TYPE, "message": message or MESSAGES.get(status, "Fehler.")}, status)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    # A 400 raised by a view carries the German text of what was wrong; other errors get the fixed text.
    message = error.description if status == 400 and isinstance(error.description, str) else None
    return error_response(status, message)


@bp.after_request
def _headers(response: Response) -> Response:
    """CORS for every answer; validators and 304 for successful JSON."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.direct_passthrough:
        response.add_etag()
        response.headers["Cache-Control"] = "no-cache"
        response.make_conditional(request)
    return response


from . import views  # noqa: E402,F401  (registers the routes)
