"""User accounts: creation, authentication with throttling, password changes."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import LoginThrottle, Organization, Person, Role, User, utc_now
from . import audit
from .errors import NotAllowed, ValidationFailed

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
# A dummy hash so that unknown logins cost as much time as known ones.
_DUMMY_HASH = generate_password_hash("no-such-user-password")


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password``."""
    return generate_password_hash(password, method="scrypt")


def check_password_policy(password: str, *, login: str = "") -> None:
    """Raise :class:`ValidationFailed` if the password is too weak."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed({"password": f"Das Passwort muss mindestens {MIN_PASSWORD_LENGTH} Zeichen lang sein."})
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailed({"password": f"Das Passwort darf höchstens {MAX_PASSWORD_LENGTH} Zeichen lang sein."})
    if login and password.casefold() == login.casefold():
        raise ValidationFailed({"password": "Das Passwort darf nicht dem Benutzernamen entsprechen."})


def normalize_login(login: str) -> str:
    """Logins are case-insensitive and trimmed."""
    return login.strip().lower()


def create_user(
    session: Session,
    actor: User | None,
    *,
    login: str,
    password: str,
    display_name: str,
    roles: set[Role],
    email: str = "",
    person: Person | None = None,
    department: Organization | None = None,
    committees: list[Organization] | None = None,
    enforce_policy: bool = True,
) -> User:
    """Create an account; raises :class:`ValidationFailed` on a taken login or weak password."""
    login = normalize_login(login)
    if not login:
        raise ValidationFailed({"login": "Bitte geben Sie einen Benutzernamen an."})
    if session.scalar(select(User.id).where(func.lower(User.login) == login)) is not None:
        raise ValidationFailed({"login": f"Der Benutzername „{login}“ ist bereits vergeben."})
    if enforce_policy:
        check_password_policy(password, login=login)
    user = User(
        login=login,
        password_hash=hash_password(password),
        display_name=display_name.strip() or login,
        email=email.strip(),
        person=person,
        department=department,
        committees=list(committees or []),
    )
    user.set_roles(roles)
    session.add(user)
    audit.record(session, actor, user, "user.created", f"Benutzerkonto {login} angelegt")
    return user


class LoginBlocked(NotAllowed):
    """Too many failed logins for this name; ``retry_at`` says when to try again."""

    def __init__(self, retry_at: datetime) -> None:
        minutes = max(1, int((retry_at - utc_now()).total_seconds() // 60) + 1)
        super().__init__(
            f"Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in {minutes} Minuten erneut."
        )
        self.retry_at = retry_at


def authenticate(
    session: Session, login: str, password: str, *, max_failures: int, block_seconds: int
) -> User | None:
    """Return the active user for the credentials, or None; raises :class:`LoginBlocked` when throttled.

    Failures are counted per login name in the database, so every worker
    process sees them; unknown names are throttled too, which reveals nothing
    about which accounts exist.
    """
    key = normalize_login(login)[:80]
    throttle = session.get(LoginThrottle, key)
    now = utc_now()
    if throttle and throttle.blocked_until and throttle.blocked_until > now:
        raise LoginBlocked(throttle.blocked_until)
    user = session.scalar(select(User).where(func.lower(User.login) == key))
    valid = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    if user is not None and valid and user.active:
        if throttle:
            session.delete(throttle)
        user.last_login_at = now
        session.flush()
        return user
    if throttle is None:
        throttle = LoginThrottle(login=key, failures=0)
        session.add(throttle)
    throttle.failures += 1
    throttle.last_failure_at = now
    if throttle.failures >= max_failures:
        throttle.blocked_until = now + timedelta(seconds=block_seconds)
        throttle.failures = 0
    session.flush()
    return None


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Change the user's own password after checking the current one; ends other sessions."""
    if not check_password_hash(user.password_hash, current):
        raise ValidationFailed({"current_password": "Das bisherige Passwort ist nicht korrekt."})
    check_password_policy(new, login=user.login)
    user.password_hash = hash_password(new)
    user.session_version += 1
    audit.record(session, user, user, "user.password_changed", "Passwort geändert")


def set_password(session: Session, actor: User, user: User, new: str) -> None:
    """An administrator sets a new password for ``user``."""
    check_password_policy(new, login=user.login)
    user.password_hash = hash_password(new)
    user.session_version += 1
    audit.record(session, actor, user, "user.password_reset", f"Passwort für {user.login} neu gesetzt")
