"""Past meetings recorded after the fact: agenda, results, attendance and minutes as they happened.

The live lifecycle (plan → invite within the Ladungsfrist → hold → write,
sign, close and approve the minutes) cannot run for a meeting of 2013. A
recorded meeting is stored directly in the state its history gives it
(eingeladen, or durchgeführt with its Niederschrift abgeschlossen or genehmigt),
with the dates of then, never today's. Each item that dealt with a Vorlage
settles that Vorlage's step of the Beratungsfolge and moves the Vorlage on
(in Beratung, or erledigt when the deciding consultation has its result).
The meeting is then public by the one visibility rule.

Every write is marked "nachträglich erfasst" in the audit trail.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from ..models import (
    AgendaItem,
    AgendaItemResult,
    Attendance,
    AttendanceStatus,
    AttendeeKind,
    Consultation,
    ConsultationRole,
    Location,
    Meeting,
    MeetingState,
    Minutes,
    MinutesState,
    Organization,
    Paper,
    PaperState,
    Person,
    User,
)
from ..services import audit, markup
from ..services.errors import ValidationFailed
from ..services.papers import consultations_settled
from .history import RECORDED, normalize_signatures

MAX_NAME_LENGTH = 200
MAX_ITEM_NAME_LENGTH = 500
RECORDABLE_PAPER_STATES = (PaperState.RELEASED, PaperState.IN_CONSULTATION, PaperState.COMPLETED)


@dataclass
class RecordedItem:
    """One TOP as it was dealt with."""

    name: str
    number: str = ""
    public: bool = True
    public_name: str = ""
    paper: Paper | None = None
    #: Role of the consultation when the Vorlage's Beratungsfolge had no step for this committee.
    role: ConsultationRole = ConsultationRole.DECISION
    result: AgendaItemResult | None = None
    #: The result in the original wording, e.g. "Unverändert beschlossen".
    result_text: str = ""
    resolution_text: str = ""
    minutes_text: str = ""
    votes_yes: int | None = None
    votes_no: int | None = None
    votes_abstain: int | None = None
    unanimous: bool = False
    oparl_id: str | None = None


@dataclass
class RecordedAttendance:
    """Who was there: a known person or a name."""

    person: Person | None = None
    name: str = ""
    status: AttendanceStatus = AttendanceStatus.PRESENT
    kind: AttendeeKind = AttendeeKind.MEMBER
    note: str = ""


@dataclass
class RecordedMeeting:
    """A past meeting; only committee, name and start are required."""

    organization: Organization
    name: str
    start: datetime
    end: datetime | None = None
    number: str = ""
    location: Location | None = None
    location_text: str = ""
    #: ``HELD`` (durchgeführt), ``INVITED`` (eingeladen, nothing recorded of its course) or ``CANCELLED``.
    state: MeetingState = MeetingState.HELD
    #: When the invitation went out, if known (a cancelled meeting is public only when it had been announced).
    invited_at: datetime | None = None
    items: Sequence[RecordedItem] = ()
    attendance: Sequence[RecordedAttendance] = ()
    #: ``None`` (no minutes recorded), ``CLOSED`` or ``APPROVED``.
    minutes_state: MinutesState | None = MinutesState.APPROVED
    chair: Person | None = None
    #: Signatures of the minutes as they stand on the original, one per line.
    minutes_signatures: str = ""
    #: When the minutes were signed and approved (default: the end of the meeting).
    minutes_closed_at: datetime | None = None
    minutes_approved_at: datetime | None = None
    oparl_id: str | None = None
    keywords: Sequence[str] = field(default_factory=tuple)


def _validate(data: RecordedMeeting) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.organization.is_committee:
        errors["organization"] = "Sitzungen gibt es nur für Gremien."
    if not data.name.strip():
        errors["name"] = "Bitte geben Sie die Bezeichnung der Sitzung an."
    elif len(data.name) > MAX_NAME_LENGTH:
        errors["name"] = f"Die Bezeichnung darf höchstens {MAX_NAME_LENGTH} Zeichen lang sein."
    if data.start.tzinfo is None:
        errors["start"] = "Der Beginn braucht eine Zeitzone."
    elif data.start > datetime.now(UTC):
        errors["start"] = "Eine nachträglich erfasste Sitzung muss in der Vergangenheit liegen."
    if data.end is not None and data.start.tzinfo is not None and data.end < data.start:
        errors["end"] = "Das Ende liegt vor dem Beginn."
    if data.state not in (MeetingState.HELD, MeetingState.INVITED, MeetingState.CANCELLED):
        errors["state"] = "Eine nachträglich erfasste Sitzung ist eingeladen, durchgeführt oder abgesagt."
    if data.state is not MeetingState.HELD and (data.minutes_state is not None or any(
            i.result or i.result_text for i in data.items)):
        errors["state"] = "Ergebnisse und eine Niederschrift gibt es nur für durchgeführte Sitzungen."
    if data.minutes_state is MinutesState.DRAFT:
        errors["minutes_state"] = "Eine nachträglich erfasste Niederschrift ist abgeschlossen oder genehmigt."
    errors |= _validate_items(data)
    return errors


def _validate_items(data: RecordedMeeting) -> dict[str, str]:
    errors: dict[str, str] = {}
    papers: set[int] = set()
    for position, item in enumerate(data.items, start=1):
        where = f"TOP {item.number or position}"
        if not item.name.strip():
            errors[f"items-{position}"] = f"{where}: Bitte geben Sie den Gegenstand an."
        elif len(item.name) > MAX_ITEM_NAME_LENGTH:
            errors[f"items-{position}"] = f"{where}: Der Gegenstand darf höchstens {MAX_ITEM_NAME_LENGTH} Zeichen lang sein."
        elif any(v is not None and v < 0 for v in (item.votes_yes, item.votes_no, item.votes_abstain)):
            errors[f"items-{position}"] = f"{where}: Stimmenzahlen können nicht negativ sein."
        elif item.paper is not None:
            if item.paper.state not in RECORDABLE_PAPER_STATES:
                errors[f"items-{position}"] = (
                    f"{where}: Die Vorlage {item.paper.reference} ist „{item.paper.state.label}“ und kann so nicht "
                    "beraten worden sein."
                )
            elif item.paper.body_id != data.organization.body_id:
                errors[f"items-{position}"] = f"{where}: Die Vorlage gehört zu einer anderen Körperschaft."
            elif item.paper.id in papers:
                errors[f"items-{position}"] = f"{where}: Die Vorlage {item.paper.reference} steht schon auf dieser Tagesordnung."
            papers.add(item.paper.id)
    return errors


def _numbers(items: Sequence[RecordedItem]) -> list[str]:
    """The given numbers, else "Ö n"/"N n" counted per part as the live agenda numbers them."""
    counts = {True: 0, False: 0}
    numbers = []
    for item in items:
        counts[item.public] += 1
        numbers.append(item.number.strip() or f"{'Ö' if item.public else 'N'} {counts[item.public]}")
    return numbers


def _settle(session: Session, actor: User | None, meeting: Meeting, item: AgendaItem, data: RecordedItem) -> None:
    """Link the item to the Vorlage's step of the Beratungsfolge and move the Vorlage on."""
    paper = data.paper
    assert paper is not None
    step = next((c for c in paper.consultations
                 if c.organization_id == meeting.organization_id and c.agenda_item_id is None
                 and (c.result is None or not c.result.is_final)), None)
    if step is None:
        step = Consultation(organization=meeting.organization, role=data.role, position=len(paper.consultations) + 1,
                            authoritative=data.role is ConsultationRole.DECISION and paper.authoritative_consultation is None)
        paper.consultations.append(step)
    step.meeting = meeting
    step.agenda_item = item
    step.result = data.result
    step.result_note = data.result_text[:300]
    session.flush()
    if paper.state is PaperState.RELEASED:
        paper.state = PaperState.IN_CONSULTATION
    if paper.state is PaperState.IN_CONSULTATION and consultations_settled(paper):
        paper.state = PaperState.COMPLETED
    result = data.result_text or (data.result.label if data.result else "ohne Ergebnis")
    audit.record(
        session, actor, paper, "paper.result_recorded",
        f"Beratung im Gremium {meeting.organization.name} am {meeting.start_time:%d.%m.%Y} ({item.number}) "
        f"{RECORDED}: {result}; Vorlage jetzt „{paper.state.label}“",
    )


def record_meeting(session: Session, actor: User | None, data: RecordedMeeting) -> Meeting:
    """Enter a past meeting as it happened. Raises :class:`ValidationFailed`; nothing is written then."""
    errors = _validate(data)
    if errors:
        raise ValidationFailed(errors)
    meeting = Meeting(
        organization=data.organization, name=" ".join(data.name.split()), number=data.number.strip(),
        start_time=data.start, end_time=data.end, location=data.location, location_text=data.location_text.strip(),
        state=data.state, invitation_sent_at=data.invited_at, recorded_after_the_fact=True,
        oparl_id=data.oparl_id, keywords=list(data.keywords),
    )
    session.add(meeting)
    for order, (item_data, number) in enumerate(zip(data.items, _numbers(data.items), strict=True), start=1):
        meeting.agenda_items.append(AgendaItem(
            order=order, number=number, public=item_data.public, name=" ".join(item_data.name.split()),
            public_name=item_data.public_name.strip(), minutes_text=markup.normalize(item_data.minutes_text),
            resolution_text=markup.normalize(item_data.resolution_text), result=item_data.result,
            result_wording=item_data.result_text.strip()[:300], votes_yes=item_data.votes_yes,
            votes_no=item_data.votes_no, votes_abstain=item_data.votes_abstain, unanimous=item_data.unanimous,
            oparl_id=item_data.oparl_id,
        ))
    session.flush()
    for row in data.attendance:
        session.add(Attendance(
            meeting=meeting, person=row.person, guest_name="" if row.person else row.name.strip(),
            status=row.status, kind=row.kind, note=row.note.strip()[:200],
        ))
    if data.minutes_state is not None:
        closed_at = data.minutes_closed_at or data.end or data.start
        approved = data.minutes_state is MinutesState.APPROVED
        session.add(Minutes(
            meeting=meeting, state=data.minutes_state, started_at=data.start, ended_at=data.end,
            chair=data.chair, closed_at=closed_at, published_at=closed_at,
            approved_at=(data.minutes_approved_at or closed_at) if approved else None,
            attendance_recorded_at=closed_at if data.attendance else None,
            recorded_signatures=normalize_signatures(data.minutes_signatures),
        ))
    session.flush()
    parts = [f"{len(data.items)} TOP"]
    if data.minutes_state is not None:
        parts.append(f"Niederschrift {data.minutes_state.label.lower()}")
    audit.record(
        session, actor, meeting, "meeting.recorded",
        f"Sitzung „{meeting.name}“ vom {meeting.start_time:%d.%m.%Y} ({data.state.label}) {RECORDED}: "
        + ", ".join(parts),
    )
    for item, item_data in zip(meeting.agenda_items, data.items, strict=True):
        if item_data.paper is not None:
            _settle(session, actor, meeting, item, item_data)
    return meeting
