"""The single source of truth for what anonymous users may see (DESIGN §5).

Every public channel (portal pages, public search index, public DOCX, iCal,
feeds, API) reads through these functions and query filters; nothing else
decides publicity. The rule:

* meetings from the invitation on (a cancelled meeting stays visible as
  cancelled once it had been announced);
* public agenda items of those meetings; non-public items only as their number
  with "nichtöffentlich" or their neutral public title;
* released, public Vorlagen that are on a public agenda item of a public meeting;
* the public part of published minutes (closed or approved, per the body's setting);
* public files of all of these;
* never a soft-deleted object (OParl ``deleted``): the ORM hook in
  :mod:`minutes_app.models.soft_delete` already hides them from queries, and
  these functions check again for objects reached some other way.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, or_, select, true
from sqlalchemy.orm import object_session

from .. import redaction
from ..models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    Location,
    Meeting,
    MeetingState,
    Membership,
    Minutes,
    MinutesPublication,
    MinutesState,
    Organization,
    OrganizationType,
    Paper,
    PaperState,
    Person,
    agenda_item_files,
    meeting_files,
    paper_files,
    paper_locations,
)
from . import markup

NON_PUBLIC_LABEL = "nichtöffentlich"
PUBLIC_PAPER_STATES = (PaperState.RELEASED, PaperState.IN_CONSULTATION, PaperState.COMPLETED)


def meeting_is_public(meeting: Meeting) -> bool:
    """Whether the meeting has been announced to the public."""
    if meeting.deleted:
        return False
    if meeting.state in (MeetingState.INVITED, MeetingState.HELD):
        return True
    return meeting.state is MeetingState.CANCELLED and meeting.invitation_sent_at is not None


def public_meeting_clause() -> ColumnElement[bool]:
    """SQL filter equivalent of :func:`meeting_is_public`."""
    return and_(
        Meeting.deleted_at.is_(None),
        or_(
            Meeting.state.in_([MeetingState.INVITED, MeetingState.HELD]),
            and_(Meeting.state == MeetingState.CANCELLED, Meeting.invitation_sent_at.is_not(None)),
        ),
    )


def public_agenda_item_clause() -> ColumnElement[bool]:
    """SQL filter for public agenda items of public meetings (join Meeting first)."""
    return and_(AgendaItem.public.is_(True), AgendaItem.deleted_at.is_(None), public_meeting_clause())


def public_paper_clause() -> ColumnElement[bool]:
    """SQL filter for Vorlagen the public may read."""
    on_public_agenda = exists(
        select(Consultation.id)
        .join(AgendaItem, Consultation.agenda_item_id == AgendaItem.id)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(Consultation.paper_id == Paper.id, Consultation.deleted_at.is_(None), public_agenda_item_clause())
    )
    return and_(
        Paper.public.is_(True), Paper.deleted_at.is_(None), Paper.state.in_(PUBLIC_PAPER_STATES), on_public_agenda
    )


def paper_released_as_public(paper: Paper) -> bool:
    """The Vorlage's own part of the rule: public, not deleted, released (the agenda part is the caller's)."""
    return paper.public and not paper.deleted and paper.state in PUBLIC_PAPER_STATES


def paper_is_public(paper: Paper) -> bool:
    """Whether the public may read the Vorlage."""
    if not paper_released_as_public(paper):
        return False
    return any(
        not c.deleted and c.agenda_item is not None and agenda_item_is_public(c.agenda_item)
        for c in paper.consultations
    )


def minutes_are_published(minutes: Minutes | None, body: Body) -> bool:
    """Whether the public part of the minutes is published under the body's setting."""
    if minutes is None:
        return False
    if minutes.state is MinutesState.APPROVED:
        return True
    return minutes.state is MinutesState.CLOSED and body.minutes_publication is MinutesPublication.ON_CLOSED


def published_minutes_clause(body: Body) -> ColumnElement[bool]:
    """SQL filter equivalent of :func:`minutes_are_published` (join Minutes first)."""
    if body.minutes_publication is MinutesPublication.ON_CLOSED:
        return Minutes.state.in_([MinutesState.CLOSED, MinutesState.APPROVED])
    return Minutes.state == MinutesState.APPROVED


def agenda_item_is_public(item: AgendaItem) -> bool:
    """Whether the item's title and texts may be shown to the public."""
    return item.public and not item.deleted and meeting_is_public(item.meeting)


@dataclass(frozen=True)
class PublicAgendaItem:
    """What the public may know of one agenda item; nothing else reaches public channels."""

    id: int
    number: str
    name: str
    public: bool
    is_supplement: bool
    paper: Paper | None
    resolution_text: str
    result_label: str
    vote_label: str
    minutes_text: str
    #: AgendaItemKind value: headings and separators show as such in every channel.
    kind: str = "item"
    #: Public Tischvorlagen of a public item (never any of a non-public item).
    files: tuple[File, ...] = ()
    #: "Bericht zur Umsetzung": the page lists the committee's public open and overdue decisions.
    implementation_report: bool = False


def public_agenda(meeting: Meeting, body: Body) -> list[PublicAgendaItem]:
    """The public view of a meeting's agenda; empty when the meeting is not public."""
    if not meeting_is_public(meeting):
        return []
    published = minutes_are_published(meeting.minutes, body)
    names = _public_names(body)
    return [_public_entry(item, published, names) for item in meeting.agenda_items if not item.deleted]


def public_agenda_entry(item: AgendaItem, body: Body, names: tuple[str, ...] | None = None) -> PublicAgendaItem | None:
    """The item's entry of :func:`public_agenda`, or ``None`` where the agenda does not list it.

    An entry depends on its own item and meeting only, so this reads none of
    the meeting's other items (the search index rebuilds one item's document
    after a save). ``names``: the always-redacted names, where the caller has them.
    """
    meeting = item.meeting
    if item.deleted or meeting is None or not meeting_is_public(meeting):
        return None
    published = minutes_are_published(meeting.minutes, body)
    return _public_entry(item, published, _public_names(body) if names is None else names)


def _public_names(body: Body) -> tuple[str, ...]:
    # Redacted passages and always-redacted names never leave through a public view.
    session = object_session(body)
    return redaction.public_names(session) if session is not None else ()


def _public_entry(item: AgendaItem, published: bool, names: tuple[str, ...]) -> PublicAgendaItem:
    """What the public may know of one item of a public meeting (``published``: its minutes are)."""
    if not item.public:
        return PublicAgendaItem(
            item.id, item.number, item.public_name or NON_PUBLIC_LABEL, False, item.is_supplement,
            None, "", "", "", "", item.kind.value,
        )
    consultation = item.consultation
    paper = consultation.paper if consultation is not None and not consultation.deleted else None
    # This consultation puts the Vorlage on a public item of a public meeting, which is the agenda part
    # of paper_is_public; only the Vorlage's own part is left (no need to load its other consultations).
    return PublicAgendaItem(
        id=item.id,
        number=item.number,
        name=item.name,
        public=True,
        is_supplement=item.is_supplement,
        paper=paper if paper is not None and paper_released_as_public(paper) else None,
        resolution_text=markup.redact_source(item.resolution_text, names) if published else "",
        result_label=item.result_label if published else "",
        vote_label=item.vote_label if published else "",
        minutes_text=markup.redact_source(item.minutes_text, names) if published else "",
        implementation_report=item.implementation_report,
        kind=item.kind.value,
        files=tuple(public_files(item.files)),
    )


def public_papers(papers: list[Paper]) -> list[Paper]:
    """The public ones among linked Vorlagen (related, super- and subordinated papers)."""
    return [p for p in papers if paper_is_public(p)]


def public_version(file: File) -> File:
    """What the public gets of a public file: its redacted public copy where there is one."""
    return file.public_copy if file.public_copy is not None else file


def public_files(files: list[File]) -> list[File]:
    """The public files among those of a public object (the caller checks the object).

    A file with a redacted public copy (Schwärzung) is replaced by the copy, so
    public channels serve only the copy.
    """
    return [public_version(f) for f in files if f.public and not f.deleted]


# --- Who and what else the public may know (committee pages, minutes, Vorlagen, OParl) ---

#: Organizations the portal names: committees (own pages), Fraktionen (beside members) and departments
#: (Federführend/Beteiligt on Vorlagen). Other organizations stay internal.
PUBLIC_ORGANIZATION_TYPES = (OrganizationType.COMMITTEE, OrganizationType.FACTION, OrganizationType.DEPARTMENT)
#: Memberships that are a public office: seats in committees and Fraktionen (committee pages, minutes).
OFFICE_ORGANIZATION_TYPES = (OrganizationType.COMMITTEE, OrganizationType.FACTION)


def organization_is_public(organization: Organization) -> bool:
    """Whether the organization may be named to the public."""
    return organization.organization_type in PUBLIC_ORGANIZATION_TYPES


def public_organization_clause() -> ColumnElement[bool]:
    """SQL filter equivalent of :func:`organization_is_public`."""
    return Organization.organization_type.in_(PUBLIC_ORGANIZATION_TYPES)


def membership_is_public(membership: Membership) -> bool:
    """Whether the membership is a public office (committee seat or Fraktion)."""
    return membership.organization.organization_type in OFFICE_ORGANIZATION_TYPES


def public_membership_clause() -> ColumnElement[bool]:
    """SQL filter equivalent of :func:`membership_is_public`."""
    return Membership.organization_id.in_(
        select(Organization.id).where(Organization.organization_type.in_(OFFICE_ORGANIZATION_TYPES))
    )


def public_person_clause() -> ColumnElement[bool]:
    """Persons holding or having held a public office; their contact data are never public."""
    return exists(select(Membership.id).where(Membership.person_id == Person.id, public_membership_clause()))


def public_location_clause() -> ColumnElement[bool]:
    """Places of public meetings and public Vorlagen, the seats of bodies and public organizations."""
    return or_(
        exists(select(Meeting.id).where(Meeting.location_id == Location.id, public_meeting_clause())),
        exists(
            select(paper_locations.c.paper_id)
            .join(Paper, Paper.id == paper_locations.c.paper_id)
            .where(paper_locations.c.location_id == Location.id, public_paper_clause())
        ),
        exists(select(Body.id).where(Body.location_id == Location.id)),
        exists(select(Organization.id).where(Organization.location_id == Location.id, public_organization_clause())),
    )


def public_consultation_clause() -> ColumnElement[bool]:
    """Beratungsfolge steps of public Vorlagen (the Vorlage page shows every step)."""
    return Consultation.paper_id.in_(select(Paper.id).where(public_paper_clause()))


def published_minutes_any_body_clause() -> ColumnElement[bool]:
    """SQL filter for minutes published under their own body's rule (join Minutes and Meeting first)."""
    on_closed = (
        select(Organization.id)
        .join(Body, Body.id == Organization.body_id)
        .where(Body.minutes_publication == MinutesPublication.ON_CLOSED)
    )
    return or_(
        Minutes.state == MinutesState.APPROVED,
        and_(Minutes.state == MinutesState.CLOSED, Meeting.organization_id.in_(on_closed)),
    )


def public_file_clause() -> ColumnElement[bool]:
    """Public files of a public Vorlage, a public meeting or a public agenda item (the public search's rule);
    a meeting's protocols and an item's resolution file once the minutes are published."""
    on_paper = exists(
        select(paper_files.c.file_id)
        .join(Paper, Paper.id == paper_files.c.paper_id)
        .where(paper_files.c.file_id == File.id, public_paper_clause())
    )
    main_of_paper = exists(select(Paper.id).where(Paper.main_file_id == File.id, public_paper_clause()))
    on_meeting = exists(
        select(meeting_files.c.file_id)
        .join(Meeting, Meeting.id == meeting_files.c.meeting_id)
        .where(meeting_files.c.file_id == File.id, public_meeting_clause())
    )
    invitation = exists(select(Meeting.id).where(Meeting.invitation_file_id == File.id, public_meeting_clause()))
    protocol = exists(
        select(Meeting.id)
        .join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(
            or_(Meeting.results_protocol_file_id == File.id, Meeting.verbatim_protocol_file_id == File.id),
            public_meeting_clause(),
            published_minutes_any_body_clause(),
        )
    )
    on_item = exists(
        select(agenda_item_files.c.file_id)
        .join(AgendaItem, AgendaItem.id == agenda_item_files.c.agenda_item_id)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(agenda_item_files.c.file_id == File.id, public_agenda_item_clause())
    )
    resolution = exists(
        select(AgendaItem.id)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(
            AgendaItem.resolution_file_id == File.id, public_agenda_item_clause(), published_minutes_any_body_clause()
        )
    )
    attached = and_(
        File.public.is_(True), or_(on_paper, main_of_paper, on_meeting, invitation, protocol, on_item, resolution)
    )
    # Schwärzung: a public file with a redacted copy is served as that copy only (see public_version).
    # correlate(None): the subquery's own File row is the original, not the outer file.
    copies = select(File.public_copy_id).where(File.public_copy_id.is_not(None), attached).correlate(None)
    return or_(and_(attached, File.public_copy_id.is_(None)), File.id.in_(copies))


# --- Soft-deleted objects that were public (OParl ``deleted: true`` stubs) ---


def _announced_clause() -> ColumnElement[bool]:
    return or_(
        Meeting.state.in_([MeetingState.INVITED, MeetingState.HELD]),
        and_(Meeting.state == MeetingState.CANCELLED, Meeting.invitation_sent_at.is_not(None)),
    )


def was_public_clause(model: type) -> ColumnElement[bool]:
    """For soft-deleted objects: whether the object was public before it (or what made it public) was deleted.

    The same rules as above with every deletion test left out; run it with
    ``include_deleted`` so the ORM hook does not hide the deleted rows either.
    OParl serves such objects as ``deleted: true`` stubs; anything that was
    never public stays an unknown id.
    """
    paper = and_(
        Paper.public.is_(True),
        Paper.state.in_(PUBLIC_PAPER_STATES),
        exists(
            select(Consultation.id)
            .join(AgendaItem, Consultation.agenda_item_id == AgendaItem.id)
            .join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .where(Consultation.paper_id == Paper.id, AgendaItem.public.is_(True), _announced_clause())
        ),
    )
    offices = select(Organization.id).where(Organization.organization_type.in_(OFFICE_ORGANIZATION_TYPES))
    announced = select(Meeting.id).where(_announced_clause())
    clauses: dict[type, ColumnElement[bool]] = {
        Meeting: _announced_clause(),
        AgendaItem: AgendaItem.meeting_id.in_(announced),
        Paper: paper,
        Consultation: Consultation.paper_id.in_(select(Paper.id).where(paper)),
        File: and_(
            File.public.is_(True),
            or_(
                exists(select(paper_files.c.file_id).where(
                    paper_files.c.file_id == File.id, paper_files.c.paper_id.in_(select(Paper.id).where(paper)))),
                exists(select(meeting_files.c.file_id).where(
                    meeting_files.c.file_id == File.id, meeting_files.c.meeting_id.in_(announced))),
                exists(select(agenda_item_files.c.file_id).join(AgendaItem).where(
                    agenda_item_files.c.file_id == File.id, AgendaItem.public.is_(True),
                    AgendaItem.meeting_id.in_(announced))),
            ),
        ),
        Organization: Organization.organization_type.in_(PUBLIC_ORGANIZATION_TYPES),
        Membership: Membership.organization_id.in_(offices),
        Person: exists(select(Membership.id).where(Membership.person_id == Person.id,
                                                   Membership.organization_id.in_(offices))),
    }
    return clauses.get(model, true())
