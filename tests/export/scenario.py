"""A county with everything the four documents show, and secrets planted in every non-public field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from minutes_app.models import (
    AgendaItem,
    AgendaItemResult,
    Attendance,
    AttendanceStatus,
    AttendeeKind,
    ConsultationRole,
    File,
    Meeting,
    MeetingState,
    MembershipRole,
    Minutes,
    MinutesState,
    Organization,
    Paper,
    PaperState,
    Role,
    SignOff,
    SignOffCapacity,
    SignOffChain,
    SignOffPosition,
    SignOffPositionHolder,
    SignOffState,
    User,
)

from ..factories import Factory

#: Planted in every non-public field; no public document may ever contain it.
SECRET = "GEHEIMVERMERK-Q7X"

REASONING = """## I. Ausgangslage

Das Jobcenter betreut rund **12.000 Menschen** in *zwei* Geschäftsstellen.

- Eingangsbereiche mit Empfang
- Notrufsystem in allen Büros

## II. Maßnahmen

1. Schulung der Beschäftigten
2. Umbau der Eingangszonen

### Zeitplan

Die Umsetzung beginnt im zweiten Quartal."""


@dataclass
class County:
    """The objects of the scenario."""

    committee: Organization
    department: Organization
    meeting: Meeting
    paper: Paper
    secret_paper: Paper
    public_item: AgendaItem
    supplement_item: AgendaItem
    secret_item: AgendaItem
    planned: Meeting
    member: User
    secretary: User
    editor: User
    admin: User


def _sign_offs(session: Session, factory: Factory, paper: Paper, signer: User) -> None:
    chain = SignOffChain(body_id=factory.body.id, name="Standard")
    head = SignOffPosition(chain=chain, order=1, title="Geschäftsbereichsleitung")
    district = SignOffPosition(chain=chain, order=2, title="Landrat")
    session.add_all([chain, head, district, SignOffPositionHolder(position=district, user=signer)])
    signed = datetime(2026, 2, 20, 9, 0, tzinfo=UTC)
    session.add_all(
        [
            SignOff(
                paper=paper,
                paper_version=paper.version,
                order=1,
                position=head,
                position_title=head.title,
                state=SignOffState.SIGNED,
                signed_by=signer,
                signed_at=signed,
                capacity=SignOffCapacity.DEPUTY,
                comment=f"Hinweis {SECRET}",
            ),
            SignOff(
                paper=paper,
                paper_version=paper.version,
                order=2,
                position=district,
                position_title=district.title,
                state=SignOffState.SIGNED,
                signed_by=signer,
                signed_at=signed + timedelta(days=1),
                capacity=SignOffCapacity.OWN,
                comment=SECRET,
            ),
        ]
    )


def _account(session: Session) -> Callable[..., User]:
    """Accounts without a password hash (scrypt costs a third of a second each); they cannot log in."""

    def create(login: str, roles: set[Role], **fields: Any) -> User:
        fields.setdefault("display_name", login)
        user = User(login=login, password_hash="!", **fields)
        user.set_roles(roles)
        session.add(user)
        session.flush()
        return user

    return create


def build_county(factory: Factory, session: Session, *, logins: bool = False) -> County:
    """A held meeting of the Kreisausschuss with published (closed) minutes, a public and a secret Vorlage.

    ``logins`` gives the accounts the test password, for tests that sign in.
    """
    body = factory.body
    body.website = "https://www.lk-teststadt.de"
    committee = factory.committee("Kreisausschuss")
    department = factory.department("Fachbereich Soziales")
    finance = factory.department("Kämmerei")
    chair = factory.person("Berger", given_name="Helga", title="Dr.")
    factory.membership(chair, committee, MembershipRole.CHAIR)
    members = [factory.person(name, given_name="Jonas") for name in ("Adler", "Böhm", "Çelik", "Dorn", "Ernst")]
    for person in members:
        factory.membership(person, committee)
    deputy = factory.person("Vogt", given_name="Frieda")
    factory.membership(deputy, committee, MembershipRole.DEPUTY_MEMBER)
    account = factory.user if logins else _account(session)
    member = account("mitglied", {Role.MEMBER}, person=members[0])
    secretary = account("schriftfuehrung", {Role.SECRETARY}, committees=[committee], display_name="Sabine Schreiber")
    editor = account("sachbearbeitung", {Role.EDITOR}, department=finance)
    admin = account("verwaltung", {Role.ADMIN})
    signer = account("landrat", {Role.SIGNER}, display_name="Thomas Landmann")

    start = datetime(2026, 3, 12, 16, 0, tzinfo=UTC)
    meeting = factory.meeting(
        committee,
        MeetingState.HELD,
        name="Sitzung des Kreisausschusses",
        number="3/2026",
        start_time=start,
        location_text="Landratsamt, Großer Sitzungssaal",
    )
    paper = factory.paper(
        department,
        name="Sicherheitskonzept für das Jobcenter",
        participants=[finance],
        resolution_proposal="Der Kreisausschuss stimmt dem **Sicherheitskonzept** zu.",
        reasoning=REASONING,
        financial_impact="Kosten: 85.000 € im Haushaltsjahr 2026.",
    )
    paper.state = PaperState.COMPLETED
    paper.files.extend(
        [
            File(
                name="Lageplan Eingangsbereich",
                file_name="lageplan.pdf",
                media_type="application/pdf",
                size=10,
                sha256="a" * 64,
                storage_key="a" * 32,
            ),
            File(
                name=f"Gutachten {SECRET}",
                file_name="gutachten.pdf",
                media_type="application/pdf",
                size=10,
                sha256="b" * 64,
                storage_key="b" * 32,
                public=False,
            ),
        ]
    )
    _sign_offs(session, factory, paper, signer)
    public_item = factory.agenda_item(
        meeting,
        paper.name,
        minutes_text="Frau Dr. Berger stellt das Konzept vor.\n\n- Kosten\n- Zeitplan",
        resolution_text="Der Kreisausschuss beschließt das *Sicherheitskonzept*.",
        result=AgendaItemResult.ADOPTED,
        votes_yes=9,
        votes_no=1,
        votes_abstain=0,
    )
    factory.consultation(
        paper,
        committee,
        ConsultationRole.DECISION,
        meeting=meeting,
        agenda_item=public_item,
        result=AgendaItemResult.ADOPTED,
    )
    supplement_item = factory.agenda_item(
        meeting,
        "Bericht zur Kreisstraße K 12",
        is_supplement=True,
        result=AgendaItemResult.NOTED,
        unanimous=True,
        minutes_text="Die Verwaltung berichtet.",
    )
    secret_paper = factory.paper(department, name=f"Grundstücksankauf {SECRET}", reasoning=SECRET)
    secret_paper.public = False
    secret_paper.state = PaperState.COMPLETED
    secret_item = factory.agenda_item(
        meeting,
        f"Ankauf Flurstück {SECRET}",
        public=False,
        public_name="Grundstücksangelegenheit",
        number="N 1",
        minutes_text=f"Beratung {SECRET}",
        resolution_text=f"Ankauf beschlossen {SECRET}",
        result=AgendaItemResult.ADOPTED,
        votes_yes=8,
        votes_no=2,
        votes_abstain=1,
    )
    factory.consultation(
        secret_paper, committee, meeting=meeting, agenda_item=secret_item, result=AgendaItemResult.ADOPTED
    )
    session.add(
        Minutes(
            meeting=meeting,
            state=MinutesState.CLOSED,
            started_at=start + timedelta(minutes=5),
            ended_at=start + timedelta(hours=2, minutes=10),
            chair=chair,
            recorder=secretary,
            chair_signed_at=start + timedelta(days=2),
            attendance_recorded_at=start + timedelta(hours=2),
            approval_note_internal=f"Berichtigung {SECRET}",
        )
    )
    session.add_all(
        [
            Attendance(meeting=meeting, person=chair),
            Attendance(meeting=meeting, person=members[0]),
            Attendance(meeting=meeting, person=members[1], status=AttendanceStatus.EXCUSED),
            Attendance(meeting=meeting, person=members[2], status=AttendanceStatus.REPRESENTED, represented_by=deputy),
            Attendance(meeting=meeting, person=members[3], status=AttendanceStatus.ABSENT),
            Attendance(meeting=meeting, person=members[4], arrival_item=supplement_item),
            Attendance(meeting=meeting, guest_name="Ute Gast", kind=AttendeeKind.GUEST, note="Jobcenter"),
            Attendance(meeting=meeting, guest_name="Kai Kämmerer", kind=AttendeeKind.STAFF, note="Kämmerei"),
        ]
    )
    planned = factory.meeting(
        committee, MeetingState.PLANNED, name=f"Geplante Sitzung {SECRET}", start_time=start + timedelta(days=30)
    )
    session.commit()
    return County(
        committee,
        department,
        meeting,
        paper,
        secret_paper,
        public_item,
        supplement_item,
        secret_item,
        planned,
        member,
        secretary,
        editor,
        admin,
    )
