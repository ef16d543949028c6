"""Agenda and attendance of a past meeting typed line by line, as on the old Niederschrift.

The history screen has two text areas instead of a form per item: a secretary
copies 55 items from an old Niederschrift faster line by line than through 55
forms, and a text area works without JavaScript. One line is one item::

    Nummer | Gegenstand | Vorlage-Nr. | Ergebnis | Abstimmung | Beschlusstext

Only the Gegenstand is required; a number starting with "N" marks the
non-public part. Abstimmung is "einstimmig" or "Ja/Nein/Enthaltung" such as
"38/4/2". Attendance lines are "Name" or "Name | entschuldigt". Errors name
the line, in German; nothing is half-read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AgendaItemResult, AttendanceStatus, AttendeeKind, Body, Paper, Person
from .history_meetings import RecordedAttendance, RecordedItem

SEPARATOR = "|"
MAX_LINES = 300
#: Ways old minutes word a result, mapped to the result category (the wording itself is kept).
RESULT_WORDS: dict[str, AgendaItemResult] = {
    "beschlossen": AgendaItemResult.ADOPTED,
    "unverändert beschlossen": AgendaItemResult.ADOPTED,
    "einstimmig beschlossen": AgendaItemResult.ADOPTED,
    "mehrheitlich beschlossen": AgendaItemResult.ADOPTED,
    "zugestimmt": AgendaItemResult.ADOPTED,
    "empfohlen": AgendaItemResult.ADOPTED,
    "geändert beschlossen": AgendaItemResult.ADOPTED_AMENDED,
    "mit änderungen beschlossen": AgendaItemResult.ADOPTED_AMENDED,
    "abgelehnt": AgendaItemResult.REJECTED,
    "zur kenntnis genommen": AgendaItemResult.NOTED,
    "kenntnis genommen": AgendaItemResult.NOTED,
    "vertagt": AgendaItemResult.POSTPONED,
    "verwiesen": AgendaItemResult.REFERRED,
    "abgesetzt": AgendaItemResult.WITHDRAWN,
    "zurückgezogen": AgendaItemResult.WITHDRAWN,
}
STATUS_WORDS: dict[str, AttendanceStatus] = {s.label: s for s in AttendanceStatus}
VOTES = re.compile(r"^(\d+)\s*/\s*(\d+)\s*/\s*(\d+)$")


class LineErrors(Exception):
    """Some lines could not be read; ``messages`` names each line in German."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class _Cells:
    number: str
    name: str
    reference: str
    result: str
    vote: str
    resolution: str


def _cells(line: str) -> _Cells:
    parts = [p.strip() for p in line.split(SEPARATOR)]
    parts += [""] * (6 - len(parts))
    # A Beschlusstext may itself contain the separator: everything after the fifth cell belongs to it.
    return _Cells(parts[0], parts[1], parts[2], parts[3], parts[4], f" {SEPARATOR} ".join(p for p in parts[5:] if p))


def _result(word: str) -> AgendaItemResult | None:
    key = " ".join(word.lower().split())
    if key in RESULT_WORDS:
        return RESULT_WORDS[key]
    return next((r for r in AgendaItemResult if r.label == key), None)


def parse_items(session: Session, body: Body, text: str) -> list[RecordedItem]:
    """The agenda items of ``text``; raises :class:`LineErrors` naming every bad line."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    errors: list[str] = []
    if len(lines) > MAX_LINES:
        raise LineErrors([f"Höchstens {MAX_LINES} Tagesordnungspunkte auf einmal."])
    items = []
    for n, line in lines:
        cells = _cells(line)
        if not cells.name:
            errors.append(f"Zeile {n}: Bitte geben Sie nach der Nummer und „|“ den Gegenstand an.")
            continue
        paper = None
        if cells.reference:
            paper = session.scalar(select(Paper).where(Paper.body_id == body.id, Paper.reference == cells.reference))
            if paper is None:
                errors.append(f"Zeile {n}: Eine Vorlage {cells.reference} gibt es nicht; bitte erfassen Sie sie zuerst.")
                continue
        result = _result(cells.result) if cells.result else None
        if cells.result and result is None:
            known = ", ".join(sorted({"beschlossen", "geändert beschlossen", "abgelehnt", "zur Kenntnis genommen",
                                      "vertagt", "verwiesen", "abgesetzt"}))
            errors.append(f"Zeile {n}: Das Ergebnis „{cells.result}“ ist unbekannt (möglich: {known}).")
            continue
        item = RecordedItem(
            name=cells.name, number=cells.number, public=not cells.number.upper().startswith("N"), paper=paper,
            result=result, result_text=cells.result if result and cells.result != result.label else "",
            resolution_text=cells.resolution,
        )
        vote = cells.vote.lower()
        if vote == "einstimmig":
            item.unanimous = True
        elif vote:
            match = VOTES.match(vote)
            if match is None:
                errors.append(f"Zeile {n}: Die Abstimmung bitte als „einstimmig“ oder „Ja/Nein/Enthaltung“, "
                              "z. B. „38/4/2“, angeben.")
                continue
            item.votes_yes, item.votes_no, item.votes_abstain = (int(g) for g in match.groups())
        items.append(item)
    if errors:
        raise LineErrors(errors)
    return items


def _find_person(persons: list[Person], name: str) -> Person | None:
    wanted = " ".join(name.replace(",", " ").split()).lower()
    for person in persons:
        forms = {f"{person.given_name} {person.family_name}", f"{person.family_name} {person.given_name}",
                 person.name}
        if wanted in {" ".join(f.split()).lower() for f in forms}:
            return person
    return None


def parse_attendance(session: Session, body: Body, text: str) -> list[RecordedAttendance]:
    """Attendance rows of ``text``: known persons by name, anyone else as a guest."""
    persons = list(session.scalars(select(Person).where(Person.body_id == body.id)))
    rows: list[RecordedAttendance] = []
    errors: list[str] = []
    seen: set[int] = set()
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _, rest = (p.strip() for p in line.partition(SEPARATOR))
        status_word, _, note = (p.strip() for p in rest.partition(SEPARATOR))
        status = STATUS_WORDS.get(status_word.lower(), AttendanceStatus.PRESENT) if status_word else AttendanceStatus.PRESENT
        if status_word and status_word.lower() not in STATUS_WORDS:
            errors.append(f"Zeile {n}: „{status_word}“ ist keine Anwesenheit (möglich: "
                          f"{', '.join(STATUS_WORDS)}).")
            continue
        if not name or len(name) > 200:
            errors.append(f"Zeile {n}: Bitte geben Sie einen Namen mit höchstens 200 Zeichen an.")
            continue
        person = _find_person(persons, name)
        if person is not None and person.id in seen:
            errors.append(f"Zeile {n}: {person.name} steht schon in der Anwesenheitsliste.")
            continue
        if person is not None:
            seen.add(person.id)
        rows.append(RecordedAttendance(
            person=person, name="" if person else name, status=status,
            kind=AttendeeKind.MEMBER if person else AttendeeKind.GUEST, note=note,
        ))
    if errors:
        raise LineErrors(errors)
    return rows
