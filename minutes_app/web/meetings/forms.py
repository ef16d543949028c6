"""Forms of the meeting and agenda screens.

The forms only parse input (dates, clock times, choices); every rule about what
is valid lives in the services, which word the messages. Field names equal the
services' field names, so a service's error lands on the right field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    Form,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import get_translations
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from .. import params
from ...models import AgendaItemKind
from ...services.meeting_series import RHYTHMS, SeriesData
from ...services.meetings import MeetingData

_GERMAN = get_translations(["de_DE", "de"])
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
TIME_FORMATS = ["%H:%M", "%H.%M"]
INVALID_DATE = "Bitte geben Sie ein gültiges Datum an, z. B. 12.03.2026."
INVALID_TIME = "Bitte geben Sie eine gültige Uhrzeit an, z. B. 16:00."
NO_COMMITTEE = "Bitte wählen Sie ein Gremium aus, für das Sie Sitzungen planen."


def options(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value=str(value), label=label) for value, label in pairs]


PART_CHOICES = options([("oeffentlich", "Öffentlicher Teil (Ö)"), ("nichtoeffentlich", "Nichtöffentlicher Teil (N)")])


class RequiredMark:
    """Flags a field as required for its label; the service checks it and words the message."""

    field_flags: ClassVar[dict[str, bool]] = {"required": True}

    def __call__(self, form: Form, field: Field) -> None:
        return None


def optional_int(value: Any) -> int | None:
    """Coerce a select value to an id; the empty option means none."""
    return params.coerce_id(value)


class MeetingsForm(FlaskForm):
    """Base form: WTForms' own messages (invalid choice and the like) in German."""

    class Meta:
        def get_translations(self, form: Form) -> Any:
            return _GERMAN


def _date(label: str, required: bool = False, **kw: Any) -> DateField:
    validators: list[Any] = [Optional(), RequiredMark(), params.SaneDate()] if required else [Optional(), params.SaneDate()]
    return DateField(label, validators=validators, format=DATE_FORMATS, invalid_value_message=INVALID_DATE, **kw)


def _time(label: str, required: bool = False, **kw: Any) -> TimeField:
    validators: list[Any] = [Optional(), RequiredMark()] if required else [Optional()]
    return TimeField(label, validators=validators, format=TIME_FORMATS, invalid_value_message=INVALID_TIME, **kw)


def _checkboxes(label: str, **kwargs: Any) -> SelectMultipleField:
    return SelectMultipleField(label, widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(), **kwargs)


class MeetingForm(MeetingsForm):
    organization_id = SelectField(
        "Gremium", coerce=optional_int, validators=[RequiredMark()], invalid_choice_message=NO_COMMITTEE
    )
    name = StringField("Titel", description="Leer lassen für „Sitzung <Gremium>“.")
    number = StringField("Sitzungsnummer", description="Leer lassen für die nächste laufende Nummer, z. B. 4/2026.")
    day = _date("Datum", required=True)
    start = _time("Beginn", required=True)
    end = _time("Geplantes Ende")
    location_id = SelectField("Sitzungsort", coerce=optional_int)
    location_text = StringField("Anderer Ort", description="Nur ausfüllen, wenn der Ort nicht in der Liste steht.")
    joint_organization_ids = _checkboxes(
        "Gemeinsame Sitzung mit", coerce=params.coerce_id, description="Weitere Gremien, die an der Sitzung teilnehmen."
    )

    def to_data(self) -> MeetingData:
        return MeetingData(
            organization_id=self.organization_id.data,
            name=self.name.data or "",
            number=self.number.data or "",
            day=self.day.data,
            start=self.start.data,
            end=self.end.data,
            location_id=self.location_id.data,
            location_text=self.location_text.data or "",
            joint_organization_ids=list(self.joint_organization_ids.data or []),
        )


class SeriesForm(MeetingsForm):
    organization_id = SelectField(
        "Gremium", coerce=optional_int, validators=[RequiredMark()], invalid_choice_message=NO_COMMITTEE
    )
    name = StringField("Titel", description="Leer lassen für „Sitzung <Gremium>“.")
    first_day = _date(
        "Erster Termin", required=True, description="Der Wochentag dieses Termins gilt für die ganze Reihe."
    )
    rhythm = SelectField("Rhythmus", choices=options(RHYTHMS.items()), default="2")
    until = _date("Letzter möglicher Termin", description="Leer lassen für ein Jahr ab dem ersten Termin.")
    start = _time("Beginn", required=True)
    end = _time("Geplantes Ende")
    location_id = SelectField("Sitzungsort", coerce=optional_int)
    location_text = StringField("Anderer Ort", description="Nur ausfüllen, wenn der Ort nicht in der Liste steht.")
    skip_dates = TextAreaField(
        "Auszulassende Tage",
        description="Ferien- oder Feiertage, getrennt durch Komma oder Zeilenumbruch, z. B. 24.12.2026, 31.12.2026.",
    )

    def to_data(self) -> SeriesData:
        return SeriesData(
            organization_id=self.organization_id.data,
            name=self.name.data or "",
            first_day=self.first_day.data,
            until=self.until.data,
            rhythm=self.rhythm.data or "",
            start=self.start.data,
            end=self.end.data,
            location_id=self.location_id.data,
            location_text=self.location_text.data or "",
            skip_dates=self.skip_dates.data or "",
        )


class MoveForm(MeetingsForm):
    day = _date("Neues Datum", required=True)
    start = _time("Neuer Beginn", required=True)
    end = _time("Neues geplantes Ende")
    reason = TextAreaField("Grund der Verlegung", validators=[RequiredMark()], description="Höchstens 300 Zeichen.")
    correction = BooleanField(
        "Termin berichtigen",
        description="Die Sitzung hat an einem anderen Tag stattgefunden als eingetragen; "
        "der berichtigte Termin darf in der Vergangenheit liegen.",
    )


class CancelForm(MeetingsForm):
    reason = TextAreaField(
        "Grund der Absage",
        validators=[RequiredMark()],
        description="Wird nach der Einladung auch im Bürgerinformationssystem angezeigt.",
    )


class InvitationForm(MeetingsForm):
    late_reason = TextAreaField(
        "Begründung der Dringlichkeit",
        description="Nur nötig, wenn die Ladungsfrist nicht mehr eingehalten werden kann; sie wird festgehalten.",
    )
    extra_recipients = TextAreaField(
        "Weitere Empfängerinnen und Empfänger",
        description="E-Mail-Adressen, durch Komma oder Zeilenumbruch getrennt, z. B. presse@kreis.de. "
        "Sie erhalten die öffentliche Fassung der Einladung.",
    )


KIND_CHOICES = options((k.value, k.label) for k in AgendaItemKind)
KIND_HINT = (
    "Ein „Bericht ohne Beschluss“ braucht in der Niederschrift kein Ergebnis; eine Überschrift fasst "
    "Unterpunkte zusammen; eine Trennüberschrift (z. B. „A N T R Ä G E“) erhält keine Nummer."
)


class ItemForm(MeetingsForm):
    name = TextAreaField("Titel", validators=[RequiredMark()])
    part = SelectField("Teil", choices=PART_CHOICES)
    kind = SelectField("Art", choices=KIND_CHOICES, default=AgendaItemKind.ITEM.value, description=KIND_HINT)
    public_name = StringField(
        "Öffentlicher Titel (nur nichtöffentlicher Teil)",
        description="Neutraler Titel für das Bürgerinformationssystem, z. B. „Grundstücksangelegenheit“. "
        "Leer lassen für „nichtöffentlich“.",
    )


class ItemEditForm(MeetingsForm):
    name = TextAreaField("Titel", validators=[RequiredMark()])
    kind = SelectField("Art", choices=KIND_CHOICES, description=KIND_HINT)
    #: The title_version the form was loaded at (optimistic locking).
    title_version = HiddenField()
    public_name = StringField(
        "Öffentlicher Titel",
        description="Neutraler Titel für das Bürgerinformationssystem. Leer lassen für „nichtöffentlich“.",
    )


class StandardItemsForm(MeetingsForm):
    keys = _checkboxes("Standardpunkte")


class PlacePaperForm(MeetingsForm):
    """One row of the "zur Beratung anstehend" list; a per-row prefix keeps the ids unique."""

    part = SelectField("Teil", choices=PART_CHOICES)
    public_name = StringField("Öffentlicher Titel (nur N)")


class ConfirmForm(MeetingsForm):
    """Only the CSRF token of a confirmation page."""
