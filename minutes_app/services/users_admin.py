"""Administration of user accounts: roles, links to person and department, committees, activation.

Creation and password resets go through :mod:`.accounts`, which owns hashing
and the password policy. Deactivating an account raises its session version,
so every session opened before ends with the next request.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..models import Organization, OrganizationType, Person, Role, User
from . import accounts, audit
from .admin_checks import Errors, change_summary, contains_word, email, text
from .errors import ValidationFailed

_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._@-]*$")


@dataclass(kw_only=True)
class UserData:
    """An account as entered (without the password)."""

    login: str
    display_name: str
    email: str = ""
    roles: set[Role] = field(default_factory=set)
    person_id: int | None = None
    department_id: int | None = None
    committee_ids: list[int] = field(default_factory=list)
    active: bool = True


@dataclass(kw_only=True)
class _Cleaned:
    login: str
    display_name: str
    email: str
    roles: set[Role]
    person: Person | None
    department: Organization | None
    committees: list[Organization]
    active: bool


def users_query(search: str = "") -> Select[tuple[User]]:
    """Accounts ordered by login; ``search`` matches parts of the login or display name."""
    stmt = select(User).order_by(User.login)
    for word in search.split():
        stmt = stmt.where(contains_word([User.login, User.display_name], word))
    return stmt


def _clean(session: Session, actor: User | None, data: UserData, user: User | None, errors: Errors) -> _Cleaned:
    login = accounts.normalize_login(data.login or "")
    if not login:
        errors.add("login", "Bitte geben Sie einen Benutzernamen an.")
    elif len(login) > 80:
        errors.add("login", "Der Benutzername darf höchstens 80 Zeichen lang sein.")
    elif not _LOGIN.match(login):
        errors.add("login", "Der Benutzername darf nur Kleinbuchstaben, Ziffern sowie . _ - @ enthalten.")
    else:
        taken = select(User.id).where(func.lower(User.login) == login)
        if user is not None:
            taken = taken.where(User.id != user.id)
        if session.scalar(taken) is not None:
            errors.add("login", f"Der Benutzername „{login}“ ist bereits vergeben.")
    cleaned = _Cleaned(
        login=login,
        display_name=text(errors, "display_name", data.display_name, max_length=200, required="Bitte geben Sie einen Anzeigenamen an."),
        email=email(errors, "email", data.email),
        roles=set(data.roles),
        person=_person(session, data.person_id, user, errors),
        department=_organization(session, data.department_id, OrganizationType.DEPARTMENT, "department_id", errors),
        committees=[
            c for c in (
                _organization(session, cid, OrganizationType.COMMITTEE, "committee_ids", errors) for cid in data.committee_ids
            ) if c is not None
        ],
        active=bool(data.active),
    )
    _check_roles(cleaned, errors)
    if user is not None and actor is not None and user.id == actor.id:
        # An administrator must not lock themselves out; another admin has to do that.
        if not cleaned.active:
            errors.add("active", "Sie können Ihr eigenes Benutzerkonto nicht deaktivieren.")
        if Role.ADMIN not in cleaned.roles:
            errors.add("roles", "Sie können sich die Rolle „Administration“ nicht selbst entziehen.")
    return cleaned


def _check_roles(cleaned: _Cleaned, errors: Errors) -> None:
    """Each role needs the link it works through, otherwise the account could do nothing."""
    if not cleaned.roles:
        errors.add("roles", "Bitte wählen Sie mindestens eine Rolle.")
    if Role.EDITOR in cleaned.roles and cleaned.department is None and "department_id" not in errors:
        errors.add("department_id", "Für die Rolle „Sachbearbeitung“ wählen Sie bitte einen Fachbereich.")
    if Role.SECRETARY in cleaned.roles and not cleaned.committees and "committee_ids" not in errors:
        errors.add("committee_ids", "Für die Rolle „Schriftführung“ wählen Sie bitte mindestens ein Gremium.")
    if Role.MEMBER in cleaned.roles and cleaned.person is None and "person_id" not in errors:
        errors.add("person_id", "Für die Rolle „Mandatsträger/in“ verknüpfen Sie das Konto bitte mit einer Person.")


def _person(session: Session, person_id: int | None, user: User | None, errors: Errors) -> Person | None:
    if person_id is None:
        return None
    person = session.get(Person, person_id)
    if person is None:
        errors.add("person_id", "Die gewählte Person gibt es nicht.")
        return None
    other = session.scalar(
        select(User.login).where(User.person_id == person_id, User.id != (user.id if user is not None else -1))
    )
    if other is not None:
        errors.add("person_id", f"{person.name} ist bereits mit dem Benutzerkonto „{other}“ verknüpft.")
    return person


def _organization(
    session: Session, org_id: int | None, kind: OrganizationType, field_name: str, errors: Errors
) -> Organization | None:
    if org_id is None:
        return None
    organization = session.get(Organization, org_id)
    if organization is None or organization.organization_type is not kind:
        wanted = "einen Fachbereich oder ein Dezernat" if kind is OrganizationType.DEPARTMENT else "Gremien"
        errors.add(field_name, f"Bitte wählen Sie nur {wanted} aus der Liste.")
        return None
    return organization


def create_user_account(session: Session, actor: User | None, data: UserData, password: str) -> User:
    """Create an account with its roles and links; the password must meet the policy."""
    errors = Errors()
    cleaned = _clean(session, actor, data, None, errors)
    try:
        accounts.check_password_policy(password, login=cleaned.login)
    except ValidationFailed as failed:
        errors.add("password", failed.errors["password"])
    errors.raise_if_any()
    user = accounts.create_user(
        session, actor, login=cleaned.login, password=password, display_name=cleaned.display_name,
        roles=cleaned.roles, email=cleaned.email, person=cleaned.person, department=cleaned.department,
        committees=cleaned.committees,
    )
    if not cleaned.active:
        user.active = False
        audit.record(session, actor, user, "user.deactivated", f"Benutzerkonto {user.login} gesperrt angelegt")
    return user


def update_user_account(session: Session, actor: User | None, user: User, data: UserData) -> User:
    """Change an account; deactivating it ends all of its sessions."""
    errors = Errors()
    cleaned = _clean(session, actor, data, user, errors)
    errors.raise_if_any()
    changes = _changes(user, cleaned)
    was_active = user.active
    user.login = cleaned.login
    user.display_name = cleaned.display_name
    user.email = cleaned.email
    user.set_roles(cleaned.roles)
    user.person = cleaned.person
    user.department = cleaned.department
    user.committees = cleaned.committees
    user.active = cleaned.active
    if changes:
        audit.record(session, actor, user, "user.updated", change_summary(f"Benutzerkonto {user.login}", changes))
    if was_active and not user.active:
        user.session_version += 1
        audit.record(session, actor, user, "user.deactivated", f"Benutzerkonto {user.login} deaktiviert")
    elif not was_active and user.active:
        audit.record(session, actor, user, "user.activated", f"Benutzerkonto {user.login} wieder aktiviert")
    return user


def _changes(user: User, cleaned: _Cleaned) -> list[str]:
    """German labels of what the update changes, except activation (which has its own event)."""
    pairs = [
        ("Benutzername", user.login, cleaned.login),
        ("Anzeigename", user.display_name, cleaned.display_name),
        ("E-Mail", user.email, cleaned.email),
        ("Rollen", set(user.roles), cleaned.roles),
        ("Person", user.person_id, cleaned.person.id if cleaned.person else None),
        ("Fachbereich", user.department_id, cleaned.department.id if cleaned.department else None),
        ("Gremien", {c.id for c in user.committees}, {c.id for c in cleaned.committees}),
    ]
    return [label for label, old, new in pairs if old != new]


def reset_password(session: Session, actor: User, user: User, password: str, confirmation: str) -> None:
    """An administrator sets a new password; the user's open sessions end."""
    if password != confirmation:
        raise ValidationFailed({"password_confirm": "Die beiden Passwörter stimmen nicht überein."})
    accounts.set_password(session, actor, user, password)
