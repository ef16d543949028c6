"""Builders for test data: each call creates a valid object with sensible defaults."""
from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from minutes_app.models import (
    AgendaItem,
    Body,
    Consultation,
    ConsultationRole,
    Meeting,
    MeetingState,
    Membership,
    MembershipRole,
    Organization,
    OrganizationType,
    Paper,
    PaperType,
    Person,
    Role,
    User,
)
from minutes_app.services import accounts, papers

PASSWORD = "geheim123"
_counter = itertools.count(1)


class Factory:
    """Creates and flushes domain objects in ``session``."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._body: Body | None = None

    @property
    def body(self) -> Body:
        """The one body of the test (created on first use)."""
        if self._body is None:
            self._body = Body(name="Landkreis Teststadt", short_name="LK Test")
            self.session.add(self._body)
            self.session.flush()
        return self._body

    def organization(self, name: str | None = None, kind: OrganizationType = OrganizationType.COMMITTEE, **kw: Any) -> Organization:
        org = Organization(body=self.body, name=name or f"Organisation {next(_counter)}", organization_type=kind, **kw)
        self.session.add(org)
        self.session.flush()
        return org

    def committee(self, name: str | None = None, **kw: Any) -> Organization:
        return self.organization(name or f"Ausschuss {next(_counter)}", OrganizationType.COMMITTEE, **kw)

    def department(self, name: str | None = None, **kw: Any) -> Organization:
        return self.organization(name or f"Fachbereich {next(_counter)}", OrganizationType.DEPARTMENT, **kw)

    def person(self, family_name: str | None = None, **kw: Any) -> Person:
        person = Person(body_id=self.body.id, family_name=family_name or f"Muster{next(_counter)}", given_name=kw.pop("given_name", "Alex"), **kw)
        self.session.add(person)
        self.session.flush()
        return person

    def membership(self, person: Person, organization: Organization, role: MembershipRole = MembershipRole.MEMBER, **kw: Any) -> Membership:
        membership = Membership(person=person, organization=organization, role=role, start_date=kw.pop("start_date", date(2024, 1, 1)), **kw)
        self.session.add(membership)
        self.session.flush()
        return membership

    def user(self, login: str | None = None, roles: set[Role] | None = None, **kw: Any) -> User:
        return accounts.create_user(
            self.session, None, login=login or f"user{next(_counter)}", password=PASSWORD,
            display_name=kw.pop("display_name", "Test Nutzer"), roles=roles or set(), **kw,
        )

    def paper(self, originator: Organization | None = None, **kw: Any) -> Paper:
        return papers.create_paper(
            self.session, kw.pop("actor", None), body=self.body, name=kw.pop("name", "Testvorlage"),
            paper_type=kw.pop("paper_type", PaperType.RESOLUTION), originator=originator or self.department(), **kw,
        )

    def meeting(self, committee: Organization | None = None, state: MeetingState = MeetingState.PLANNED, **kw: Any) -> Meeting:
        start = kw.pop("start_time", datetime(2026, 3, 12, 16, 0, tzinfo=UTC))
        meeting = Meeting(
            organization=committee or self.committee(), name=kw.pop("name", "Sitzung"), start_time=start,
            end_time=start + timedelta(hours=2), state=state, **kw,
        )
        if state is not MeetingState.PLANNED:
            meeting.invitation_sent_at = start - timedelta(days=10)
        self.session.add(meeting)
        self.session.flush()
        return meeting

    def agenda_item(self, meeting: Meeting, name: str = "Tagesordnungspunkt", public: bool = True, **kw: Any) -> AgendaItem:
        order = len(meeting.agenda_items) + 1
        item = AgendaItem(meeting=meeting, name=name, public=public, order=order, number=kw.pop("number", f"{'Ö' if public else 'N'} {order}"), **kw)
        self.session.add(item)
        self.session.flush()
        return item

    def consultation(self, paper: Paper, committee: Organization, role: ConsultationRole = ConsultationRole.DECISION, **kw: Any) -> Consultation:
        consultation = Consultation(
            paper=paper, organization=committee, role=role, position=len(paper.consultations) + 1,
            authoritative=kw.pop("authoritative", role is ConsultationRole.DECISION), **kw,
        )
        self.session.add(consultation)
        self.session.flush()
        return consultation
