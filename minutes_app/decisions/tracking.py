"""Creating and updating implementation records and their progress reports (Flask-free; flushes only)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    AgendaItem,
    AgendaItemResult,
    DecisionImplementation,
    ImplementationReport,
    ImplementationStatus,
    Organization,
    OrganizationType,
    User,
)
from ..services import audit, markup
from ..services.errors import InvalidTransition, ValidationFailed

#: Results that make an agenda item a decision to implement.
ADOPTING_RESULTS = (AgendaItemResult.ADOPTED, AgendaItemResult.ADOPTED_AMENDED)
MAX_REPORT_LENGTH = 20_000


def is_adopted(item: AgendaItem) -> bool:
    """Whether the item has an adopting result (beschlossen, geändert beschlossen)."""
    return item.result in ADOPTING_RESULTS


def record_of(session: Session, item: AgendaItem) -> DecisionImplementation | None:
    """The implementation record of the item, if it has one."""
    return session.scalar(select(DecisionImplementation).where(DecisionImplementation.agenda_item_id == item.id))


def _check_department(department: Organization | None) -> dict[str, str]:
    if department is None or department.organization_type is not OrganizationType.DEPARTMENT:
        return {"department": "Bitte wählen Sie den zuständigen Fachbereich."}
    return {}


def _describe(item: AgendaItem) -> str:
    return f"{item.number} „{item.name[:150]}“ ({item.meeting.name})"


def create(
    session: Session, actor: User | None, item: AgendaItem, department: Organization | None, due_date: date | None
) -> DecisionImplementation:
    """Start following an adopted decision: responsible department and due date; status "offen"."""
    if not is_adopted(item):
        raise InvalidTransition("Nur beschlossene Tagesordnungspunkte kommen in die Beschlusskontrolle.")
    if record_of(session, item) is not None:
        raise InvalidTransition("Dieser Beschluss ist bereits in der Beschlusskontrolle.")
    errors = _check_department(department)
    if errors:
        raise ValidationFailed(errors)
    assert department is not None
    record = DecisionImplementation(agenda_item=item, department=department, due_date=due_date)
    session.add(record)
    session.flush()
    due = f", zu erledigen bis {due_date:%d.%m.%Y}" if due_date else ""
    audit.record(
        session, actor, record, "decision.created",
        f"Beschlusskontrolle für {_describe(item)} angelegt: zuständig {department.name}{due}",
    )
    return record


def update(
    session: Session,
    actor: User | None,
    record: DecisionImplementation,
    *,
    department: Organization | None,
    due_date: date | None,
    status: ImplementationStatus,
) -> list[str]:
    """Change department, due date or status; returns the German descriptions of the changes."""
    errors = _check_department(department)
    if errors:
        raise ValidationFailed(errors)
    assert department is not None
    changes = []
    if department.id != record.department_id:
        changes.append(f"zuständig jetzt {department.name}")
        record.department = department
    if due_date != record.due_date:
        changes.append(f"Frist {due_date:%d.%m.%Y}" if due_date else "Frist entfernt")
        record.due_date = due_date
    if status is not record.status:
        changes.append(f"Status „{record.status.label}“ → „{status.label}“")
        record.status = status
    if changes:
        session.flush()
        audit.record(
            session, actor, record, "decision.updated",
            f"Beschlusskontrolle {_describe(record.agenda_item)}: " + "; ".join(changes),
        )
    return changes


def add_report(
    session: Session,
    actor: User | None,
    record: DecisionImplementation,
    *,
    report_date: date | None,
    text: str,
    status: ImplementationStatus | None = None,
) -> ImplementationReport:
    """Add a dated progress report (Sachstand), optionally moving the status along with it."""
    text = markup.normalize(text)
    errors = {}
    if report_date is None:
        errors["report_date"] = "Bitte geben Sie das Datum des Sachstands an."
    if not text:
        errors["text"] = "Bitte beschreiben Sie den Sachstand."
    elif len(text) > MAX_REPORT_LENGTH:
        errors["text"] = f"Der Sachstand darf höchstens {MAX_REPORT_LENGTH} Zeichen lang sein."
    if errors:
        raise ValidationFailed(errors)
    assert report_date is not None
    report = ImplementationReport(
        implementation=record,
        report_date=report_date,
        text=text,
        author_id=actor.id if actor else None,
        author_name=actor.display_name if actor else "System",
    )
    session.add(report)
    summary = f"Sachstand vom {report_date:%d.%m.%Y} zu {_describe(record.agenda_item)} eingetragen"
    if status is not None and status is not record.status:
        summary += f"; Status „{record.status.label}“ → „{status.label}“"
        record.status = status
    session.flush()
    audit.record(session, actor, record, "decision.reported", summary)
    return report
