"""Forms of the Beschlusskontrolle (German labels; the service validates and words the errors)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from ...models import ImplementationStatus
from ...services import markup

INVALID_DATE = "Bitte ein gültiges Datum angeben (TT.MM.JJJJ)."
UNCHANGED = ""


def options(pairs: list[tuple[object, str]]) -> list[SelectChoice]:
    """Select choices from (value, label) pairs."""
    return [SelectChoice(value="" if value is None else str(value), label=label) for value, label in pairs]


def _optional_int(value: object) -> int | None:
    return int(value) if isinstance(value, str | int) and str(value).isdigit() else None


class RecordForm(FlaskForm):
    """Department, due date and status of a decision's implementation."""

    department = SelectField("Zuständiger Fachbereich", coerce=_optional_int, validate_choice=False)
    due_date = DateField(
        "Zu erledigen bis", validators=[Optional()], description="Leer lassen, wenn es keine Frist gibt."
    )
    status = SelectField(
        "Status", choices=options(ImplementationStatus.choices()), default=ImplementationStatus.OPEN.value
    )


class ReportForm(FlaskForm):
    """A dated progress report, optionally moving the status along."""

    report_date = DateField("Stand vom", validators=[Optional()])
    text = TextAreaField("Sachstand", description=markup.HINT)
    new_status = SelectField(
        "Status danach",
        choices=options([(UNCHANGED, "unverändert"), *ImplementationStatus.choices()]),
        default=UNCHANGED,
    )
