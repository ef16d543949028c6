"""What the API may read, per OParl type: the visibility rule, the body's scope and the eager loading.

Every statement filters with a clause of :mod:`minutes_app.services.visibility`
(the portal's own rule); nothing here decides publicity by itself. Loading is
eager per relationship path (``selectinload``), so a list page costs the same
number of SQL statements whatever its size.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select, union
from sqlalchemy.orm import selectinload

from ..models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
    SignOff,
    User,
    agenda_item_files,
    meeting_files,
    paper_files,
)
from ..models.soft_delete import INCLUDE_DELETED
from ..services import visibility

MODELS: dict[str, Any] = {
    "Body": Body,
    "LegislativeTerm": LegislativeTerm,
    "Organization": Organization,
    "Person": Person,
    "Membership": Membership,
    "Meeting": Meeting,
    "AgendaItem": AgendaItem,
    "Paper": Paper,
    "Consultation": Consultation,
    "File": File,
    "Location": Location,
}


def _body_organizations(body_id: int) -> Select[tuple[int]]:
    return select(Organization.id).where(Organization.body_id == body_id)


def _body_meetings(body_id: int) -> Select[tuple[int]]:
    return select(Meeting.id).where(Meeting.organization_id.in_(_body_organizations(body_id)))


def _body_files(body_id: int) -> Any:
    """Ids of the files the body's Vorlagen, meetings and agenda items use (public or not)."""
    meetings = _body_meetings(body_id)
    items = select(AgendaItem.id).where(AgendaItem.meeting_id.in_(meetings))
    return union(
        select(paper_files.c.file_id).join(Paper, Paper.id == paper_files.c.paper_id).where(Paper.body_id == body_id),
        select(Paper.main_file_id).where(Paper.body_id == body_id, Paper.main_file_id.is_not(None)),
        select(meeting_files.c.file_id).where(meeting_files.c.meeting_id.in_(meetings)),
        *(
            select(column).where(Meeting.id.in_(meetings), column.is_not(None))
            for column in (
                Meeting.invitation_file_id, Meeting.results_protocol_file_id, Meeting.verbatim_protocol_file_id
            )
        ),
        select(agenda_item_files.c.file_id).where(agenda_item_files.c.agenda_item_id.in_(items)),
        select(AgendaItem.resolution_file_id).where(
            AgendaItem.id.in_(items), AgendaItem.resolution_file_id.is_not(None)
        ),
    )


def _meeting_item_options() -> list[Any]:
    """What :func:`visibility.public_agenda` and the item serializer read from every item of a meeting."""
    items = selectinload(Meeting.agenda_items)
    paper = items.selectinload(AgendaItem.consultation).selectinload(Consultation.paper)
    return [
        selectinload(Meeting.minutes),
        selectinload(Meeting.organization),
        selectinload(Meeting.joint_organizations),
        items.selectinload(AgendaItem.files),
        items.selectinload(AgendaItem.resolution_file),
        paper.selectinload(Paper.consultations).selectinload(Consultation.agenda_item).selectinload(AgendaItem.meeting),
    ]


def _meeting_options() -> list[Any]:
    return [
        selectinload(Meeting.location),
        selectinload(Meeting.files),
        selectinload(Meeting.invitation_file),
        selectinload(Meeting.results_protocol_file),
        selectinload(Meeting.verbatim_protocol_file),
        *_meeting_item_options(),
    ]


def _agenda_item_options() -> list[Any]:
    return [selectinload(AgendaItem.meeting).options(*_meeting_item_options())]


def _paper_options() -> list[Any]:
    step = selectinload(Paper.consultations)
    return [
        *(
            selectinload(relation)
            for relation in (
                Paper.originator, Paper.further_leads, Paper.participants, Paper.originator_persons,
                Paper.originator_organizations, Paper.files, Paper.main_file, Paper.locations, Paper.related_to,
                Paper.related_from, Paper.superordinated_papers, Paper.subordinated_papers,
            )
        ),
        step.selectinload(Consultation.organization),
        step.selectinload(Consultation.agenda_item).selectinload(AgendaItem.meeting).selectinload(Meeting.minutes),
        selectinload(Paper.sign_offs).selectinload(SignOff.signed_by).selectinload(User.person),
    ]


def _consultation_options() -> list[Any]:
    step = selectinload(Consultation.paper).selectinload(Paper.consultations)
    return [
        step.selectinload(Consultation.organization),
        step.selectinload(Consultation.agenda_item).selectinload(AgendaItem.meeting).selectinload(Meeting.minutes),
    ]


def _person_options() -> list[Any]:
    seats = selectinload(Person.memberships)
    return [seats.selectinload(Membership.organization), seats.selectinload(Membership.on_behalf_of)]


def _organization_options() -> list[Any]:
    return [
        selectinload(Organization.memberships).selectinload(Membership.organization),
        selectinload(Organization.parent),
        selectinload(Organization.location),
    ]


def _membership_options() -> list[Any]:
    return [selectinload(Membership.organization), selectinload(Membership.on_behalf_of)]


#: type → (visibility clause, body scope, eager loading)
_Clause = Callable[[], ColumnElement[bool]]
_Scope = Callable[[int], ColumnElement[bool]]
_RULES: dict[str, tuple[_Clause | None, _Scope, Callable[[], list[Any]]]] = {
    "Body": (None, lambda b: Body.id == b, lambda: [selectinload(Body.legislative_terms)]),
    "LegislativeTerm": (None, lambda b: LegislativeTerm.body_id == b, list),
    "Organization": (visibility.public_organization_clause, lambda b: Organization.body_id == b, _organization_options),
    "Person": (visibility.public_person_clause, lambda b: Person.body_id == b, _person_options),
    "Membership": (
        visibility.public_membership_clause,
        lambda b: Membership.person_id.in_(select(Person.id).where(Person.body_id == b)),
        _membership_options,
    ),
    "Meeting": (
        visibility.public_meeting_clause,
        lambda b: Meeting.organization_id.in_(_body_organizations(b)),
        _meeting_options,
    ),
    "AgendaItem": (
        lambda: AgendaItem.meeting_id.in_(select(Meeting.id).where(visibility.public_meeting_clause())),
        lambda b: AgendaItem.meeting_id.in_(_body_meetings(b)),
        _agenda_item_options,
    ),
    "Paper": (visibility.public_paper_clause, lambda b: Paper.body_id == b, _paper_options),
    "Consultation": (
        visibility.public_consultation_clause,
        lambda b: Consultation.paper_id.in_(select(Paper.id).where(Paper.body_id == b)),
        _consultation_options,
    ),
    "File": (visibility.public_file_clause, lambda b: File.id.in_(_body_files(b)), list),
    "Location": (visibility.public_location_clause, lambda b: Location.body_id == b, list),
}


def public_clause(type_name: str) -> ColumnElement[bool] | None:
    """The visibility rule of the type (None: everything of the type is public)."""
    clause = _RULES[type_name][0]
    return clause() if clause is not None else None


def eager(type_name: str) -> list[Any]:
    """Loader options that serializing an object of the type needs."""
    return _RULES[type_name][2]()


def public_object(type_name: str, object_id: int, eager_load: bool = True) -> Select[Any]:
    """One public object by id (empty result when unknown or not public)."""
    model = MODELS[type_name]
    stmt = select(model).where(model.id == object_id)
    if eager_load:
        stmt = stmt.options(*eager(type_name))
    clause = public_clause(type_name)
    return stmt.where(clause) if clause is not None else stmt


def public_list(type_name: str, body_id: int) -> Select[Any]:
    """The body's public objects of the type in stable order (by id)."""
    model = MODELS[type_name]
    stmt = select(model).where(_RULES[type_name][1](body_id))
    clause = public_clause(type_name)
    if clause is not None:
        stmt = stmt.where(clause)
    return stmt.order_by(model.id)


def organization_meetings(organization_id: int) -> Select[Any]:
    """Public meetings of a committee, also as one of the committees of a joint meeting."""
    return (
        select(Meeting)
        .where(
            visibility.public_meeting_clause(),
            or_(
                Meeting.organization_id == organization_id,
                Meeting.joint_organizations.any(Organization.id == organization_id),
            ),
        )
        .order_by(Meeting.id)
    )


def organization_consultations(organization_id: int) -> Select[Any]:
    """Public Beratungsfolge steps in which the organization consults."""
    return (
        select(Consultation)
        .where(Consultation.organization_id == organization_id, visibility.public_consultation_clause())
        .order_by(Consultation.id)
    )


def _deleted(model: Any, stmt: Select[Any]) -> Select[Any]:
    return stmt.where(model.deleted_at.is_not(None), visibility.was_public_clause(model)).execution_options(
        **{INCLUDE_DELETED: True}
    )


def deleted_object(type_name: str, object_id: int) -> Select[Any]:
    """A soft-deleted object that was public, by id (for its ``deleted: true`` stub)."""
    model = MODELS[type_name]
    return _deleted(model, select(model).where(model.id == object_id))


def deleted_ids(type_name: str, body_id: int | None = None, organization_id: int | None = None) -> Select[Any]:
    """Ids of the soft-deleted, formerly public objects of a body's list (or a committee's list)."""
    model = MODELS[type_name]
    stmt = select(model.id)
    if body_id is not None and type_name != "Body":
        stmt = stmt.where(_RULES[type_name][1](body_id))
    if organization_id is not None:
        stmt = stmt.where(model.organization_id == organization_id)
    return _deleted(model, stmt).order_by(model.id)
