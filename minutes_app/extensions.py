"""Flask extensions and the per-request database session."""
from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import TypeVar

from flask import current_app, g, has_request_context, request
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException

from .database import Database

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Bitte melden Sie sich an, um diese Seite zu sehen."
login_manager.login_message_category = "info"

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
F = TypeVar("F", bound=Callable[..., object])


def deferred_writes(view: F) -> F:
    """Mark a view whose request reads without SQLite's write lock until it calls :func:`begin_writes`.

    For views with slow work (receiving and checking an upload) before a short
    write: the lock is held only for the write, so other users' saves never
    wait for the slow part. ``functools.wraps`` carries the mark through
    ``login_required`` and the like.
    """
    view.defer_writes = True  # type: ignore[attr-defined]
    return view


_DEFER_KEY = "minutes_app.defer_writes"


def _writes_deferred() -> bool:
    # Kept in the WSGI environ: it belongs to this request, not to an app context tests may share.
    if _DEFER_KEY not in request.environ:
        view = current_app.view_functions.get(request.endpoint or "")
        request.environ[_DEFER_KEY] = bool(getattr(view, "defer_writes", False))
    return bool(request.environ[_DEFER_KEY])


def begin_writes() -> Session:
    """End the read phase of a deferred request: from now on :func:`db_session` is the write session.

    Objects loaded so far stay readable (their session is kept until the end of
    the request) but must be loaded again through the returned session to be changed.
    """
    request.environ[_DEFER_KEY] = False
    if "db_session" in g:
        g.db_read_session = g.pop("db_session")
    return db_session()


def database() -> Database:
    """The app's :class:`Database`."""
    db: Database = current_app.extensions["minutes_database"]
    return db


def db_session() -> Session:
    """The session of this request or CLI command, opened on first use.

    GET requests read through the read engine (no write lock on SQLite); every
    other request and every CLI command writes through the BEGIN IMMEDIATE engine.
    """
    if "db_session" not in g:
        read_only = has_request_context() and (request.method in SAFE_METHODS or _writes_deferred())
        if has_request_context() and not read_only:
            _receive_body()
        g.db_session = database().session(read_only=read_only)
    session: Session = g.db_session
    return session


def read_only_from_now() -> None:
    """Drop this request's write session (rolled back) for a read-only one, e.g. to render a page after
    the write lock could not be had: rendering must not wait for the lock a second time."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
    g.db_session = database().session(read_only=True)


def _receive_body() -> None:
    """Read the whole request body before the write transaction begins.

    Werkzeug parses forms lazily; without this a slow client's upload would
    arrive while this request holds SQLite's write lock. Oversize bodies are
    left for the view, which answers them with its own message.
    """
    with suppress(HTTPException):
        request.form  # noqa: B018 (parsing is the side effect wanted here)


def close_read_phase(_exc: BaseException | None = None) -> None:
    """Close a deferred request's read-phase session when the request ends."""
    session = g.pop("db_read_session", None)
    if session is not None:
        session.close()


def close_db_session(_exc: BaseException | None = None) -> None:
    """Close the sessions at the end of the request; uncommitted work is rolled back."""
    for key in ("db_session", "db_read_session"):
        session = g.pop(key, None)
        if session is not None:
            session.close()
