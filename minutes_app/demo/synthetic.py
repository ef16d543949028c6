"""Synthetic Vorlagen for benchmarks: N papers with their meetings, agendas, consultations and minutes.

The data is an "archive" of about twenty years before the demo county's own
two years (years today-22 … today-3), so references continue the per-year
counters without touching the county's current numbering. Texts are combined
from word lists (Betreff plus three sections of roughly 80–300 words), so
search benchmarks see a realistic vocabulary.

Rows are written with bulk INSERTs in batches of :data:`BATCH` Vorlagen, and
each batch is committed: this is a CLI bulk loader, the one place where
committing inside the module is intended (a single transaction over 100,000
Vorlagen would hold SQLite's write lock for minutes). Bulk INSERTs bypass the
ORM flush, so the search index is not updated; run ``search-rebuild`` after.
Imported archive papers carry no Sichtvermerke, versions, attachments or
attendance lists, as if migrated from an earlier system.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from ..models import (
    AgendaItem,
    AgendaItemResult,
    Consultation,
    ConsultationRole,
    Meeting,
    MeetingState,
    Membership,
    Minutes,
    MinutesState,
    Organization,
    OrganizationType,
    Paper,
    PaperReferenceCounter,
    PaperState,
    PaperType,
    Person,
    User,
)
from ..services.numbering import format_reference
from . import catalog, synthetic_text
from .county import demo_body, load_demo_county
from .schedule import LOCAL

BATCH = 2000
YEARS = 20
BUCKET_DAYS = 14
NO_PROGRESS: Callable[[int], object] = lambda _n: None  # noqa: E731


@dataclass
class _Committee:
    id: int
    name: str
    genitive: str
    voters: int
    weekday: int


@dataclass
class _Context:
    """Everything the batches share: organizations, text pools, counters."""

    body_id: int
    reference_format: str
    committees: list[_Committee]
    departments: list[int]
    kreisausschuss: _Committee | None
    kreistag: _Committee | None
    recorder_id: int | None
    speakers: list[str]
    pools: dict[str, list[str]]
    counters: dict[int, int]
    meeting_numbers: dict[tuple[int, int], int] = field(default_factory=dict)


def generate(session: Session, n: int, progress: Callable[[int], object] = NO_PROGRESS) -> int:
    """Add ``n`` synthetic Vorlagen with meetings and minutes; loads the demo county first if needed.

    Commits after every batch (see the module docstring); returns the number of Vorlagen written.
    """
    if demo_body(session) is None:
        load_demo_county(session)
        session.commit()
    rng = random.Random(n)
    context = _context(session, rng)
    today = datetime.now(LOCAL).date()
    first, last = date(today.year - YEARS - 2, 1, 1), date(today.year - 3, 12, 31)
    buckets = max(1, (last - first).days // BUCKET_DAYS)
    batches = -(-n // BATCH)
    written = 0
    for index in range(batches):
        lo = index * buckets // batches
        hi = max(lo + 1, (index + 1) * buckets // batches)
        count = min(BATCH, n - written)
        _batch(session, rng, context, first + timedelta(days=lo * BUCKET_DAYS), hi - lo, count)
        session.commit()
        written += count
        progress(count)
    return written


def _context(session: Session, rng: random.Random) -> _Context:
    body = demo_body(session)
    assert body is not None
    organizations = session.scalars(select(Organization).where(Organization.body_id == body.id)).all()
    voters = dict(
        session.execute(
            select(Membership.organization_id, func.count())
            .where(Membership.voting_right.is_(True), Membership.end_date.is_(None))
            .group_by(Membership.organization_id)
        ).all()
    )
    genitives = {c.name: c.genitive for c in catalog.COMMITTEES}
    committees = [
        _Committee(o.id, o.name, genitives.get(o.name, f"des Gremiums {o.name}"), max(5, voters.get(o.id, 11)), i % 5)
        for i, o in enumerate(sorted((o for o in organizations if o.is_committee), key=lambda o: o.id))
    ]
    by_name = {c.name: c for c in committees}
    departments = [o.id for o in organizations if o.organization_type is OrganizationType.DEPARTMENT and o.parent_id]
    members = session.scalars(select(Person).where(Person.body_id == body.id, Person.affix == "KTA")).all()
    recorder = session.scalar(select(User.id).where(User.login == "schriftfuehrung"))
    counters = dict(
        session.execute(
            select(PaperReferenceCounter.year, PaperReferenceCounter.last_number).where(
                PaperReferenceCounter.body_id == body.id
            )
        ).all()
    )
    return _Context(
        body_id=body.id,
        reference_format=body.paper_reference_format,
        committees=committees,
        departments=departments or [o.id for o in organizations if o.organization_type is OrganizationType.DEPARTMENT],
        kreisausschuss=by_name.get("Kreisausschuss"),
        kreistag=by_name.get("Kreistag"),
        recorder_id=recorder,
        speakers=[f"KTA {p.family_name}" for p in members] or ["Ein Mitglied"],
        pools=synthetic_text.sentence_pools(rng),
        counters=counters,
    )


@dataclass
class _Meeting:
    committee: _Committee
    day: date
    #: (paper index, step index, public) of the Vorlagen on the agenda.
    items: list[tuple[int, int, bool]] = field(default_factory=list)
    id: int = 0


@dataclass
class _Step:
    committee: _Committee
    role: ConsultationRole
    meeting: _Meeting
    result: AgendaItemResult = AgendaItemResult.NOTED
    #: Columns of the agenda item: result, resolution text and vote.
    outcome: dict[str, object] = field(default_factory=dict)


def _path(rng: random.Random, context: _Context, paper_type: PaperType) -> list[tuple[_Committee, ConsultationRole]]:
    committees = [c for c in context.committees if c is not context.kreistag] or context.committees
    first = rng.choice(committees)
    r = rng.random()
    if paper_type in (PaperType.COMMUNICATION, PaperType.REPORT, PaperType.INQUIRY):
        return [(first, ConsultationRole.INFORMATION)]
    if r < 0.5 or context.kreisausschuss is None or first is context.kreisausschuss:
        return [(first, ConsultationRole.DECISION)]
    if r < 0.85 or context.kreistag is None:
        return [(first, ConsultationRole.PRELIMINARY), (context.kreisausschuss, ConsultationRole.DECISION)]
    return [(first, ConsultationRole.PRELIMINARY), (context.kreisausschuss, ConsultationRole.PRELIMINARY),
            (context.kreistag, ConsultationRole.DECISION)]


PAPER_TYPES = (PaperType.RESOLUTION,) * 11 + (PaperType.COMMUNICATION,) * 4 + (PaperType.REPORT,) * 2 + (
    PaperType.MOTION, PaperType.MOTION, PaperType.INQUIRY, PaperType.INQUIRY)
NO_OUTCOME: dict[str, object] = {
    "result": None, "resolution_text": "", "votes_yes": None, "votes_no": None, "votes_abstain": None,
    "unanimous": False,
}
RESOLUTION_TEXTS = {
    AgendaItemResult.NOTED: "Der Bericht wird zur Kenntnis genommen.",
    AgendaItemResult.WITHDRAWN: "Der Tagesordnungspunkt wird abgesetzt.",
    AgendaItemResult.REJECTED: "Der Beschlussvorschlag wird abgelehnt.",
    AgendaItemResult.ADOPTED_AMENDED: "Der Beschlussvorschlag wird mit Änderungen beschlossen.",
    AgendaItemResult.ADOPTED: "Der Beschlussvorschlag wird beschlossen.",
}


def _place(
    rng: random.Random, context: _Context, meetings: dict[tuple[int, int], _Meeting], paper_type: PaperType,
    day: date, start: date, end: date,
) -> list[_Step]:
    """The Beratungsfolge: one meeting per step, each in a later fortnight, all before ``end``."""
    earliest, placed = day + timedelta(days=7), []
    for committee, role in _path(rng, context, paper_type):
        if earliest > end:
            break
        target = earliest + timedelta(days=rng.randint(0, min(30, (end - earliest).days)))
        bucket = (target - start).days // BUCKET_DAYS
        meeting = meetings.get((committee.id, bucket))
        if meeting is None:
            meeting = _Meeting(committee, start + timedelta(days=bucket * BUCKET_DAYS + committee.weekday))
            meetings[(committee.id, bucket)] = meeting
        placed.append(_Step(committee, role, meeting))
        earliest = start + timedelta(days=(bucket + 1) * BUCKET_DAYS)
    if placed[-1].role is ConsultationRole.PRELIMINARY:  # the chain was cut short: its last step decides
        placed[-1].role = ConsultationRole.DECISION
    return placed


def _decide(rng: random.Random, steps: list[_Step], withdrawn: bool) -> None:
    """Results and votes of every step."""
    for step in steps:
        if step.role is ConsultationRole.INFORMATION:
            step.result = AgendaItemResult.NOTED
        elif withdrawn and step is steps[-1]:
            step.result = AgendaItemResult.WITHDRAWN
        else:
            r = rng.random()
            step.result = (AgendaItemResult.ADOPTED if r < 0.85 else AgendaItemResult.ADOPTED_AMENDED if r < 0.93
                           else AgendaItemResult.REJECTED)
        outcome = {**NO_OUTCOME, "result": step.result, "resolution_text": RESOLUTION_TEXTS[step.result]}
        if step.result in (AgendaItemResult.ADOPTED, AgendaItemResult.ADOPTED_AMENDED, AgendaItemResult.REJECTED):
            voters = step.committee.voters
            no = voters // 2 + 1 if step.result is AgendaItemResult.REJECTED else rng.randint(0, voters // 4)
            outcome.update(votes_yes=voters - no, votes_no=no, votes_abstain=0, unanimous=no == 0)
        step.outcome = outcome


def _batch(session: Session, rng: random.Random, context: _Context, start: date, buckets: int, count: int) -> None:
    """Write one batch of Vorlagen whose consultations all fall into ``buckets`` fortnights from ``start``."""
    end = start + timedelta(days=buckets * BUCKET_DAYS - 1)
    span = max(1, (end - start).days - 7)
    meetings: dict[tuple[int, int], _Meeting] = {}
    papers: list[dict[str, object]] = []
    steps: list[list[_Step]] = []
    for index, day in enumerate(sorted(start + timedelta(days=rng.randrange(span)) for _ in range(count))):
        paper_type = rng.choice(PAPER_TYPES)
        placed = _place(rng, context, meetings, paper_type, day, start, end)
        withdrawn = rng.random() < 0.03
        _decide(rng, placed, withdrawn)
        public = rng.random() > 0.04
        for step_index, step in enumerate(placed):
            step.meeting.items.append((index, step_index, public))
        steps.append(placed)
        year = day.year
        context.counters[year] = context.counters.get(year, 0) + 1
        number = context.counters[year]
        name = synthetic_text.title(rng, paper_type, year)
        resolution, reasoning, finance = synthetic_text.texts(
            rng, context.pools, name, paper_type, placed[-1].committee.name, year
        )
        created = datetime.combine(day, time(8, 30), tzinfo=UTC)
        papers.append({
            "body_id": context.body_id, "reference": format_reference(context.reference_format, number, year),
            "reference_year": year, "reference_number": number, "name": name, "paper_type": paper_type,
            "date": day, "public": public, "state": PaperState.WITHDRAWN if withdrawn else PaperState.COMPLETED,
            "originator_id": rng.choice(context.departments), "resolution_proposal": resolution,
            "reasoning": reasoning, "financial_impact": finance, "created": created, "modified": created,
        })
    paper_ids = _insert_ids(session, Paper, papers)
    meeting_list = sorted(meetings.values(), key=lambda m: m.day)
    _write_meetings(session, context, meeting_list)
    item_ids = _write_agendas(session, rng, context, meeting_list, papers, steps)
    session.execute(insert(Consultation.__table__), [
        {
            "paper_id": paper_id, "organization_id": step.committee.id, "position": position, "role": step.role,
            "authoritative": position == len(placed), "meeting_id": step.meeting.id,
            "agenda_item_id": item_ids[(index, position - 1)], "result": step.result,
            "created": papers[index]["created"], "modified": papers[index]["created"],
        }
        for index, (paper_id, placed) in enumerate(zip(paper_ids, steps, strict=True))
        for position, step in enumerate(placed, 1)
    ])
    _write_minutes(session, rng, context, meeting_list)
    _save_counters(session, context, {day.year for day in (p["date"] for p in papers) if isinstance(day, date)})


def _insert_ids(session: Session, model: type, rows: list[dict[str, object]]) -> list[int]:
    """Bulk INSERT with ids assigned here; returns them in the order of ``rows``.

    SQLite cannot return the ids of a multi-row INSERT in order without a
    row-by-row fallback, so the ids are taken from the table's maximum. The
    batch's write transaction (BEGIN IMMEDIATE on SQLite) is already open, so
    no other writer can take them in between; PostgreSQL's sequence is moved
    past them afterwards.
    """
    if not rows:
        return []
    table = model.__table__  # type: ignore[attr-defined]
    first = (session.scalar(select(func.max(table.c.id))) or 0) + 1
    ids = list(range(first, first + len(rows)))
    session.execute(insert(table), [{**row, "id": new_id} for row, new_id in zip(rows, ids, strict=True)])
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), {ids[-1]})"))
    return ids


def _local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LOCAL).astimezone(UTC)


def _write_meetings(session: Session, context: _Context, meetings: list[_Meeting]) -> None:
    rows = []
    for meeting in meetings:
        key = (meeting.committee.id, meeting.day.year)
        context.meeting_numbers[key] = context.meeting_numbers.get(key, 0) + 1
        begin = _local(meeting.day, 17)
        rows.append({
            "organization_id": meeting.committee.id, "name": f"Sitzung {meeting.committee.genitive}",
            "number": f"{context.meeting_numbers[key]}/{meeting.day.year}", "start_time": begin,
            "end_time": begin + timedelta(hours=2), "state": MeetingState.HELD,
            "invitation_sent_at": begin - timedelta(days=14),
            "location_text": "Kreishaus Lindenau, Großer Sitzungssaal",
            "created": begin - timedelta(days=30), "modified": begin,
        })
    for meeting, new_id in zip(meetings, _insert_ids(session, Meeting, rows), strict=True):
        meeting.id = new_id


def _write_agendas(
    session: Session, rng: random.Random, context: _Context, meetings: list[_Meeting], papers: list[dict[str, object]],
    steps: list[list[_Step]],
) -> dict[tuple[int, int], int]:
    """Agenda items with results (public part first); returns the item id per (paper index, step index)."""
    rows: list[dict[str, object]] = []
    keys: list[tuple[int, int] | None] = []
    for meeting in meetings:
        public = [i for i in meeting.items if i[2]]
        hidden = [i for i in meeting.items if not i[2]]
        entries: list[tuple[str, str, bool, tuple[int, int] | None]] = [
            ("Ö 1", "Eröffnung und Feststellung der ordnungsgemäßen Ladung und Beschlussfähigkeit", True, None),
            ("Ö 2", "Genehmigung der Niederschrift", True, None),
            ("Ö 3", "Mitteilungen der Verwaltung", True, None),
        ]
        entries += [(f"Ö {n}", str(papers[p]["name"]), True, (p, s)) for n, (p, s, _) in enumerate(public, 4)]
        entries.append((f"Ö {len(public) + 4}", "Anfragen", True, None))
        entries += [(f"N {n}", str(papers[p]["name"]), False, (p, s)) for n, (p, s, _) in enumerate(hidden, 1)]
        for order, (number, name, is_public, key) in enumerate(entries, 1):
            text = ""
            if key is not None:
                text = " ".join(s.replace("{speaker}", rng.choice(context.speakers))
                                for s in rng.choices(context.pools["minutes"], k=3))
            rows.append({
                "meeting_id": meeting.id, "number": number, "order": order, "public": is_public, "name": name[:500],
                "public_name": "" if is_public else "Vertrauliche Angelegenheit", "minutes_text": text,
                **(steps[key[0]][key[1]].outcome if key else NO_OUTCOME),
                "created": _local(meeting.day, 12), "modified": _local(meeting.day, 20),
            })
            keys.append(key)
    ids = _insert_ids(session, AgendaItem, rows)
    return {key: item_id for key, item_id in zip(keys, ids, strict=True) if key is not None}


def _write_minutes(session: Session, rng: random.Random, context: _Context, meetings: list[_Meeting]) -> None:
    rows = []
    for meeting in meetings:
        begin = _local(meeting.day, 17)
        ended = begin + timedelta(minutes=rng.randint(60, 180))
        signed = ended + timedelta(days=rng.randint(3, 10))
        rows.append({
            "meeting_id": meeting.id, "state": MinutesState.APPROVED, "started_at": begin, "ended_at": ended,
            "recorder_id": context.recorder_id, "chair_signed_at": signed, "recorder_signed_at": signed,
            "closed_at": signed, "published_at": signed, "approved_at": signed + timedelta(days=35),
            "approval_note": "In der folgenden Sitzung ohne Änderungen genehmigt.",
            "created": ended, "modified": signed,
        })
    session.execute(insert(Minutes.__table__), rows)


def _save_counters(session: Session, context: _Context, years: set[int]) -> None:
    """Keep PaperReferenceCounter at the highest number used, so later Vorlagen continue from there."""
    for year in years:
        counter = session.get(PaperReferenceCounter, (context.body_id, year))
        if counter is None:
            session.add(PaperReferenceCounter(body_id=context.body_id, year=year, last_number=context.counters[year]))
        else:
            counter.last_number = max(counter.last_number, context.counters[year])
    session.flush()
