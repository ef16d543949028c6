"""Sitzungen: planning, editing, moving, cancelling, the Einladung and marking a meeting held.

Lifecycle (DESIGN §4): Geplant → Eingeladen → Durchgeführt; Abgesagt is possible
before the meeting is held. Each transition checks the current state and raises
a German error; each change writes one audit event. Times arrive as local
(Europe/Berlin) date and clock time and are stored timezone-aware in UTC.
Series of regular meetings live in :mod:`.meeting_series`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..bodies.scope import scope_clause
from ..models import (
    AuditEvent,
    Location,
    Meeting,
    MeetingState,
    Organization,
    OrganizationType,
    Role,
    User,
    meeting_joint_organizations,
)
from . import audit, notice_period
from .errors import InvalidTransition, ValidationFailed
from .notice_period import NoticeCheck
from .permissions import member_committee_ids

LOCAL_TZ = ZoneInfo("Europe/Berlin")
MAX_NAME = 200
MAX_NUMBER = 30
MAX_PLACE = 300
MAX_REASON = 2000
#: A move's reason lives only in the audit trail, whose summary holds 500 characters.
MAX_MOVE_REASON = 300
OPEN_STATES = (MeetingState.PLANNED, MeetingState.INVITED)


@dataclass(kw_only=True)
class MeetingData:
    """What the secretary enters for one meeting (local date and clock times)."""

    organization_id: int | None = None
    name: str = ""
    number: str = ""
    day: date | None = None
    start: time | None = None
    end: time | None = None
    location_id: int | None = None
    location_text: str = ""
    joint_organization_ids: list[int] = field(default_factory=list)


def local_datetime(day: date, clock: time) -> datetime:
    """A local date and clock time as a timezone-aware UTC timestamp."""
    return datetime.combine(day, clock, tzinfo=LOCAL_TZ).astimezone(ZoneInfo("UTC"))


def local_date(moment: datetime) -> date:
    """The Berlin calendar day of a timestamp."""
    return moment.astimezone(LOCAL_TZ).date()


def format_day(day: date) -> str:
    """A date in German notation for messages."""
    return day.strftime("%d.%m.%Y")


def _committee(session: Session, organization_id: int | None, errors: dict[str, str], key: str) -> Organization | None:
    org = session.get(Organization, organization_id) if organization_id else None
    if org is None or org.organization_type is not OrganizationType.COMMITTEE:
        errors[key] = "Bitte wählen Sie ein Gremium aus."
        return None
    return org


def _times(data: MeetingData, errors: dict[str, str]) -> tuple[datetime, datetime | None] | None:
    if data.day is None:
        errors["day"] = "Bitte geben Sie das Datum der Sitzung an, z. B. 12.03.2026."
    if data.start is None:
        errors["start"] = "Bitte geben Sie den Beginn an, z. B. 16:00."
    if data.day is None or data.start is None:
        return None
    start = local_datetime(data.day, data.start)
    end = local_datetime(data.day, data.end) if data.end is not None else None
    if end is not None and end <= start:
        errors["end"] = "Das geplante Ende muss nach dem Beginn liegen."
        return None
    return start, end


def _place(session: Session, data: MeetingData, body_id: int | None, errors: dict[str, str]) -> Location | None:
    text = data.location_text.strip()
    if len(text) > MAX_PLACE:
        errors["location_text"] = f"Der Ort darf höchstens {MAX_PLACE} Zeichen lang sein."
    if data.location_id is None:
        return None
    location = session.get(Location, data.location_id)
    if location is None or (body_id is not None and location.body_id != body_id):
        errors["location_id"] = "Bitte wählen Sie einen Ort aus der Liste."
        return None
    if text:
        errors["location_text"] = (
            "Bitte wählen Sie einen Ort aus der Liste oder geben Sie einen freien Ort an, nicht beides."
        )
    return location


def _joint(
    session: Session, data: MeetingData, lead: Organization | None, errors: dict[str, str]
) -> list[Organization]:
    joint: list[Organization] = []
    for org_id in dict.fromkeys(data.joint_organization_ids):
        org = session.get(Organization, org_id)
        if org is None or org.organization_type is not OrganizationType.COMMITTEE:
            errors["joint_organization_ids"] = "Für eine gemeinsame Sitzung können nur Gremien gewählt werden."
        elif lead is not None and org.id == lead.id:
            errors["joint_organization_ids"] = (
                "Das federführende Gremium ist bereits beteiligt; bitte wählen Sie nur weitere Gremien."
            )
        else:
            joint.append(org)
    return joint


def _texts(data: MeetingData, errors: dict[str, str]) -> tuple[str, str]:
    name, number = data.name.strip(), data.number.strip()
    if len(name) > MAX_NAME:
        errors["name"] = f"Der Titel darf höchstens {MAX_NAME} Zeichen lang sein."
    if len(number) > MAX_NUMBER:
        errors["number"] = f"Die Sitzungsnummer darf höchstens {MAX_NUMBER} Zeichen lang sein."
    return name, number


def default_name(committee: Organization) -> str:
    """The title used when the secretary leaves it empty."""
    return f"Sitzung {committee.name}"


def next_meeting_number(session: Session, committee: Organization, year: int) -> str:
    """The committee's next running meeting number of ``year``, e.g. ``"4/2026"``."""
    numbers = session.scalars(
        select(Meeting.number).where(Meeting.organization_id == committee.id, Meeting.number.like(f"%/{year}"))
    )
    highest = max((int(n.split("/")[0]) for n in numbers if n.split("/")[0].strip().isdigit()), default=0)
    return f"{highest + 1}/{year}"


def create_meeting(session: Session, actor: User | None, data: MeetingData) -> Meeting:
    """Plan a meeting (state Geplant); an empty title or number is filled in automatically."""
    errors: dict[str, str] = {}
    committee = _committee(session, data.organization_id, errors, "organization_id")
    name, number = _texts(data, errors)
    times = _times(data, errors)
    location = _place(session, data, committee.body_id if committee else None, errors)
    joint = _joint(session, data, committee, errors)
    if errors or committee is None or times is None:
        raise ValidationFailed(errors)
    start, end = times
    meeting = Meeting(
        organization=committee,
        joint_organizations=joint,
        name=name or default_name(committee),
        number=number or next_meeting_number(session, committee, local_date(start).year),
        start_time=start,
        end_time=end,
        location=location,
        location_text=data.location_text.strip(),
        state=MeetingState.PLANNED,
    )
    session.add(meeting)
    session.flush()
    audit.record(session, actor, meeting, "meeting.created", f"Sitzung {describe(meeting)} geplant")
    return meeting


def describe(meeting: Meeting) -> str:
    """Short German description for messages and the audit trail."""
    start = meeting.start_time.astimezone(LOCAL_TZ)
    return f"„{meeting.name}“ am {format_day(start.date())} um {start.strftime('%H:%M')} Uhr"


def _require_open(meeting: Meeting, action: str) -> None:
    if meeting.state is MeetingState.CANCELLED:
        raise InvalidTransition(f"Die Sitzung ist abgesagt; {action} ist nicht mehr möglich.")
    if meeting.state is MeetingState.HELD:
        raise InvalidTransition(f"Die Sitzung ist bereits durchgeführt; {action} ist nicht mehr möglich.")


def update_meeting(session: Session, actor: User | None, meeting: Meeting, data: MeetingData) -> Meeting:
    """Change title, number, times, place and joint committees (the leading committee stays).

    Once the invitation is out, the date is changed only by :func:`move_meeting`,
    which asks for a reason.
    """
    _require_open(meeting, "eine Änderung")
    errors: dict[str, str] = {}
    name, number = _texts(data, errors)
    times = _times(data, errors)
    location = _place(session, data, meeting.organization.body_id, errors)
    joint = _joint(session, data, meeting.organization, errors)
    if times is not None and meeting.state is MeetingState.INVITED and times != (meeting.start_time, meeting.end_time):
        errors["day"] = (
            "Die Einladung ist bereits versandt. Bitte verlegen Sie die Sitzung über „Sitzung verlegen“ "
            "mit Angabe eines Grundes."
        )
    kept_ids = {meeting.organization_id, *(o.id for o in joint)}
    stranded = sorted(
        {
            item.consultation.organization.name
            for item in meeting.agenda_items
            if item.consultation is not None and item.consultation.organization_id not in kept_ids
        }
    )
    if stranded:
        errors["joint_organization_ids"] = (
            f"{', '.join(stranded)} kann nicht entfernt werden, weil Vorlagen aus seiner Beratungsfolge "
            "auf der Tagesordnung stehen."
        )
    if errors or times is None:
        raise ValidationFailed(errors)
    meeting.name = name or default_name(meeting.organization)
    meeting.number = (
        number or meeting.number or next_meeting_number(session, meeting.organization, local_date(times[0]).year)
    )
    meeting.start_time, meeting.end_time = times
    meeting.location = location
    meeting.location_text = data.location_text.strip()
    meeting.joint_organizations = joint
    session.flush()
    audit.record(session, actor, meeting, "meeting.updated", f"Sitzung {describe(meeting)} geändert")
    return meeting


def move_meeting(
    session: Session, actor: User | None, meeting: Meeting, data: MeetingData, reason: str, *, now: datetime,
    correction: bool = False,
) -> NoticeCheck | None:
    """Verlegung: a new date and time with a recorded reason.

    For an invited meeting the answer says whether the Ladungsfrist still holds
    for the new date when counted from today (None for a planned meeting).
    With ``correction`` the date of a meeting that took place on another day than
    planned is corrected (Terminberichtigung): the new date may lie in the past,
    also for a meeting already marked as held, and no Ladungsfrist is checked.
    """
    if not (correction and meeting.state is MeetingState.HELD):
        _require_open(meeting, "eine Verlegung")
    errors: dict[str, str] = {}
    times = _times(data, errors)
    reason = reason.strip()
    if not reason:
        errors["reason"] = "Bitte geben Sie den Grund der Verlegung an."
    elif len(reason) > MAX_MOVE_REASON:
        errors["reason"] = f"Der Grund darf höchstens {MAX_MOVE_REASON} Zeichen lang sein."
    if times is not None and times[0] <= now and not correction:
        errors["day"] = "Der neue Termin liegt in der Vergangenheit."
        errors["correction"] = (
            "Hat die Sitzung an diesem Tag stattgefunden, kreuzen Sie „Termin berichtigen“ an."
        )
    elif times is not None and times == (meeting.start_time, meeting.end_time):
        errors["day"] = "Der neue Termin ist derselbe wie der bisherige."
    if errors or times is None:
        raise ValidationFailed(errors)
    before = describe(meeting)
    meeting.start_time, meeting.end_time = times
    session.flush()
    if correction:
        audit.record(
            session, actor, meeting, "meeting.date_corrected",
            f"Termin der Sitzung {before} berichtigt auf {describe(meeting)}. Grund: {reason}",
        )
        return None
    audit.record(
        session, actor, meeting, "meeting.moved", f"Sitzung {before} verlegt auf {describe(meeting)}. Grund: {reason}"
    )
    if meeting.state is MeetingState.INVITED:
        return notice_check(meeting, local_date(now))
    return None


def cancel_meeting(session: Session, actor: User | None, meeting: Meeting, reason: str) -> Meeting:
    """Absage with a reason; an announced meeting stays visible to the public as cancelled."""
    _require_open(meeting, "eine Absage")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": "Bitte geben Sie den Grund der Absage an."})
    if len(reason) > MAX_REASON:
        raise ValidationFailed({"reason": f"Der Grund darf höchstens {MAX_REASON} Zeichen lang sein."})
    meeting.state = MeetingState.CANCELLED
    meeting.cancellation_reason = reason
    session.flush()
    audit.record(session, actor, meeting, "meeting.cancelled", f"Sitzung {describe(meeting)} abgesagt. Grund: {reason}")
    return meeting


def notice_rule(meeting: Meeting) -> notice_period.NoticeRule:
    """The Ladungsfrist that applies to the meeting (body setting or committee override)."""
    return notice_period.rule_for(meeting.organization.body, meeting.organizations)


def notice_check(meeting: Meeting, dispatch_date: date) -> NoticeCheck:
    """Whether an invitation sent on ``dispatch_date`` keeps the meeting's Ladungsfrist."""
    return notice_period.check(dispatch_date, local_date(meeting.start_time), notice_rule(meeting))


def issue_invitation(
    session: Session, actor: User | None, meeting: Meeting, *, now: datetime, late_reason: str = ""
) -> NoticeCheck:
    """Einladung: check the Ladungsfrist, record a late invitation's reason, set Eingeladen.

    From then on the meeting and its public agenda are public (services.visibility).
    """
    if meeting.state is MeetingState.INVITED:
        raise InvalidTransition("Die Einladung zu dieser Sitzung ist bereits versandt.")
    _require_open(meeting, "eine Einladung")
    if meeting.start_time <= now:
        raise InvalidTransition("Die Sitzung hat bereits begonnen; eine Einladung ist nicht mehr möglich.")
    if not meeting.agenda_items:
        raise InvalidTransition("Die Tagesordnung ist leer. Bitte stellen Sie zuerst die Tagesordnung auf.")
    check = notice_check(meeting, local_date(now))
    reason = late_reason.strip()
    if not check.on_time and not reason:
        raise ValidationFailed(
            {
                "late_reason": (
                    f"Die Ladungsfrist von {check.rule.days} Tagen ist nicht mehr eingehalten: Die Einladung hätte "
                    f"spätestens am {format_day(check.latest_dispatch_date)} versandt werden müssen. "
                    "Bitte begründen Sie die Dringlichkeit."
                )
            }
        )
    if len(reason) > MAX_REASON:
        raise ValidationFailed({"late_reason": f"Die Begründung darf höchstens {MAX_REASON} Zeichen lang sein."})
    meeting.state = MeetingState.INVITED
    meeting.invitation_sent_at = now
    meeting.late_invitation_reason = "" if check.on_time else reason
    session.flush()
    summary = f"Einladung zur Sitzung {describe(meeting)} versandt"
    if not check.on_time:
        summary += f" (Ladungsfrist verkürzt, Dringlichkeit: {reason})"
    audit.record(session, actor, meeting, "meeting.invited", summary)
    return check


def mark_held(session: Session, actor: User | None, meeting: Meeting, *, now: datetime) -> Meeting:
    """Durchgeführt: only an invited meeting whose start has passed."""
    if meeting.state is MeetingState.PLANNED:
        raise InvalidTransition("Zu dieser Sitzung wurde noch nicht eingeladen.")
    if meeting.state is not MeetingState.INVITED:
        _require_open(meeting, "diese Änderung")
    if meeting.start_time > now:
        raise InvalidTransition("Die Sitzung hat noch nicht begonnen.")
    meeting.state = MeetingState.HELD
    session.flush()
    audit.record(session, actor, meeting, "meeting.held", f"Sitzung {describe(meeting)} als durchgeführt vermerkt")
    return meeting


def committees_for(session: Session, user: User) -> list[Organization]:
    """The committees whose meetings the user works with: all for admins, else as secretary or member."""
    stmt = select(Organization).where(
        Organization.organization_type == OrganizationType.COMMITTEE, scope_clause(user, Organization.body_id)
    )
    if not user.has_role(Role.ADMIN):
        ids = {c.id for c in user.committees} if user.has_role(Role.SECRETARY) else set()
        if user.has_role(Role.MEMBER):
            ids |= member_committee_ids(user)
        stmt = stmt.where(Organization.id.in_(ids))
    return list(session.scalars(stmt.order_by(Organization.name)))


def managed_committees(user: User) -> list[Organization]:
    """The committees for which the user may plan meetings."""
    if not user.has_role(Role.SECRETARY):
        return []
    return sorted((c for c in user.committees if c.is_committee), key=lambda c: c.name)


def meetings_query(
    committee_ids: list[int],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    state: MeetingState | None = None,
    newest_first: bool = False,
) -> Select[tuple[Meeting]]:
    """Meetings led by or jointly held with the given committees, by start time."""
    joint = meeting_joint_organizations
    joint_ids = select(joint.c.meeting_id).where(joint.c.organization_id.in_(committee_ids))
    stmt = select(Meeting).where(Meeting.organization_id.in_(committee_ids) | Meeting.id.in_(joint_ids))
    if since is not None:
        stmt = stmt.where(Meeting.start_time >= since)
    if until is not None:
        stmt = stmt.where(Meeting.start_time < until)
    if state is not None:
        stmt = stmt.where(Meeting.state == state)
    order = Meeting.start_time.desc() if newest_first else Meeting.start_time
    return stmt.order_by(order, Meeting.id)


def move_history(session: Session, meeting: Meeting) -> list[str]:
    """The recorded moves (Verlegungen) and date corrections of the meeting, oldest first, as audit summaries."""
    stmt = audit.query_events(object_type="Meeting")
    stmt = stmt.where(AuditEvent.object_id == meeting.id, AuditEvent.action.in_(("meeting.moved", "meeting.date_corrected")))
    events = session.scalars(stmt).all()
    return [e.summary for e in reversed(events)]
