"""Forms of the history screens (Altbestand): a past Vorlage, a past meeting with its items line by line.

The forms only parse input; the rules and their German messages live in
:mod:`minutes_app.records`. Field names equal the service's field names, so a
service error lands on its field.
"""
from __future__ import annotations

from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional

from ...models import ConsultationRole, MinutesState, PaperType
from ...services import markup
from ..meetings.forms import DATE_FORMATS, INVALID_DATE, INVALID_TIME, TIME_FORMATS
from ..papers.forms import GermanForm, MultiCheckboxField, PaperLinksForm, options

STEPS = 4
ROLE_CHOICES = options([("", "–"), *ConsultationRole.choices()])


class RecordedPaperForm(PaperLinksForm):
    """A Vorlage as it stands on the original."""

    reference = StringField(
        "Vorlagen-Nr. (Aktenzeichen)",
        validators=[DataRequired("Bitte geben Sie die Vorlagen-Nr. an, wie sie auf der Vorlage steht."),
                    Length(max=40, message="Höchstens 40 Zeichen.")],
        description="Genau wie auf dem Original, z. B. „2013/0240“; es wird keine neue Nummer vergeben.",
    )
    paper_date = DateField("Datum der Vorlage", format=DATE_FORMATS,
                           validators=[DataRequired(INVALID_DATE)], description="z. B. 04.02.2013")
    paper_type = SelectField("Art der Vorlage", choices=options(PaperType.choices()),
                             default=PaperType.RESOLUTION.value)
    name = StringField("Betreff", validators=[DataRequired("Bitte geben Sie einen Betreff an."),
                                              Length(max=500, message="Höchstens 500 Zeichen.")])
    public = RadioField("Status", choices=options([("1", "öffentlich"), ("0", "nichtöffentlich")]), default="1")
    under_direction_of = MultiCheckboxField(
        "Federführend", coerce=int,
        description="Keiner, einer oder mehrere Fachbereiche; der erste in der Liste gilt als federführend. "
                    "Ein Antrag einer Fraktion braucht keinen.",
    )
    resolution_proposal = TextAreaField("Beschlussvorschlag", description=markup.HINT)
    reasoning = TextAreaField("Sachverhalt/Begründung", description=markup.HINT)
    financial_impact = TextAreaField("Finanzierung und Folgekosten", description=markup.HINT)
    signatures = TextAreaField(
        "Unterschriften wie auf dem Original", validators=[Length(max=5000, message="Höchstens 5000 Zeichen.")],
        description="Eine Zeile je Unterschrift, z. B. „gez. Dr. Bernd Sommer, Landrat, 04.02.2013“.",
    )


for _n in range(1, STEPS + 1):
    setattr(RecordedPaperForm, f"step_{_n}_organization", SelectField(f"Beratungsfolge {_n}: Gremium"))
    setattr(RecordedPaperForm, f"step_{_n}_role", SelectField(f"Beratungsfolge {_n}: Rolle", choices=ROLE_CHOICES))


class RecordedMeetingForm(GermanForm):
    """A past meeting with its agenda typed line by line."""

    organization = SelectField("Gremium", validators=[DataRequired("Bitte wählen Sie ein Gremium.")])
    name = StringField("Bezeichnung", validators=[DataRequired("Bitte geben Sie die Bezeichnung an."),
                                                  Length(max=200, message="Höchstens 200 Zeichen.")],
                       description="z. B. „12. Sitzung des Kreistages“")
    number = StringField("Sitzungsnummer", validators=[Length(max=30, message="Höchstens 30 Zeichen.")])
    day = DateField("Datum", format=DATE_FORMATS, validators=[DataRequired(INVALID_DATE)],
                    description="z. B. 14.03.2013")
    start = TimeField("Beginn", format=TIME_FORMATS, validators=[DataRequired(INVALID_TIME)])
    end = TimeField("Ende", format=TIME_FORMATS, validators=[Optional()])
    location_text = StringField("Ort", validators=[Length(max=300, message="Höchstens 300 Zeichen.")])
    minutes_state = SelectField(
        "Niederschrift",
        choices=options([(MinutesState.APPROVED.value, "genehmigt"), (MinutesState.CLOSED.value, "abgeschlossen"),
                         ("", "keine Niederschrift erfasst")]),
        default=MinutesState.APPROVED.value,
    )
    approved_on = DateField("Genehmigt am", format=DATE_FORMATS, validators=[Optional()],
                            description="Datum der Sitzung, in der die Niederschrift genehmigt wurde.")
    chair = SelectField("Vorsitz")
    minutes_signatures = TextAreaField(
        "Unterschriften der Niederschrift", validators=[Length(max=5000, message="Höchstens 5000 Zeichen.")],
        description="Eine Zeile je Unterschrift, z. B. „gez. Ute Hansen, Vorsitzende“.",
    )
    items = TextAreaField(
        "Tagesordnung",
        description="Eine Zeile je Tagesordnungspunkt: Nummer | Gegenstand | Vorlagen-Nr. | Ergebnis | "
                    "Abstimmung | Beschlusstext. Nur der Gegenstand ist nötig; eine Nummer mit „N“ gehört zum "
                    "nichtöffentlichen Teil. Abstimmung: „einstimmig“ oder Ja/Nein/Enthaltung wie „38/4/2“.",
    )
    attendance = TextAreaField(
        "Anwesenheit",
        description="Eine Zeile je Person: Name | Anwesenheit | Funktion, z. B. „Ute Hansen“ oder "
                    "„Jan Meyer | entschuldigt“. Anwesenheit: anwesend, entschuldigt, abwesend, vertreten.",
    )
