"""Small rules every minutes service shares: the draft guard, voiding signatures, the meeting day.

Kept apart so that attendance, votes, item editing and the lifecycle can all use
them without importing each other.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ..models import Body, Meeting, Minutes, MinutesState, User
from . import audit
from .errors import InvalidTransition, NotFound
from .meetings import format_day, local_date


def meeting_day(meeting: Meeting) -> date:
    """The local (Berlin) calendar day of the meeting."""
    return local_date(meeting.start_time)


def describe_meeting(meeting: Meeting) -> str:
    """The meeting for messages, e.g. "Kreisausschuss vom 12.03.2026"."""
    return f"{meeting.organization.name} vom {format_day(meeting_day(meeting))}"


def body_of(meeting: Meeting) -> Body:
    """The body whose settings (quorum, publication) apply to the meeting."""
    return meeting.organization.body


def minutes_of(meeting: Meeting) -> Minutes:
    """The meeting's minutes; :class:`NotFound` when none have been started."""
    if meeting.minutes is None:
        raise NotFound("Für diese Sitzung wurde noch keine Niederschrift angelegt.")
    return meeting.minutes


def require_draft(minutes: Minutes) -> None:
    """Only a draft may change; closed and approved minutes are the legal record."""
    if minutes.state is not MinutesState.DRAFT:
        raise InvalidTransition(
            f"Die Niederschrift ist „{minutes.state.label}“ und kann nicht mehr geändert werden. "
            "Berichtigungen werden bei der Genehmigung vermerkt."
        )


def void_signatures(session: Session, actor: User | None, minutes: Minutes) -> bool:
    """A signature covers the text it saw: any change to a signed draft removes the signatures.

    Returns whether signatures were removed.
    """
    if minutes.chair_signed_at is None and minutes.recorder_signed_at is None:
        return False
    minutes.chair_signed_at = None
    minutes.recorder_signed_at = None
    audit.record(
        session, actor, minutes, "minutes.signatures_voided",
        f"Niederschrift {describe_meeting(minutes.meeting)} geändert; Unterschriften müssen erneut geleistet werden",
    )
    return True
