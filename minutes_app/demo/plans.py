"""Plans the demo Vorlagen: which exist, their dates and target states, and their way through the committees.

Everything here is in memory; :mod:`minutes_app.demo.proceedings` writes it.
The plan decides each consultation's meeting and result first, so that the
Vorlage's state follows from its Beratungsfolge as it would in real use.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from ..models import AgendaItemResult, ConsultationRole, MeetingState, Paper, PaperState, PaperType
from . import catalog as c
from .schedule import LOCAL, PlannedMeeting, Slot, usable
from .texts import contract
from .topic import Topic
from .topics_council import INQUIRY_SUBJECTS, MOTIONS
from .topics_family import FAMILY_TOPICS
from .topics_infra import INFRA_TOPICS
from .topics_misc import NON_PUBLIC_TOPICS, RECURRING_TOPICS
from .topics_social import WORK_TOPICS

ALL_TOPICS: tuple[Topic, ...] = (*WORK_TOPICS, *FAMILY_TOPICS, *INFRA_TOPICS, *RECURRING_TOPICS, *NON_PUBLIC_TOPICS)
FIRST_MEETING_AFTER_DAYS = 12
YEAR_SLOTS = ("{year}", "{next_year}", "{prev_year}", "{year5}")
VARIED_SLOTS = ("{place}", "school}", "{number}", "{quarter}", "{dept}")  # "school}": every school form
# Vorlagen that are still on their way (newest instance of the template): (topic, type, target, due position).
SPECIAL_TARGETS: tuple[tuple[str, PaperType, str, int], ...] = (
    ("sicherheitskonzept", PaperType.COMMUNICATION, "sign_off", 1),
    ("kita_bedarfsplanung", PaperType.RESOLUTION, "sign_off", 1),
    ("medienentwicklung", PaperType.RESOLUTION, "sign_off", 1),
    ("kreisstrassen", PaperType.RESOLUTION, "sign_off", 1),
    ("pflegeplanung", PaperType.RESOLUTION, "sign_off", 0),
    ("haushalt", PaperType.REPORT, "sign_off", 1),
    ("schuldnerberatung", PaperType.RESOLUTION, "sign_off", 2),
    ("nahverkehr", PaperType.RESOLUTION, "sign_off", 0),
    ("ausbildungsplatzboerse", PaperType.RESOLUTION, "draft", 0),
    ("qualifizierung_jobcenter", PaperType.COMMUNICATION, "draft", 0),
    ("kultur", PaperType.RESOLUTION, "draft", 0),
    ("abfallgebuehren", PaperType.RESOLUTION, "draft", 0),
    ("hilfen_erziehung", PaperType.REPORT, "draft", 0),
    ("integrationsprogramm", PaperType.RESOLUTION, "returned", 1),
    ("ausbildungsplatzboerse", PaperType.COMMUNICATION, "released", 0),
    ("breitband", PaperType.COMMUNICATION, "released", 0),
    ("vormundschaft", PaperType.COMMUNICATION, "released", 0),
    ("feuerwehr", PaperType.RESOLUTION, "released", 0),
)
#: Vorlagen withdrawn after release: (topic, type, with an agenda item that was "abgesetzt").
WITHDRAWN: tuple[tuple[str, PaperType, bool], ...] = (
    ("mobiles_arbeiten", PaperType.RESOLUTION, False),
    ("inklusion", PaperType.MOTION, True),
    ("rechtsstreit", PaperType.RESOLUTION, True),
    ("stundung", PaperType.RESOLUTION, False),
)


@dataclass
class Step:
    """One consultation of the Beratungsfolge."""

    committee: str
    role: ConsultationRole
    authoritative: bool = False
    meeting: PlannedMeeting | None = None
    on_agenda: bool = False
    result: AgendaItemResult | None = None


@dataclass
class PaperPlan:
    """A Vorlage to be written."""

    topic: Topic
    paper_type: PaperType
    template: str
    date: date
    slots: dict[str, object] = field(default_factory=dict)
    target: str = "natural"
    due_position: int = 0
    steps: list[Step] = field(default_factory=list)
    state: PaperState = PaperState.DRAFT
    paper: Paper | None = None

    @property
    def originator(self) -> str:
        """Federführend: faction motions and inquiries are entered by the Kreistagsbüro."""
        return "ktb" if self.paper_type in (PaperType.MOTION, PaperType.INQUIRY) else self.topic.department

    @property
    def demands(self) -> tuple[str, ...]:
        """The points of a Fraktion's motion that comes from :data:`MOTIONS`."""
        motion = MOTIONS.get(self.topic.key)
        return motion[1] if motion and motion[0] == self.template else ()

    @property
    def title(self) -> str:
        """The Betreff."""
        return self.template.format_map(self.slots)


#: Multi-year plans are drawn up once per term, however their titles are worded.
ONCE_PER_TERM = frozenset(
    {"pflegeplanung", "schulentwicklungsplan", "kosten_unterkunft", "medienentwicklung", "nahverkehr"}
)


def _instances(topic: Topic, paper_type: PaperType, template: str) -> int:
    if paper_type is PaperType.RESOLUTION and topic.key in ONCE_PER_TERM:
        return 1
    if paper_type in (PaperType.INQUIRY, PaperType.MOTION):
        return 2 if "{place}" in template else 1
    if any(s in template for s in YEAR_SLOTS) or any(s in template for s in VARIED_SLOTS):
        return 3
    return 1


def _years(today: date, first: date) -> list[int]:
    """The calendar years that overlap the demo window by at least four months."""
    last = today - timedelta(days=10)
    return [
        y for y in range(first.year, last.year + 1)
        if (min(date(y, 12, 31), last) - max(date(y, 1, 1), first)).days >= 120
    ]


def _slots(rng: random.Random, day: date, year: int | None) -> dict[str, object]:
    places = rng.sample(c.PLACES, 2)
    school, at_school, of_school, the_school = rng.choice(c.SCHOOLS)
    year = year or day.year
    faction = rng.choice(c.FACTIONS)
    department = rng.choice([d for d in c.FACHBEREICHE if d.name.startswith("Fachbereich ")])
    return {
        "place": places[0], "place2": places[1], "school": school, "at_school": at_school,
        "of_school": of_school, "the_school": the_school, "year": year,
        "next_year": year + 1, "prev_year": year - 1, "year5": year + 5, "number": rng.randint(2, 9),
        "quarter": rng.randint(1, 4), "faction": faction.name, "faction_key": faction.key,
        "dept": department.name.removeprefix("Fachbereich "),
    }


def _templates(topic: Topic) -> list[tuple[PaperType, str]]:
    """The topic's Betreff templates, plus the Fraktionen's inquiry and motion where the topic has none of its own."""
    templates = [(paper_type, t) for paper_type, ts in topic.titles.items() for t in ts]
    subject = INQUIRY_SUBJECTS.get(topic.key)
    if subject and PaperType.INQUIRY not in topic.titles:
        templates.append((PaperType.INQUIRY, "Anfrage der {faction} " + contract(f"zu {subject}")))
    if topic.key in MOTIONS and PaperType.MOTION not in topic.titles:
        templates.append((PaperType.MOTION, MOTIONS[topic.key][0]))
    return templates


def make_plans(rng: random.Random, today: date, first: date) -> list[PaperPlan]:
    """All Vorlagen of the demo county with their dates and target states."""
    special = {(t, p): (target, due) for t, p, target, due in SPECIAL_TARGETS}
    withdrawn = {(t, p): agenda for t, p, agenda in WITHDRAWN}
    plans: list[PaperPlan] = []
    last_day = today - timedelta(days=10)
    span = (last_day - first).days
    for topic in ALL_TOPICS:
        for paper_type, template in _templates(topic):
            n = _instances(topic, paper_type, template)
            yearly = any(s in template for s in YEAR_SLOTS)
            years: list[int | None] = list(_years(today, first)[-n:]) if yearly else [None] * n
            for k, year in enumerate(years):
                if year is not None:  # one per calendar year, so the titles differ
                    lo, hi = max(date(year, 1, 1), first), min(date(year, 12, 31), last_day)
                else:
                    lo = first + timedelta(days=span * k // len(years))
                    hi = first + timedelta(days=span * (k + 1) // len(years))
                day = lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))
                plan = PaperPlan(topic, paper_type, template, day, _slots(rng, day, year))
                if k == len(years) - 1 and (topic.key, paper_type) in special:
                    plan.target, plan.due_position = special[(topic.key, paper_type)]
                    plan.date = today - timedelta(days=rng.randint(3, 30))
                elif k == 0 and (topic.key, paper_type) in withdrawn:
                    plan.target = "withdrawn_agenda" if withdrawn[(topic.key, paper_type)] else "withdrawn"
                elif k == len(years) - 1 and n > 1 and not yearly and paper_type is PaperType.RESOLUTION:
                    # Recent enough to be between its committees now ("In Beratung").
                    plan.date = today - timedelta(days=rng.randint(20, 60))
                plans.append(plan)
                if n == 1 and paper_type is PaperType.RESOLUTION and topic.public:
                    follow_up = day + timedelta(days=rng.randint(200, 320))
                    if follow_up <= last_day:
                        plans.append(PaperPlan(topic, PaperType.COMMUNICATION, f"Sachstandsbericht: {template}",
                                               follow_up, _slots(rng, follow_up, None)))
    plans.sort(key=lambda p: p.date)
    return plans


def _steps(plan: PaperPlan) -> list[Step]:
    topic = plan.topic
    first_committee = topic.path[0][0] if topic.path else topic.info[0]
    if plan.paper_type in (PaperType.COMMUNICATION, PaperType.REPORT):
        committees = topic.info or (first_committee,)
        return [Step(k, ConsultationRole.INFORMATION, i == len(committees) - 1) for i, k in enumerate(committees)]
    if plan.paper_type is PaperType.INQUIRY:
        return [Step(first_committee, ConsultationRole.INFORMATION, True)]
    if plan.paper_type is PaperType.MOTION:
        steps = [Step(first_committee, ConsultationRole.PRELIMINARY)] if first_committee != "kt" else []
        return [*steps, Step("kt", ConsultationRole.DECISION, True)]
    return [Step(k, role, role is ConsultationRole.DECISION) for k, role in topic.path]


def _result(rng: random.Random, plan: PaperPlan, step: Step) -> AgendaItemResult:
    if step.role in (ConsultationRole.INFORMATION, ConsultationRole.HEARING):
        return AgendaItemResult.NOTED
    r = rng.random()
    if plan.paper_type is PaperType.MOTION:
        if step.role is ConsultationRole.PRELIMINARY:
            return AgendaItemResult.ADOPTED if r < 0.5 else AgendaItemResult.REJECTED
        if r < 0.3:
            return AgendaItemResult.ADOPTED_AMENDED
        return AgendaItemResult.ADOPTED if r < 0.55 else AgendaItemResult.REJECTED
    if r < 0.07:
        return AgendaItemResult.POSTPONED
    if r < 0.17:
        return AgendaItemResult.ADOPTED_AMENDED
    if r < 0.2:
        return AgendaItemResult.REJECTED
    return AgendaItemResult.ADOPTED


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=LOCAL).astimezone(UTC)


def schedule(
    rng: random.Random, plans: list[PaperPlan], calendar: dict[str, list[PlannedMeeting]], today: date
) -> None:
    """Place every plan's consultations on meetings, decide results and derive the Vorlage's state."""
    for plan in plans:
        plan.steps = _steps(plan)
        if plan.target in ("draft", "returned", "sign_off"):
            plan.state = PaperState.IN_SIGN_OFF if plan.target == "sign_off" else PaperState.DRAFT
            continue
        if plan.target == "released":
            meeting = usable(calendar, plan.steps[0].committee, _midnight(today + timedelta(days=21)))
            if meeting is not None and meeting.state is MeetingState.PLANNED:
                plan.steps[0].meeting = meeting
                meeting.pending.append(Slot(plan, 0))
            plan.state = PaperState.RELEASED
            continue
        if plan.target == "withdrawn_agenda":
            earliest = _midnight(plan.date + timedelta(days=FIRST_MEETING_AFTER_DAYS))
            meeting = usable(calendar, plan.steps[0].committee, earliest)
            if meeting is not None and meeting.state is MeetingState.HELD:
                _place(plan, 0, meeting, AgendaItemResult.WITHDRAWN)
        if plan.target.startswith("withdrawn"):
            plan.state = PaperState.WITHDRAWN
            continue
        _schedule_natural(rng, plan, calendar)


def _place(plan: PaperPlan, index: int, meeting: PlannedMeeting, result: AgendaItemResult | None) -> None:
    step = plan.steps[index]
    step.meeting = meeting
    if meeting.state is MeetingState.PLANNED:
        meeting.pending.append(Slot(plan, index))
        return
    step.on_agenda = True
    step.result = result
    meeting.slots.append(Slot(plan, index))


def _schedule_natural(rng: random.Random, plan: PaperPlan, calendar: dict[str, list[PlannedMeeting]]) -> None:
    earliest = _midnight(plan.date + timedelta(days=FIRST_MEETING_AFTER_DAYS))
    index = 0
    while index < len(plan.steps):
        step = plan.steps[index]
        meeting = usable(calendar, step.committee, earliest)
        if meeting is None:
            break
        held = meeting.state is MeetingState.HELD
        result = _result(rng, plan, step) if held else None
        if result is AgendaItemResult.POSTPONED:
            # The consultation stays on record as "vertagt"; a new one follows at the committee's next meeting.
            plan.steps.insert(index + 1, Step(step.committee, step.role, step.authoritative))
            step.authoritative = False
        _place(plan, index, meeting, result)
        if not held:
            break
        earliest = meeting.start + timedelta(days=1 if result is AgendaItemResult.POSTPONED else 5)
        index += 1
    authoritative = next(s for s in plan.steps if s.authoritative)
    if authoritative.result is not None and authoritative.result.is_final:
        plan.state = PaperState.COMPLETED
    elif any(s.on_agenda for s in plan.steps):
        plan.state = PaperState.IN_CONSULTATION
    else:
        plan.state = PaperState.RELEASED
