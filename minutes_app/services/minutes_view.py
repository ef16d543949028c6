"""The minutes as a reading view: the full internal version and the public version.

Both are built here from the domain objects; templates only lay them out. The
public version takes its agenda items solely from :func:`visibility.public_agenda`
and keeps only the public ones: no non-public title, text, result, vote or
speaker reaches it. Attendance in the public version names the members (a
public office) and staff acting in office; guests appear only as a number.
The corrections noted at the approval stay internal here: the public reads
them in the resolution of the approving item, which is published with the
later meeting's minutes through the same visibility rule.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    AttendeeKind,
    Meeting,
    MeetingState,
    Membership,
    MemberVote,
    Minutes,
    MinutesState,
    Organization,
    Paper,
    Person,
    Role,
    User,
    VoteChoice,
)
from ..secretariat.vote_details import VoteDetails, details_of
from . import attendance, quorum, visibility
from .permissions import Permission, can, member_committee_ids
from .meetings import format_day
from .minutes_common import body_of, meeting_day


@dataclass(frozen=True)
class AttendeeLine:
    """One person in the attendance list of the printed minutes."""

    name: str
    role: str = ""
    faction: str = ""
    detail: str = ""


@dataclass
class AttendanceView:
    """The attendance list grouped as printed minutes show it."""

    present: list[AttendeeLine] = field(default_factory=list)
    excused: list[AttendeeLine] = field(default_factory=list)
    absent: list[AttendeeLine] = field(default_factory=list)
    staff: list[AttendeeLine] = field(default_factory=list)
    guests: list[AttendeeLine] = field(default_factory=list)
    guest_count: int = 0


@dataclass(frozen=True)
class ItemView:
    """One agenda item as the minutes record it."""

    id: int
    number: str
    name: str
    public: bool
    paper: Paper | None
    minutes_text: str
    resolution_text: str
    result_label: str
    vote_label: str
    member_votes: list[tuple[str, str]] = field(default_factory=list)
    quorum: quorum.QuorumStatus | None = None
    #: "item", "report", "heading" or "separator" (AgendaItemKind values).
    kind: str = "item"
    depth: int = 0
    details: VoteDetails = field(default_factory=VoteDetails)


@dataclass(frozen=True)
class MinutesView:
    """Everything the reading view shows, for one audience."""

    public: bool
    minutes: Minutes
    committee_names: list[str]
    state_label: str
    started_at: datetime | None
    ended_at: datetime | None
    chair_name: str
    recorder_name: str
    attendance: AttendanceView
    public_items: list[ItemView]
    non_public_items: list[ItemView]
    has_non_public_part: bool
    approval_text: str
    approval_note: str
    approval_note_internal: str
    #: The later meeting whose agenda item approved the minutes, when the audience may see it.
    approval_meeting: Meeting | None = None


def formal_name(person: Person | None, fallback: str = "") -> str:
    """The name as minutes print it, with the affix: "KTA Anja Ralle"."""
    if person is None:
        return fallback
    return " ".join(p for p in (person.affix, person.name) if p)


def _period(row: Attendance) -> str:
    parts = []
    if row.arrival_item is not None:
        parts.append(f"ab {row.arrival_item.number}")
    if row.departure_item is not None:
        parts.append(f"bis {row.departure_item.number}")
    return " ".join(parts)


def _member_role(row: Attendance, roles: dict[int, Membership]) -> str:
    membership = roles.get(row.person_id) if row.person_id is not None else None
    return membership.role.label if membership else "Mitglied"


def _member_line(row: Attendance, roles: dict[int, Membership], own: Attendance | None) -> AttendeeLine:
    membership = roles.get(row.person_id) if row.person_id is not None else None
    faction = ""
    if membership is not None and membership.on_behalf_of is not None:
        faction = membership.on_behalf_of.short_name or membership.on_behalf_of.name
    role = membership.role.label if membership else "Mitglied"
    if row.status is AttendanceStatus.REPRESENTED and row.represented_by is not None:
        deputy = row.represented_by
        period = _period(own if own is not None else row)
        detail = " ".join(p for p in (f"in Vertretung für {formal_name(row.person)}", period) if p)
        return AttendeeLine(formal_name(deputy), "stellv. Mitglied", faction, detail)
    detail = _period(row) if row.status is AttendanceStatus.PRESENT else ""
    if not row.voting_right:
        role = f"{role} (ohne Stimmrecht)" if "beratend" not in role else role
    return AttendeeLine(formal_name(row.person, row.display_name), role, faction, detail)


def build_attendance(rows: list[Attendance], roles: dict[int, Membership], *, public: bool) -> AttendanceView:
    """Group the attendance rows; the public version counts guests instead of naming them."""
    view = AttendanceView()
    own = quorum.deputy_rows(rows)
    folded = {r.id for r in own.values()}
    for row in rows:
        if row.id in folded:  # the deputy appears once, in the line of the member they represent
            continue
        if row.kind is AttendeeKind.MEMBER:
            line = _member_line(row, roles, own.get(row.id))
            target = {
                AttendanceStatus.PRESENT: view.present,
                AttendanceStatus.REPRESENTED: view.present,
                AttendanceStatus.EXCUSED: view.excused,
                AttendanceStatus.ABSENT: view.absent,
            }[row.status]
            target.append(line)
            if row.status is AttendanceStatus.REPRESENTED:
                # The absent member keeps their own role; the deputy's "stellv. Mitglied" belongs to the deputy.
                own_role = _member_role(row, roles)
                view.excused.append(AttendeeLine(formal_name(row.person), own_role, line.faction, "vertreten"))
            continue
        if row.status not in quorum.PRESENT_STATES:
            continue
        detail = " ".join(p for p in (row.note, _period(row)) if p)
        if row.kind is AttendeeKind.STAFF:
            view.staff.append(AttendeeLine(row.display_name, "Verwaltung", "", detail))
        else:
            view.guest_count += 1
            if not public:
                view.guests.append(AttendeeLine(row.display_name, "Gast", "", detail))
    return view


def _member_votes(session: Session, item_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    if not item_ids:
        return found
    rows = session.scalars(select(MemberVote).where(MemberVote.agenda_item_id.in_(item_ids)))
    order = {VoteChoice.YES: 0, VoteChoice.NO: 1, VoteChoice.ABSTAIN: 2}
    for row in sorted(rows, key=lambda r: (order[r.vote], r.person.sort_name)):
        found.setdefault(row.agenda_item_id, []).append((formal_name(row.person), row.vote.label))
    return found


def depth_of(item: AgendaItem) -> int:
    """0 for a main item, 1 for a sub-item, 2 for a sub-sub-item (5.1.1)."""
    depth, parent = 0, item.parent
    while parent is not None and depth < 5:
        depth, parent = depth + 1, parent.parent
    return depth


def _internal_item(
    session: Session, item: AgendaItem, votes_by_item: dict[int, list[tuple[str, str]]],
    status: quorum.QuorumStatus,
) -> ItemView:
    return ItemView(
        id=item.id, number=item.number, name=item.name, public=item.public,
        paper=item.consultation.paper if item.consultation else None,
        minutes_text=item.minutes_text, resolution_text=item.resolution_text,
        result_label=item.result_label, vote_label=item.vote_label,
        member_votes=votes_by_item.get(item.id, []), quorum=status,
        kind=item.kind.value, depth=depth_of(item), details=details_of(session, item),
    )


def _approval_text(minutes: Minutes) -> str:
    item = minutes.approved_in_agenda_item
    if minutes.state is not MinutesState.APPROVED or item is None:
        return ""
    corrected = " mit Berichtigungen" if minutes.approval_note or minutes.approval_note_internal else ""
    return f"in der Sitzung vom {format_day(meeting_day(item.meeting))} unter {item.number}{corrected}"


def _approval_meeting(minutes: Minutes, public: bool) -> Meeting | None:
    item = minutes.approved_in_agenda_item
    if minutes.state is not MinutesState.APPROVED or item is None:
        return None
    return item.meeting if not public or visibility.meeting_is_public(item.meeting) else None


def build_minutes_view(session: Session, minutes: Minutes, *, public: bool) -> MinutesView:
    """The reading view of the minutes; ``public`` gives the public part only."""
    meeting = minutes.meeting
    body = body_of(meeting)
    rows = attendance.attendance_list(session, meeting)
    roles = attendance.roles_by_person(meeting)
    if public:
        allowed = [i for i in visibility.public_agenda(meeting, body) if i.public]
        votes_by_item = _member_votes(session, [i.id for i in allowed])
        by_id = {i.id: i for i in meeting.agenda_items}
        public_items = [
            ItemView(
                id=i.id, number=i.number, name=i.name, public=True, paper=i.paper, minutes_text=i.minutes_text,
                resolution_text=i.resolution_text, result_label=i.result_label, vote_label=i.vote_label,
                member_votes=votes_by_item.get(i.id, []), kind=i.kind, depth=depth_of(by_id[i.id]),
                # Parts and Fraktionen are published with the result of a public item, never before.
                details=details_of(session, by_id[i.id]) if i.result_label else VoteDetails(),
            )
            for i in allowed
        ]
        non_public_items: list[ItemView] = []
    else:
        votes_by_item = _member_votes(session, [i.id for i in meeting.agenda_items])
        timeline = {s.item.id: s for s in quorum.quorum_timeline(rows, meeting.agenda_items, body.quorum_rule)}
        views = [_internal_item(session, i, votes_by_item, timeline[i.id]) for i in meeting.agenda_items]
        public_items = [v for v in views if v.public]
        non_public_items = [v for v in views if not v.public]
    return MinutesView(
        public=public,
        minutes=minutes,
        committee_names=[o.name for o in meeting.organizations],
        state_label=minutes.state.label,
        started_at=minutes.started_at,
        ended_at=minutes.ended_at,
        chair_name=formal_name(minutes.chair),
        recorder_name=minutes.recorder.display_name if minutes.recorder else "",
        attendance=build_attendance(rows, roles, public=public),
        public_items=public_items,
        non_public_items=non_public_items,
        has_non_public_part=any(not i.public for i in meeting.agenda_items),
        approval_text=_approval_text(minutes),
        approval_note="" if public else minutes.approval_note,
        approval_note_internal="" if public else minutes.approval_note_internal,
        approval_meeting=_approval_meeting(minutes, public),
    )


def worklist(session: Session, user: User, *, limit: int = 100) -> list[Meeting]:
    """Invited and held meetings whose minutes the user may read (own committees), newest first.

    Upcoming invited meetings are listed too: secretaries prepare the minutes
    (attendance list, Beschlussvorschläge) before the meeting starts.
    """
    stmt = (
        select(Meeting)
        .where(Meeting.state.in_([MeetingState.INVITED, MeetingState.HELD]))
        .order_by(Meeting.start_time.desc())
    )
    if not user.has_role(Role.ADMIN):
        ids = {c.id for c in user.committees} | member_committee_ids(user)
        stmt = stmt.where(
            or_(Meeting.organization_id.in_(ids), Meeting.joint_organizations.any(Organization.id.in_(ids)))
        )
    return [m for m in session.scalars(stmt.limit(limit)) if can(user, Permission.MINUTES_READ_INTERNAL, m)]
