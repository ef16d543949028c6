"""The demo meeting calendar: two years of meetings per committee plus the next four months."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ..models import Meeting, MeetingState, Organization
from . import catalog as c
from .structure import County

LOCAL = ZoneInfo(c.TIMEZONE)
HISTORY_DAYS = 730
HORIZON_DAYS = 120
#: Invitations go out this many days before the notice period ends (the Ladungsfrist is a minimum).
INVITATION_LEAD_DAYS = 10
#: At least this many upcoming meetings are invited, so the portal always shows published agendas.
MIN_INVITED = 3


@dataclass
class Slot:
    """One agenda entry planned for a meeting before the agenda items are written."""

    paper_plan: Any
    step_index: int


@dataclass
class PlannedMeeting:
    """A meeting with what the planner has placed on it."""

    committee: str
    meeting: Meeting
    slots: list[Slot] = field(default_factory=list)
    #: Consultations pointing at this (planned) meeting without being on its agenda yet.
    pending: list[Slot] = field(default_factory=list)

    @property
    def start(self) -> datetime:
        """Start time (UTC)."""
        return self.meeting.start_time

    @property
    def state(self) -> MeetingState:
        """Meeting state."""
        return self.meeting.state


def _in_break(day: date) -> bool:
    """Summer and Christmas breaks have no meetings."""
    return (day.month == 7 and day.day >= 10) or day.month == 8 or (day.month == 12 and day.day >= 18) or (
        day.month == 1 and day.day <= 8
    )


def local_datetime(day: date, hour: int, minute: int = 0) -> datetime:
    """A local (Europe/Berlin) wall-clock time as aware UTC datetime."""
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL).astimezone(UTC)


def build_calendar(session: Session, county: County, today: date) -> dict[str, list[PlannedMeeting]]:
    """Create the meetings of every committee; returns them per committee key in time order."""
    now = datetime.now(UTC)
    first_day = today - timedelta(days=HISTORY_DAYS)
    calendar: dict[str, list[PlannedMeeting]] = {}
    for info in c.COMMITTEES:
        org = county.committees[info.key]
        day = first_day + timedelta(days=(info.weekday - first_day.weekday()) % 7 + 7 * info.offset_weeks)
        planned: list[PlannedMeeting] = []
        while day <= today + timedelta(days=HORIZON_DAYS):
            if not _in_break(day):
                planned.append(_meeting(session, county, info, org, day, len(planned), now))
            day += timedelta(weeks=info.interval_weeks)
        calendar[info.key] = planned
    _invite_nearest(county, calendar, now)
    _special_cases(county, calendar)
    session.flush()
    return calendar


def _notice(county: County, info: c.CommitteeInfo) -> int:
    return info.notice_period_days or county.body.notice_period_days


def _meeting(
    session: Session, county: County, info: c.CommitteeInfo, org: Organization, day: date, index: int,
    now: datetime,
) -> PlannedMeeting:
    start = local_datetime(day, info.hour)
    sequence = info.first_sequence + index
    meeting = Meeting(
        organization_id=org.id,
        name=f"{sequence}. Sitzung {info.genitive}",
        start_time=start,
        end_time=start + timedelta(hours=3 if info.key == "kt" else 2),
        location_id=county.locations[info.location].id,
        created=start - timedelta(days=60),
    )
    invitation = start - timedelta(days=_notice(county, info) + INVITATION_LEAD_DAYS)
    if start < now:
        meeting.state = MeetingState.HELD
        meeting.invitation_sent_at = invitation
    elif invitation <= now:
        meeting.state = MeetingState.INVITED
        meeting.invitation_sent_at = invitation
    else:
        meeting.state = MeetingState.PLANNED
    session.add(meeting)
    return PlannedMeeting(info.key, meeting)


def _invite_nearest(county: County, calendar: dict[str, list[PlannedMeeting]], now: datetime) -> None:
    """Invite the nearest planned meetings that are still within the Ladungsfrist, sent yesterday."""
    upcoming = sorted(
        (pm for planned in calendar.values() for pm in planned if pm.start > now), key=lambda pm: pm.start
    )
    invited = sum(1 for pm in upcoming if pm.state is MeetingState.INVITED)
    for pm in upcoming:
        if invited >= MIN_INVITED:
            break
        sent = now - timedelta(days=1)
        notice = _notice(county, c.COMMITTEE_BY_KEY[pm.committee])
        if pm.state is MeetingState.PLANNED and (pm.start - sent).days >= notice:
            pm.meeting.state = MeetingState.INVITED
            pm.meeting.invitation_sent_at = sent
            invited += 1


def _special_cases(county: County, calendar: dict[str, list[PlannedMeeting]]) -> None:
    """Running numbers per year, one cancelled meeting in the past and one ahead, and a joint meeting."""
    for planned in calendar.values():
        counters: dict[int, int] = {}
        for pm in planned:
            year = pm.start.astimezone(LOCAL).year
            counters[year] = counters.get(year, 0) + 1
            pm.meeting.number = f"{counters[year]}/{year}"
    held_jcb = [pm for pm in calendar["jcb"] if pm.state is MeetingState.HELD]
    if len(held_jcb) > 3:
        cancelled = held_jcb[len(held_jcb) // 2].meeting
        cancelled.state = MeetingState.CANCELLED
        cancelled.cancellation_reason = "Die Sitzung entfällt, da keine beratungsreifen Vorlagen vorliegen."
    planned_fina = [pm for pm in calendar["fina"] if pm.state is MeetingState.PLANNED]
    if planned_fina:
        planned_fina[-1].meeting.state = MeetingState.CANCELLED
        planned_fina[-1].meeting.cancellation_reason = "Die Sitzung wird auf Wunsch des Vorsitzes verlegt."
    held_scha = [pm for pm in calendar["scha"] if pm.state is MeetingState.HELD]
    if len(held_scha) > 4:
        joint = held_scha[len(held_scha) // 2].meeting
        joint.joint_organizations.append(county.committees["jha"])
        joint.name = f"Gemeinsame Sitzung des Schulausschusses und des Jugendhilfeausschusses ({joint.name})"


def usable(calendar: dict[str, list[PlannedMeeting]], committee: str, earliest: datetime) -> PlannedMeeting | None:
    """The committee's first meeting on or after ``earliest`` that is not cancelled."""
    for pm in calendar[committee]:
        if pm.start >= earliest and pm.state is not MeetingState.CANCELLED:
            return pm
    return None
