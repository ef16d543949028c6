"""Flask extensions and the per-request database session."""
from __future__ import annotations

from flask import current_app, g, has_request_context, request
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy.orm import Session

from .database import Database

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Bitte melden Sie sich an, um diese Seite zu sehen."
login_manager.login_message_category = "info"

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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
        read_only = has_request_context() and request.method in SAFE_METHODS
        g.db_session = database().session(read_only=read_only)
    session: Session = g.db_session
    return session


def close_db_session(_exc: BaseException | None = None) -> None:
    """Close the session at the end of the request; uncommitted work is rolled back."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
