"""Read-only queries behind the citizens' portal, all built on the visibility module's rules."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, extract, not_, or_, select, true
from sqlalchemy.orm import Session, joinedload, selectinload

from ..bodies.scope import meeting_body_clause
from ..models import (
    AgendaItem,
    AgendaItemKind,
    Body,
    Consultation,
    Meeting,
    Membership,
    MembershipRole,
    Minutes,
    Organization,
    OrganizationType,
    Paper,
    PaperType,
)
from . import visibility
from .agenda import STANDARD_ITEMS
from .votes import RESOLUTION_RESULTS

ROLE_ORDER = {role: index for index, role in enumerate(MembershipRole)}


def _meeting_loading() -> list:  # type: ignore[type-arg]
    return [selectinload(Meeting.organization), selectinload(Meeting.joint_organizations), selectinload(Meeting.location)]


def meetings_query(
    *, committee_id: int | None = None, start: datetime | None = None, end: datetime | None = None, newest_first: bool = False,
    body_id: int | None = None,
) -> Select[tuple[Meeting]]:
    """Public meetings (of body ``body_id``), optionally of one committee (also as joint one) and within [start, end)."""
    stmt = select(Meeting).where(visibility.public_meeting_clause()).options(*_meeting_loading())
    if body_id is not None:
        stmt = stmt.where(meeting_body_clause(body_id))
    if committee_id is not None:
        stmt = stmt.where(
            (Meeting.organization_id == committee_id)
            | Meeting.joint_organizations.any(Organization.id == committee_id)
        )
    if start is not None:
        stmt = stmt.where(Meeting.start_time >= start)
    if end is not None:
        stmt = stmt.where(Meeting.start_time < end)
    order = Meeting.start_time.desc() if newest_first else Meeting.start_time
    return stmt.order_by(order, Meeting.id)


def upcoming_meetings(session: Session, now: datetime, limit: int = 6, body_id: int | None = None) -> list[Meeting]:
    """The next public meetings (of body ``body_id``) from ``now`` on."""
    return list(session.scalars(meetings_query(start=now, body_id=body_id).limit(limit)))


@dataclass(frozen=True)
class Decision:
    """A published decision for lists: the item and its meeting."""

    item: AgendaItem
    meeting: Meeting


def latest_decisions(session: Session, body: Body, limit: int = 8) -> list[Decision]:
    """Decisions of public items whose minutes are published, newest first.

    Only what a citizen would call a decision: an item on a Vorlage, or a resolution
    (beschlossen, abgelehnt) of an item that is not one of the procedural standard items
    (Eröffnung, Genehmigung der Niederschrift, Mitteilungen, Anfragen).
    """
    procedural = [AgendaItem.name.startswith(s.name) for s in STANDARD_ITEMS]
    stmt = (
        select(AgendaItem)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(
            visibility.public_agenda_item_clause(),
            visibility.published_minutes_clause(body),
            meeting_body_clause(body.id),
            AgendaItem.result.is_not(None),
            AgendaItem.kind == AgendaItemKind.ITEM,
            or_(
                AgendaItem.consultation.has(),
                and_(AgendaItem.result.in_(RESOLUTION_RESULTS), not_(or_(*procedural))),
            ),
        )
        .options(selectinload(AgendaItem.meeting).selectinload(Meeting.organization))
        .order_by(Meeting.start_time.desc(), AgendaItem.order)
        .limit(limit)
    )
    return [Decision(item, item.meeting) for item in session.scalars(stmt)]


def load_public_meeting(session: Session, meeting_id: int, body_id: int | None = None) -> Meeting | None:
    """The meeting with everything its public page shows, or None if it is not public (or not of ``body_id``)."""
    meeting = session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id, visibility.public_meeting_clause())
        .where(meeting_body_clause(body_id) if body_id is not None else true())
        .options(
            # One row each: joined into the statement that loads their parent, so the number of statements
            # is the same for every meeting, whatever its items carry (see ``make bench-pages``).
            joinedload(Meeting.organization), joinedload(Meeting.location), joinedload(Meeting.minutes),
            selectinload(Meeting.joint_organizations),
            selectinload(Meeting.files),
            selectinload(Meeting.agenda_items).options(
                selectinload(AgendaItem.files),
                # The Vorlage's other consultations are not needed: see visibility.public_agenda.
                joinedload(AgendaItem.consultation).joinedload(Consultation.paper),
            ),
        )
    )
    return meeting


def committees(session: Session, body_id: int | None = None) -> list[Organization]:
    """All committees (of body ``body_id``), alphabetically."""
    stmt = select(Organization).where(Organization.organization_type == OrganizationType.COMMITTEE)
    if body_id is not None:
        stmt = stmt.where(Organization.body_id == body_id)
    return list(session.scalars(stmt.order_by(Organization.name)))


def committee_members(session: Session, committee: Organization, day: date) -> list[Membership]:
    """Memberships active on ``day``, chair first, then by role and name."""
    memberships = session.scalars(
        select(Membership)
        .where(
            Membership.organization_id == committee.id,
            Membership.start_date <= day,
            (Membership.end_date.is_(None)) | (Membership.end_date >= day),
        )
        .options(selectinload(Membership.person), selectinload(Membership.on_behalf_of))
    ).all()
    return sorted(memberships, key=lambda m: (ROLE_ORDER[m.role], m.person.sort_name))


def papers_query(
    *, text: str = "", paper_type: PaperType | None = None, year: int | None = None, committee_id: int | None = None,
    body_id: int | None = None,
) -> Select[tuple[Paper]]:
    """Public Vorlagen (of body ``body_id``), newest first, with optional filters."""
    stmt = (
        select(Paper)
        .where(visibility.public_paper_clause())
        .options(selectinload(Paper.originator))
        .order_by(Paper.date.desc(), Paper.reference_number.desc())
    )
    if body_id is not None:
        stmt = stmt.where(Paper.body_id == body_id)
    if text:
        pattern = f"%{text}%"
        stmt = stmt.where(Paper.name.ilike(pattern) | Paper.reference.ilike(pattern))
    if paper_type is not None:
        stmt = stmt.where(Paper.paper_type == paper_type)
    if year is not None:
        stmt = stmt.where(extract("year", Paper.date) == year)
    if committee_id is not None:
        stmt = stmt.where(Paper.consultations.any(Consultation.organization_id == committee_id))
    return stmt


def load_public_paper(session: Session, paper_id: int, body_id: int | None = None) -> Paper | None:
    """The Vorlage with what its public page shows, or None if it is not public (or not of ``body_id``)."""
    paper = session.scalar(
        select(Paper)
        .where(Paper.id == paper_id, visibility.public_paper_clause())
        .where(Paper.body_id == body_id if body_id is not None else true())
        .options(
            selectinload(Paper.originator),
            selectinload(Paper.participants),
            selectinload(Paper.files),
            selectinload(Paper.consultations).selectinload(Consultation.organization),
            selectinload(Paper.consultations)
            .selectinload(Consultation.agenda_item)
            .selectinload(AgendaItem.meeting)
            .selectinload(Meeting.minutes),
        )
    )
    return paper


@dataclass(frozen=True)
class PublicConsultation:
    """One step of the Beratungsfolge as the public may see it."""

    committee: Organization
    role_label: str
    meeting: Meeting | None
    item_number: str
    result_label: str


def public_consultations(paper: Paper, body: Body) -> list[PublicConsultation]:
    """The Beratungsfolge: dates only of public meetings, results only from published minutes of public items."""
    steps = []
    for consultation in paper.consultations:
        item = consultation.agenda_item
        meeting = item.meeting if item is not None and visibility.meeting_is_public(item.meeting) else None
        shows_item = meeting is not None and item is not None and item.public
        result = ""
        if shows_item and item is not None and item.result_label and visibility.minutes_are_published(meeting.minutes, body):  # type: ignore[union-attr]
            result = item.result_label
        steps.append(
            PublicConsultation(
                committee=consultation.organization,
                role_label=consultation.role.label,
                meeting=meeting,
                item_number=item.number if shows_item and item is not None else "",
                result_label=result,
            )
        )
    return steps


def paper_years(session: Session, body_id: int | None = None) -> list[int]:
    """Years in which public Vorlagen (of body ``body_id``) exist, newest first (for the filter)."""
    stmt = select(extract("year", Paper.date)).where(visibility.public_paper_clause())
    if body_id is not None:
        stmt = stmt.where(Paper.body_id == body_id)
    years = session.scalars(stmt.distinct()).all()
    return sorted((int(y) for y in years), reverse=True)

