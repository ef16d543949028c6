"""Forms of the administration screens.

The forms only parse input (text, numbers, dates, choices); every rule about
what is valid lives in the services, which word the messages. Field names equal
the services' field names, so a service's error lands on the right field.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    Field,
    Form,
    IntegerField,
    PasswordField,
    SelectField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.i18n import get_translations
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from .. import params
from ..body_context import internal_body
from ...models import MembershipRole, MinutesPublication, Organization, OrganizationType, Person, QuorumRule, Role
from ...models.enums import LabeledEnum
from ...services import accounts
from ...services.admin import BodySettings, LocationData, TermData
from ...services.organizations import MembershipData, OrganizationData
from ...services.persons import PersonData
from ...services.users_admin import UserData

_GERMAN = get_translations(["de_DE", "de"])
BLANK = SelectChoice(value="", label="– keine Angabe –")
PLEASE_CHOOSE = SelectChoice(value="", label="– bitte wählen –")
PASSWORD_HINT = f"Mindestens {accounts.MIN_PASSWORD_LENGTH} Zeichen; nicht der Benutzername."
#: Browsers and password managers should suggest a fresh password, not fill in the administrator's own.
NEW_PASSWORD = {"autocomplete": "new-password"}
INVALID_DATE = "Bitte geben Sie ein gültiges Datum an, z. B. 31.12.2026."
#: Browsers without a date picker send what the user typed, often in German notation.
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
INVALID_NUMBER = "Bitte geben Sie eine ganze Zahl an."
INVALID_CHOICE = "Bitte wählen Sie einen Eintrag aus der Liste."


class RequiredMark:
    """Flags a field as required for its label and the browser; the service checks it and words the message."""

    field_flags = {"required": True}

    def __call__(self, form: Form, field: Field) -> None:
        return None


def options(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs; values are sent as text and coerced back by the field."""
    return [SelectChoice(value=str(value), label=label) for value, label in pairs]


def optional_int(value: Any) -> int | None:
    """Coerce a select value to an id; the empty option means none."""
    return params.coerce_id(value)


class AdminForm(FlaskForm):
    """Base form: WTForms' own messages (wrong date, invalid choice) in German."""

    class Meta:
        def get_translations(self, form: Form) -> Any:
            return _GERMAN


def _date(label: str, required: bool = False) -> DateField:
    validators: list[Any] = [Optional(), RequiredMark(), params.SaneDate()] if required else [Optional(), params.SaneDate()]
    return DateField(label, validators=validators, format=DATE_FORMATS, invalid_value_message=INVALID_DATE)


def _choice(label: str, enum: type[LabeledEnum], **kwargs: Any) -> SelectField:
    return SelectField(
        label, choices=options(enum.choices()), coerce=enum, invalid_value_message=INVALID_CHOICE,
        invalid_choice_message=INVALID_CHOICE, **kwargs,
    )


def _id_select(label: str, **kwargs: Any) -> SelectField:
    # No choice check here: the service checks that the id exists and has the right type,
    # with a message that says what is wrong (e.g. "… ist keine Fraktion").
    return SelectField(label, coerce=optional_int, validate_choice=False, invalid_value_message=INVALID_CHOICE, **kwargs)


def _checkboxes(label: str, **kwargs: Any) -> SelectMultipleField:
    return SelectMultipleField(
        label, widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        invalid_value_message=INVALID_CHOICE, invalid_choice_message=INVALID_CHOICE, **kwargs,
    )


class BodySettingsForm(AdminForm):
    name = StringField("Name der Körperschaft", validators=[RequiredMark()], description="z. B. Landkreis Musterstadt")
    short_name = StringField("Kurzname", description="z. B. LK Musterstadt")
    slug = StringField(
        "Kürzel (Adresse im Bürgerinformationssystem)",
        description="Kleinbuchstaben, Ziffern und Bindestriche, z. B. kreis-musterstadt für /kreis-musterstadt/sitzungen. "
        "Leer lassen, um es aus dem Namen zu bilden.",
    )
    host_name = StringField(
        "Eigener Hostname (optional)",
        description="Unter diesem Namen zeigt das Bürgerinformationssystem direkt diese Körperschaft, "
        "z. B. ris.landkreis-musterstadt.de.",
    )
    website = URLField("Website", description="Vollständige Adresse, z. B. https://www.landkreis-musterstadt.de")
    contact_email = EmailField("Kontakt-E-Mail", description="Erscheint in der Erklärung zur Barrierefreiheit.")
    paper_reference_format = StringField(
        "Format der Vorlagennummer",
        validators=[RequiredMark()],
        description="Platzhalter: {number} laufende Nummer, {number:03d} dreistellig mit Nullen, {year} Jahr, "
        "{short_year} Jahr zweistellig.",
    )
    notice_period_days = IntegerField(
        "Ladungsfrist in Tagen", validators=[Optional(), RequiredMark()], invalid_value_message=INVALID_NUMBER
    )
    notice_counts_dispatch_day = BooleanField("Der Tag der Absendung zählt bei der Ladungsfrist mit")
    notice_counts_meeting_day = BooleanField("Der Sitzungstag zählt bei der Ladungsfrist mit")
    quorum_rule = _choice("Beschlussfähigkeit", QuorumRule)
    minutes_publication = _choice("Öffentlicher Teil der Niederschrift wird veröffentlicht", MinutesPublication)
    max_upload_mb = IntegerField(
        "Höchstgröße einer Anlage in MB", validators=[Optional(), RequiredMark()], invalid_value_message=INVALID_NUMBER
    )
    continuous_numbering = BooleanField(
        "Tagesordnung durchgehend nummerieren",
        description="Der nichtöffentliche Teil zählt weiter (Ö 1–8, N 9–12), statt wieder bei N 1 zu beginnen.",
    )
    sign_off_same_person_allowed = BooleanField(
        "Eine Person darf mehrere Sichtvermerke derselben Vorlage erteilen",
        description="Ohne Haken gilt das Vier-Augen-Prinzip: jede Person zeichnet eine Vorlage nur einmal.",
    )
    imprint_text = TextAreaField("Impressum", description="Absätze durch eine Leerzeile trennen.")
    privacy_text = TextAreaField("Datenschutzerklärung", description="Absätze durch eine Leerzeile trennen.")
    accessibility_text = TextAreaField("Erklärung zur Barrierefreiheit", description="Absätze durch eine Leerzeile trennen.")
    mail_sender = EmailField(
        "Absender der E-Mails",
        description="z. B. sitzungsdienst@landkreis-musterstadt.de; leer: Absender der Installation.",
    )
    mail_reply_to = EmailField(
        "Antwortadresse der E-Mails", description="Antworten auf Einladungen gehen hierhin; leer: an den Absender."
    )
    redacted_names = TextAreaField(
        "Immer zu schwärzende Namen",
        description="Ein Name je Zeile, z. B. einer Privatperson. Er erscheint in keiner öffentlichen Fassung "
        "(Seiten, Word-Dateien, Suche, Kalender, Schnittstelle), sondern wird durch „[geschwärzt]“ ersetzt. "
        "Einzelne Stellen schwärzen Sie im Text mit [[schwärzen: …]].",
    )

    def to_data(self) -> BodySettings:
        return BodySettings(**{name: self[name].data for name in BodySettings.__dataclass_fields__})


class OrganizationForm(AdminForm):
    organization_type = _choice("Art", OrganizationType)
    name = StringField("Name", validators=[RequiredMark()], description="z. B. Ausschuss für Schule und Kultur")
    short_name = StringField("Kurzname", description="z. B. SchA")
    parent_id = _id_select(
        "Übergeordnete Organisation", description="Beim Fachbereich das Dezernat, beim Unterausschuss der Ausschuss."
    )
    notice_period_days = IntegerField(
        "Abweichende Ladungsfrist in Tagen", validators=[Optional()], invalid_value_message=INVALID_NUMBER,
        description="Leer lassen, um die Ladungsfrist der Körperschaft zu verwenden.",
    )
    start_date = _date("Beginn")
    end_date = _date("Ende")
    website = URLField("Website", description="Vollständige Adresse mit https://")

    def to_data(self) -> OrganizationData:
        return OrganizationData(**{name: self[name].data for name in OrganizationData.__dataclass_fields__})


class OrganizationFilterForm(AdminForm):
    class Meta:
        csrf = False

    art = SelectField("Art", choices=options([("", "Alle Arten"), *OrganizationType.choices()]))


class PersonForm(AdminForm):
    form_of_address = StringField("Anrede", description="z. B. Frau, Herr")
    title = StringField("Titel", description="z. B. Dr.")
    given_name = StringField("Vorname")
    family_name = StringField("Nachname", validators=[RequiredMark()])
    affix = StringField("Namenszusatz", description="z. B. KTA")
    email = EmailField("E-Mail")
    # A text input (not type=tel) keeps the shared field styling; inputmode still brings up the number pad.
    phone = StringField("Telefon", render_kw={"inputmode": "tel"})

    def to_data(self) -> PersonData:
        return PersonData(**{name: self[name].data or "" for name in PersonData.__dataclass_fields__})


class SearchForm(AdminForm):
    class Meta:
        csrf = False

    q = StringField("Name enthält")


class MembershipForm(AdminForm):
    organization_id = _id_select("Organisation", validators=[RequiredMark()])
    role = _choice("Funktion", MembershipRole, default=MembershipRole.MEMBER)
    voting_right = BooleanField("Stimmberechtigt", default=True)
    start_date = _date("Beginn", required=True)
    end_date = _date("Ende")
    on_behalf_of_id = _id_select("Für Fraktion", description="Die Fraktion, die die Person in das Gremium entsendet.")

    def to_data(self) -> MembershipData:
        return MembershipData(**{name: self[name].data for name in MembershipData.__dataclass_fields__})


class LegislativeTermForm(AdminForm):
    name = StringField("Bezeichnung", validators=[RequiredMark()], description="z. B. 2024–2029")
    start_date = _date("Beginn", required=True)
    end_date = _date("Ende")

    def to_data(self) -> TermData:
        return TermData(name=self.name.data or "", start_date=self.start_date.data, end_date=self.end_date.data)


class LocationForm(AdminForm):
    description = StringField("Bezeichnung", validators=[RequiredMark()], description="z. B. Kreishaus, Großer Sitzungssaal")
    room = StringField("Raum")
    street_address = StringField("Straße und Hausnummer")
    postal_code = StringField("Postleitzahl")
    locality = StringField("Ort")

    def to_data(self) -> LocationData:
        return LocationData(**{name: self[name].data or "" for name in LocationData.__dataclass_fields__})


class SynonymGroupForm(AdminForm):
    terms = TextAreaField("Begriffe", validators=[RequiredMark()],
                          description="Durch Kommas getrennt, z. B. „Kita, Kindertagesstätte, Kindertageseinrichtung“.")


class UserForm(AdminForm):
    login = StringField("Benutzername", validators=[RequiredMark()], description="Kleinbuchstaben, Ziffern sowie . _ - @")
    display_name = StringField("Anzeigename", validators=[RequiredMark()], description="z. B. Anna Keller")
    email = EmailField("E-Mail")
    roles = _checkboxes("Rollen", choices=options(Role.choices()), coerce=Role)
    person_id = _id_select("Verknüpfte Person", description="Für Mandatsträger/innen erforderlich.")
    department_id = _id_select("Fachbereich", description="Für die Sachbearbeitung erforderlich.")
    committee_ids = _checkboxes("Gremien der Schriftführung", coerce=params.coerce_id, validate_choice=False)
    active = BooleanField("Konto aktiv", default=True)

    def to_data(self) -> UserData:
        return UserData(
            login=self.login.data or "", display_name=self.display_name.data or "", email=self.email.data or "",
            roles=set(self.roles.data or []), person_id=self.person_id.data,
            department_id=self.department_id.data, committee_ids=list(self.committee_ids.data or []),
            active=bool(self.active.data),
        )


class UserCreateForm(UserForm):
    password = PasswordField("Passwort", validators=[RequiredMark()], description=PASSWORD_HINT, render_kw=NEW_PASSWORD)


class PasswordResetForm(AdminForm):
    password = PasswordField("Neues Passwort", validators=[RequiredMark()], description=PASSWORD_HINT, render_kw=NEW_PASSWORD)
    password_confirm = PasswordField("Neues Passwort wiederholen", validators=[RequiredMark()], render_kw=NEW_PASSWORD)


class AuditFilterForm(AdminForm):
    class Meta:
        csrf = False

    # Unknown values simply match nothing; no error message for a stale bookmark.
    object_type = SelectField("Objekt", validate_choice=False)
    action = SelectField("Aktion", validate_choice=False)
    actor = StringField("Person", description="Name der handelnden Person")
    date_from = _date("Von")
    date_to = _date("Bis")


def _body_id() -> int:
    """The administered body's id (-1, matching nothing, before the first body exists)."""
    body = internal_body()
    return body.id if body is not None else -1


def organization_choices(
    session: Session, kind: OrganizationType | None = None, blank: SelectChoice = BLANK
) -> list[SelectChoice]:
    """Select options for the administered body's organizations (of one kind), with an empty first option."""
    stmt = select(Organization).where(Organization.body_id == _body_id()).order_by(Organization.name)
    if kind is not None:
        stmt = stmt.where(Organization.organization_type == kind)
    pairs = [
        (org.id, org.name if kind is not None else f"{org.name} ({org.organization_type.label})")
        for org in session.scalars(stmt)
    ]
    return [blank, *options(pairs)]


def person_choices(session: Session) -> list[SelectChoice]:
    """Select options for the administered body's persons in alphabetical order, with an empty first option."""
    stmt = select(Person).where(Person.body_id == _body_id()).order_by(Person.family_name, Person.given_name)
    persons = session.scalars(stmt).all()
    return [BLANK, *options((p.id, p.sort_name) for p in persons)]
