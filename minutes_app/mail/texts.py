"""German mail texts: salutations, dates and the agenda as plain text."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from ..models import Person
from ..services.documents import ItemView

BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def when(moment: datetime) -> str:
    """E.g. "Donnerstag, 12.03.2026, um 16:00 Uhr"."""
    local = moment.astimezone(BERLIN)
    return f"{WEEKDAYS[local.weekday()]}, {local.strftime('%d.%m.%Y')}, um {local.strftime('%H:%M')} Uhr"


def day(moment: datetime) -> str:
    """E.g. "12.03.2026"."""
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y")


def salutation(person: Person | None, name: str = "") -> str:
    """ "Sehr geehrte Frau Dr. Keller," or "Guten Tag," when the form of address is unknown."""
    if person is not None:
        surname = " ".join(p for p in (person.title, person.family_name) if p)
        if person.form_of_address.strip() == "Frau":
            return f"Sehr geehrte Frau {surname},"
        if person.form_of_address.strip() == "Herr":
            return f"Sehr geehrter Herr {surname},"
        return f"Guten Tag {person.name},"
    return f"Guten Tag {name}," if name else "Guten Tag,"


def agenda_lines(public_items: tuple[ItemView, ...], non_public_items: tuple[ItemView, ...]) -> list[str]:
    """The agenda as text lines in its two parts, from the same view the DOCX renders."""
    lines = ["Öffentlicher Teil:"]
    lines += [_item(i) for i in public_items] or ["(keine Punkte)"]
    if non_public_items:
        lines += ["", "Nichtöffentlicher Teil:"]
        lines += [_item(i) for i in non_public_items]
    return lines


def _item(item: ItemView) -> str:
    reference = f" (Vorlage {item.paper_reference})" if item.paper_reference else ""
    supplement = " (Nachtrag)" if item.is_supplement else ""
    return f"  {item.number}  {item.title}{reference}{supplement}"
