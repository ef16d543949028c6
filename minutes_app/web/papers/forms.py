"""Forms of the Vorlagen screens (labels and messages in German)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.i18n import get_translations
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from .. import params
from ...models import ConsultationRole, PaperState, PaperType
from ...services import files, markup
from ...services.papers import MAX_TEXT_LENGTH, MAX_TITLE_LENGTH
from ...services.sign_offs import MAX_COMMENT_LENGTH


def options(pairs: Iterable[tuple[Any, str]], optgroup: str | None = None) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value=str(value), label=label, optgroup=optgroup) for value, label in pairs]


_GERMAN = get_translations(["de_DE", "de"])


class GermanForm(FlaskForm):
    """Base form: WTForms' own messages (invalid choice and the like) in German."""

    class Meta:
        def get_translations(self, form: Any) -> Any:
            return _GERMAN


_TEXT_TOO_LONG = f"Der Text darf höchstens {MAX_TEXT_LENGTH:,} Zeichen lang sein.".replace(",", ".")


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes (rendered as a fieldset by the template)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PaperLinksForm(GermanForm):
    """Who submitted a Vorlage and which Vorlagen it belongs to (OParl originators and related papers);
    shared by the Vorlage form and the form for Vorlagen recorded after the fact."""

    originator_organizations = MultiCheckboxField("Eingereicht von (Fraktion, Gruppe, Gremium)", coerce=int)
    originator_persons = SelectMultipleField(
        "Eingereicht von (Personen)", coerce=int, description="Mehrfachauswahl mit Strg- bzw. Befehlstaste."
    )
    superordinated = StringField(
        "Bezieht sich auf Vorlage", validators=[Length(max=40, message="Höchstens 40 Zeichen.")],
        description="Bei einem Änderungs- oder Ergänzungsantrag die Nr. der Vorlage, die er ändert.",
    )
    related = StringField(
        "Verwandte Vorlagen", validators=[Length(max=400, message="Höchstens 400 Zeichen.")],
        description="Nummern, durch Komma getrennt.",
    )


class PaperForm(PaperLinksForm):
    """Header fields and texts of a Vorlage."""

    paper_type = SelectField(
        "Art der Vorlage", choices=options(PaperType.choices()), default=PaperType.RESOLUTION.value
    )
    name = StringField(
        "Betreff",
        validators=[
            DataRequired("Bitte geben Sie einen Betreff an."),
            Length(max=MAX_TITLE_LENGTH, message=f"Der Betreff darf höchstens {MAX_TITLE_LENGTH} Zeichen lang sein."),
        ],
    )
    public = RadioField(
        "Status", choices=options([("1", "öffentlich"), ("0", "nichtöffentlich")]), default="1",
        description="Nichtöffentliche Vorlagen erscheinen nie im Bürgerinformationssystem.",
    )
    participants = MultiCheckboxField(
        "Beteiligt", coerce=params.coerce_id, description="Weitere Fachbereiche oder Dezernate, die beteiligt sind."
    )
    paper_date = DateField(
        "Datum der Vorlage", format=["%Y-%m-%d", "%d.%m.%Y"], validators=[Optional()],
        description="Leer lassen für heute. Die Vorlagennummer behält ihr Jahr, auch wenn sich das Datum ändert.",
    )
    #: "department" (the author's department leads) or "none" (an Antrag of a Fraktion, group or person).
    originator = RadioField("Federführend", default="department")
    further_leads = MultiCheckboxField(
        "Ebenfalls federführend", coerce=int,
        description="Weitere Fachbereiche oder Dezernate, die die Federführung teilen.",
    )
    resolution_proposal = TextAreaField(
        "Antrag der Verwaltung / Beschlussvorschlag",
        validators=[Length(max=MAX_TEXT_LENGTH, message=_TEXT_TOO_LONG)],
        description=markup.HINT,
    )
    reasoning = TextAreaField(
        "Sachverhalt/Begründung",
        validators=[Length(max=MAX_TEXT_LENGTH, message=_TEXT_TOO_LONG)],
        description=markup.HINT,
    )
    financial_impact = TextAreaField(
        "Finanzierung und Folgekosten",
        validators=[Length(max=MAX_TEXT_LENGTH, message=_TEXT_TOO_LONG)],
        description=markup.HINT,
    )
    #: The modification time the form was loaded with (edit lock).
    based_on = HiddenField()


class ConsultationForm(GermanForm):
    """One step of the Beratungsfolge."""

    organization = SelectField("Gremium", validators=[DataRequired("Bitte wählen Sie ein Gremium.")])
    role = SelectField("Rolle", choices=options(ConsultationRole.choices()), default=ConsultationRole.PRELIMINARY.value)
    authoritative = BooleanField(
        "maßgeblich (diese Beratung entscheidet abschließend)",
        description="Bei einer Beschlussvorlage ist genau eine Beratung maßgeblich.",
    )
    meeting = SelectField(
        "Geplante Sitzung",
        description="Optional; die Schriftführung setzt die Vorlage später auf die Tagesordnung.",
    )


class UploadForm(GermanForm):
    """An Anlage to upload."""

    file = FileField(
        "Datei", validators=[FileRequired("Bitte wählen Sie eine Datei aus.")],
        render_kw={"accept": files.ACCEPT},
    )
    title = StringField(
        "Bezeichnung", validators=[Length(max=300, message="Höchstens 300 Zeichen.")],
        description="Optional, z. B. „Anlage 1 – Kostenübersicht“; sonst der Dateiname.",
    )
    # Not ticked by default: publishing an attachment is a decision (personal data hides in attachments).
    public = BooleanField("öffentlich (im Bürgerinformationssystem sichtbar, sobald die Vorlage es ist)", default=False)


class RedactedCopyForm(GermanForm):
    """A redacted copy of an Anlage, shown to the public instead of the original."""

    file = FileField(
        "Geschwärzte Fassung", validators=[FileRequired("Bitte wählen Sie eine Datei aus.")],
        render_kw={"accept": files.ACCEPT},
    )


class SignForm(GermanForm):
    """Sign the due Sichtvermerk for exactly the version shown."""

    content_hash = HiddenField()
    comment = TextAreaField(
        "Hinweis (optional)",
        validators=[Length(max=MAX_COMMENT_LENGTH, message=f"Höchstens {MAX_COMMENT_LENGTH} Zeichen.")],
    )


class ReturnForm(GermanForm):
    """Return the Vorlage to its author."""

    content_hash = HiddenField()
    comment = TextAreaField(
        "Begründung der Rückgabe",
        validators=[
            DataRequired("Bitte begründen Sie die Rückgabe."),
            Length(max=MAX_COMMENT_LENGTH, message=f"Höchstens {MAX_COMMENT_LENGTH} Zeichen."),
        ],
        description="Die Verfasserin oder der Verfasser sieht diese Begründung an der Vorlage.",
    )


class WithdrawForm(GermanForm):
    """Withdraw a Vorlage."""

    reason = TextAreaField(
        "Begründung",
        validators=[DataRequired("Bitte geben Sie an, warum die Vorlage zurückgezogen wird."), Length(max=2000)],
    )


class ActionForm(GermanForm):
    """A button that only needs the CSRF token."""


class FilterForm(GermanForm):
    """Filters of the Vorlagen list (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField("Betreff oder Nummer", validators=[Optional(), Length(max=200)])
    state = SelectField("Zustand", choices=options([("", "alle"), *PaperState.choices()]), default="")
    paper_type = SelectField("Art", choices=options([("", "alle"), *PaperType.choices()]), default="")
    department = SelectField("Federführend", default="")
    year = SelectField("Jahr", default="")
    mine = BooleanField("nur meine Vorlagen")
    waiting = BooleanField("wartet auf meine Zeichnung")
    sort = SelectField(
        "Sortieren nach",
        choices=options([
            ("nummer", "Nummer"), ("betreff", "Betreff"), ("datum", "Datum"),
            ("zustand", "Zustand"), ("geaendert", "zuletzt geändert"),
        ]),
        default="nummer",
    )
    order = SelectField("Reihenfolge", choices=options([("ab", "absteigend"), ("auf", "aufsteigend")]), default="ab")
