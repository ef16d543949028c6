"""The demo county "Landkreis Lindenau": loads a complete, plausible Sitzungsdienst history once.

Two years of meetings back and four months ahead, relative to the day of
loading; about 170 Vorlagen in every state with Beratungsfolgen, Sichtvermerke,
attachments and Niederschriften; the demo accounts (password "demo"). The data
is generated from a fixed seed, so every load tells the same story. Like every
service, it flushes and leaves the commit to the caller (the CLI command).
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Body, MeetingState, Paper, PaperType, User
from ..services import audit
from ..search import synonyms as search_synonyms
from . import budget_meeting, catalog, decisions, mail, plans, proceedings, protocol, schedule, structure
from .attachments import store_docx
from .texts import fill

SEED = 20240611
#: Agenda items whose minutes carry the administration's presentation, one per topic.
PRESENTED_TOPICS = ("sicherheitskonzept", "radwegekonzept", "klimaschutz", "kita_bedarfsplanung", "haushalt")


def database_has_data(session: Session) -> bool:
    """Whether the database already holds a body, an account or a Vorlage (then ``--if-empty`` loads nothing)."""
    return any(session.scalar(select(column).limit(1)) is not None for column in (Body.id, User.id, Paper.id))


def demo_body(session: Session) -> Body | None:
    """The demo county's body, if it has been loaded."""
    return session.scalar(select(Body).where(Body.name == catalog.BODY_NAME))


def load_demo_county(session: Session, file_store_dir: Path | None = None) -> bool:
    """Load the demo county; returns False (and changes nothing) when it is already there.

    Attachment bytes are written to ``file_store_dir`` when given; without it
    only the File rows are created (their blobs are then missing).
    """
    if demo_body(session) is not None:
        return False
    today = datetime.now(schedule.LOCAL).date()
    rng = random.Random(SEED)
    county = structure.build_structure(session, rng, today)
    structure.create_accounts(session, county)
    structure.create_sign_off_chains(session, county)
    calendar = schedule.build_calendar(session, county, today)
    paper_plans = plans.make_plans(rng, today, today - timedelta(days=schedule.HISTORY_DAYS - 15))
    plans.schedule(rng, paper_plans, calendar, today)
    proceedings.write_papers(session, rng, county, paper_plans, file_store_dir)
    agendas = proceedings.write_agendas(session, rng, calendar)
    proceedings.write_consultations(session, county, paper_plans, agendas)
    proceedings.write_sign_offs(session, rng, county, paper_plans)
    protocol.write_protocols(session, rng, county, calendar, agendas)
    _meeting_files(session, county, calendar, agendas, file_store_dir)
    mail.write_outbox(session, county, calendar)
    decisions.write_decisions(session, rng, county)
    decisions.write_redactions(session, county)
    budget_meeting.add_budget_meeting(session, county, file_store_dir)
    search_synonyms.seed_defaults(session, county.body)
    audit.record(session, None, county.body, "demo.loaded",
                 f"Demo-Landkreis {catalog.BODY_NAME} geladen ({len(paper_plans)} Vorlagen)")
    session.flush()
    return True


def _meeting_files(
    session: Session, county: structure.County, calendar: dict[str, list[schedule.PlannedMeeting]],
    agendas: dict[int, list[proceedings.Entry]], file_store_dir: Path | None,
) -> None:
    """The Kreistag's meeting calendar on its last held meeting and presentations on a few agenda items."""
    held_kt = [pm for pm in calendar["kt"] if pm.state is MeetingState.HELD]
    if held_kt:
        last = held_kt[-1]
        year = last.start.astimezone(schedule.LOCAL).year + 1
        dates = [f"– {pm.start.astimezone(schedule.LOCAL):%d.%m.} {catalog.COMMITTEE_BY_KEY[pm.committee].name}"
                 for planned in calendar.values() for pm in planned[-3:]]
        last.meeting.files.append(
            store_docx(session, file_store_dir, name=f"Sitzungskalender {year}", public=True, created=last.start,
                       paragraphs=["Sitzungstermine der Gremien des Landkreises Lindenau (Auszug).", *dates])
        )
    presented: set[str] = set()
    for entries in agendas.values():
        for entry in entries:
            plan = entry.slot.paper_plan if entry.slot else None
            if plan is None or plan.topic.key not in PRESENTED_TOPICS or plan.topic.key in presented:
                continue
            if entry.item.result is None or plan.paper_type is not PaperType.RESOLUTION:
                continue
            presented.add(plan.topic.key)
            committee = catalog.COMMITTEE_BY_KEY[plan.steps[entry.slot.step_index].committee]
            entry.item.files.append(
                store_docx(session, file_store_dir, name=f"Präsentation der Verwaltung: {plan.title}", public=True,
                           created=entry.item.meeting.start_time,
                           paragraphs=[f"Vortrag in der Sitzung {committee.genitive}.",
                                       *(f"– {fill(m, plan.slots)}" for m in plan.topic.measures[:4])])
            )
    session.flush()
