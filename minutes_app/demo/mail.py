"""The demo's Postausgang: the invitations of the upcoming invited meetings and a citizen's alert.

After ``make run`` (no SMTP_URL) the administrator finds every member's mail
with the right version of the Einladung attached, exactly as the invitation
button would have queued it, and one confirmed citizen subscription to the
Kreisausschuss with its alert; the local paper, added as a further recipient,
gets the public version.
"""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session

from ..export import docx as docx_export
from ..mail import MailSettings, invitations
from ..models import AlertSubscription, AlertTopic, MeetingState
from .schedule import PlannedMeeting
from .structure import County

#: How many of the invited meetings (the latest invitations) get their mails in the Postausgang.
DEMO_DISPATCHES = 3
DEMO_CITIZEN = "buergerin@beispiel-lindenau.example"
#: The local paper is invited as a further recipient and gets the public version.
DEMO_PRESS = "redaktion@lindenauer-anzeiger.example"


def write_outbox(session: Session, county: County, calendar: dict[str, list[PlannedMeeting]]) -> int:
    """Queue the latest invitations' mails (dispatch time = the recorded invitation time); returns mails queued."""
    invited = sorted(
        (
            pm.meeting
            for planned in calendar.values()
            for pm in planned
            if pm.meeting.state is MeetingState.INVITED
            and pm.meeting.invitation_sent_at is not None
            and pm.meeting.agenda_items
        ),
        key=lambda m: m.invitation_sent_at,  # type: ignore[arg-type,return-value]
    )[-DEMO_DISPATCHES:]
    session.add(
        AlertSubscription(
            email=DEMO_CITIZEN,
            topic=AlertTopic.COMMITTEE,
            organization_id=county.committees["ka"].id,
            nonce=secrets.token_urlsafe(24),
            created=county.body.created,
            confirmed_at=county.body.created,
        )
    )
    session.flush()
    settings = MailSettings()
    letterhead = docx_export.letterhead_for(county.body, None)
    secretary = county.users.get("schriftfuehrung")
    queued = 0
    for meeting in invited:
        actor = secretary if secretary is not None and meeting.organization in secretary.committees else None
        assert meeting.invitation_sent_at is not None
        dispatch = invitations.queue_invitation(
            session,
            settings,
            actor,
            meeting,
            now=meeting.invitation_sent_at,
            letterhead=letterhead,
            extra=[DEMO_PRESS],
        )
        queued += len(dispatch.messages)
    return queued
