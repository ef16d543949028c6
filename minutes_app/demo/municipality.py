"""The demo's second body: the Gemeinde Birkenfelde, a small municipality whose council work the county runs.

It shows a several-body installation after ``make run``: its own portal at
``/birkenfelde/``, its own Vorlage numbers (``BF/2026/001``, drawn from its own
counter), its own letterhead, settings (Ladungsfrist 5 days, minutes published
only once approved), committees, persons, a sign-off chain and two accounts
that work for this body only. Dates are relative to the day of loading.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import docx
from docx.shared import Cm, Pt
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from ..models import (
    AgendaItem,
    AgendaItemResult,
    Body,
    Consultation,
    ConsultationRole,
    LegislativeTerm,
    Location,
    Meeting,
    MeetingState,
    Membership,
    MembershipRole,
    Minutes,
    MinutesPublication,
    MinutesState,
    Organization,
    OrganizationType,
    Paper,
    PaperState,
    PaperType,
    PaperVersion,
    Person,
    Role,
    SignOff,
    SignOffCapacity,
    SignOffChain,
    SignOffChainRule,
    SignOffPosition,
    SignOffPositionHolder,
    SignOffState,
    User,
)
from ..services import accounts, audit, letterhead, papers
from ..services.paper_versions import content_hash, content_of
from .schedule import LOCAL

BODY_NAME = "Gemeinde Birkenfelde"
BODY_SLUG = "birkenfelde"
PASSWORD = "demo"
#: (login, display name, roles) of the accounts that work for the Gemeinde only.
ACCOUNTS = (
    ("gemeinde-admin", "Petra Hollmann (Verwaltung Birkenfelde)", {Role.ADMIN, Role.SIGNER}),
    ("gemeinde-schrift", "Timo Reinke (Schriftführung Birkenfelde)", {Role.SECRETARY, Role.EDITOR}),
)
PERSONS = (
    ("Herr", "Bernd", "Lüttjohann", "Bürgermeister"), ("Frau", "Anke", "Söhrnsen", ""),
    ("Herr", "Klaus", "Ehlers", ""), ("Frau", "Mareike", "Thode", ""), ("Herr", "Jens", "Harder", ""),
    ("Frau", "Silke", "Brodersen", ""), ("Herr", "Ole", "Kähler", ""), ("Frau", "Inga", "Wiese", ""),
)


@dataclass
class Gemeinde:
    """Handles on the Gemeinde's objects while it is being built."""

    body: Body
    today: date
    committees: dict[str, Organization] = field(default_factory=dict)
    departments: dict[str, Organization] = field(default_factory=dict)
    persons: list[Person] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    location: Location | None = None
    chain: SignOffChain | None = None


def demo_municipality(session: Session) -> Body | None:
    """The Gemeinde's body, if it has been loaded."""
    return session.scalar(select(Body).where(Body.slug == BODY_SLUG))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL).astimezone(UTC)


def letterhead_docx() -> bytes:
    """The Gemeinde's letterhead: its own header and the county as administering authority in the footer."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    header = section.header.paragraphs[0]
    run = header.add_run("Gemeinde Birkenfelde – Der Bürgermeister")
    run.bold, run.font.size = True, Pt(13)
    section.header.add_paragraph("Dorfstraße 12 · 24999 Birkenfelde")
    section.footer.paragraphs[0].text = "Verwaltet durch den Landkreis Lindenau, Amt für Gemeindeangelegenheiten"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def load_demo_municipality(session: Session, file_store_dir: Path | None = None) -> bool:
    """Load the Gemeinde; returns False (and changes nothing) when it is already there."""
    if demo_municipality(session) is not None:
        return False
    today = datetime.now(LOCAL).date()
    body = Body(
        name=BODY_NAME, short_name="Birkenfelde", slug=BODY_SLUG, website="https://birkenfelde.example",
        contact_email="gemeinde@birkenfelde.example", paper_reference_format="BF/{year}/{number:03d}",
        notice_period_days=5, minutes_publication=MinutesPublication.ON_APPROVED,
        imprint_text="Gemeinde Birkenfelde, vertreten durch den Bürgermeister, Dorfstraße 12, 24999 Birkenfelde.",
        privacy_text="Verantwortlich für die Verarbeitung personenbezogener Daten ist die Gemeinde Birkenfelde.",
        accessibility_text="Barrieren melden Sie bitte an gemeinde@birkenfelde.example.",
    )
    session.add(body)
    session.flush()
    gemeinde = Gemeinde(body, today)
    _structure(session, gemeinde)
    _accounts_and_chain(session, gemeinde)
    _proceedings(session, gemeinde)
    if file_store_dir is not None:
        letterhead.store_letterhead(session, None, body, stream=io.BytesIO(letterhead_docx()),
                                    file_name="Briefkopf Birkenfelde.docx", store_dir=file_store_dir)
    audit.record(session, None, body, "demo.loaded", f"Demo-Gemeinde {BODY_NAME} geladen")
    session.flush()
    return True


def _structure(session: Session, g: Gemeinde) -> None:
    term_start = date(2023, 6, 1)
    session.add(LegislativeTerm(body_id=g.body.id, name="2023–2028", start_date=term_start, end_date=date(2028, 5, 31)))
    g.location = Location(body_id=g.body.id, description="Gemeindehaus Birkenfelde", room="Sitzungssaal",
                          street_address="Dorfstraße 12", postal_code="24999", locality="Birkenfelde")
    session.add(g.location)
    for key, name, short in (("gv", "Gemeindevertretung Birkenfelde", "GV"),
                             ("bua", "Bau- und Umweltausschuss", "BUA"), ("fa", "Finanzausschuss", "FA")):
        g.committees[key] = Organization(body_id=g.body.id, name=name, short_name=short,
                                         organization_type=OrganizationType.COMMITTEE)
    for key, name, short in (("bau", "Bauamt (Amt für Gemeindeangelegenheiten)", "Bauamt"),
                             ("kaem", "Kämmerei (Amt für Gemeindeangelegenheiten)", "Kämmerei")):
        g.departments[key] = Organization(body_id=g.body.id, name=name, short_name=short,
                                          organization_type=OrganizationType.DEPARTMENT)
    factions = {key: Organization(body_id=g.body.id, name=name, short_name=key.upper(),
                                  organization_type=OrganizationType.FACTION)
                for key, name in (("wgb", "Wählergemeinschaft Birkenfelde"), ("bfd", "Bürger für das Dorf"))}
    session.add_all([*g.committees.values(), *g.departments.values(), *factions.values()])
    for form, given, family, affix in PERSONS:
        person = Person(body_id=g.body.id, form_of_address=form, given_name=given, family_name=family, affix=affix)
        g.persons.append(person)
    session.add_all(g.persons)
    session.flush()
    for index, person in enumerate(g.persons):
        faction = factions["wgb" if index % 2 == 0 else "bfd"]
        session.add(Membership(person_id=person.id, organization_id=faction.id, start_date=term_start))
        role = MembershipRole.CHAIR if index == 0 else MembershipRole.VICE_CHAIR if index == 1 else MembershipRole.MEMBER
        session.add(Membership(person_id=person.id, organization_id=g.committees["gv"].id, role=role,
                               start_date=term_start, on_behalf_of_id=faction.id))
    for key, members in (("bua", g.persons[2:7]), ("fa", [g.persons[1], *g.persons[5:8]])):
        for index, person in enumerate(members):
            session.add(Membership(person_id=person.id, organization_id=g.committees[key].id, start_date=term_start,
                                   role=MembershipRole.CHAIR if index == 0 else MembershipRole.MEMBER))
    session.flush()


def _accounts_and_chain(session: Session, g: Gemeinde) -> None:
    for login, name, roles in ACCOUNTS:
        user = accounts.create_user(
            session, None, login=login, password=PASSWORD, display_name=name, roles=roles,
            email=f"{login}@birkenfelde.example", department=g.departments["bau"],
            committees=list(g.committees.values()) if Role.SECRETARY in roles else [], enforce_policy=False,
        )
        user.bodies.append(g.body)
        g.users[login] = user
    chain = SignOffChain(body_id=g.body.id, name="Bauamt → Bürgermeister")
    for order, (title, login) in enumerate((("Leitung Bauamt", "gemeinde-schrift"),
                                            ("Bürgermeister (Verwaltung)", "gemeinde-admin")), 1):
        position = SignOffPosition(order=order, title=title)
        position.holders.append(SignOffPositionHolder(user=g.users[login]))
        chain.positions.append(position)
    chain.rules.append(SignOffChainRule(department_id=None, paper_type=None))
    session.add(chain)
    g.chain = chain
    session.flush()


def _meeting(session: Session, g: Gemeinde, key: str, days: int, number: str, state: MeetingState) -> Meeting:
    day = g.today + timedelta(days=days)
    meeting = Meeting(
        organization_id=g.committees[key].id, name=f"Sitzung {g.committees[key].name}", number=number,
        start_time=_at(day, 19), location_id=g.location.id if g.location else None, state=state,
        invitation_sent_at=_at(day - timedelta(days=8), 10) if state is not MeetingState.PLANNED else None,
    )
    session.add(meeting)
    session.flush()
    return meeting


def _item(meeting: Meeting, order: int, number: str, name: str, *, public: bool = True, **values: object) -> AgendaItem:
    item = AgendaItem(meeting=meeting, order=order, number=number, name=name, public=public, **values)
    object_session(meeting).add(item)  # type: ignore[union-attr]
    return item


def _paper(session: Session, g: Gemeinde, name: str, paper_type: PaperType, department: str, state: PaperState,
           days: int, proposal: str, reasoning: str, *, public: bool = True) -> Paper:
    paper = papers.create_paper(
        session, g.users["gemeinde-schrift"], body=g.body, name=name, paper_type=paper_type,
        originator=g.departments[department], public=public, paper_date=g.today + timedelta(days=days),
        resolution_proposal=proposal, reasoning=reasoning,
    )
    paper.state = state
    return paper


def _signed(session: Session, g: Gemeinde, paper: Paper) -> None:
    """Version 1 frozen and signed along the Gemeinde's chain."""
    assert g.chain is not None
    content = content_of(paper)
    when = _at(paper.date, 11)
    session.add(PaperVersion(paper_id=paper.id, version=1, content=content, content_hash=content_hash(content),
                             created=when, created_by_id=paper.author_id))
    for position in g.chain.positions:
        holder = position.holders[0].user
        session.add(SignOff(paper_id=paper.id, paper_version=1, order=position.order, position_id=position.id,
                            position_title=position.title, state=SignOffState.SIGNED, signed_by_id=holder.id,
                            signed_at=when + timedelta(hours=20 * position.order), capacity=SignOffCapacity.OWN,
                            content_hash=content_hash(content)))


def _consult(paper: Paper, position: int, committee: Organization, role: ConsultationRole, item: AgendaItem | None,
             result: AgendaItemResult | None = None) -> None:
    paper.consultations.append(Consultation(
        organization_id=committee.id, position=position, role=role, authoritative=role is ConsultationRole.DECISION,
        meeting_id=item.meeting.id if item else None, agenda_item=item, result=result,
    ))


def _minutes(meeting: Meeting, g: Gemeinde, state: MinutesState, approved_by: AgendaItem | None = None) -> None:
    start = meeting.start_time
    meeting.end_time = start + timedelta(hours=2)
    minutes = Minutes(meeting=meeting, started_at=start, ended_at=meeting.end_time, chair_id=g.persons[0].id,
                      recorder_id=g.users["gemeinde-schrift"].id, state=state,
                      recorder_signed_at=start + timedelta(days=3), chair_signed_at=start + timedelta(days=4),
                      closed_at=start + timedelta(days=4), attendance_recorded_at=start + timedelta(days=1))
    if approved_by is not None:
        minutes.approved_in_agenda_item = approved_by
        minutes.approved_at = approved_by.meeting.start_time + timedelta(minutes=10)
        minutes.approval_note = "Ohne Änderungen genehmigt."
        minutes.published_at = minutes.approved_at
    object_session(meeting).add(minutes)  # type: ignore[union-attr]


def _proceedings(session: Session, g: Gemeinde) -> None:
    """Four held meetings with agendas and minutes, two announced ones, one planned; six Vorlagen."""
    gv, bua, fa = g.committees["gv"], g.committees["bua"], g.committees["fa"]
    gv_old = _meeting(session, g, "gv", -75, "4/2026", MeetingState.HELD)
    bua_held = _meeting(session, g, "bua", -45, "3/2026", MeetingState.HELD)
    gv_held = _meeting(session, g, "gv", -30, "5/2026", MeetingState.HELD)
    bua_later = _meeting(session, g, "bua", -16, "4/2026", MeetingState.HELD)
    bua_next = _meeting(session, g, "bua", 10, "5/2026", MeetingState.INVITED)
    gv_next = _meeting(session, g, "gv", 20, "6/2026", MeetingState.INVITED)
    _meeting(session, g, "fa", 40, "2/2026", MeetingState.PLANNED)

    street = _paper(session, g, "Sanierung der Dorfstraße – Vergabe der Bauleistungen", PaperType.RESOLUTION, "bau",
                    PaperState.COMPLETED, -90, "<p>Die Gemeindevertretung vergibt die Sanierung der Dorfstraße an "
                    "den wirtschaftlichsten Bieter.</p>", "<p>Die Fahrbahn der Dorfstraße ist zwischen Kirche und "
                    "Feuerwehrhaus stark geschädigt; drei Angebote liegen vor.</p>")
    plan = _paper(session, g, "Bebauungsplan Nr. 7 „Am Mühlenteich“ – Aufstellungsbeschluss", PaperType.RESOLUTION,
                  "bau", PaperState.COMPLETED, -55, "<p>Für das Gebiet am Mühlenteich wird der Bebauungsplan Nr. 7 "
                  "aufgestellt.</p>", "<p>Der Bedarf an Bauplätzen für junge Familien im Ort ist nachgewiesen.</p>")
    land = _paper(session, g, "Grundstücksangelegenheit Flurstück 112/4", PaperType.RESOLUTION, "kaem",
                  PaperState.COMPLETED, -40, "<p>Dem Verkauf des Flurstücks 112/4 wird zugestimmt.</p>",
                  "<p>Kaufpreis und Käufer sind der nichtöffentlichen Anlage zu entnehmen.</p>", public=False)
    budget = _paper(session, g, "Haushaltssatzung der Gemeinde Birkenfelde für 2027", PaperType.RESOLUTION, "kaem",
                    PaperState.IN_CONSULTATION, -5, "<p>Die Haushaltssatzung 2027 wird beschlossen.</p>",
                    "<p>Der Ergebnisplan schließt ausgeglichen; Schwerpunkt ist die Dorfstraße.</p>")
    traffic = _paper(session, g, "Ergebnisse der Verkehrszählung an der Lindenauer Straße", PaperType.COMMUNICATION,
                     "bau", PaperState.IN_CONSULTATION, -3, "<p>Die Mitteilung wird zur Kenntnis genommen.</p>",
                     "<p>An einem Werktag fuhren 2.140 Fahrzeuge durch den Ort, davon 9 % Lastwagen.</p>")
    dog_tax = _paper(session, g, "Neufassung der Hundesteuersatzung", PaperType.RESOLUTION, "kaem", PaperState.DRAFT,
                     -1, "<p>Die Hundesteuersatzung wird neu gefasst.</p>",
                     "<p>Die Steuersätze gelten seit 2009 unverändert.</p>")
    _consult(dog_tax, 1, fa, ConsultationRole.PRELIMINARY, None)
    _consult(dog_tax, 2, gv, ConsultationRole.DECISION, None)
    for held in (gv_old, bua_held, gv_held, bua_later):
        _item(held, 0, "Ö 1", "Eröffnung und Feststellung der Beschlussfähigkeit")

    # Gemeindevertretung, 75 days ago: minutes approved in the meeting 30 days ago.
    street_item = _item(gv_old, 1, "Ö 2", street.name, result=AgendaItemResult.ADOPTED, votes_yes=7, votes_no=0,
                        votes_abstain=1, resolution_text="<p>Die Sanierung der Dorfstraße wird an die Firma "
                        "Tiefbau Nord vergeben.</p>", minutes_text="<p>Der Bürgermeister erläutert die Angebote.</p>")
    _consult(street, 1, gv, ConsultationRole.DECISION, street_item, AgendaItemResult.ADOPTED)

    # Bau- und Umweltausschuss, 45 days ago: recommends the Bebauungsplan.
    plan_item = _item(bua_held, 1, "Ö 2", plan.name, result=AgendaItemResult.ADOPTED, unanimous=True,
                      resolution_text="<p>Der Ausschuss empfiehlt der Gemeindevertretung den Aufstellungsbeschluss.</p>")
    _consult(plan, 1, bua, ConsultationRole.PRELIMINARY, plan_item, AgendaItemResult.ADOPTED)

    # Gemeindevertretung, 30 days ago: approves the earlier minutes; its own minutes await approval (not public yet).
    approval = _item(gv_held, 1, "Ö 2", "Genehmigung der Niederschrift der Sitzung vom "
                     f"{gv_old.start_time.astimezone(LOCAL):%d.%m.%Y}", result=AgendaItemResult.ADOPTED, unanimous=True)
    plan_decision = _item(gv_held, 2, "Ö 3", plan.name, result=AgendaItemResult.ADOPTED, votes_yes=6, votes_no=2,
                          votes_abstain=0, resolution_text="<p>Der Bebauungsplan Nr. 7 wird aufgestellt.</p>")
    _consult(plan, 2, gv, ConsultationRole.DECISION, plan_decision, AgendaItemResult.ADOPTED)
    land_item = _item(gv_held, 3, "N 1", land.name, public=False, public_name="Grundstücksangelegenheit",
                      result=AgendaItemResult.ADOPTED, unanimous=True,
                      resolution_text="<p>Dem Verkauf an die Eheleute Jansen zu 48.000 EUR wird zugestimmt.</p>")
    _consult(land, 1, gv, ConsultationRole.DECISION, land_item, AgendaItemResult.ADOPTED)
    _minutes(gv_old, g, MinutesState.APPROVED, approved_by=approval)
    bua_approval = _item(bua_later, 1, "Ö 2", "Genehmigung der Niederschrift der Sitzung vom "
                         f"{bua_held.start_time.astimezone(LOCAL):%d.%m.%Y}", result=AgendaItemResult.ADOPTED,
                         unanimous=True)
    _item(bua_later, 2, "Ö 3", "Mitteilungen des Bürgermeisters", result=AgendaItemResult.NOTED,
          minutes_text="<p>Der Bürgermeister berichtet über den Stand der Planung am Mühlenteich.</p>")
    _minutes(bua_held, g, MinutesState.APPROVED, approved_by=bua_approval)
    _minutes(gv_held, g, MinutesState.CLOSED)
    _minutes(bua_later, g, MinutesState.CLOSED)

    # Announced meetings with their public agendas.
    traffic_item = _item(bua_next, 1, "Ö 1", traffic.name)
    _consult(traffic, 1, bua, ConsultationRole.INFORMATION, traffic_item)
    _item(gv_next, 1, "Ö 1", "Genehmigung der Niederschrift der Sitzung vom "
          f"{gv_held.start_time.astimezone(LOCAL):%d.%m.%Y}")
    budget_item = _item(gv_next, 2, "Ö 2", budget.name)
    _consult(budget, 1, fa, ConsultationRole.PRELIMINARY, None)
    _consult(budget, 2, gv, ConsultationRole.DECISION, budget_item)
    session.flush()
    for paper in (street, plan, land, budget, traffic):
        _signed(session, g, paper)
    session.flush()
