"""Beschlussfähigkeit: who sits at which agenda item and whether the committee may decide there.

Each attendance row of kind "Mitglied" with voting right is one voting seat. A
represented member's row (status "vertreten") names the deputy who takes the
seat. The deputy may also have a row of their own (imported or recorded data
often lists everyone in the room); that row is then no extra seat, and its
arrival and departure tell when the deputy sat in. A seat is occupied at an
item when the item lies between the arrival item (first item attended) and the
departure item (last item attended). The body's setting says how many occupied
seats make the committee quorate; the default is more than half. For a joint
meeting the seats of all its committees count together.
These are pure functions over loaded objects: no database access, no changes.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..models import AgendaItem, Attendance, AttendanceStatus, AttendeeKind, Person, QuorumRule

PRESENT_STATES = (AttendanceStatus.PRESENT, AttendanceStatus.REPRESENTED)


def required_present(seats: int, rule: QuorumRule) -> int:
    """The smallest number of occupied voting seats that makes ``seats`` quorate under ``rule``."""
    if rule is QuorumRule.AT_LEAST_HALF:
        return (seats + 1) // 2
    if rule is QuorumRule.AT_LEAST_TWO_THIRDS:
        return (2 * seats + 2) // 3
    return seats // 2 + 1


def is_voting_seat(attendance: Attendance) -> bool:
    """A committee member with voting right (advisory members and guests have none)."""
    return attendance.kind is AttendeeKind.MEMBER and attendance.voting_right


def sitting_person(attendance: Attendance) -> Person | None:
    """Who actually sits in the seat: the deputy for a represented member, else the member."""
    if attendance.status is AttendanceStatus.REPRESENTED:
        return attendance.represented_by
    return attendance.person


def attends_item(attendance: Attendance, item: AgendaItem) -> bool:
    """Whether the attendee (or their deputy) is in the room during ``item``."""
    if attendance.status not in PRESENT_STATES:
        return False
    if attendance.arrival_item is not None and item.order < attendance.arrival_item.order:
        return False
    return attendance.departure_item is None or item.order <= attendance.departure_item.order


def deputy_rows(attendances: Iterable[Attendance]) -> dict[int, Attendance]:
    """Own rows of deputies who represent someone, by the represented member's row id."""
    rows = list(attendances)
    by_person = {a.person_id: a for a in rows if a.person_id is not None and a.status is AttendanceStatus.PRESENT}
    return {
        a.id: by_person[a.represented_by_id]
        for a in rows
        if a.status is AttendanceStatus.REPRESENTED and a.represented_by_id in by_person
    }


@dataclass(frozen=True)
class Seat:
    """One voting seat: the member's row, who sits in it, and the row telling when they were there."""

    holder: Attendance
    sitter: Person | None
    presence: Attendance

    def occupied_at(self, item: AgendaItem) -> bool:
        """Whether someone entitled to vote sits in the seat during ``item``."""
        return self.sitter is not None and attends_item(self.presence, item)


def seats(attendances: Iterable[Attendance]) -> list[Seat]:
    """The voting seats; a deputy's own row is folded into the seat they take."""
    rows = list(attendances)
    own = deputy_rows(rows)
    folded = {row.id for row in own.values()}
    found = []
    for row in rows:
        if not is_voting_seat(row) or row.id in folded:
            continue
        found.append(Seat(row, sitting_person(row), own.get(row.id, row)))
    return found


def voters_at(attendances: Iterable[Attendance], item: AgendaItem) -> list[Person]:
    """The persons who may vote on ``item``: occupied voting seats, deputies in place of members."""
    voters = {s.sitter.id: s.sitter for s in seats(attendances) if s.sitter is not None and s.occupied_at(item)}
    return sorted(voters.values(), key=lambda p: p.sort_name)


@dataclass(frozen=True)
class QuorumStatus:
    """The quorum at one agenda item, with who came and who left there."""

    item: AgendaItem
    seats: int
    present: int
    required: int
    arrivals: list[str] = field(default_factory=list)
    departures: list[str] = field(default_factory=list)

    @property
    def quorate(self) -> bool:
        """Whether enough voting members are present (a committee without seats never is)."""
        return self.seats > 0 and self.present >= self.required

    @property
    def label(self) -> str:
        """German summary, e.g. "beschlussfähig (9 von 15 stimmberechtigten Mitgliedern anwesend, erforderlich: 8)"."""
        state = "beschlussfähig" if self.quorate else "nicht beschlussfähig"
        return (
            f"{state} ({self.present} von {self.seats} stimmberechtigten Mitgliedern anwesend, "
            f"erforderlich: {self.required})"
        )


def _same(candidate: AgendaItem | None, item: AgendaItem) -> bool:
    return candidate is not None and candidate.id == item.id


def _name(attendance: Attendance) -> str:
    person = sitting_person(attendance)
    return person.name if person is not None else attendance.display_name


def quorum_at(attendances: list[Attendance], item: AgendaItem, rule: QuorumRule) -> QuorumStatus:
    """The quorum at one item."""
    all_seats = seats(attendances)
    present_rows = [a for a in attendances if a.status in PRESENT_STATES]
    return QuorumStatus(
        item=item,
        seats=len(all_seats),
        present=sum(1 for s in all_seats if s.occupied_at(item)),
        required=required_present(len(all_seats), rule),
        arrivals=sorted({_name(a) for a in present_rows if _same(a.arrival_item, item)}),
        departures=sorted({_name(a) for a in present_rows if _same(a.departure_item, item)}),
    )


def quorum_timeline(attendances: list[Attendance], items: list[AgendaItem], rule: QuorumRule) -> list[QuorumStatus]:
    """The quorum at every item in agenda order, as people come and go."""
    return [quorum_at(attendances, item, rule) for item in sorted(items, key=lambda i: i.order)]
