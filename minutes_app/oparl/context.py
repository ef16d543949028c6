"""Per-request state of the serializers: URLs, the bodies, and facts loaded once per page.

Facts that would otherwise cost one query per object (which persons are
public, who voted how, who attended, which public objects use a file) are
loaded here for all objects of a page at once, so the number of SQL statements
does not grow with the page size.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import literal, select, union_all
from sqlalchemy.orm import Session, selectinload

from ..models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    AttendeeKind,
    Body,
    DecisionImplementation,
    Meeting,
    MemberVote,
    Membership,
    Organization,
    Paper,
    Person,
    agenda_item_files,
    meeting_files,
    paper_files,
    paper_further_leads,
    paper_hierarchy,
    paper_originator_organizations,
    paper_originator_persons,
    paper_participants,
    paper_related,
)
from ..services import visibility
from .urls import Urls


@dataclass
class Context:
    """What serializing one response needs besides the objects themselves."""

    session: Session
    urls: Urls
    bodies: dict[int, Body]
    public_persons: set[int] = field(default_factory=set)
    public_papers: set[int] = field(default_factory=set)
    #: every (not deleted) organization by id, read once: Vorlagen and steps name them by id
    organizations: dict[int, Organization] = field(default_factory=dict)
    #: paper id → link kind → ids of the organizations, persons or Vorlagen linked (see :meth:`load_paper_links`)
    paper_links: dict[int, dict[str, list[int]]] = field(default_factory=dict)
    #: agenda item id → recorded single votes (only of public items with published minutes)
    votes: dict[int, list[MemberVote]] = field(default_factory=dict)
    #: meeting id → ids of the persons present (only where the minutes are published)
    participants: dict[int, list[int]] = field(default_factory=dict)
    #: file id → {"Paper"|"Meeting"|"AgendaItem": [public owner ids]}
    file_owners: dict[int, dict[str, list[int]]] = field(default_factory=dict)
    #: agenda item id → Beschlusskontrolle record (only of public items with published minutes)
    implementations: dict[int, DecisionImplementation] = field(default_factory=dict)
    #: meeting id → the public view of its agenda, computed once per meeting
    agendas: dict[int, dict[int, visibility.PublicAgendaItem]] = field(default_factory=dict)

    def body_of_meeting(self, meeting: Meeting) -> Body:
        """The body whose publication rule applies to the meeting."""
        return self.bodies[meeting.organization.body_id]

    def public_agenda(self, meeting: Meeting) -> dict[int, visibility.PublicAgendaItem]:
        """item id → what the public may know of the item (the portal's own view)."""
        if meeting.id not in self.agendas:
            view = visibility.public_agenda(meeting, self.body_of_meeting(meeting))
            self.agendas[meeting.id] = {entry.id: entry for entry in view}
        return self.agendas[meeting.id]

    def minutes_published(self, meeting: Meeting) -> bool:
        """Whether the public part of the meeting's minutes is published."""
        return visibility.minutes_are_published(meeting.minutes, self.body_of_meeting(meeting))

    # --- batch loading, one statement per kind of fact ---

    def load_persons(self, person_ids: Iterable[int]) -> None:
        """Remember which of the persons the public may know."""
        wanted = set(person_ids) - self.public_persons
        if wanted:
            self.public_persons |= set(
                self.session.scalars(
                    select(Person.id).where(Person.id.in_(wanted), visibility.public_person_clause())
                )
            )

    def load_papers(self, paper_ids: Iterable[int]) -> None:
        """Remember which of the Vorlagen the public may read (for links between Vorlagen)."""
        wanted = set(paper_ids) - self.public_papers
        if wanted:
            self.public_papers |= set(
                self.session.scalars(select(Paper.id).where(Paper.id.in_(wanted), visibility.public_paper_clause()))
            )

    def load_organizations(self) -> None:
        """All organizations (a few dozen per body) in one statement instead of one join per relation."""
        if not self.organizations:
            self.organizations = {o.id: o for o in self.session.scalars(select(Organization))}

    def public_organizations(self, ids: Iterable[int | None]) -> list[Organization]:
        """The organizations of ``ids`` the public may see, in the given order."""
        found = (self.organizations.get(i) for i in ids if i is not None)
        return [o for o in found if o is not None and visibility.organization_is_public(o)]

    def load_paper_links(self, paper_ids: Iterable[int]) -> None:
        """Lead and involved departments, originators and related Vorlagen of the page's Vorlagen, in one statement."""
        ids = list(paper_ids)
        if not ids:
            return
        self.load_organizations()
        hierarchy = paper_hierarchy.c
        parts = [
            select(literal(kind), table.c.paper_id, column).where(table.c.paper_id.in_(ids))
            for kind, table, column in (
                ("involved", paper_participants, paper_participants.c.organization_id),
                ("lead", paper_further_leads, paper_further_leads.c.organization_id),
                ("originatorOrganization", paper_originator_organizations,
                 paper_originator_organizations.c.organization_id),
                ("originatorPerson", paper_originator_persons, paper_originator_persons.c.person_id),
                ("related", paper_related, paper_related.c.related_paper_id),
            )
        ]
        parts += [
            select(literal("related"), paper_related.c.related_paper_id, paper_related.c.paper_id)
            .where(paper_related.c.related_paper_id.in_(ids)),
            select(literal("superordinated"), hierarchy.subordinated_id, hierarchy.superordinated_id)
            .where(hierarchy.subordinated_id.in_(ids)),
            select(literal("subordinated"), hierarchy.superordinated_id, hierarchy.subordinated_id)
            .where(hierarchy.superordinated_id.in_(ids)),
        ]
        for kind, paper_id, other in self.session.execute(union_all(*parts)):
            self.paper_links.setdefault(paper_id, {}).setdefault(kind, []).append(other)
        for links in self.paper_links.values():
            for kind in links:
                links[kind] = sorted(set(links[kind]))
        others = [
            other for links in self.paper_links.values() for kind in ("related", "superordinated", "subordinated")
            for other in links.get(kind, [])
        ]
        self.load_papers(others)
        self.load_persons(p for links in self.paper_links.values() for p in links.get("originatorPerson", []))

    def load_meeting_facts(self, meetings: Iterable[Meeting]) -> None:
        """Votes of public items and attendance, for meetings whose minutes are published."""
        published = [m for m in meetings if visibility.meeting_is_public(m) and self.minutes_published(m)]
        if not published:
            return
        item_ids = [
            entry.id for m in published for entry in self.public_agenda(m).values() if entry.public
        ]
        seats = selectinload(MemberVote.person).selectinload(Person.memberships)
        rows = self.session.scalars(
            select(MemberVote)
            .where(MemberVote.agenda_item_id.in_(item_ids))
            .options(seats.selectinload(Membership.organization), seats.selectinload(Membership.on_behalf_of))
            .order_by(MemberVote.id)
        )
        for row in rows:
            self.votes.setdefault(row.agenda_item_id, []).append(row)
        records = self.session.scalars(
            select(DecisionImplementation)
            .where(DecisionImplementation.agenda_item_id.in_(item_ids))
            .options(selectinload(DecisionImplementation.reports))
        )
        self.implementations.update((r.agenda_item_id, r) for r in records)
        present: dict[int, list[int]] = defaultdict(list)
        for row in self.session.scalars(
            select(Attendance)
            .where(Attendance.meeting_id.in_([m.id for m in published]), Attendance.kind == AttendeeKind.MEMBER)
            .order_by(Attendance.id)
        ):
            if row.status is AttendanceStatus.PRESENT and row.person_id is not None:
                present[row.meeting_id].append(row.person_id)
            elif row.status is AttendanceStatus.REPRESENTED and row.represented_by_id is not None:
                present[row.meeting_id].append(row.represented_by_id)
        for meeting in published:
            self.participants[meeting.id] = list(dict.fromkeys(present.get(meeting.id, [])))
        self.load_persons(
            [p for ids in self.participants.values() for p in ids]
            + [v.person_id for votes in self.votes.values() for v in votes]
        )

    def load_file_owners(self, file_ids: Iterable[int]) -> None:
        """The public Vorlagen, meetings and agenda items that use each file (File back-references)."""
        ids = list(set(file_ids))
        if not ids:
            return
        links = (
            ("Paper", select(paper_files.c.file_id, Paper.id).join(Paper, Paper.id == paper_files.c.paper_id)
             .where(paper_files.c.file_id.in_(ids), visibility.public_paper_clause())),
            ("Meeting", select(meeting_files.c.file_id, Meeting.id)
             .join(Meeting, Meeting.id == meeting_files.c.meeting_id)
             .where(meeting_files.c.file_id.in_(ids), visibility.public_meeting_clause())),
            ("AgendaItem", select(agenda_item_files.c.file_id, AgendaItem.id)
             .join(AgendaItem, AgendaItem.id == agenda_item_files.c.agenda_item_id)
             .join(Meeting, AgendaItem.meeting_id == Meeting.id)
             .where(agenda_item_files.c.file_id.in_(ids), visibility.public_agenda_item_clause())),
        )
        for type_name, stmt in links:
            for file_id, owner_id in self.session.execute(stmt.order_by(stmt.selected_columns[1])):
                self.file_owners.setdefault(file_id, {}).setdefault(type_name, []).append(owner_id)

