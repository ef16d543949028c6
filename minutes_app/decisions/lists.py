"""The lists of the Beschlusskontrolle: staff's worklist, the committee's report, the public overview.

The public list and public statuses read through :mod:`minutes_app.services.visibility`:
a decision appears only when its agenda item is public, its meeting announced and its
minutes published, exactly the items whose result the portal already shows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, not_, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..models import (
    AgendaItem,
    Body,
    DecisionImplementation,
    ImplementationStatus,
    Meeting,
    Minutes,
    Organization,
    meeting_joint_organizations,
)
from ..bodies.scope import meeting_body_clause
from ..models.implementation import OVERDUE_LABEL
from ..services import visibility
from .tracking import ADOPTING_RESULTS

#: Filter keys of the lists: the stored statuses plus the computed "überfällig".
OVERDUE = "overdue"
STATUS_FILTERS: tuple[tuple[str, str], ...] = (
    *((s.value, s.label) for s in ImplementationStatus),
    (OVERDUE, OVERDUE_LABEL),
)
PENDING = (ImplementationStatus.OPEN, ImplementationStatus.IN_PROGRESS)


@dataclass(frozen=True)
class Entry:
    """One followed decision as a list shows it."""

    record: DecisionImplementation
    item: AgendaItem
    meeting: Meeting
    status_label: str
    overdue: bool
    last_report: date | None


def _overdue_clause(today: date) -> ColumnElement[bool]:
    return and_(
        DecisionImplementation.status.in_(PENDING),
        DecisionImplementation.due_date.is_not(None),
        DecisionImplementation.due_date < today,
    )


def status_clause(key: str, today: date) -> ColumnElement[bool] | None:
    """SQL filter for a status key; "offen" and "in Umsetzung" exclude the overdue ones."""
    if key == OVERDUE:
        return _overdue_clause(today)
    if key not in ImplementationStatus._value2member_map_:
        return None
    status = ImplementationStatus(key)
    clause = DecisionImplementation.status == status
    return and_(clause, not_(_overdue_clause(today))) if status in PENDING else clause


def effective_status(record: DecisionImplementation, today: date) -> str:
    """The status key as the lists and the search facet use it ("overdue" computed)."""
    return OVERDUE if record.is_overdue(today) else record.status.value


def _base() -> Select[tuple[DecisionImplementation]]:
    return (
        select(DecisionImplementation)
        .join(AgendaItem, DecisionImplementation.agenda_item_id == AgendaItem.id)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .options(
            selectinload(DecisionImplementation.agenda_item)
            .selectinload(AgendaItem.meeting)
            .selectinload(Meeting.organization),
            selectinload(DecisionImplementation.department),
            selectinload(DecisionImplementation.reports),
        )
    )


def _entries(session: Session, stmt: Select[tuple[DecisionImplementation]], today: date) -> list[Entry]:
    out = []
    for record in session.scalars(stmt):
        item = record.agenda_item
        out.append(
            Entry(
                record=record,
                item=item,
                meeting=item.meeting,
                status_label=record.status_label(today),
                overdue=record.is_overdue(today),
                last_report=record.reports[-1].report_date if record.reports else None,
            )
        )
    return out


def worklist(
    session: Session, today: date, *, department_id: int | None = None, status: str = "", pending_only: bool = False
) -> list[Entry]:
    """Followed decisions, overdue and earliest due first; optionally one department's or one status."""
    stmt = _base()
    if department_id is not None:
        stmt = stmt.where(DecisionImplementation.department_id == department_id)
    clause = status_clause(status, today)
    if clause is not None:
        stmt = stmt.where(clause)
    elif pending_only:
        stmt = stmt.where(DecisionImplementation.status.in_(PENDING))
    stmt = stmt.order_by(
        DecisionImplementation.due_date.is_(None), DecisionImplementation.due_date, Meeting.start_time, AgendaItem.order
    )
    return _entries(session, stmt, today)


def counts_for_department(session: Session, department_id: int, today: date) -> tuple[int, int]:
    """(pending, overdue) decisions of a department, for the start page card."""
    entries = worklist(session, today, department_id=department_id, pending_only=True)
    return len(entries), sum(1 for e in entries if e.overdue)


def untracked(session: Session, committee_ids: set[int] | None, limit: int = 200) -> list[AgendaItem]:
    """Adopted decisions without an implementation record (of the given committees; None: all)."""
    stmt = (
        select(AgendaItem)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .outerjoin(DecisionImplementation, DecisionImplementation.agenda_item_id == AgendaItem.id)
        .where(AgendaItem.result.in_(ADOPTING_RESULTS), DecisionImplementation.id.is_(None))
        .options(selectinload(AgendaItem.meeting).selectinload(Meeting.organization))
        .order_by(Meeting.start_time.desc(), AgendaItem.order)
        .limit(limit)
    )
    if committee_ids is not None:
        stmt = stmt.where(Meeting.organization_id.in_(committee_ids or {-1}))
    return list(session.scalars(stmt))


def _committee_clause(committee_id: int) -> ColumnElement[bool]:
    joint = select(meeting_joint_organizations.c.meeting_id).where(
        meeting_joint_organizations.c.organization_id == committee_id
    )
    return or_(Meeting.organization_id == committee_id, Meeting.id.in_(joint))


def committee_report(
    session: Session, committee: Organization, today: date, *, public: bool, body: Body
) -> list[Entry]:
    """The "Bericht zur Umsetzung": the committee's open and overdue decisions.

    ``public`` keeps only decisions the public may know (the public Einladung and portal).
    """
    stmt = _base().where(_committee_clause(committee.id), DecisionImplementation.status.in_(PENDING))
    if public:
        stmt = stmt.join(Minutes, Minutes.meeting_id == Meeting.id).where(
            visibility.public_agenda_item_clause(), visibility.published_minutes_clause(body)
        )
    stmt = stmt.order_by(Meeting.start_time, AgendaItem.order)
    return _entries(session, stmt, today)


def public_list(
    session: Session, body: Body, today: date, *, status: str = "", committee_id: int | None = None
) -> Select[tuple[DecisionImplementation]]:
    """The public overview: followed decisions of public items in published minutes, newest meeting first."""
    stmt = (
        _base()
        .join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(
            visibility.public_agenda_item_clause(),
            visibility.published_minutes_clause(body),
            meeting_body_clause(body.id),  # each body's portal lists its own decisions only
        )
    )
    clause = status_clause(status, today)
    if clause is not None:
        stmt = stmt.where(clause)
    if committee_id is not None:
        stmt = stmt.where(_committee_clause(committee_id))
    return stmt.order_by(Meeting.start_time.desc(), AgendaItem.order)


def public_status(session: Session, body: Body, item: AgendaItem) -> DecisionImplementation | None:
    """The item's implementation record if the public may see it, else None."""
    if not (visibility.agenda_item_is_public(item) and visibility.minutes_are_published(item.meeting.minutes, body)):
        return None
    return session.scalar(select(DecisionImplementation).where(DecisionImplementation.agenda_item_id == item.id))


def public_statuses(session: Session, body: Body, item_ids: list[int]) -> dict[int, DecisionImplementation]:
    """Records by agenda item id, for items the caller already showed as public (a meeting page)."""
    if not item_ids:
        return {}
    stmt = (
        select(DecisionImplementation)
        .join(AgendaItem, DecisionImplementation.agenda_item_id == AgendaItem.id)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(
            DecisionImplementation.agenda_item_id.in_(item_ids),
            visibility.public_agenda_item_clause(),
            visibility.published_minutes_clause(body),
        )
        # The page names each record's department: joined, not one statement per record.
        .options(joinedload(DecisionImplementation.department))
    )
    return {r.agenda_item_id: r for r in session.scalars(stmt)}
