"""Benchmark of the DOCX exports: ``python -m bench docx``.

Builds a 40-item Niederschrift with 50 attendees and a long Vorlage in a
throw-away SQLite database (the app's own database is not touched), then times
loading the view models from the database and rendering the DOCX, repeated a
few times. The target is a Niederschrift in under 300 ms.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from minutes_app.export import docx as docx_export
from minutes_app.models import (
    AgendaItem,
    AgendaItemResult,
    Attendance,
    AttendanceStatus,
    Base,
    Body,
    Consultation,
    ConsultationRole,
    Meeting,
    MeetingState,
    Membership,
    MembershipRole,
    Minutes,
    MinutesState,
    Organization,
    OrganizationType,
    Paper,
    PaperState,
    PaperType,
    Person,
    SignOff,
    SignOffState,
)
from minutes_app.services import documents, paper_document
from minutes_app.services.documents import Audience

TARGET_MS = 300
_TOPICS = (
    "Kreisstraße",
    "Berufsschule",
    "Jugendhilfe",
    "Abfallwirtschaft",
    "Breitbandausbau",
    "Pflegestützpunkt",
    "Radwegekonzept",
    "Klimaschutz",
    "Haushaltssatzung",
    "Krankenhausverbund",
)
_SENTENCE = (
    "Die Verwaltung berichtet über den Stand der Maßnahme {topic} und erläutert die nächsten Schritte. "
    "Die Mitglieder fragen nach Kosten, Zeitplan und Beteiligung der Gemeinden; die Verwaltung sagt eine "
    "schriftliche Antwort bis zur nächsten Sitzung zu."
)


def _text(topic: str, paragraphs: int, heading: str = "") -> str:
    parts = [f"## {heading}"] if heading else []
    for number in range(paragraphs):
        parts.append(
            _SENTENCE.format(topic=topic) + (" Dies gilt **ausdrücklich** auch für *Folgejahre*." if number % 2 else "")
        )
    parts.append("\n".join(f"- {topic}: Maßnahme {n}" for n in range(1, 5)))
    return "\n\n".join(parts)


def _build_data(session: Session) -> tuple[Meeting, Paper, Body]:
    """A body with one held meeting (40 items, 50 attendees) and one long Vorlage."""
    body = Body(name="Landkreis Benchmark", short_name="LK Bench")
    committee = Organization(body=body, name="Kreisausschuss", organization_type=OrganizationType.COMMITTEE)
    department = Organization(body=body, name="Fachbereich Finanzen", organization_type=OrganizationType.DEPARTMENT)
    session.add_all([body, committee, department])
    session.flush()
    start = datetime(2026, 3, 12, 16, 0, tzinfo=UTC)
    meeting = Meeting(
        organization=committee,
        name="Sitzung des Kreisausschusses",
        number="3/2026",
        start_time=start,
        end_time=start + timedelta(hours=3),
        state=MeetingState.HELD,
        location_text="Landratsamt",
        invitation_sent_at=start - timedelta(days=10),
    )
    session.add(meeting)
    persons = []
    for index in range(50):
        person = Person(body_id=body.id, family_name=f"Mitglied{index:02d}", given_name="Alex")
        role = MembershipRole.CHAIR if index == 0 else MembershipRole.MEMBER
        session.add_all(
            [person, Membership(person=person, organization=committee, role=role, start_date=date(2024, 1, 1))]
        )
        persons.append(person)
    session.flush()
    statuses = [AttendanceStatus.PRESENT] * 7 + [
        AttendanceStatus.EXCUSED,
        AttendanceStatus.ABSENT,
        AttendanceStatus.REPRESENTED,
    ]
    for index, person in enumerate(persons):
        status = statuses[index % len(statuses)]
        session.add(
            Attendance(
                meeting=meeting,
                person=person,
                status=status,
                represented_by=persons[(index + 1) % 50] if status is AttendanceStatus.REPRESENTED else None,
            )
        )
    long_paper = Paper(
        body_id=body.id,
        reference="001/2026",
        reference_year=2026,
        reference_number=1,
        name="Kreisentwicklungsplan 2030",
        paper_type=PaperType.RESOLUTION,
        date=date(2026, 2, 1),
        state=PaperState.IN_CONSULTATION,
        originator=department,
        resolution_proposal=_text("Kreisentwicklung", 2),
        reasoning="\n\n".join(_text(topic, 6, f"{n + 1}. {topic}") for n, topic in enumerate(_TOPICS * 4)),
        financial_impact=_text("Finanzierung", 3),
    )
    session.add(long_paper)
    for order in range(1, 5):
        session.add(
            SignOff(
                paper=long_paper,
                paper_version=1,
                order=order,
                position_title=f"Position {order}",
                state=SignOffState.SIGNED,
                signed_at=start - timedelta(days=20 - order),
            )
        )
    for order in range(1, 41):
        public = order <= 32
        topic = _TOPICS[order % len(_TOPICS)]
        item = AgendaItem(
            meeting=meeting,
            order=order,
            number=f"Ö {order}" if public else f"N {order - 32}",
            public=public,
            name=f"{topic} – Beratung und Beschluss {order}",
            minutes_text=_text(topic, 3),
            resolution_text=f"Der Kreisausschuss beschließt die Maßnahme {topic} wie in der Vorlage dargestellt.",
            result=AgendaItemResult.ADOPTED,
            votes_yes=30,
            votes_no=8,
            votes_abstain=2,
        )
        session.add(item)
        if order <= 6:
            session.add(
                Consultation(
                    paper=long_paper,
                    organization=committee,
                    position=order,
                    role=ConsultationRole.DECISION,
                    meeting=meeting,
                    agenda_item=item,
                    result=AgendaItemResult.ADOPTED,
                )
            )
    session.add(
        Minutes(
            meeting=meeting,
            state=MinutesState.CLOSED,
            started_at=start,
            ended_at=start + timedelta(hours=3),
            chair=persons[0],
        )
    )
    # Flushed, never committed: nothing reaches the search index hooks, and the data vanishes with the file.
    session.flush()
    return meeting, long_paper, body


@dataclass(frozen=True)
class Result:
    """Timings of one document in milliseconds: the whole export and its data part (database to view)."""

    label: str
    median: float
    minimum: float
    data_median: float
    size: int


def _measure(
    runs: int, load: Callable[[], Any], render: Callable[[Any], bytes]
) -> tuple[list[float], list[float], int]:
    totals, data, size = [], [], 0
    for _ in range(runs + 1):
        began = time.perf_counter()
        view = load()
        loaded = time.perf_counter()
        size = len(render(view))
        totals.append((time.perf_counter() - began) * 1000)
        data.append((loaded - began) * 1000)
    # The first run pays for imports and the built-in letterhead; it is not counted.
    return totals[1:], data[1:], size


def run(runs: int) -> list[Result]:
    """Time each document from the database to the finished DOCX."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        Base.metadata.create_all(engine)
        with Session(engine) as session:
            meeting, paper, body = _build_data(session)
            meeting_id, paper_id = meeting.id, paper.id
            base = docx_export.letterhead_for(body, None)
            created = datetime.now(UTC)

            def minutes(audience: Audience) -> documents.MinutesDocument:
                session.expire_all()  # read from the database each time, as a request does
                loaded = documents.load_meeting(session, meeting_id)
                assert loaded is not None
                return documents.minutes_document(session, loaded, body, audience)

            def vorlage() -> paper_document.PaperView:
                session.expire_all()
                found = session.get(Paper, paper_id)
                assert found is not None
                return paper_document.paper_view(found, body, Audience.INTERNAL)

            cases: list[tuple[str, Callable[[], Any], Callable[[Any], bytes]]] = [
                (
                    "Niederschrift, vollständig (40 TOP, 50 Anwesende)",
                    lambda: minutes(Audience.INTERNAL),
                    lambda view: docx_export.build_minutes(view, base, created),
                ),
                (
                    "Niederschrift, öffentlich (32 TOP, 50 Anwesende)",
                    lambda: minutes(Audience.PUBLIC),
                    lambda view: docx_export.build_minutes(view, base, created),
                ),
                ("Vorlage, lang (40 Abschnitte)", vorlage, lambda view: docx_export.build_paper(view, base, created)),
            ]
            for label, load, render in cases:
                totals, data, size = _measure(runs, load, render)
                results.append(Result(label, statistics.median(totals), min(totals), statistics.median(data), size))
        engine.dispose()
    return results


@click.command("bench-docx")
@with_appcontext
@click.option("--runs", default=10, show_default=True, help="Wiederholungen je Dokument")
def bench_docx(runs: int) -> None:
    """Time the DOCX export of a 40-item Niederschrift and a long Vorlage."""
    results = run(runs)
    for r in results:
        click.echo(
            f"{r.label}: Median {r.median:.0f} ms (davon Daten {r.data_median:.0f} ms), "
            f"Minimum {r.minimum:.0f} ms, {r.size / 1024:.0f} KB"
        )
    minutes_median = results[0].median
    verdict = "erreicht" if minutes_median < TARGET_MS else "verfehlt"
    click.echo(f"Ziel Niederschrift < {TARGET_MS} ms: {verdict} (Median {minutes_median:.0f} ms)")
