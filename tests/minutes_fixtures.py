"""A held committee meeting ready for its minutes: members, a deputy, a Vorlage on the agenda, a secretary."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from minutes_app.models import (
    AgendaItem,
    AgendaItemResult,
    AttendanceStatus,
    Consultation,
    Meeting,
    MeetingState,
    MembershipRole,
    Minutes,
    Organization,
    Paper,
    PaperState,
    Person,
    Role,
    User,
)
from minutes_app.services import attendance, minutes_lifecycle
from minutes_app.services import minutes as minutes_service
from minutes_app.services.votes import Vote

from .factories import Factory

NOW = datetime(2026, 3, 13, 9, 0, tzinfo=UTC)
SECRET = "GEHEIM-Personalsache-Meier"
SECRET_RESOLUTION = "Herr Meier wird zum Amtsrat befoerdert"
SECRET_SPEAKER = "KTA Verschwiegen"


@dataclass
class Scene:
    """The objects of one minutes test."""

    committee: Organization
    chair: Person
    members: list[Person]
    advisor: Person
    deputy: Person
    meeting: Meeting
    opening: AgendaItem
    paper_item: AgendaItem
    communications: AgendaItem
    secret_item: AgendaItem
    paper: Paper
    consultation: Consultation
    secretary: User

    @property
    def voting(self) -> list[Person]:
        """Chair and members: the five voting seats."""
        return [self.chair, *self.members]


def build_scene(factory: Factory, *, name: str = "Kreisausschuss", start: datetime | None = None) -> Scene:
    """Five voting seats (chair + 4), one advisory member, one deputy; four agenda items, one non-public."""
    committee = factory.committee(name)
    chair = factory.person("Ralle", given_name="Anja", affix="KTA")
    factory.membership(chair, committee, MembershipRole.CHAIR)
    members = []
    for family in ("Zillmer", "Wilken", "Schlieper", "Bruns"):
        person = factory.person(family, affix="KTA")
        factory.membership(person, committee)
        members.append(person)
    advisor = factory.person("Berater")
    factory.membership(advisor, committee, MembershipRole.ADVISORY, voting_right=False)
    deputy = factory.person("Vertreter", given_name="Valentin")
    factory.membership(deputy, committee, MembershipRole.DEPUTY_MEMBER)
    meeting = factory.meeting(committee, MeetingState.HELD, **({"start_time": start} if start else {}))
    opening = factory.agenda_item(meeting, "Eröffnung und Feststellung der Beschlussfähigkeit")
    paper = factory.paper(
        name="Gesundheitsmanagement im Jobcenter",
        resolution_proposal="Der Kreisausschuss beschließt die Einführung eines Gesundheitsmanagements.",
    )
    paper.state = PaperState.IN_CONSULTATION
    paper_item = factory.agenda_item(meeting, paper.name)
    consultation = factory.consultation(paper, committee, meeting=meeting, agenda_item=paper_item)
    communications = factory.agenda_item(meeting, "Mitteilungen der Verwaltung")
    secret_item = factory.agenda_item(meeting, "Personalangelegenheit Meier", public=False, number="N 1")
    secretary = factory.user("schrift", roles={Role.SECRETARY}, committees=[committee], display_name="Lisa Brückner")
    return Scene(
        committee, chair, members, advisor, deputy, meeting, opening, paper_item,
        communications, secret_item, paper, consultation, secretary,
    )


def start(session: Session, scene: Scene) -> Minutes:
    """Start the minutes of the scene's meeting as its secretary."""
    return minutes_service.start_minutes(session, scene.secretary, scene.meeting)


def complete(session: Session, scene: Scene, *, secret_text: str = SECRET) -> Minutes:
    """Fill everything closing needs except the signatures: header, attendance, every item's result and vote."""
    minutes = scene.meeting.minutes or start(session, scene)
    begin = scene.meeting.start_time
    minutes_service.update_header(
        session, scene.secretary, minutes, started_at=begin, ended_at=begin + timedelta(hours=2), chair_id=scene.chair.id
    )
    rows = attendance.attendance_list(session, scene.meeting)
    attendance.record_attendance(
        session, scene.secretary, minutes,
        [attendance.AttendanceEntry(r.id, AttendanceStatus.PRESENT) for r in rows], now=NOW,
    )
    plan = [
        (scene.opening, "Die Vorsitzende eröffnet die Sitzung.", "", AgendaItemResult.NOTED, Vote()),
        (scene.paper_item, "KTA Zillmer fragt nach den Kosten. Herr Bruns antwortet.", None,
         AgendaItemResult.ADOPTED, Vote(4, 1, 0)),
        (scene.communications, "Herr Bruns berichtet über die Ausbildungsplatzbörse.", "", AgendaItemResult.NOTED, Vote()),
        (scene.secret_item, f"{SECRET_SPEAKER} berichtet: {secret_text}", SECRET_RESOLUTION,
         AgendaItemResult.ADOPTED, Vote(unanimous=True)),
    ]
    for item, text, resolution, result, vote in plan:
        outcome = minutes_service.save_item(
            session, scene.secretary, item,
            minutes_service.ItemInput(
                item.version, text, item.resolution_text if resolution is None else resolution, result, vote
            ),
        )
        assert outcome.saved, outcome
    return minutes


def close_approving_minutes(
    session: Session, scene: Scene, item: AgendaItem, result: AgendaItemResult = AgendaItemResult.ADOPTED
) -> Minutes:
    """Record the approval item's result and close the later meeting's minutes (the approval takes effect)."""
    later = item.meeting
    minutes = later.minutes or minutes_service.start_minutes(session, scene.secretary, later)
    minutes_service.save_item(
        session, scene.secretary, item,
        minutes_service.ItemInput(item.version, "", item.resolution_text, result, Vote(unanimous=True)),
    )
    rows = attendance.attendance_list(session, later)
    attendance.record_attendance(
        session, scene.secretary, minutes,
        [attendance.AttendanceEntry(r.id, AttendanceStatus.PRESENT) for r in rows], now=NOW,
    )
    minutes_service.update_header(
        session, scene.secretary, minutes, started_at=later.start_time,
        ended_at=later.start_time + timedelta(hours=1), chair_id=scene.chair.id,
    )
    for other in later.agenda_items:
        if other.result is None:
            minutes_service.save_item(
                session, scene.secretary, other,
                minutes_service.ItemInput(other.version, "", "", AgendaItemResult.NOTED),
            )
    minutes_lifecycle.sign(session, scene.secretary, minutes, "chair", now=NOW)
    minutes_lifecycle.sign(session, scene.secretary, minutes, "recorder", now=NOW)
    minutes_lifecycle.close_minutes(session, scene.secretary, minutes, now=NOW)
    return minutes
