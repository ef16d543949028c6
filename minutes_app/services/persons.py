"""Administration of persons: council members, staff and guests known to the body.

Functions validate completely, raise :class:`ValidationFailed` with German
messages per field, write one audit event per change, and flush without committing.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..models import Body, Person, User
from . import audit
from .admin_checks import Errors, change_summary, changed_labels, contains_word, email, snapshot, text

PERSON_LABELS = {
    "form_of_address": "Anrede",
    "title": "Titel",
    "given_name": "Vorname",
    "family_name": "Nachname",
    "affix": "Namenszusatz",
    "email": "E-Mail",
    "phone": "Telefon",
}


@dataclass(kw_only=True)
class PersonData:
    """A person as entered."""

    family_name: str
    given_name: str = ""
    form_of_address: str = ""
    title: str = ""
    affix: str = ""
    email: str = ""
    phone: str = ""


def persons_query(search: str = "") -> Select[tuple[Person]]:
    """Persons in alphabetical order; ``search`` matches parts of the given or family name."""
    stmt = select(Person).order_by(func.lower(Person.family_name), func.lower(Person.given_name), Person.id)
    for word in search.split():
        stmt = stmt.where(contains_word([Person.family_name, Person.given_name], word))
    return stmt


def _clean_person(data: PersonData) -> dict[str, str]:
    errors = Errors()
    values = {
        "family_name": text(
            errors, "family_name", data.family_name, max_length=100, required="Bitte geben Sie einen Nachnamen an."
        ),
        "given_name": text(errors, "given_name", data.given_name, max_length=100),
        "form_of_address": text(errors, "form_of_address", data.form_of_address, max_length=30),
        "title": text(errors, "title", data.title, max_length=60),
        "affix": text(errors, "affix", data.affix, max_length=30),
        "email": email(errors, "email", data.email),
        "phone": text(errors, "phone", data.phone, max_length=60),
    }
    if values["phone"] and not all(c.isdigit() or c in " +-/()" for c in values["phone"]):
        errors.add("phone", "Die Telefonnummer darf nur Ziffern, Leerzeichen und + - / ( ) enthalten.")
    errors.raise_if_any()
    return values


def create_person(session: Session, actor: User | None, body: Body, data: PersonData) -> Person:
    """Add a person to ``body``."""
    person = Person(body_id=body.id, **_clean_person(data))
    session.add(person)
    audit.record(session, actor, person, "person.created", f"Person „{person.name}“ angelegt")
    return person


def update_person(session: Session, actor: User | None, person: Person, data: PersonData) -> Person:
    """Change a person's name or contact data."""
    values = _clean_person(data)
    before = snapshot(person, PERSON_LABELS)
    for name, value in values.items():
        setattr(person, name, value)
    changes = changed_labels(person, before, PERSON_LABELS)
    if changes:
        audit.record(session, actor, person, "person.updated", change_summary(f"Person „{person.name}“", changes))
    return person
