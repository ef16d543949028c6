"""Error pages: a request id on every response, logged 500s, and a lock timeout that keeps the user's input.

An unexpected error is logged with its traceback and a short request id; the
German error page shows the same id, so a user's report leads straight to the
log line. A write that waited longer than the database's busy timeout (SQLite
"database is locked", PostgreSQL lock timeouts) is no 500: the user gets HTTP
503 with every typed value kept in a form that re-submits it. A value the database
refuses (PostgreSQL: a text longer than its column, a number beyond its range)
is the user's input, not a broken server: HTTP 400, nothing saved.
"""
from __future__ import annotations

import secrets

from flask import Flask, Response, current_app, render_template, request
from sqlalchemy.exc import DataError, OperationalError
from werkzeug.exceptions import HTTPException

from ..extensions import SAFE_METHODS, read_only_from_now

ERROR_TEXTS = {
    400: ("Ungültige Anfrage", "Die Anfrage konnte nicht verarbeitet werden. Bitte laden Sie die Seite neu und versuchen Sie es erneut."),
    403: ("Keine Berechtigung", "Sie haben keine Berechtigung, diese Seite aufzurufen."),
    404: ("Seite nicht gefunden", "Die angeforderte Seite gibt es nicht oder sie ist nicht öffentlich."),
    405: ("Methode nicht erlaubt", "Diese Aktion ist auf diesem Weg nicht möglich."),
    413: ("Datei zu groß", "Die gesendeten Daten überschreiten die zulässige Größe."),
    429: ("Zu viele Anfragen", "Bitte warten Sie einen Moment und versuchen Sie es dann erneut."),
    500: ("Interner Fehler", "Es ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es später erneut."),
    503: ("Vorübergehend nicht verfügbar", "Der Dienst ist gerade ausgelastet. Bitte versuchen Sie es in einem Moment erneut."),
}
#: A value the database refused (answered with HTTP 400).
REFUSED_VALUE = (
    "Eingabe nicht speicherbar",
    "Eine Eingabe ist zu lang oder als Zahl zu groß; es wurde nichts gespeichert. "
    "Bitte gehen Sie zurück, kürzen oder korrigieren Sie die Eingabe und speichern Sie erneut.",
)
#: Fragments of driver messages that mean "waited for a lock and gave up", not a broken database.
_LOCK_MESSAGES = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock", "deadlock")
#: Form fields never echoed back (secrets stay out of the page).
_SECRET_FIELDS = frozenset({"csrf_token", "password", "current_password", "new_password", "confirm"})
RETRY_AFTER_SECONDS = 5


def request_id() -> str:
    """The short id of this request (shown on error pages and logged with every 500)."""
    # In the WSGI environ: one id per request even where tests share an app context between requests.
    rid: str = request.environ.setdefault("minutes_app.request_id", secrets.token_hex(6))
    return rid


def is_lock_timeout(error: BaseException) -> bool:
    """Whether ``error`` is a database lock wait that timed out."""
    text = str(getattr(error, "orig", error)).lower()
    return isinstance(error, OperationalError) and any(part in text for part in _LOCK_MESSAGES)


def _error_page(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    title, text = ERROR_TEXTS.get(code, (error.name, "Die Anfrage konnte nicht bearbeitet werden."))
    return render_template("errors/error.html", code=code, title=title, text=text), code


def _retry_page() -> Response:
    """HTTP 503 with the submitted values in a form that posts them again to the same address."""
    fields = [(name, value) for name, value in request.form.items(multi=True) if name not in _SECRET_FIELDS]
    texts = [(name, value) for name, value in fields if len(value) > 40 or "\n" in value]
    html = render_template(
        "errors/retry.html", code=503, action=request.full_path.rstrip("?"), fields=fields, texts=texts,
        had_files=bool(request.files),
    )
    return Response(html, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def _unexpected_error(error: Exception) -> tuple[str, int] | Response:
    if isinstance(error, DataError):
        # The forms bound what they know; this is the last line behind them, with the transaction rolled back.
        read_only_from_now()
        current_app.logger.warning(
            "Eingabe von der Datenbank abgewiesen [%s] %s %s: %s", request_id(), request.method, request.path,
            str(error.orig).splitlines()[0] if error.orig else error,
        )
        title, text = REFUSED_VALUE
        return render_template("errors/error.html", code=400, title=title, text=text), 400
    if is_lock_timeout(error):
        read_only_from_now()
        current_app.logger.warning(
            "Sperre der Datenbank nicht erhalten [%s] %s %s", request_id(), request.method, request.path
        )
        if request.method not in SAFE_METHODS:
            return _retry_page()
        title, text = ERROR_TEXTS[503]
        return render_template("errors/error.html", code=503, title=title, text=text), 503
    # Never show a traceback or internal detail; the log keeps it under the id the page shows.
    current_app.logger.error(
        "Interner Fehler [%s] %s %s", request_id(), request.method, request.path, exc_info=error
    )
    title, text = ERROR_TEXTS[500]
    page = render_template("errors/error.html", code=500, title=title, text=text, request_id=request_id())
    return page, 500


def _tag_response(response: Response) -> Response:
    response.headers.setdefault("X-Request-ID", request_id())
    return response


def register(app: Flask) -> None:
    """Install the error handlers and the request id header."""
    app.register_error_handler(HTTPException, _error_page)
    app.register_error_handler(Exception, _unexpected_error)
    app.after_request(_tag_response)
