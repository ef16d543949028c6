"""Demo Beschlusskontrolle and Schwärzung.

Adopted decisions of held meetings get an implementation record: older ones are
mostly implemented or settled, some are overdue, recent ones are open with a
future due date; the demo editor's department (Jobcenter) has open and overdue
decisions on the internal start page. A public Niederschrift of the Kreistag
carries an Einwohnerfragestunde whose private speaker is redacted, and the
body's always-redact list names a private person mentioned there.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..decisions.tracking import ADOPTING_RESULTS
from ..models import (
    AgendaItem,
    DecisionImplementation,
    ImplementationReport,
    ImplementationStatus,
    Meeting,
    Minutes,
    MinutesState,
    Organization,
)
from .schedule import LOCAL
from .structure import County

#: The private persons of the demo Einwohnerfragestunde.
SPEAKER = "Gerda Sonnleitner"
LISTED_NAME = "Bernd Habicht"
QUESTION = (
    "**Einwohnerfragestunde:** [[schwärzen: Frau Gerda Sonnleitner, Lindenweg 4,]] fragt, wann der Radweg "
    f"an der Kreisstraße saniert wird, und verweist auf den Sturz ihres Nachbarn {LISTED_NAME}. "
    "Der Landrat sagt eine schriftliche Antwort bis zur nächsten Sitzung zu."
)
REPORTS = (
    "Die Ausschreibung ist vorbereitet; die Vergabe ist für das nächste Quartal geplant.",
    "Der Auftrag ist vergeben; die Umsetzung läuft planmäßig.",
    "Die Maßnahme ist abgeschlossen; die Abrechnung liegt dem Fachbereich Finanzen vor.",
)


def _department_of(item: AgendaItem, county: County, rng: random.Random) -> Organization:
    paper = item.consultation.paper if item.consultation is not None else None
    if paper is not None:
        return paper.originator
    return rng.choice(sorted(county.departments.values(), key=lambda o: o.id))


def _report(record: DecisionImplementation, county: County, day: date, text: str) -> None:
    author = county.users["sachbearbeitung"]
    record.reports.append(ImplementationReport(report_date=day, text=text, author_id=author.id,
                                               author_name=author.display_name))


def write_decisions(session: Session, rng: random.Random, county: County) -> None:
    """Implementation records for the adopted decisions of held meetings with minutes."""
    today = county.today
    items = session.scalars(
        select(AgendaItem)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(AgendaItem.result.in_(ADOPTING_RESULTS))
        .order_by(Meeting.start_time, AgendaItem.order)
    ).all()
    jobcenter = county.users["sachbearbeitung"].department
    for index, item in enumerate(items):
        decided = item.meeting.start_time.astimezone(LOCAL).date()
        age = (today - decided).days
        department = _department_of(item, county, rng)
        # Every fifth decision goes to the demo editor's department, so its start page has work.
        if jobcenter is not None and index % 5 == 0:
            department = jobcenter
        due = decided + timedelta(days=rng.choice((60, 90, 120, 180)))
        if age > 200:
            status = rng.choice((ImplementationStatus.DONE, ImplementationStatus.DONE, ImplementationStatus.SETTLED,
                                 ImplementationStatus.IN_PROGRESS))
        elif due < today:
            status = rng.choice(
                (ImplementationStatus.OPEN, ImplementationStatus.IN_PROGRESS, ImplementationStatus.DONE)
            )
        else:
            status = ImplementationStatus.OPEN
        record = DecisionImplementation(agenda_item=item, department=department, due_date=due, status=status)
        session.add(record)
        if status is not ImplementationStatus.OPEN:
            steps = 1 if status is ImplementationStatus.IN_PROGRESS else 2
            for step in range(steps):
                day = min(today, decided + timedelta(days=30 + 40 * step))
                text = REPORTS[-1] if step == steps - 1 and status is ImplementationStatus.DONE else REPORTS[step]
                _report(record, county, day, text)
    session.flush()


def write_redactions(session: Session, county: County) -> None:
    """The Einwohnerfragestunde with a redacted speaker in the latest published Kreistag minutes."""
    kreistag = county.committees.get("kt")
    if kreistag is None:
        return
    minutes = session.scalars(
        select(Minutes)
        .join(Meeting, Minutes.meeting_id == Meeting.id)
        .where(Meeting.organization_id == kreistag.id, Minutes.state != MinutesState.DRAFT)
        .order_by(Meeting.start_time.desc())
    ).first()
    if minutes is None:
        return
    public_items = [i for i in minutes.meeting.agenda_items if i.public]
    target = next((i for i in public_items if i.name.startswith(("Anfragen", "Mitteilungen"))), None)
    target = target or public_items[-1]
    target.minutes_text = f"{target.minutes_text}\n\n{QUESTION}".strip()
    county.body.redacted_names = LISTED_NAME
    session.flush()
