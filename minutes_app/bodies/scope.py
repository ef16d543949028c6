"""Which body an object belongs to, and which bodies a user works for.

Objects that carry ``body_id`` (Organization, Person, Paper, Location,
LegislativeTerm, SignOffChain) answer directly. The others derive it exactly
through the object they cannot exist without:

* Meeting → its (lead) Organization; joint committees are always of the same body;
* AgendaItem, Minutes, Attendance → Meeting; MemberVote, AgendaItemRevision → AgendaItem;
* Consultation, SignOff, PaperVersion → Paper; Membership → Organization;
* SignOffPosition, SignOffChainRule → SignOffChain;
* File → no body of its own: every channel reaches a file only through the Paper, Meeting,
  AgendaItem or Body it belongs to, and checks that owner.

A user with no ``user_bodies`` rows works for every body (installation-wide
administration); a user with rows works for exactly those.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session

from ..models import Body, Meeting, Organization, User

_VIA = ("meeting", "agenda_item", "paper", "organization", "chain", "minutes")


def body_id_of(obj: Any) -> int | None:
    """The id of the body ``obj`` belongs to, or None for installation-wide objects (users, files alone)."""
    if obj is None:
        return None
    if isinstance(obj, Body):
        return obj.id
    direct = getattr(obj, "body_id", None)
    if isinstance(direct, int):
        return direct
    for name in _VIA:
        parent = getattr(obj, name, None)
        if parent is not None and not isinstance(parent, (str, int)):
            return body_id_of(parent)
    return None


def user_body_ids(user: User | None) -> frozenset[int] | None:
    """The bodies ``user`` works for; None means every body (no scope rows)."""
    if user is None:
        return frozenset()
    ids = frozenset(body.id for body in user.bodies)
    return ids or None


def works_for(user: User | None, body_id: int | None) -> bool:
    """Whether ``user`` may act in body ``body_id`` (installation-wide objects: every user)."""
    if body_id is None:
        return user is not None
    scoped = user_body_ids(user)
    return scoped is None or body_id in scoped


def in_scope(user: User | None, obj: Any) -> bool:
    """Whether ``obj`` belongs to a body ``user`` works for."""
    return works_for(user, body_id_of(obj))


def scope_clause(user: User | None, column: Any) -> ColumnElement[bool]:
    """SQL filter: ``column`` (a body id) is one of the user's bodies."""
    scoped = user_body_ids(user)
    return true() if scoped is None else column.in_(sorted(scoped))


def meeting_body_clause(body_id: int) -> ColumnElement[bool]:
    """SQL filter for meetings of body ``body_id`` (through their lead committee)."""
    return Meeting.organization_id.in_(select(Organization.id).where(Organization.body_id == body_id))


def bodies_of(session: Session, user: User | None) -> list[Body]:
    """The bodies ``user`` works for, in order of creation."""
    scoped = user_body_ids(user)
    stmt = select(Body).order_by(Body.id)
    if scoped is not None:
        stmt = stmt.where(Body.id.in_(sorted(scoped)))
    return list(session.scalars(stmt))
