"""Forms of the minutes screens (labels and messages in German).

The attendance list and single member votes have one field per person; they
are read from the request by the views and checked by the services, with the
CSRF token checked through :class:`ActionForm`.
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from collections.abc import Iterable

from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import TextInput

from .. import params
from ...models import AgendaItemResult, AttendeeKind
from ...services import attendance, minutes, minutes_lifecycle

NOT_A_NUMBER = "Bitte geben Sie eine ganze Zahl ein."
NOT_A_TIME = "Bitte geben Sie die Uhrzeit als Stunden:Minuten ein, z. B. 17:05."
INVALID_CHOICE = "Bitte wählen Sie einen Eintrag aus der Liste."


def options(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices; ``None`` becomes the empty value."""
    return [SelectChoice(value="" if value is None else str(value), label=label) for value, label in pairs]


def _optional_int(value: object) -> int | None:
    return params.coerce_id(value)


class ActionForm(FlaskForm):
    """Only the CSRF token: for buttons and the forms whose fields the view reads itself."""


class HeaderForm(FlaskForm):
    """Actual start and end of the meeting (on the meeting day) and who chaired it."""

    started_at = TimeField("Beginn (Uhrzeit)", validators=[Optional()], invalid_value_message=NOT_A_TIME)
    ended_at = TimeField("Ende (Uhrzeit)", validators=[Optional()], invalid_value_message=NOT_A_TIME)
    chair_id = SelectField(
        "Vorsitz", coerce=_optional_int, validate_choice=True, invalid_choice_message=INVALID_CHOICE,
        description="Wer die Sitzung geleitet hat (bei Verhinderung des Vorsitzes die Stellvertretung).",
    )


def count_field(label: str) -> IntegerField:
    """A vote count: blank means "not counted", otherwise a whole number from 0."""
    # A text input: it shows a mistyped value again as typed (a number input cannot hold "x").
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(min=0, message="Stimmenzahlen dürfen nicht negativ sein."),
            # More votes than any council has members is a typing mistake (and would overflow the column).
            NumberRange(max=100_000, message="Bitte geben Sie eine Stimmenzahl bis 100.000 an."),
        ],
        invalid_value_message=NOT_A_NUMBER,
        widget=TextInput(),
        render_kw={"inputmode": "numeric", "autocomplete": "off", "size": 4},
    )


RESULT_CHOICES = options([("", "– noch kein Ergebnis –"), *AgendaItemResult.choices()])


class ItemForm(FlaskForm):
    """Texts, result and vote of one agenda item; ``version`` is the optimistic lock."""

    version = HiddenField()
    minutes_text = TextAreaField(
        "Beratungsverlauf", validators=[Length(max=minutes.MAX_TEXT, message="Der Text ist zu lang.")]
    )
    resolution_text = TextAreaField(
        "Beschluss", validators=[Length(max=minutes.MAX_TEXT, message="Der Text ist zu lang.")],
        description="Vorbelegt mit dem Beschlussvorschlag der Vorlage; bei geänderten Beschlüssen bitte anpassen.",
    )
    result = SelectField("Ergebnis", choices=RESULT_CHOICES, default="", invalid_choice_message=INVALID_CHOICE)
    votes_yes = count_field("Ja-Stimmen")
    votes_no = count_field("Nein-Stimmen")
    votes_abstain = count_field("Enthaltungen")
    unanimous = BooleanField("einstimmig", description="Mit Enthaltungen: deren Zahl unter „Enthaltungen“ angeben.")
    majority = BooleanField("mehrheitlich (ohne Zählung)")
    result_wording = StringField(
        "Ergebnis im Wortlaut der Niederschrift",
        validators=[Length(max=minutes.MAX_WORDING, message="Der Wortlaut ist zu lang.")],
        description="Leer lassen für das Ergebnis oben; z. B. „Mehrheitliche Zustimmung“, "
        "„Empfehlung an den Rat“, „mit Stellungnahme einverstanden“.",
        render_kw={"list": "ergebnis-wortlaut", "autocomplete": "off"},
    )


class AttendeeForm(FlaskForm):
    """A guest or a member of staff present at the meeting."""

    kind = SelectField(
        "Art", choices=options([(AttendeeKind.STAFF.value, "Verwaltung"), (AttendeeKind.GUEST.value, "Gast")]),
        invalid_choice_message=INVALID_CHOICE,
    )
    name = StringField(
        "Name",
        validators=[
            InputRequired("Bitte geben Sie den Namen an."),
            Length(max=attendance.MAX_NAME, message=f"Der Name darf höchstens {attendance.MAX_NAME} Zeichen haben."),
        ],
    )
    note = StringField(
        "Funktion oder Institution",
        validators=[
            Length(
                max=attendance.MAX_NOTE, message=f"Die Funktion darf höchstens {attendance.MAX_NOTE} Zeichen haben."
            ),
        ],
        description="z. B. „Fachbereichsleiter Jobcenter“ oder „Sachverständiger“.",
    )


class ApprovalForm(FlaskForm):
    """Approve earlier minutes of the committee under this agenda item."""

    minutes_id = SelectField("Niederschrift", coerce=_optional_int, invalid_choice_message=INVALID_CHOICE)
    corrections = TextAreaField(
        "Berichtigungen zum öffentlichen Teil",
        validators=[Length(max=minutes_lifecycle.MAX_CORRECTIONS, message="Der Text ist zu lang.")],
        description=(
            "Leer lassen, wenn die Niederschrift ohne Änderungen genehmigt wird. "
            "Wird mit dem Beschluss dieses Tagesordnungspunkts veröffentlicht."
        ),
    )
    internal_corrections = TextAreaField(
        "Berichtigungen zum nichtöffentlichen Teil",
        validators=[Length(max=minutes_lifecycle.MAX_CORRECTIONS, message="Der Text ist zu lang.")],
        description="Erscheint nur in der internen Fassung.",
    )
