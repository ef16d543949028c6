"""Server-side session records: logging out revokes the session, not just the browser's copy of it.

The signed session cookie carries a random token; the database keeps only its
sha256 (:class:`~minutes_app.models.UserSession`). A session is live while its
row exists, so "Abmelden" (which deletes the row) ends it for every copy of the
cookie, and a password change or deactivation (session_version) still ends all.
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import MutableMapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import User, UserSession, utc_now

#: Key of the token in Flask's session.
TOKEN_KEY = "sid"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(db: Session, cookie: MutableMapping[str, Any], user: User) -> None:
    """Record a new signed-in session for ``user`` and put its token into the cookie session."""
    token = secrets.token_urlsafe(32)
    db.add(UserSession(token_hash=_hash(token), user_id=user.id, created=utc_now()))
    db.flush()
    cookie[TOKEN_KEY] = token


def is_live(db: Session, cookie: MutableMapping[str, Any], user: User) -> bool:
    """Whether the cookie's session is still recorded for ``user``."""
    token = cookie.get(TOKEN_KEY)
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return False
    owner = db.scalar(select(UserSession.user_id).where(UserSession.token_hash == _hash(token)))
    return owner == user.id


def end(db: Session, cookie: MutableMapping[str, Any]) -> None:
    """Revoke the cookie's session server-side (flushes; the caller commits)."""
    token = cookie.get(TOKEN_KEY)
    if isinstance(token, str):
        db.execute(delete(UserSession).where(UserSession.token_hash == _hash(token)))
        db.flush()


def end_all(db: Session, user: User) -> None:
    """Revoke every session of ``user`` (e.g. after an administrator deactivated the account)."""
    db.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.flush()
