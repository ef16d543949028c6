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
* public files of all of these.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import object_session

from .. import redaction
from ..models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    Meeting,
    MeetingState,
    Minutes,
    MinutesPublication,
    MinutesState,
    Paper,
    PaperState,
)
from . import markup

NON_PUBLIC_LABEL = "nichtöffentlich"
PUBLIC_PAPER_STATES = (PaperState.RELEASED, PaperState.IN_CONSULTATION, PaperState.COMPLETED)


def meeting_is_public(meeting: Meeting) -> bool:
    """Whether the meeting has been announced to the public."""
    if meeting.state in (MeetingState.INVITED, MeetingState.HELD):
        return True
    return meeting.state is MeetingState.CANCELLED and meeting.invitation_sent_at is not None


def public_meeting_clause() -> ColumnElement[bool]:
    """SQL filter equivalent of :func:`meeting_is_public`."""
    return or_(
        Meeting.state.in_([MeetingState.INVITED, MeetingState.HELD]),
        and_(Meeting.state == MeetingState.CANCELLED, Meeting.invitation_sent_at.is_not(None)),
    )


def public_agenda_item_clause() -> ColumnElement[bool]:
    """SQL filter for public agenda items of public meetings (join Meeting first)."""
    return and_(AgendaItem.public.is_(True), public_meeting_clause())


def public_paper_clause() -> ColumnElement[bool]:
    """SQL filter for Vorlagen the public may read."""
    on_public_agenda = exists(
        select(Consultation.id)
        .join(AgendaItem, Consultation.agenda_item_id == AgendaItem.id)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(Consultation.paper_id == Paper.id, public_agenda_item_clause())
    )
    return and_(Paper.public.is_(True), Paper.state.in_(PUBLIC_PAPER_STATES), on_public_agenda)


def paper_is_public(paper: Paper) -> bool:
    """Whether the public may read the Vorlage."""
    if not paper.public or paper.state not in PUBLIC_PAPER_STATES:
        return False
    return any(
        c.agenda_item is not None and c.agenda_item.public and meeting_is_public(c.agenda_item.meeting)
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
    return item.public and meeting_is_public(item.meeting)


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
    #: "Bericht zur Umsetzung": the page lists the committee's public open and overdue decisions.
    implementation_report: bool = False


def public_agenda(meeting: Meeting, body: Body) -> list[PublicAgendaItem]:
    """The public view of a meeting's agenda; empty when the meeting is not public."""
    if not meeting_is_public(meeting):
        return []
    published = minutes_are_published(meeting.minutes, body)
    # Redacted passages and always-redacted names never leave through a public view.
    session = object_session(body)
    names = redaction.public_names(session) if session is not None else ()
    view = []
    for item in meeting.agenda_items:
        if not item.public:
            view.append(
                PublicAgendaItem(
                    item.id, item.number, item.public_name or NON_PUBLIC_LABEL, False, item.is_supplement,
                    None, "", "", "", "",
                )
            )
            continue
        paper = item.consultation.paper if item.consultation else None
        view.append(
            PublicAgendaItem(
                id=item.id,
                number=item.number,
                name=item.name,
                public=True,
                is_supplement=item.is_supplement,
                paper=paper if paper is not None and paper_is_public(paper) else None,
                resolution_text=markup.redact_source(item.resolution_text, names) if published else "",
                result_label=item.result.label if published and item.result else "",
                vote_label=item.vote_label if published else "",
                minutes_text=markup.redact_source(item.minutes_text, names) if published else "",
                implementation_report=item.implementation_report,
            )
        )
    return view


def public_version(file: File) -> File:
    """What the public gets of a public file: its redacted public copy where there is one."""
    return file.public_copy if file.public_copy is not None else file


def public_files(files: list[File]) -> list[File]:
    """The public files among those of a public object (the caller checks the object).

    A file with a redacted public copy (Schwärzung) is replaced by the copy, so
    public channels serve only the copy.
    """
    return [public_version(f) for f in files if f.public]
