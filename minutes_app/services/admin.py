"""Administration of the body's settings, its legislative terms and its meeting locations.

Organizations and memberships live in :mod:`.organizations`, persons in
:mod:`.persons`, user accounts in :mod:`.users_admin`. Each function validates
its input completely, raises :class:`ValidationFailed` with German messages per
field, writes one audit event per change and flushes without committing.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import redaction
from ..bodies.slugs import slug_error
from ..models import Body, LegislativeTerm, Location, Meeting, MeetingState, MinutesPublication, Organization, QuorumRule, User
from .agenda_outline import renumber
from . import audit
from .admin_checks import (
    REQUIRED_NAME,
    Errors,
    change_summary,
    changed_labels,
    date_order,
    email,
    snapshot,
    text,
    url,
    whole_number,
)
from .numbering import DEFAULT_FORMAT

REFERENCE_PLACEHOLDERS = ("number", "year", "short_year")
#: Sample values for checking and previewing a Vorlage number format.
SAMPLE_NUMBER, SAMPLE_YEAR = 208, 2016
MAX_REFERENCE_LENGTH = 40
MAX_PAGE_TEXT = 20000

BODY_LABELS = {
    "name": "Name",
    "short_name": "Kurzname",
    "slug": "Kürzel",
    "host_name": "Hostname",
    "website": "Website",
    "contact_email": "Kontakt-E-Mail",
    "paper_reference_format": "Format der Vorlagennummer",
    "notice_period_days": "Ladungsfrist",
    "notice_counts_dispatch_day": "Zählung Absendetag",
    "notice_counts_meeting_day": "Zählung Sitzungstag",
    "quorum_rule": "Beschlussfähigkeit",
    "minutes_publication": "Veröffentlichung der Niederschrift",
    "max_upload_mb": "Höchstgröße für Uploads",
    "continuous_numbering": "Durchgehende Nummerierung der Tagesordnung",
    "sign_off_same_person_allowed": "Mehrere Sichtvermerke einer Person",
    "imprint_text": "Impressum",
    "privacy_text": "Datenschutzerklärung",
    "accessibility_text": "Erklärung zur Barrierefreiheit",
    "mail_sender": "Absender der E-Mails",
    "mail_reply_to": "Antwortadresse der E-Mails",
    "redacted_names": "Immer zu schwärzende Namen",
}
TERM_LABELS = {"name": "Bezeichnung", "start_date": "Beginn", "end_date": "Ende"}
LOCATION_LABELS = {
    "description": "Bezeichnung",
    "room": "Raum",
    "street_address": "Straße und Hausnummer",
    "postal_code": "Postleitzahl",
    "locality": "Ort",
}


@dataclass(kw_only=True)
class BodySettings:
    """Everything an administrator sets on the body."""

    name: str
    short_name: str = ""
    #: Kürzel of the portal address; empty: derived from the name (new body) or kept (existing body).
    slug: str = ""
    host_name: str = ""
    website: str = ""
    contact_email: str = ""
    paper_reference_format: str = DEFAULT_FORMAT
    notice_period_days: int | None = 7
    notice_counts_dispatch_day: bool = False
    notice_counts_meeting_day: bool = False
    quorum_rule: QuorumRule = QuorumRule.MORE_THAN_HALF
    minutes_publication: MinutesPublication = MinutesPublication.ON_CLOSED
    max_upload_mb: int | None = 20
    continuous_numbering: bool = False
    sign_off_same_person_allowed: bool = False
    imprint_text: str = ""
    privacy_text: str = ""
    accessibility_text: str = ""
    mail_sender: str = ""
    mail_reply_to: str = ""
    #: Names redacted in every public version, one per line (Schwärzung).
    redacted_names: str = ""


@dataclass(kw_only=True)
class TermData:
    """A Wahlperiode as entered."""

    name: str
    start_date: date | None
    end_date: date | None = None


@dataclass(kw_only=True)
class LocationData:
    """A meeting place as entered."""

    description: str
    room: str = ""
    street_address: str = ""
    postal_code: str = ""
    locality: str = ""


HOST_RE = re.compile(r"^(?=.{1,200}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")


def _clean_address(session: Session, body: Body | None, settings: BodySettings, errors: Errors) -> dict[str, object]:
    """Kürzel and host name: well-formed and used by no other body."""
    values: dict[str, object] = {}
    others = select(Body).where(Body.id != body.id) if body is not None else select(Body)
    slug = (settings.slug or "").strip().lower()
    if slug:
        problem = slug_error(slug)
        if problem:
            errors.add("slug", problem)
        elif session.scalar(others.where(Body.slug == slug)) is not None:
            errors.add("slug", f"Das Kürzel „{slug}“ verwendet bereits eine andere Körperschaft.")
        values["slug"] = slug
    host = (settings.host_name or "").strip().lower().rstrip(".")
    if host and not HOST_RE.match(host):
        errors.add("host_name", "Bitte geben Sie einen Hostnamen ohne https:// und ohne Pfad an, z. B. ris.kreis-ploen.de.")
    elif host and session.scalar(others.where(Body.host_name == host)) is not None:
        errors.add("host_name", f"Der Hostname „{host}“ gehört bereits zu einer anderen Körperschaft.")
    values["host_name"] = host
    return values


def current_body(session: Session) -> Body | None:
    """The body this installation serves (the first one), or None before the first setup."""
    return session.scalar(select(Body).order_by(Body.id).limit(1))


def reference_format_error(pattern: str) -> str | None:
    """Why ``pattern`` cannot number Vorlagen, or None when it renders a usable number."""
    if not pattern:
        return "Bitte geben Sie ein Format an, z. B. {number:03d}/{year}."
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError:
        return "Das Format ist ungültig: Geschweifte Klammern müssen paarweise stehen, z. B. {number}/{year}."
    unknown = sorted(n for n in names if n.split(".")[0].split("[")[0] not in REFERENCE_PLACEHOLDERS)
    if unknown:
        return f"Unbekannter Platzhalter {{{unknown[0]}}}. Erlaubt sind {{number}}, {{year}} und {{short_year}}."
    if not any(n.startswith("number") for n in names):
        return "Das Format muss den Platzhalter {number} für die laufende Nummer enthalten."
    # Numbers restart every year; without the year two Vorlagen would get the same reference.
    if not any(n.startswith(("year", "short_year")) for n in names):
        return "Das Format muss das Jahr enthalten ({year} oder {short_year}), weil die Nummerierung jährlich neu beginnt."
    try:
        rendered = reference_example(pattern)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return "Das Format lässt sich nicht anwenden. Beispiel für ein gültiges Format: {number:03d}/{year}."
    if len(rendered) > MAX_REFERENCE_LENGTH:
        return f"Die erzeugte Vorlagennummer darf höchstens {MAX_REFERENCE_LENGTH} Zeichen lang sein."
    return None


def reference_example(pattern: str) -> str:
    """The Vorlage number ``pattern`` gives for the sample number and year (raises on a bad pattern)."""
    return pattern.format(number=SAMPLE_NUMBER, year=SAMPLE_YEAR, short_year=SAMPLE_YEAR % 100)


def _clean_settings(session: Session, body: Body | None, settings: BodySettings) -> dict[str, object]:
    errors = Errors()
    values: dict[str, object] = {
        "name": text(errors, "name", settings.name, max_length=200, required=REQUIRED_NAME),
        "short_name": text(errors, "short_name", settings.short_name, max_length=60),
        "website": url(errors, "website", settings.website),
        "contact_email": email(errors, "contact_email", settings.contact_email),
        "paper_reference_format": text(errors, "paper_reference_format", settings.paper_reference_format, max_length=40),
        "notice_period_days": whole_number(
            errors, "notice_period_days", settings.notice_period_days, low=0, high=60,
            missing="Bitte geben Sie die Ladungsfrist in Tagen an.",
        ),
        "notice_counts_dispatch_day": bool(settings.notice_counts_dispatch_day),
        "notice_counts_meeting_day": bool(settings.notice_counts_meeting_day),
        "quorum_rule": settings.quorum_rule,
        "minutes_publication": settings.minutes_publication,
        "continuous_numbering": bool(settings.continuous_numbering),
        "sign_off_same_person_allowed": bool(settings.sign_off_same_person_allowed),
        "max_upload_mb": whole_number(
            errors, "max_upload_mb", settings.max_upload_mb, low=1, high=500,
            missing="Bitte geben Sie die Höchstgröße in MB an.",
        ),
    }
    if "paper_reference_format" not in errors:
        problem = reference_format_error(str(values["paper_reference_format"]))
        if problem:
            errors.add("paper_reference_format", problem)
    values["mail_sender"] = email(errors, "mail_sender", settings.mail_sender)
    values["mail_reply_to"] = email(errors, "mail_reply_to", settings.mail_reply_to)
    for name in ("imprint_text", "privacy_text", "accessibility_text"):
        values[name] = text(errors, name, getattr(settings, name), max_length=MAX_PAGE_TEXT)
    values.update(_clean_address(session, body, settings, errors))
    problem = redaction.check_names(settings.redacted_names)
    if problem:
        errors.add("redacted_names", problem)
    values["redacted_names"] = "\n".join(redaction.parse_names(settings.redacted_names))
    errors.raise_if_any()
    return values


def save_body_settings(session: Session, actor: User | None, body: Body | None, settings: BodySettings) -> Body:
    """Create a body (the first, or a further one), otherwise update its settings."""
    values = _clean_settings(session, body, settings)
    if body is None:
        body = Body(**values)
        session.add(body)
        audit.record(session, actor, body, "body.created", f"Körperschaft „{body.name}“ angelegt")
        return body
    before = snapshot(body, BODY_LABELS)
    numbering_changed = body.continuous_numbering != values["continuous_numbering"]
    old_names = body.redacted_names
    for name, value in values.items():
        setattr(body, name, value)
    if numbering_changed:
        _renumber_open_agendas(session, body)
    changes = changed_labels(body, before, BODY_LABELS)
    if changes:
        audit.record(session, actor, body, "body.updated", change_summary("Einstellungen", changes))
    redaction.record_name_changes(session, actor, body, old_names, body.redacted_names)
    return body


def _renumber_open_agendas(session: Session, body: Body) -> None:
    """Planned and invited meetings take the new numbering; held meetings keep theirs (the record)."""
    session.flush()
    meetings = session.scalars(
        select(Meeting).join(Organization, Meeting.organization_id == Organization.id).where(
            Organization.body_id == body.id, Meeting.state.in_([MeetingState.PLANNED, MeetingState.INVITED])
        )
    )
    for meeting in meetings:
        renumber(session, meeting)


def _clean_term(data: TermData) -> dict[str, object]:
    errors = Errors()
    name = text(errors, "name", data.name, max_length=100, required="Bitte geben Sie eine Bezeichnung an, z. B. 2024–2029.")
    if data.start_date is None:
        errors.add("start_date", "Bitte geben Sie den Beginn an.")
    date_order(errors, data.start_date, data.end_date)
    errors.raise_if_any()
    return {"name": name, "start_date": data.start_date, "end_date": data.end_date}


def create_legislative_term(session: Session, actor: User | None, body: Body, data: TermData) -> LegislativeTerm:
    """Add a Wahlperiode to ``body``."""
    term = LegislativeTerm(body=body, **_clean_term(data))
    session.add(term)
    audit.record(session, actor, term, "legislative_term.created", f"Wahlperiode „{term.name}“ angelegt")
    return term


def update_legislative_term(session: Session, actor: User | None, term: LegislativeTerm, data: TermData) -> LegislativeTerm:
    """Change a Wahlperiode's name or dates."""
    values = _clean_term(data)
    before = snapshot(term, TERM_LABELS)
    for name, value in values.items():
        setattr(term, name, value)
    changes = changed_labels(term, before, TERM_LABELS)
    if changes:
        audit.record(session, actor, term, "legislative_term.updated", change_summary(f"Wahlperiode „{term.name}“", changes))
    return term


def _clean_location(data: LocationData) -> dict[str, str]:
    errors = Errors()
    values = {
        "description": text(
            errors, "description", data.description, max_length=200,
            required="Bitte geben Sie eine Bezeichnung an, z. B. Kreishaus.",
        ),
        "room": text(errors, "room", data.room, max_length=100),
        "street_address": text(errors, "street_address", data.street_address, max_length=200),
        "postal_code": text(errors, "postal_code", data.postal_code, max_length=10),
        "locality": text(errors, "locality", data.locality, max_length=100),
    }
    if values["postal_code"] and not (values["postal_code"].isdigit() and len(values["postal_code"]) == 5):
        errors.add("postal_code", "Bitte geben Sie eine fünfstellige Postleitzahl an.")
    errors.raise_if_any()
    return values


def create_location(session: Session, actor: User | None, body: Body, data: LocationData) -> Location:
    """Add a meeting place of ``body``."""
    location = Location(body_id=body.id, **_clean_location(data))
    session.add(location)
    audit.record(session, actor, location, "location.created", f"Ort „{location.label}“ angelegt")
    return location


def update_location(session: Session, actor: User | None, location: Location, data: LocationData) -> Location:
    """Change a meeting place's description or address."""
    values = _clean_location(data)
    before = snapshot(location, LOCATION_LABELS)
    for name, value in values.items():
        setattr(location, name, value)
    changes = changed_labels(location, before, LOCATION_LABELS)
    if changes:
        audit.record(session, actor, location, "location.updated", change_summary(f"Ort „{location.label}“", changes))
    return location

