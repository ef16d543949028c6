"""Anwesenheit: the attendance list of a meeting's minutes.

The list is prefilled from the committee's memberships active on the meeting
day (deputy members are not expected and only appear when they represent a
member). The secretary then records per member: anwesend, entschuldigt,
abwesend or vertreten (by a deputy member), and for late arrivals or early
departures the first and last agenda item attended. Guests and staff are
added by name. The prefilled list is no record: only saving the list confirms
it (``Minutes.attendance_recorded_at``), which closing the minutes requires.
How seats, deputies and arrivals make the quorum is described in :mod:`.quorum`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    AttendeeKind,
    Meeting,
    Membership,
    MembershipRole,
    Minutes,
    Person,
    User,
)
from . import audit, edit_locks
from .errors import NotFound, ValidationFailed
from .minutes_common import describe_meeting, meeting_day, require_draft, void_signatures
from .quorum import PRESENT_STATES

MAX_NAME = 200
MAX_NOTE = 200
#: Order of roles in the attendance list (the chair first, as in the printed minutes).
ROLE_ORDER = {
    MembershipRole.CHAIR: 0,
    MembershipRole.VICE_CHAIR: 1,
    MembershipRole.MEMBER: 2,
    MembershipRole.ADVISORY: 3,
    MembershipRole.DEPUTY_MEMBER: 4,
}
KIND_ORDER = {AttendeeKind.MEMBER: 0, AttendeeKind.STAFF: 1, AttendeeKind.GUEST: 2}


def active_memberships(meeting: Meeting) -> list[Membership]:
    """Memberships in the meeting's committees that cover the meeting day, chair first."""
    day = meeting_day(meeting)
    found = [m for org in meeting.organizations for m in org.memberships if m.is_active_on(day)]
    return sorted(found, key=lambda m: (ROLE_ORDER[m.role], m.person.sort_name))


def roles_by_person(meeting: Meeting) -> dict[int, Membership]:
    """Each person's most senior active membership in the meeting's committees."""
    roles: dict[int, Membership] = {}
    for membership in active_memberships(meeting):
        roles.setdefault(membership.person_id, membership)
    return roles


def deputies(meeting: Meeting) -> list[Person]:
    """The deputy members (stellv. Mitglieder) who may represent a member at this meeting."""
    seen: dict[int, Person] = {}
    for membership in active_memberships(meeting):
        if membership.role is MembershipRole.DEPUTY_MEMBER:
            seen.setdefault(membership.person_id, membership.person)
    return list(seen.values())


def attendance_list(session: Session, meeting: Meeting) -> list[Attendance]:
    """All attendance rows: members by role and name, then staff, then guests."""
    rows = list(session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id)))
    roles = roles_by_person(meeting)

    def key(row: Attendance) -> tuple[int, int, str]:
        membership = roles.get(row.person_id) if row.person_id is not None else None
        rank = ROLE_ORDER[membership.role] if membership is not None else 9
        name = row.person.sort_name if row.person is not None else row.guest_name
        return KIND_ORDER[row.kind], rank, name.casefold()

    return sorted(rows, key=key)


def prefill(session: Session, actor: User | None, meeting: Meeting) -> int:
    """Add a row for every active member not yet listed (deputy members excepted); returns how many."""
    rows = attendance_list(session, meeting)
    listed = {r.person_id for r in rows} | {r.represented_by_id for r in rows}
    added = 0
    for membership in active_memberships(meeting):
        if membership.role is MembershipRole.DEPUTY_MEMBER or membership.person_id in listed:
            continue
        listed.add(membership.person_id)
        session.add(
            Attendance(
                meeting=meeting,
                person=membership.person,
                kind=AttendeeKind.MEMBER,
                status=AttendanceStatus.PRESENT,
                voting_right=membership.voting_right and membership.role is not MembershipRole.ADVISORY,
            )
        )
        added += 1
    session.flush()
    if added and meeting.minutes is not None:
        audit.record(
            session, actor, meeting.minutes, "minutes.attendance_prefilled",
            f"Anwesenheitsliste {describe_meeting(meeting)}: {added} Mitglieder aus den Mitgliedschaften übernommen",
        )
    return added


def add_missing_members(session: Session, actor: User | None, minutes: Minutes) -> int:
    """Add members whose membership was entered after the list was prefilled (draft minutes only)."""
    require_draft(minutes)
    added = prefill(session, actor, minutes.meeting)
    if added:
        void_signatures(session, actor, minutes)
    return added


@dataclass(frozen=True)
class AttendanceEntry:
    """What the secretary records for one row of the attendance list."""

    attendance_id: int
    status: AttendanceStatus
    represented_by_id: int | None = None
    arrival_item_id: int | None = None
    departure_item_id: int | None = None


def _check_entry(
    entry: AttendanceEntry,
    row: Attendance,
    items: dict[int, AgendaItem],
    deputy_ids: set[int],
    listed_present: set[int],
    deputies_taken: dict[int, str],
) -> dict[str, str]:
    errors: dict[str, str] = {}
    rid, name = row.id, row.display_name
    present = entry.status in PRESENT_STATES
    if entry.status is AttendanceStatus.REPRESENTED:
        if row.kind is not AttendeeKind.MEMBER:
            errors[f"status-{rid}"] = f"Nur Mitglieder können vertreten werden ({name})."
        elif entry.represented_by_id is None:
            errors[f"represented_by-{rid}"] = f"Bitte wählen Sie die Vertretung für {name}."
        elif entry.represented_by_id not in deputy_ids:
            errors[f"represented_by-{rid}"] = (
                f"Die Vertretung für {name} muss ein stellvertretendes Mitglied des Gremiums sein."
            )
        elif entry.represented_by_id in listed_present:
            errors[f"represented_by-{rid}"] = f"Die Vertretung für {name} ist bereits selbst als anwesend eingetragen."
        elif entry.represented_by_id in deputies_taken:
            errors[f"represented_by-{rid}"] = (
                f"Die Vertretung für {name} vertritt bereits {deputies_taken[entry.represented_by_id]}."
            )
        else:
            deputies_taken[entry.represented_by_id] = name
    elif entry.represented_by_id is not None:
        errors[f"represented_by-{rid}"] = f"Eine Vertretung für {name} setzt den Status „vertreten“ voraus."
    arrival = items.get(entry.arrival_item_id) if entry.arrival_item_id is not None else None
    departure = items.get(entry.departure_item_id) if entry.departure_item_id is not None else None
    if entry.arrival_item_id is not None and arrival is None:
        errors[f"arrival-{rid}"] = f"Der Tagesordnungspunkt bei der Ankunft von {name} gehört nicht zu dieser Sitzung."
    if entry.departure_item_id is not None and departure is None:
        errors[f"departure-{rid}"] = f"Der Tagesordnungspunkt beim Weggang von {name} gehört nicht zu dieser Sitzung."
    if not present and (arrival is not None or departure is not None):
        errors[f"arrival-{rid}"] = (
            f"Ankunft und Weggang gibt es nur für Anwesende; {name} ist „{entry.status.label}“."
        )
    elif arrival is not None and departure is not None and departure.order < arrival.order:
        errors[f"departure-{rid}"] = (
            f"{name} kann nicht nach {departure.number} gehen, aber erst zu {arrival.number} kommen."
        )
    return errors


ATTENDANCE_CONFLICT = (
    "Die Anwesenheitsliste wurde inzwischen von jemand anderem gespeichert. Ihre Eingaben sind unten erhalten; "
    "bitte prüfen Sie sie und speichern Sie erneut."
)


def record_attendance(
    session: Session, actor: User | None, minutes: Minutes, entries: list[AttendanceEntry], *, now: datetime,
    expected_version: int | None = None,
) -> None:
    """Save the attendance list as recorded; every row is checked before anything changes.

    With ``expected_version`` (the ``attendance_version`` the form was loaded
    at) a save based on an older list is refused rather than undoing the other
    secretary's entries.
    """
    require_draft(minutes)
    if expected_version is not None:
        edit_locks.claim(
            session, minutes, "attendance_version", expected_version, field="attendance", message=ATTENDANCE_CONFLICT
        )
    else:
        minutes.attendance_version += 1
    meeting = minutes.meeting
    rows = {r.id: r for r in attendance_list(session, meeting)}
    unknown = [e.attendance_id for e in entries if e.attendance_id not in rows]
    if unknown:
        raise NotFound("Ein Eintrag der Anwesenheitsliste gehört nicht zu dieser Sitzung.")
    items = {i.id: i for i in meeting.agenda_items}
    deputy_ids = {p.id for p in deputies(meeting)}
    by_id = {e.attendance_id: e for e in entries}
    # Regular members who attend in their own right cannot also sit in for someone else; a deputy's
    # own row (as imported lists have it) is no obstacle, it tells when the deputy was there.
    regular = {pid for pid, m in roles_by_person(meeting).items() if m.role is not MembershipRole.DEPUTY_MEMBER}
    listed_present = {
        r.person_id for r in rows.values()
        if r.person_id in regular and (by_id[r.id].status if r.id in by_id else r.status) is AttendanceStatus.PRESENT
    }
    errors: dict[str, str] = {}
    taken: dict[int, str] = {}
    for entry in entries:
        errors.update(_check_entry(entry, rows[entry.attendance_id], items, deputy_ids, listed_present, taken))
    if errors:
        raise ValidationFailed(errors)
    people = {p.id: p for p in deputies(meeting)}
    for entry in entries:
        row = rows[entry.attendance_id]
        row.status = entry.status
        row.represented_by = people.get(entry.represented_by_id) if entry.represented_by_id else None
        row.arrival_item = items.get(entry.arrival_item_id) if entry.arrival_item_id else None
        row.departure_item = items.get(entry.departure_item_id) if entry.departure_item_id else None
    minutes.attendance_recorded_at = now
    session.flush()
    void_signatures(session, actor, minutes)
    members = [r for r in rows.values() if r.kind is AttendeeKind.MEMBER]
    counts = {s: sum(1 for r in members if r.status is s) for s in AttendanceStatus}
    summary = ", ".join(f"{n} {s.label}" for s, n in counts.items() if n)
    audit.record(
        session, actor, minutes, "minutes.attendance_recorded",
        f"Anwesenheit {describe_meeting(meeting)} erfasst: {summary or 'keine Mitglieder'}",
    )


def add_attendee(
    session: Session, actor: User | None, minutes: Minutes, *, kind: AttendeeKind, name: str, note: str = ""
) -> Attendance:
    """Add a guest or a member of staff (Verwaltung) by name, with their function."""
    require_draft(minutes)
    name, note = name.strip(), note.strip()
    errors: dict[str, str] = {}
    if kind not in (AttendeeKind.GUEST, AttendeeKind.STAFF):
        errors["kind"] = (
            "Bitte wählen Sie „Gast“ oder „Verwaltung“; Mitglieder kommen aus den Mitgliedschaften."
        )
    if not name:
        errors["name"] = "Bitte geben Sie den Namen an."
    elif len(name) > MAX_NAME:
        errors["name"] = f"Der Name darf höchstens {MAX_NAME} Zeichen lang sein."
    if len(note) > MAX_NOTE:
        errors["note"] = f"Die Funktion darf höchstens {MAX_NOTE} Zeichen lang sein."
    if errors:
        raise ValidationFailed(errors)
    row = Attendance(meeting=minutes.meeting, guest_name=name, note=note, kind=kind, voting_right=False)
    session.add(row)
    session.flush()
    void_signatures(session, actor, minutes)
    audit.record(
        session, actor, minutes, "minutes.attendee_added",
        f"{kind.label} „{name}“ in die Anwesenheitsliste {describe_meeting(minutes.meeting)} aufgenommen",
    )
    return row


def remove_attendee(session: Session, actor: User | None, minutes: Minutes, row: Attendance) -> None:
    """Remove a guest or staff row; members stay on the list and are marked absent instead."""
    require_draft(minutes)
    if row.meeting_id != minutes.meeting_id:
        raise NotFound("Dieser Eintrag gehört nicht zu dieser Sitzung.")
    if row.kind is AttendeeKind.MEMBER:
        raise ValidationFailed(
            {"attendance": "Mitglieder bleiben auf der Liste; bitte tragen Sie sie als abwesend oder entschuldigt ein."}
        )
    name = row.display_name
    session.delete(row)
    session.flush()
    void_signatures(session, actor, minutes)
    audit.record(
        session, actor, minutes, "minutes.attendee_removed",
        f"„{name}“ aus der Anwesenheitsliste {describe_meeting(minutes.meeting)} entfernt",
    )
