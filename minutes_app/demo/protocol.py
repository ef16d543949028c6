"""Niederschriften of the held demo meetings: attendance, item texts, results, votes and the minutes' states."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from ..models import (
    AgendaItem,
    AgendaItemResult,
    Attendance,
    AttendanceStatus,
    AttendeeKind,
    ConsultationRole,
    MeetingState,
    Membership,
    MembershipRole,
    Minutes,
    MinutesState,
    PaperType,
    Person,
)
from . import catalog as c
from .plans import PaperPlan
from .proceedings import ADOPTED, Entry
from .schedule import LOCAL, PlannedMeeting
from .structure import County
from .texts import Discussion, announcements_text, minutes_text, opening_text, questions_text

REGULAR = (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR, MembershipRole.MEMBER)
#: Minutes of meetings more recent than this are still being written.
DRAFT_WITHIN_DAYS = 12
GUESTS = (
    ("Frau Ilka Nordmann", "Planungsbüro Nordlicht"),
    ("Herr Polizeioberrat Sven Adler", "Polizeiinspektion Lindenau"),
    ("Frau Gesa Thomsen", "Agentur für Arbeit, Geschäftsstelle Lindenau"),
    ("Herr Malte Brinkmann", "Verkehrsverbund Lindenau"),
)


@dataclass
class Roll:
    """Who attended a held meeting and who chaired it."""

    chair: Person
    voters: list[Person]
    attendances: list[Attendance]


#: Dezernat in charge of each committee's administration.
DEZERNAT_OF = {"kt": "dez1", "ka": "dez1", "fina": "dez1", "aas": "dez2", "jha": "dez2", "scha": "dez2", "jcb": "dez2",
               "ubv": "dez3"}
#: How minutes address the heads of the Dezernate.
OFFICE = {"dez1": "Landrat", "dez2": "Dezernentin", "dez3": "Dezernent"}


def _ref(county: County, person: Person) -> str:
    """How minutes name a person: "KTA Dr. Keller (BU)", "Herr Kranz (Jobcenter Landkreis Lindenau)"."""
    name = " ".join(p for p in (person.title, person.family_name) if p)
    office = next((OFFICE[k] for k in OFFICE if county.heads[k] is person), None)
    if office:
        return f"{person.form_of_address} {office} {name}"
    if person.affix == "KTA":
        faction = county.faction_of.get(person.id)
        short = next((f.short_name for f in c.FACTIONS if f.key == faction), "")
        return f"KTA {name} ({short})" if short else f"KTA {name}"
    org = county.represents.get(person.id)
    if org is None:
        org = next((county.departments[k].name for k, head in county.heads.items() if head is person), "")
    return f"{person.form_of_address} {name} ({org})" if org else f"{person.form_of_address} {name}"


def _staff_of(county: County, plan: PaperPlan) -> Person:
    return county.heads[plan.topic.department]


def _roll(rng: random.Random, county: County, pm: PlannedMeeting, entries: list[Entry]) -> Roll:
    day = pm.start.astimezone(LOCAL).date()
    keys = [pm.committee] + [county.committee_key(o.id) for o in pm.meeting.joint_organizations]
    active: list[Membership] = [m for k in keys for m in county.memberships.get(k, []) if m.is_active_on(day)]
    persons = {p.id: p for p in county.persons}
    attendances: list[Attendance] = []
    seen: set[int] = set()
    voters: list[Person] = []
    deputies = [m for m in active if m.role is MembershipRole.DEPUTY_MEMBER]

    def attend(person_id: int, **kw: object) -> Attendance:
        seen.add(person_id)
        record = Attendance(meeting=pm.meeting, person_id=person_id, **kw)
        attendances.append(record)
        return record

    chair_membership = next((m for m in active if m.role is MembershipRole.CHAIR), None)
    for m in (m for m in active if m.role in REGULAR):
        if m.person_id in seen:
            continue
        r = rng.random()
        if r < 0.86 or m is chair_membership:
            attend(m.person_id, voting_right=m.voting_right)
            if m.voting_right:
                voters.append(persons[m.person_id])
            continue
        substitute = next(
            (d for d in deputies if d.on_behalf_of_id == m.on_behalf_of_id and d.person_id not in seen), None
        )
        if substitute is not None and r < 0.96:
            attend(m.person_id, status=AttendanceStatus.REPRESENTED, voting_right=m.voting_right,
                   represented_by_id=substitute.person_id)
            attend(substitute.person_id, voting_right=True)
            voters.append(persons[substitute.person_id])
        else:
            attend(m.person_id, status=AttendanceStatus.ABSENT if r > 0.995 else AttendanceStatus.EXCUSED,
                   voting_right=m.voting_right)
    for m in (m for m in active if m.role is MembershipRole.ADVISORY and m.person_id not in seen):
        present = rng.random() < 0.75
        attend(m.person_id, voting_right=False,
               status=AttendanceStatus.PRESENT if present else AttendanceStatus.EXCUSED)
    staff = {_staff_of(county, e.slot.paper_plan).id for e in entries if e.slot}
    staff.add(county.heads[DEZERNAT_OF[pm.committee]].id)
    departments = {head.id: county.departments[key].name for key, head in county.heads.items()}
    for person_id in sorted(staff - seen):
        attend(person_id, kind=AttendeeKind.STAFF, voting_right=False, note=departments.get(person_id, ""))
    if rng.random() < 0.3:
        guest, note = rng.choice(GUESTS)
        attendances.append(Attendance(meeting=pm.meeting, guest_name=guest, note=note, kind=AttendeeKind.GUEST,
                                      voting_right=False))
    late = [a for a in attendances if a.kind is AttendeeKind.MEMBER and a.status is AttendanceStatus.PRESENT]
    if len(entries) > 4 and len(late) > 3 and rng.random() < 0.35:
        late[-1].arrival_item = entries[3].item
        late[-2].departure_item = entries[-2].item
    chair = persons[chair_membership.person_id] if chair_membership else voters[0]
    return Roll(chair, voters, attendances)


def _approval_vote(rng: random.Random, item: AgendaItem, voters: int) -> None:
    """Minutes are approved unanimously or with abstentions of those who were absent."""
    abstain = 0 if rng.random() < 0.7 else rng.randint(1, 2)
    item.unanimous = abstain == 0
    item.votes_yes, item.votes_no, item.votes_abstain = voters - abstain, 0, abstain


def _vote(rng: random.Random, item: AgendaItem, voters: int, result: AgendaItemResult, motion: bool) -> None:
    if result is AgendaItemResult.REJECTED:
        abstain = rng.randint(0, 2)
        item.votes_yes = rng.randint(voters // 5, max(voters // 5, voters // 2 - 1))
        item.votes_abstain = abstain
        item.votes_no = max(0, voters - item.votes_yes - abstain)
        return
    if not motion and rng.random() < 0.55:
        item.unanimous = True
        item.votes_yes, item.votes_no, item.votes_abstain = voters, 0, 0
        return
    no = rng.randint(1, max(1, voters // (3 if motion else 5)))
    abstain = rng.randint(0, 3)
    item.votes_yes, item.votes_no, item.votes_abstain = max(0, voters - no - abstain), no, abstain


def _resolution(plan: PaperPlan, step_index: int, result: AgendaItemResult, amendment: str) -> str:
    step = plan.steps[step_index]
    assert plan.paper is not None
    if result is AgendaItemResult.NOTED:
        if plan.paper_type is PaperType.INQUIRY:
            return "Die Antwort der Verwaltung wird zur Kenntnis genommen."
        return "Der Bericht wird zur Kenntnis genommen."
    if result is AgendaItemResult.POSTPONED:
        return "Die Beratung wird vertagt."
    if result is AgendaItemResult.WITHDRAWN:
        return "Der Tagesordnungspunkt wird abgesetzt."
    if result is AgendaItemResult.REJECTED:
        subject = "Der Antrag" if plan.paper_type is PaperType.MOTION else "Der Beschlussvorschlag"
        return f"{subject} wird abgelehnt."
    text = plan.paper.resolution_proposal
    if step.role is ConsultationRole.PRELIMINARY:
        later = next((s for s in plan.steps[step_index + 1:] if s.committee != step.committee), None)
        target = c.COMMITTEE_BY_KEY[later.committee].dative if later else "dem beschließenden Gremium"
        body = text.split("\n\n", 1)[-1]
        text = f"Der {c.COMMITTEE_BY_KEY[step.committee].name} empfiehlt {target}, wie folgt zu beschließen:\n\n{body}"
    return f"{text}\n\n*Ergänzung:* {amendment}" if amendment else text


def _fill_items(rng: random.Random, county: County, pm: PlannedMeeting, entries: list[Entry], roll: Roll) -> None:
    chair_female = roll.chair.form_of_address == "Frau"
    committee = c.COMMITTEE_BY_KEY[pm.committee].name
    kta = [p for p in roll.voters if p.affix == "KTA" and p is not roll.chair] or roll.voters
    local = pm.start.astimezone(LOCAL)
    for entry in entries:
        item = entry.item
        if entry.kind == "opening":
            item.minutes_text = opening_text(roll.chair.name, chair_female, f"{local:%H:%M}")
        elif entry.kind == "approval":
            item.result = AgendaItemResult.ADOPTED
            item.resolution_text = "Die Niederschrift wird in der vorliegenden Fassung genehmigt."
            _approval_vote(rng, item, len(roll.voters))
        elif entry.kind == "announcements":
            dezernent = county.heads[DEZERNAT_OF[pm.committee]]
            item.minutes_text = announcements_text(rng, _ref(county, dezernent), committee)
        elif entry.kind == "internal_announcements":
            item.minutes_text = (
                "Der Landrat informiert über den Stand laufender Personal- und Grundstücksangelegenheiten."
            )
        elif entry.kind == "internal_questions":
            item.minutes_text = "Es liegen keine Anfragen vor."
        elif entry.kind == "questions":
            speaker = _ref(county, rng.choice(kta)) if rng.random() < 0.6 else None
            item.minutes_text = questions_text(rng, speaker)
        elif entry.slot is not None:
            plan: PaperPlan = entry.slot.paper_plan
            step = plan.steps[entry.slot.step_index]
            assert step.result is not None
            speakers = [(_ref(county, p), p.form_of_address == "Frau") for p in rng.sample(kta, min(3, len(kta)))]
            movers = [p for p in kta if county.faction_of.get(p.id) == plan.slots["faction_key"]]
            talk = Discussion(_ref(county, _staff_of(county, plan)), speakers, chair_female, committee,
                              _ref(county, movers[0]) if movers else None)
            item.minutes_text, amendment = minutes_text(rng, plan.topic, plan.paper_type, plan.slots, talk, step.result)
            item.result = step.result
            item.resolution_text = _resolution(plan, entry.slot.step_index, step.result, amendment)
            if step.result in (*ADOPTED, AgendaItemResult.REJECTED):
                _vote(rng, item, len(roll.voters), step.result, plan.paper_type is PaperType.MOTION)


#: Committees whose minutes the demo's Schriftführung account writes (see structure.USERS); "falk" writes the rest.
SECRETARY_COMMITTEES = ("kt", "ka", "aas", "jcb", "fina")


def _recorder_key(committee_key: str) -> str:
    return "schriftfuehrung" if committee_key in SECRETARY_COMMITTEES else "falk"


def write_protocols(
    session: Session, rng: random.Random, county: County, calendar: dict[str, list[PlannedMeeting]],
    agendas: dict[int, list[Entry]],
) -> None:
    """Attendance, item texts and minutes for every held meeting; earlier minutes approved by the next meeting.

    Minutes of the last twelve days are drafts, and so is the newest held meeting of each recorder: whatever the
    date, the demo's Schriftführung account has a Niederschrift to write (with only the last twelve days, it had
    none on days when its committees had not met for two weeks).
    """
    newest: dict[str, datetime] = {}  # recorder → start of the newest held meeting they wrote minutes for
    for key, planned in calendar.items():
        for pm in planned:
            if pm.state is MeetingState.HELD:
                newest[_recorder_key(key)] = max(newest.get(_recorder_key(key), pm.start), pm.start)
    for key, planned in calendar.items():
        recorder = county.users[_recorder_key(key)]
        held = [pm for pm in planned if pm.state is MeetingState.HELD]
        upcoming = [pm for pm in planned if pm.state is MeetingState.INVITED]
        for index, pm in enumerate(held):
            entries = agendas[pm.meeting.id]
            roll = _roll(rng, county, pm, entries)
            session.add_all(roll.attendances)
            _fill_items(rng, county, pm, entries, roll)
            started = pm.start + timedelta(minutes=rng.randint(0, 6))
            ended = started + timedelta(minutes=min(230, 25 + 9 * len(entries) + rng.randint(0, 30)))
            pm.meeting.end_time = ended
            minutes = Minutes(meeting=pm.meeting, started_at=started, ended_at=ended, chair_id=roll.chair.id,
                              recorder_id=recorder.id, attendance_recorded_at=ended + timedelta(days=1))
            age = county.today - pm.start.astimezone(LOCAL).date()
            if pm.start == newest[_recorder_key(key)] or age.days <= DRAFT_WITHIN_DAYS:
                minutes.state = MinutesState.DRAFT
            else:
                minutes.recorder_signed_at = ended + timedelta(days=rng.randint(3, 6))
                minutes.chair_signed_at = minutes.recorder_signed_at + timedelta(days=rng.randint(1, 4))
                minutes.closed_at = minutes.published_at = minutes.chair_signed_at
                minutes.state = MinutesState.CLOSED
                following = held[index + 1] if index + 1 < len(held) else None
                if following is not None:
                    approval = next(e.item for e in agendas[following.meeting.id] if e.kind == "approval")
                    minutes.state = MinutesState.APPROVED
                    minutes.approved_in_agenda_item = approval
                    minutes.approved_at = following.start + timedelta(minutes=10)
                    minutes.approval_note = "Ohne Änderungen genehmigt."
                elif upcoming:
                    day = upcoming[0].start.astimezone(LOCAL)
                    minutes.approval_note = f"Zur Genehmigung in der Sitzung am {day:%d.%m.%Y}."
            session.add(minutes)
    session.flush()
