"""Administration of organizations (Gremien, Fachbereiche/Dezernate, Fraktionen) and memberships.

Functions validate completely, raise :class:`ValidationFailed` with German
messages per field, write one audit event per change, and flush without committing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session

from ..models import (
    Body,
    Consultation,
    Meeting,
    Membership,
    MembershipRole,
    Organization,
    OrganizationType,
    Paper,
    Person,
    User,
    user_committees,
)
from . import audit
from .admin_checks import (
    REQUIRED_NAME,
    Errors,
    change_summary,
    changed_labels,
    date_order,
    snapshot,
    text,
    url,
    whole_number,
)

ORGANIZATION_LABELS = {
    "organization_type": "Art",
    "name": "Name",
    "short_name": "Kurzname",
    "parent_id": "Übergeordnete Organisation",
    "notice_period_days": "Ladungsfrist",
    "start_date": "Beginn",
    "end_date": "Ende",
    "website": "Website",
}
MEMBERSHIP_LABELS = {
    "organization_id": "Organisation",
    "role": "Funktion",
    "voting_right": "Stimmrecht",
    "start_date": "Beginn",
    "end_date": "Ende",
    "on_behalf_of_id": "Für Fraktion",
}


@dataclass(kw_only=True)
class OrganizationData:
    """An organization as entered."""

    organization_type: OrganizationType
    name: str
    short_name: str = ""
    parent_id: int | None = None
    notice_period_days: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    website: str = ""


@dataclass(kw_only=True)
class MembershipData:
    """A membership as entered; the person is given separately."""

    organization_id: int | None
    role: MembershipRole = MembershipRole.MEMBER
    voting_right: bool = True
    start_date: date | None = None
    end_date: date | None = None
    on_behalf_of_id: int | None = None


def organizations_query(organization_type: OrganizationType | None = None) -> Select[tuple[Organization]]:
    """Organizations sorted by type and name, optionally of one type."""
    stmt = select(Organization).order_by(Organization.organization_type, Organization.name)
    if organization_type is not None:
        stmt = stmt.where(Organization.organization_type == organization_type)
    return stmt


def _type_in_use(session: Session, organization: Organization) -> str | None:
    """Why the organization must keep its type, or None when nothing depends on it."""
    org_id = organization.id
    checks: dict[OrganizationType, list[object]] = {
        OrganizationType.FACTION: [exists().where(Membership.on_behalf_of_id == org_id)],
        OrganizationType.DEPARTMENT: [
            exists().where(User.department_id == org_id),
            exists().where(Paper.originator_id == org_id),
        ],
        OrganizationType.COMMITTEE: [
            exists().where(Meeting.organization_id == org_id),
            exists().where(Consultation.organization_id == org_id),
            exists().where(user_committees.c.organization_id == org_id),
        ],
    }
    for clause in checks.get(organization.organization_type, []):
        if session.scalar(select(clause)):
            return (
                f"Die Art kann nicht mehr geändert werden, weil die Organisation bereits als "
                f"„{organization.organization_type.label}“ verwendet wird."
            )
    return None


def _clean_organization(
    session: Session, body: Body, data: OrganizationData, organization: Organization | None
) -> dict[str, object]:
    errors = Errors()
    values: dict[str, object] = {
        "organization_type": data.organization_type,
        "name": text(errors, "name", data.name, max_length=200, required=REQUIRED_NAME),
        "short_name": text(errors, "short_name", data.short_name, max_length=60),
        "parent_id": data.parent_id,
        "notice_period_days": whole_number(errors, "notice_period_days", data.notice_period_days, low=0, high=60),
        "start_date": data.start_date,
        "end_date": data.end_date,
        "website": url(errors, "website", data.website),
    }
    date_order(errors, data.start_date, data.end_date)
    if data.parent_id is not None:
        parent = session.get(Organization, data.parent_id)
        if parent is None or parent.body_id != body.id:
            errors.add("parent_id", "Die gewählte übergeordnete Organisation gibt es nicht.")
        elif organization is not None and _is_below(parent, organization):
            errors.add("parent_id", "Eine Organisation kann nicht sich selbst oder einer ihrer Untergliederungen untergeordnet werden.")
    if organization is not None and data.organization_type is not organization.organization_type:
        problem = _type_in_use(session, organization)
        if problem:
            errors.add("organization_type", problem)
    errors.raise_if_any()
    return values


def _is_below(candidate: Organization, organization: Organization) -> bool:
    """Whether ``candidate`` is ``organization`` or lies beneath it (which would make a cycle)."""
    seen: set[int] = set()
    node: Organization | None = candidate
    while node is not None and node.id not in seen:
        if node.id == organization.id:
            return True
        seen.add(node.id)
        node = node.parent
    return False


def create_organization(session: Session, actor: User | None, body: Body, data: OrganizationData) -> Organization:
    """Add a committee, department, Fraktion or other organization to ``body``."""
    organization = Organization(body=body, **_clean_organization(session, body, data, None))
    session.add(organization)
    audit.record(
        session, actor, organization, "organization.created",
        f"{organization.organization_type.label} „{organization.name}“ angelegt",
    )
    return organization


def update_organization(
    session: Session, actor: User | None, organization: Organization, data: OrganizationData
) -> Organization:
    """Change an organization; its type stays fixed once other records rely on it."""
    values = _clean_organization(session, organization.body, data, organization)
    before = snapshot(organization, ORGANIZATION_LABELS)
    for name, value in values.items():
        setattr(organization, name, value)
    changes = changed_labels(organization, before, ORGANIZATION_LABELS)
    if changes:
        audit.record(
            session, actor, organization, "organization.updated",
            change_summary(f"{organization.organization_type.label} „{organization.name}“", changes),
        )
    return organization


def _clean_membership(
    session: Session, person: Person, data: MembershipData, membership: Membership | None
) -> dict[str, object]:
    errors = Errors()
    organization = session.get(Organization, data.organization_id) if data.organization_id is not None else None
    if organization is None or organization.body_id != person.body_id:
        errors.add("organization_id", "Bitte wählen Sie eine Organisation.")
    if data.start_date is None:
        errors.add("start_date", "Bitte geben Sie den Beginn der Mitgliedschaft an.")
    date_order(errors, data.start_date, data.end_date)
    faction = None
    if data.on_behalf_of_id is not None:
        faction = session.get(Organization, data.on_behalf_of_id)
        if faction is None or faction.body_id != person.body_id:
            errors.add("on_behalf_of_id", "Die gewählte Fraktion gibt es nicht.")
        elif faction.organization_type is not OrganizationType.FACTION:
            errors.add(
                "on_behalf_of_id",
                f"Eine Mitgliedschaft kann nur für eine Fraktion bestehen; „{faction.name}“ ist keine Fraktion.",
            )
        elif organization is not None and faction.id == organization.id:
            errors.add("on_behalf_of_id", "Eine Fraktion kann nicht für sich selbst entsenden.")
    if organization is not None and data.start_date is not None and "end_date" not in errors:
        overlap = _overlapping(session, person, organization, data.start_date, data.end_date, membership)
        if overlap is not None:
            errors.add(
                "start_date",
                f"{person.name} ist in diesem Zeitraum bereits Mitglied in „{organization.name}“ "
                f"(seit {overlap.start_date:%d.%m.%Y}).",
            )
    errors.raise_if_any()
    # Relationships rather than ids, so that the (pending) membership can name them at once.
    return {
        "organization": organization,
        "role": data.role,
        "voting_right": bool(data.voting_right),
        "start_date": data.start_date,
        "end_date": data.end_date,
        "on_behalf_of": faction,
    }


def _overlapping(
    session: Session, person: Person, organization: Organization, start: date, end: date | None,
    membership: Membership | None,
) -> Membership | None:
    """Another membership of the person in the organization covering part of start..end."""
    stmt = select(Membership).where(
        Membership.person_id == person.id,
        Membership.organization_id == organization.id,
        or_(Membership.end_date.is_(None), Membership.end_date >= start),
    )
    if end is not None:
        stmt = stmt.where(Membership.start_date <= end)
    if membership is not None:
        stmt = stmt.where(Membership.id != membership.id)
    return session.scalars(stmt.limit(1)).first()


def _membership_text(membership: Membership) -> str:
    return f"{membership.person.name} in „{membership.organization.name}“ ({membership.role.label})"


def create_membership(session: Session, actor: User | None, person: Person, data: MembershipData) -> Membership:
    """Make ``person`` a member of an organization for a period, in a role."""
    membership = Membership(person=person, **_clean_membership(session, person, data, None))
    session.add(membership)
    audit.record(session, actor, membership, "membership.created", f"Mitgliedschaft {_membership_text(membership)} angelegt")
    return membership


def update_membership(session: Session, actor: User | None, membership: Membership, data: MembershipData) -> Membership:
    """Change a membership; setting the end date ends it while keeping its history."""
    values = _clean_membership(session, membership.person, data, membership)
    before = snapshot(membership, MEMBERSHIP_LABELS)
    for name, value in values.items():
        setattr(membership, name, value)
    session.flush()  # updates the foreign key columns the snapshot compares
    changes = changed_labels(membership, before, MEMBERSHIP_LABELS)
    if changes:
        audit.record(
            session, actor, membership, "membership.updated",
            change_summary(f"Mitgliedschaft {_membership_text(membership)}", changes),
        )
    return membership


def delete_membership(session: Session, actor: User | None, membership: Membership) -> None:
    """Remove a membership entered by mistake (ending one is done with its end date)."""
    summary = f"Mitgliedschaft {_membership_text(membership)} gelöscht"
    audit.record(session, actor, membership, "membership.deleted", summary)
    membership.person.memberships.remove(membership)
    session.delete(membership)
    session.flush()



def active_member_counts(session: Session, day: date) -> dict[int, int]:
    """Per organization id, the number of memberships active on ``day``."""
    rows = session.execute(
        select(Membership.organization_id, func.count(Membership.id))
        .where(Membership.start_date <= day, or_(Membership.end_date.is_(None), Membership.end_date >= day))
        .group_by(Membership.organization_id)
    )
    return {org_id: count for org_id, count in rows}
