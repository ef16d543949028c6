"""The one policy module: which user may do what, on which object.

Every view and service asks :func:`can` or :func:`require`. Templates only hide
what this module already forbids. A permission is granted in two steps: the
user's roles must carry it (``ROLE_PERMISSIONS``), and where an object is
given, a scope rule checks the user's relation to it (their department, their
committees, the sign-off position they hold). Before any of that, an object of a
body the user does not work for is refused (see :mod:`minutes_app.bodies.scope`).
"""
from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true

from ..models import (
    Consultation,
    Meeting,
    Organization,
    Paper,
    PaperState,
    Role,
    SignOff,
    SignOffPositionHolder,
    SignOffState,
    User,
    paper_further_leads,
    paper_participants,
)
from ..bodies import scope as body_scope
from .errors import NotAllowed


class Permission(enum.StrEnum):
    """The permission vocabulary ("resource:action")."""

    INTERNAL_ACCESS = "internal:access"
    SEARCH_INTERNAL = "search:internal"
    PAPER_READ = "paper:read"
    PAPER_CREATE = "paper:create"
    PAPER_EDIT = "paper:edit"
    PAPER_SUBMIT = "paper:submit"
    PAPER_SIGN = "paper:sign"
    PAPER_WITHDRAW = "paper:withdraw"
    MEETING_READ_INTERNAL = "meeting:read_internal"
    MEETING_MANAGE = "meeting:manage"
    MINUTES_READ_INTERNAL = "minutes:read_internal"
    MINUTES_WRITE = "minutes:write"
    ADMIN_BODY = "admin:body"
    ADMIN_ORGANIZATIONS = "admin:organizations"
    ADMIN_PERSONS = "admin:persons"
    ADMIN_USERS = "admin:users"
    ADMIN_SIGN_OFF_CHAINS = "admin:sign_off_chains"
    AUDIT_READ = "audit:read"
    MAIL_OUTBOX = "mail:outbox"
    #: Beschlusskontrolle: follow decisions and report on their implementation.
    DECISION_TRACK = "decision:track"
    #: Beschlusskontrolle: give an adopted decision its department and due date.
    DECISION_ASSIGN = "decision:assign"


P = Permission
_STAFF = {P.INTERNAL_ACCESS, P.SEARCH_INTERNAL, P.PAPER_READ}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.MEMBER: frozenset({*_STAFF, P.MEETING_READ_INTERNAL, P.MINUTES_READ_INTERNAL}),
    Role.EDITOR: frozenset(
        {*_STAFF, P.PAPER_CREATE, P.PAPER_EDIT, P.PAPER_SUBMIT, P.PAPER_WITHDRAW, P.DECISION_TRACK}
    ),
    Role.SIGNER: frozenset({*_STAFF, P.PAPER_SIGN, P.DECISION_TRACK}),
    Role.SECRETARY: frozenset(
        {*_STAFF, P.MEETING_READ_INTERNAL, P.MEETING_MANAGE, P.MINUTES_READ_INTERNAL, P.MINUTES_WRITE,
         P.DECISION_TRACK, P.DECISION_ASSIGN}
    ),
    Role.ADMIN: frozenset(
        {
            *_STAFF,
            P.MEETING_READ_INTERNAL,
            P.MINUTES_READ_INTERNAL,
            P.PAPER_WITHDRAW,
            P.ADMIN_BODY,
            P.ADMIN_ORGANIZATIONS,
            P.ADMIN_PERSONS,
            P.ADMIN_USERS,
            P.ADMIN_SIGN_OFF_CHAINS,
            P.AUDIT_READ,
            P.MAIL_OUTBOX,
            P.DECISION_TRACK,
            P.DECISION_ASSIGN,
        }
    ),
}


def permissions_of(user: User | None) -> frozenset[Permission]:
    """All permissions the user's roles carry (none for anonymous or deactivated users)."""
    if user is None or not user.active:
        return frozenset()
    granted: set[Permission] = set()
    for role in user.roles:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)


def member_committee_ids(user: User) -> set[int]:
    """Committees in which the user's person currently holds or held a membership."""
    if user.person is None:
        return set()
    return {m.organization_id for m in user.person.memberships}


def _meeting_committee_ids(meeting: Meeting) -> set[int]:
    return {org.id for org in meeting.organizations}


def _works_for_meeting(user: User, meeting: Meeting) -> bool:
    """Secretary of one of the meeting's committees."""
    return user.has_role(Role.SECRETARY) and bool(
        {c.id for c in user.committees} & _meeting_committee_ids(meeting)
    )


def _reads_meeting(user: User, meeting: Meeting) -> bool:
    if user.has_role(Role.ADMIN) or _works_for_meeting(user, meeting):
        return True
    return user.has_role(Role.MEMBER) and bool(member_committee_ids(user) & _meeting_committee_ids(meeting))


def responsible_department_id(paper: Paper) -> int | None:
    """The department whose staff handle the Vorlage: the Federführend, else (an Antrag of a Fraktion
    entered by staff) the department of its author."""
    if paper.originator_id is not None:
        return paper.originator_id
    return paper.author.department_id if paper.author is not None else None


def _in_department(user: User, paper: Paper) -> bool:
    return user.department_id is not None and user.department_id == responsible_department_id(paper)


def _holds_position_of(user: User, paper: Paper) -> bool:
    """The user holds (or deputises for) a position of any of the Vorlage's Sichtvermerke."""
    return any(
        s.position is not None and any(h.user_id == user.id for h in s.position.holders) for s in paper.sign_offs
    )


def _reads_paper(user: User, paper: Paper) -> bool:
    """Staff read every Vorlage except other departments' drafts; members read those of their committees.

    Signers also read drafts and Vorlagen in sign-off whose chain they are on
    (before, at and after their turn). :func:`paper_read_clause` is the SQL twin.
    """
    if user.has_role(Role.ADMIN):
        return True
    department_ids = {responsible_department_id(paper), *(o.id for o in (*paper.further_leads, *paper.participants))}
    if user.department_id in department_ids and user.roles & {Role.EDITOR, Role.SIGNER}:
        return True
    if paper.state in (PaperState.DRAFT, PaperState.IN_SIGN_OFF):
        return user.has_role(Role.SIGNER) and _holds_position_of(user, paper)
    committee_ids = {c.organization_id for c in paper.consultations}
    if user.has_role(Role.SECRETARY) and committee_ids & {c.id for c in user.committees}:
        return True
    if user.has_role(Role.MEMBER) and committee_ids & member_committee_ids(user):
        return True
    return bool(user.roles & {Role.EDITOR, Role.SIGNER, Role.SECRETARY})


def paper_read_clause(user: User | None) -> ColumnElement[bool]:
    """SQL filter of the Vorlagen ``user`` may read: the twin of :func:`_reads_paper` for lists."""
    if user is None or Permission.PAPER_READ not in permissions_of(user):
        return false()
    return and_(body_scope.scope_clause(user, Paper.body_id), _paper_read_conditions(user))


def _paper_read_conditions(user: User) -> ColumnElement[bool]:
    if user.has_role(Role.ADMIN):
        return true()
    conditions: list[ColumnElement[bool]] = []
    if user.department_id is not None and user.roles & {Role.EDITOR, Role.SIGNER}:
        conditions.append(
            or_(
                Paper.originator_id == user.department_id,
                and_(
                    Paper.originator_id.is_(None),
                    exists(select(User.id).where(User.id == Paper.author_id, User.department_id == user.department_id)),
                ),
                exists(
                    select(paper_further_leads.c.paper_id).where(
                        paper_further_leads.c.paper_id == Paper.id,
                        paper_further_leads.c.organization_id == user.department_id,
                    )
                ),
                exists(
                    select(paper_participants.c.paper_id).where(
                        paper_participants.c.paper_id == Paper.id,
                        paper_participants.c.organization_id == user.department_id,
                    )
                ),
            )
        )
    if user.has_role(Role.SIGNER):
        conditions.append(
            exists(
                select(SignOff.id)
                .join(SignOffPositionHolder, SignOffPositionHolder.position_id == SignOff.position_id)
                .where(SignOff.paper_id == Paper.id, SignOffPositionHolder.user_id == user.id)
            )
        )
    not_draft = Paper.state.not_in([PaperState.DRAFT, PaperState.IN_SIGN_OFF])
    if user.roles & {Role.EDITOR, Role.SIGNER, Role.SECRETARY}:
        conditions.append(not_draft)
    elif user.has_role(Role.MEMBER):
        committee_ids = member_committee_ids(user)
        conditions.append(
            and_(
                not_draft,
                exists(
                    select(Consultation.id).where(
                        Consultation.paper_id == Paper.id, Consultation.organization_id.in_(committee_ids)
                    )
                ),
            )
        )
    return or_(*conditions) if conditions else false()


def sees_paper_internals(user: User | None, paper: Paper) -> bool:
    """Sign-off comments and a Vorlage's audit trail: staff who may read it; members see the record only."""
    return can(user, Permission.PAPER_READ, paper) and bool(
        user is not None and user.roles & {Role.EDITOR, Role.SIGNER, Role.SECRETARY, Role.ADMIN}
    )


def _edits_paper(user: User, paper: Paper) -> bool:
    return _in_department(user, paper) and paper.state in (PaperState.DRAFT, PaperState.RELEASED)


def _may_sign(user: User, paper: Paper) -> bool:
    """The user holds (or deputises for) the position whose signature is due next."""
    due = next(
        (s for s in paper.sign_offs if s.paper_version == paper.version and s.state is SignOffState.OPEN), None
    )
    if due is None or due.position is None or paper.state is not PaperState.IN_SIGN_OFF:
        return False
    return any(holder.user_id == user.id for holder in due.position.holders)


def _manages_committee(user: User, organization: Organization) -> bool:
    return organization.id in {c.id for c in user.committees}


def _tracks_decision(user: User, record: Any) -> bool:
    """Reports on a decision: the responsible department's staff, the committee's secretary, admins."""
    if user.has_role(Role.ADMIN) or _works_for_meeting(user, record.agenda_item.meeting):
        return True
    return bool(user.roles & {Role.EDITOR, Role.SIGNER}) and user.department_id == record.department_id


_Scope = Callable[[User, Any], bool]


def _meeting_scope(rule: Callable[[User, Meeting], bool]) -> _Scope:
    """Accept a meeting or a committee (for creating a meeting of that committee)."""

    def check(user: User, obj: Any) -> bool:
        if isinstance(obj, Organization):
            return _manages_committee(user, obj)
        return rule(user, obj)

    return check


SCOPES: dict[Permission, _Scope] = {
    P.PAPER_READ: _reads_paper,
    P.PAPER_CREATE: lambda user, department: user.department_id == department.id,
    P.PAPER_EDIT: _edits_paper,
    P.PAPER_SUBMIT: lambda user, paper: _in_department(user, paper) and paper.state is PaperState.DRAFT,
    P.PAPER_SIGN: _may_sign,
    P.PAPER_WITHDRAW: lambda user, paper: user.has_role(Role.ADMIN) or _in_department(user, paper),
    P.MEETING_READ_INTERNAL: _reads_meeting,
    P.MEETING_MANAGE: _meeting_scope(_works_for_meeting),
    P.MINUTES_READ_INTERNAL: _reads_meeting,
    P.MINUTES_WRITE: _meeting_scope(_works_for_meeting),
    P.DECISION_TRACK: lambda user, record: _tracks_decision(user, record),
    P.DECISION_ASSIGN: lambda user, item: user.has_role(Role.ADMIN) or _works_for_meeting(user, item.meeting),
}


def can(user: User | None, permission: Permission, obj: Any = None) -> bool:
    """Whether ``user`` holds ``permission``, for ``obj`` when one is given."""
    if user is None or permission not in permissions_of(user):
        return False
    if obj is None:
        return True
    if not body_scope.in_scope(user, obj):
        return False
    if permission not in SCOPES:
        return True
    return SCOPES[permission](user, obj)


def require(user: User | None, permission: Permission, obj: Any = None) -> None:
    """Raise :class:`NotAllowed` unless :func:`can` allows the action."""
    if not can(user, permission, obj):
        raise NotAllowed("Sie haben keine Berechtigung für diese Aktion.")
