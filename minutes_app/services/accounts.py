"""User accounts: creation, authentication with throttling, password changes."""
from __future__ import annotations

import hashlib
import ipaddress
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select
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
    """Too many failed logins from this address (for this account); ``retry_at`` says when to try again."""

    def __init__(self, retry_at: datetime) -> None:
        minutes = max(1, int((retry_at - utc_now()).total_seconds() // 60) + 1)
        super().__init__(
            f"Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in {minutes} Minuten erneut."
        )
        self.retry_at = retry_at


#: One address may fail this many times the per-account limit (for any names) before it is blocked itself.
ADDRESS_FACTOR = 4


def client_key(address: str | None) -> str:
    """The throttling key of a client address; IPv6 counts per /64 (one household or server rents all of it)."""
    try:
        parsed = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return "adresse:unbekannt"
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return f"adresse:{parsed.ipv4_mapped}"
        return f"adresse:{ipaddress.ip_network(f'{parsed}/64', strict=False).network_address}/64"
    return f"adresse:{parsed}"


def _throttle(session: Session, key: str) -> LoginThrottle | None:
    return session.get(LoginThrottle, key)


def _count_failure(session: Session, key: str, now: datetime, *, limit: int, block_seconds: int) -> None:
    """One more failure under ``key``; at ``limit`` failures within the window the key is blocked."""
    throttle = _throttle(session, key)
    if throttle is None:
        throttle = LoginThrottle(login=key, failures=0)
        session.add(throttle)
    elif throttle.last_failure_at and throttle.last_failure_at < now - timedelta(seconds=block_seconds):
        throttle.failures = 0  # old failures expire
    throttle.failures += 1
    throttle.last_failure_at = now
    if throttle.failures >= limit:
        throttle.blocked_until = now + timedelta(seconds=block_seconds)
        throttle.failures = 0


def _prune(session: Session, now: datetime, block_seconds: int) -> None:
    """Forget expired throttles, so that the table stays as small as the set of recent attackers."""
    stale = now - timedelta(seconds=block_seconds)
    session.execute(
        delete(LoginThrottle).where(
            or_(LoginThrottle.blocked_until.is_(None), LoginThrottle.blocked_until < now),
            or_(LoginThrottle.last_failure_at.is_(None), LoginThrottle.last_failure_at < stale),
        )
    )


def authenticate(
    session: Session, login: str, password: str, *, address: str | None, max_failures: int, block_seconds: int
) -> User | None:
    """Return the active user for the credentials, or None; raises :class:`LoginBlocked` when throttled.

    Failures are counted in the database (every worker sees them) under two
    keys: the client address (for any login name, ``ADDRESS_FACTOR`` times the
    limit) and the pair of existing account and address. A blocked pair blocks
    that account only from that address, so an attacker elsewhere can never lock
    the real user out. Unknown names are counted like real ones (the answers do
    not reveal which accounts exist) but cannot add unbounded rows: an address is
    blocked after ``ADDRESS_FACTOR × max_failures`` failures per window, and
    expired rows are pruned on every failure.
    """
    key = normalize_login(login)[:80]
    now = utc_now()
    address_key = client_key(address)
    user = session.scalar(select(User).where(func.lower(User.login) == key))
    # The name is hashed (bounded key length) and counted whether or not the account exists: the replies
    # must not tell which names exist, and an address is blocked before it can add many rows.
    name_hash = hashlib.sha256(key.encode()).hexdigest()[:16]
    pair_key = f"konto:{name_hash}@{address_key.removeprefix('adresse:')}"
    for throttle_key in (address_key, pair_key):
        throttle = _throttle(session, throttle_key)
        if throttle and throttle.blocked_until and throttle.blocked_until > now:
            raise LoginBlocked(throttle.blocked_until)
    valid = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    if user is not None and valid and user.active:
        if (throttle := _throttle(session, pair_key)) is not None:
            session.delete(throttle)
        user.last_login_at = now
        session.flush()
        return user
    _prune(session, now, block_seconds)
    _count_failure(session, address_key, now, limit=max_failures * ADDRESS_FACTOR, block_seconds=block_seconds)
    _count_failure(session, pair_key, now, limit=max_failures, block_seconds=block_seconds)
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
