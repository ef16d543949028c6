"""View helpers: load an object or 404, require a permission or 403, the acting user."""
from __future__ import annotations

from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from ..extensions import db_session
from ..models import User
from ..services.permissions import Permission, can

T = TypeVar("T")


def actor() -> User | None:
    """The logged-in user, or None for anonymous requests."""
    if not current_user.is_authenticated:
        return None
    # The real object, not the proxy: services store and compare it.
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    return user


def load_or_404(model: type[T], object_id: int) -> T:
    """The object with ``object_id`` or a 404 page."""
    obj = db_session().get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def require(permission: Permission, obj: Any = None) -> User:
    """Return the acting user if allowed; otherwise 403 (or 404 where existence must stay hidden)."""
    user = actor()
    if not can(user, permission, obj):
        abort(403)
    assert user is not None  # can() never allows anonymous users
    return user
