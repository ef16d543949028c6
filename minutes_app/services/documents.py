"""What each Word document about a meeting shows, per audience.

The DOCX builders in :mod:`minutes_app.export.docx` render only the small view
models made here and in :mod:`paper_document`. The public version of every view is derived through
:mod:`visibility` (the one rule of what is public) and raises :class:`NotFound`
when the document is not published, so no builder ever sees a non-public title,
text, file or Vorlage when it renders for the public. The internal (full)
version holds everything; who may ask for it is the policy's decision (see
:func:`may_read_full`).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session, selectinload

from ..decisions import lists as decision_lists
from ..models import (
    AgendaItem,
    Body,
    Consultation,
    Meeting,
    MeetingState,
    Membership,
    MembershipRole,
    MinutesState,
    Organization,
    Paper,
    User,
)
from ..secretariat.vote_details import VoteDetails, details_of
from . import minutes_view, visibility
from .errors import NotFound
from .permissions import Permission, can

NOT_PUBLISHED = "Dieses Dokument ist nicht veröffentlicht."
BERLIN = ZoneInfo("Europe/Berlin")


class Audience(enum.StrEnum):
    """Who a document is for: the public version or the full (internal) version."""

    PUBLIC = "public"
    INTERNAL = "internal"

    @property
    def label(self) -> str:
        """For the document properties."""
        return "Öffentliche Fassung" if self is Audience.PUBLIC else "Vollständige Fassung (nur für den Dienstgebrauch)"

    @property
    def file_suffix(self) -> str:
        """Last part of the download name."""
        return "öffentlich" if self is Audience.PUBLIC else "intern"


@dataclass(frozen=True)
class MeetingHead:
    """The facts about a meeting every meeting document starts with."""

    body_name: str
    meeting_name: str
    committees: tuple[str, ...]
    committee_short: str
    number: str
    start: datetime
    end: datetime | None
    place: str
    cancelled: bool


@dataclass(frozen=True)
class ItemView:
    """One agenda item as a document may show it."""

    number: str
    title: str
    public: bool
    is_supplement: bool
    paper_reference: str = ""
    minutes_text: str = ""
    resolution_text: str = ""
    result_label: str = ""
    vote_label: str = ""
    #: AgendaItemKind value; a separator is printed as a heading without a number.
    kind: str = "item"
    details: VoteDetails = field(default_factory=VoteDetails)
    #: "Bericht zur Umsetzung": the document lists the committee's open decisions under this item.
    implementation_report: bool = False


@dataclass(frozen=True)
class ReportRow:
    """One open or overdue decision in a "Bericht zur Umsetzung"."""

    decision: str
    meeting: str
    department: str
    due: str
    status: str


@dataclass(frozen=True)
class InvitationView:
    """Einladung: meeting, addressees, agenda in its two parts, chair."""

    audience: Audience
    head: MeetingHead
    issued: date | datetime
    public_items: tuple[ItemView, ...]
    non_public_items: tuple[ItemView, ...]
    chair: str
    #: Not yet sent: the meeting is still being planned.
    draft: bool = False
    #: The rows of the "Bericht zur Umsetzung" item, if the agenda has one.
    implementation_report: tuple[ReportRow, ...] = ()


@dataclass(frozen=True)
class MinutesDocument:
    """Niederschrift: the meeting head and signatures around the minutes' reading view.

    ``reading`` is :func:`minutes_view.build_minutes_view` for the audience, the
    same view the minutes pages show, so page and document never differ in
    what they reveal (e.g. guests only counted in the public version).
    """

    audience: Audience
    head: MeetingHead
    reading: minutes_view.MinutesView
    draft: bool
    attendance_confirmed: bool
    supplement_ids: frozenset[int]
    approved_at: datetime | None
    chair_signed_at: datetime | None
    recorder_signed_at: datetime | None
    #: Signatures of minutes recorded after the fact, as on the original (printed instead of signature lines).
    recorded_signatures: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExtractView:
    """Beschlussauszug: one item's resolution with meeting, vote and result, for the departments."""

    audience: Audience
    head: MeetingHead
    item: ItemView
    departments: tuple[str, ...]
    recorder: str
    draft: bool


def person_name(user: User | None) -> str:
    """How documents name a user: the linked person's full name, else the account's display name."""
    if user is None:
        return ""
    return user.person.name if user.person is not None else user.display_name


def _head(meeting: Meeting, body: Body) -> MeetingHead:
    return MeetingHead(
        body_name=body.name,
        meeting_name=meeting.name,
        committees=tuple(org.name for org in meeting.organizations),
        committee_short=meeting.organization.short_name or meeting.organization.name,
        number=meeting.number,
        start=meeting.start_time,
        end=meeting.end_time,
        place=meeting.place,
        cancelled=meeting.cancelled,
    )


def _full_item(item: AgendaItem) -> ItemView:
    paper = item.consultation.paper if item.consultation is not None else None
    return ItemView(
        number=item.number,
        title=item.name,
        public=item.public,
        is_supplement=item.is_supplement,
        paper_reference=paper.reference if paper is not None else "",
        minutes_text=item.minutes_text,
        resolution_text=item.resolution_text,
        result_label=item.result_label,
        vote_label=item.vote_label,
        kind=item.kind.value,
        implementation_report=item.implementation_report,
    )


def _public_item(item: visibility.PublicAgendaItem) -> ItemView:
    return ItemView(
        number=item.number,
        title=item.name,
        public=item.public,
        is_supplement=item.is_supplement,
        paper_reference=item.paper.reference if item.paper is not None else "",
        minutes_text=item.minutes_text,
        resolution_text=item.resolution_text,
        result_label=item.result_label,
        vote_label=item.vote_label,
        kind=item.kind,
        implementation_report=item.implementation_report,
    )


def _report_rows(meeting: Meeting, body: Body, audience: Audience) -> tuple[ReportRow, ...]:
    """The committee's open and overdue decisions, as the audience may know them."""
    session = object_session(meeting)
    if session is None:
        return ()
    today = datetime.now(BERLIN).date()
    entries = decision_lists.committee_report(
        session, meeting.organization, today, public=audience is Audience.PUBLIC, body=body
    )
    return tuple(
        ReportRow(
            decision=f"{e.item.number} {e.item.name}",
            meeting=f"{e.meeting.name}, {e.meeting.start_time.astimezone(BERLIN):%d.%m.%Y}",
            department=e.record.department.name,
            due=f"{e.record.due_date:%d.%m.%Y}" if e.record.due_date else "–",
            status=e.status_label,
        )
        for e in entries
    )


def _items(meeting: Meeting, body: Body, audience: Audience) -> list[ItemView]:
    if audience is Audience.PUBLIC:
        return [_public_item(item) for item in visibility.public_agenda(meeting, body)]
    return [_full_item(item) for item in meeting.agenda_items]


def load_meeting(session: Session, meeting_id: int) -> Meeting | None:
    """The meeting with its items, their Vorlagen and the minutes, loaded in a few queries."""
    return session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            # Memberships with their persons: the attendance list and the chair read them for every row.
            selectinload(Meeting.organization).selectinload(Organization.memberships).selectinload(Membership.person),
            selectinload(Meeting.joint_organizations)
            .selectinload(Organization.memberships)
            .selectinload(Membership.person),
            selectinload(Meeting.location),
            selectinload(Meeting.minutes),
            selectinload(Meeting.agenda_items).selectinload(AgendaItem.files),
            selectinload(Meeting.agenda_items).selectinload(AgendaItem.vote_parts),
            selectinload(Meeting.agenda_items).selectinload(AgendaItem.faction_votes),
            selectinload(Meeting.agenda_items)
            .selectinload(AgendaItem.consultation)
            .selectinload(Consultation.paper)
            .selectinload(Paper.consultations)
            .selectinload(Consultation.agenda_item),
        )
    )


def meeting_day(meeting: Meeting) -> date:
    """The meeting's calendar day in Berlin (memberships and file names count in local days)."""
    return meeting.start_time.astimezone(BERLIN).date()


def _chair_of(meeting: Meeting) -> str:
    day = meeting_day(meeting)
    chairs = [
        minutes_view.formal_name(m.person)
        for m in meeting.organization.memberships
        if m.role is MembershipRole.CHAIR and m.is_active_on(day)
    ]
    return chairs[0] if chairs else ""


def invitation_view(meeting: Meeting, body: Body, audience: Audience) -> InvitationView:
    """The Einladung; the public version exists once the meeting is announced."""
    if audience is Audience.PUBLIC and not visibility.meeting_is_public(meeting):
        raise NotFound(NOT_PUBLISHED)
    items = _items(meeting, body, audience)
    return InvitationView(
        audience=audience,
        head=_head(meeting, body),
        issued=meeting.invitation_sent_at or meeting.start_time,
        public_items=tuple(i for i in items if i.public),
        non_public_items=tuple(i for i in items if not i.public),
        chair=_chair_of(meeting),
        draft=meeting.state is MeetingState.PLANNED,
        implementation_report=(
            _report_rows(meeting, body, audience) if any(i.implementation_report for i in items) else ()
        ),
    )


def minutes_document(session: Session, meeting: Meeting, body: Body, audience: Audience) -> MinutesDocument:
    """The Niederschrift; the public version holds only the public part, and only once published."""
    minutes = meeting.minutes
    if minutes is None:
        raise NotFound("Für diese Sitzung gibt es noch keine Niederschrift.")
    if audience is Audience.PUBLIC and not (
        visibility.meeting_is_public(meeting) and visibility.minutes_are_published(minutes, body)
    ):
        raise NotFound(NOT_PUBLISHED)
    return MinutesDocument(
        audience=audience,
        head=_head(meeting, body),
        reading=minutes_view.build_minutes_view(session, minutes, public=audience is Audience.PUBLIC),
        draft=minutes.state is MinutesState.DRAFT,
        attendance_confirmed=minutes.attendance_recorded_at is not None,
        # Whether an item is a Nachtrag is public (the public agenda shows it).
        supplement_ids=frozenset(item.id for item in meeting.agenda_items if item.is_supplement),
        approved_at=minutes.approved_at if minutes.state is MinutesState.APPROVED else None,
        chair_signed_at=minutes.chair_signed_at,
        recorder_signed_at=minutes.recorder_signed_at,
        recorded_signatures=tuple(minutes.recorded_signatures.splitlines()),
    )


def extract_view(item: AgendaItem, body: Body, audience: Audience) -> ExtractView:
    """The Beschlussauszug of one item; public only for a public item of published minutes."""
    meeting = item.meeting
    minutes = meeting.minutes
    if audience is Audience.PUBLIC:
        if not (visibility.agenda_item_is_public(item) and visibility.minutes_are_published(minutes, body)):
            raise NotFound(NOT_PUBLISHED)
        public = visibility.public_agenda_entry(item, body)
        assert public is not None  # a public item of a public meeting is on the public agenda
        view = _public_item(public)
        paper = public.paper
    else:
        if minutes is None:
            raise NotFound("Für diese Sitzung gibt es noch keine Niederschrift.")
        view = _full_item(item)
        paper = item.consultation.paper if item.consultation is not None else None
    departments = (*(o.name for o in paper.under_direction_of), *(o.name for o in paper.participants)) if paper is not None else ()
    session = object_session(item)
    if session is not None and view.result_label:  # public: only once published, as the result itself
        view = replace(view, details=details_of(session, item))
    return ExtractView(
        audience=audience,
        head=_head(meeting, body),
        item=view,
        departments=departments,
        recorder=minutes.recorder.display_name if minutes is not None and minutes.recorder is not None else "",
        draft=minutes is None or minutes.state is MinutesState.DRAFT,
    )


def may_read_full(user: User | None, document: Meeting | Paper | AgendaItem, minutes: bool = False) -> bool:
    """The policy for the full version: the meeting's, minutes' or Vorlage's internal read right."""
    if isinstance(document, Paper):
        return can(user, Permission.PAPER_READ, document)
    if isinstance(document, AgendaItem):
        return can(user, Permission.MINUTES_READ_INTERNAL, document.meeting)
    permission = Permission.MINUTES_READ_INTERNAL if minutes else Permission.MEETING_READ_INTERNAL
    return can(user, permission, document)


_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def download_names(parts: list[str], audience: Audience) -> tuple[str, str]:
    """File names for a download: ASCII (umlauts transliterated) and UTF-8 (RFC 6266 ``filename*``).

    E.g. ``Niederschrift_Kreisausschuss_2026-03-12_oeffentlich.docx``.
    """
    words = []
    for part in [*parts, audience.file_suffix]:
        word = re.sub(r"[^\w.\-]+", "_", unicodedata.normalize("NFC", part))
        word = re.sub(r"\.{2,}", ".", word).strip("_.")
        if word:
            words.append(word[:60])
    unicode_name = "_".join(words) + ".docx"
    ascii_name = unicodedata.normalize("NFKD", unicode_name.translate(_TRANSLITERATION))
    ascii_name = ascii_name.encode("ascii", "ignore").decode()
    return ascii_name, unicode_name
