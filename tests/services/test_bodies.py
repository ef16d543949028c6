"""Several bodies: their own Vorlage numbers and settings, Kürzel rules, object → body, user scopes."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from minutes_app.bodies import registry, scope
from minutes_app.bodies.slugs import slug_error, slugify
from minutes_app.models import (
    AgendaItem,
    AuditEvent,
    Body,
    ConsultationRole,
    Organization,
    OrganizationType,
    Paper,
    PaperReferenceCounter,
    PaperType,
    Role,
)
from minutes_app.services import audit, consultations, numbering, papers
from minutes_app.services.errors import ValidationFailed
from minutes_app.services.permissions import Permission, can, paper_read_clause


@pytest.fixture
def two(session, factory):  # type: ignore[no-untyped-def]
    """Body A (the factory's) and body B, each with a department and a committee."""
    a = factory.body
    b = Body(name="Gemeinde Zweitdorf", short_name="Zweitdorf", paper_reference_format="ZD-{number:02d}/{short_year}")
    session.add(b)
    session.flush()
    departments = {
        body.id: Organization(body_id=body.id, name=f"Bauamt {body.name}", organization_type=OrganizationType.DEPARTMENT)
        for body in (a, b)
    }
    committees = {
        body.id: Organization(body_id=body.id, name=f"Bauausschuss {body.name}", organization_type=OrganizationType.COMMITTEE)
        for body in (a, b)
    }
    session.add_all([*departments.values(), *committees.values()])
    session.flush()
    return a, b, departments, committees


def _paper(session, body, department, name="Vorlage"):  # type: ignore[no-untyped-def]
    return papers.create_paper(session, None, body=body, name=name, paper_type=PaperType.RESOLUTION,
                               originator=department, paper_date=date(2026, 3, 1))


def test_each_body_draws_its_own_numbers_in_its_own_format(session, two):  # type: ignore[no-untyped-def]
    a, b, departments, _committees = two
    a.paper_reference_format = numbering.DEFAULT_FORMAT
    b.paper_reference_format = numbering.DEFAULT_FORMAT
    first_a = _paper(session, a, departments[a.id])
    first_b = _paper(session, b, departments[b.id])
    second_a = _paper(session, a, departments[a.id])
    assert (first_a.reference, first_b.reference, second_a.reference) == ("001/2026", "001/2026", "002/2026")
    counters = {c.body_id: c.last_number for c in session.scalars(select(PaperReferenceCounter))}
    assert counters == {a.id: 2, b.id: 1}
    b.paper_reference_format = "ZD-{number:02d}/{short_year}"
    assert _paper(session, b, departments[b.id]).reference == "ZD-02/26"


def test_a_vorlage_is_consulted_only_by_committees_of_its_body(session, two):  # type: ignore[no-untyped-def]
    a, b, departments, committees = two
    paper = _paper(session, a, departments[a.id])
    with pytest.raises(ValidationFailed) as failed:
        consultations.add_consultation(session, None, paper, organization=committees[b.id],
                                       role=ConsultationRole.DECISION)
    assert "Körperschaft" in failed.value.errors["organization"]
    consultations.add_consultation(session, None, paper, organization=committees[a.id], role=ConsultationRole.DECISION)
    assert [c.organization_id for c in paper.consultations] == [committees[a.id].id]


def test_kuerzel_are_url_safe_unique_and_never_an_address_of_the_system(session, two):  # type: ignore[no-untyped-def]
    a, b, _d, _c = two
    assert slugify("Landkreis Plön – Süd") == "landkreis-ploen-sued"
    assert slugify("2. Amt") == "k-2-amt"
    assert slug_error("kreis-ploen") is None
    for bad in ("", "Kreis", "kreis ploen", "-kreis", "kreis--ploen", "sitzungen", "intern", "x" * 41):
        assert slug_error(bad), bad
    assert a.slug == "lk-test" and b.slug == "zweitdorf"
    twin = Body(name="Gemeinde Zweitdorf", short_name="Zweitdorf")
    session.add(twin)
    session.flush()
    assert twin.slug == "zweitdorf-2"
    assert registry.by_slug(session, "ZWEITDORF") is b
    b.host_name = "ris.zweitdorf.example"
    assert registry.by_host(session, "ris.zweitdorf.example:8080") is b
    assert [x.id for x in registry.all_bodies(session)] == [a.id, b.id, twin.id]
    assert registry.first_body(session) is a


def test_every_object_knows_its_body(session, factory, two):  # type: ignore[no-untyped-def]
    a, b, departments, committees = two
    paper = _paper(session, b, departments[b.id])
    meeting = factory.meeting(committees[b.id])
    item = factory.agenda_item(meeting)
    consultation = factory.consultation(paper, committees[b.id], agenda_item=item, meeting=meeting)
    for obj in (paper, meeting, item, consultation, committees[b.id], b):
        assert scope.body_id_of(obj) == b.id, obj
    assert scope.body_id_of(session.get(AgendaItem, item.id)) == b.id
    event = audit.record(session, None, meeting, "meeting.created", "Sitzung angelegt")
    assert event.body_id == b.id
    assert audit.record(session, None, factory.user(), "user.created").body_id is None
    assert session.scalar(select(AuditEvent.body_id).where(AuditEvent.id == event.id)) == b.id


def test_a_scoped_user_works_only_for_their_bodies(session, factory, two):  # type: ignore[no-untyped-def]
    a, b, departments, committees = two
    paper_a = _paper(session, a, departments[a.id], "Vorlage A")
    paper_b = _paper(session, b, departments[b.id], "Vorlage B")
    wide = factory.user("landesweit", roles={Role.ADMIN})
    admin_b = factory.user("admin-b", roles={Role.ADMIN})
    admin_b.bodies.append(b)
    session.flush()
    assert scope.user_body_ids(wide) is None and scope.user_body_ids(admin_b) == {b.id}
    assert can(wide, Permission.PAPER_READ, paper_a) and can(wide, Permission.PAPER_READ, paper_b)
    assert can(admin_b, Permission.PAPER_READ, paper_b)
    assert not can(admin_b, Permission.PAPER_READ, paper_a)
    assert not can(admin_b, Permission.MEETING_READ_INTERNAL, factory.meeting(committees[a.id]))
    readable = session.scalars(select(Paper.id).where(paper_read_clause(admin_b))).all()
    assert set(readable) == {paper_b.id}
    assert [x.id for x in scope.bodies_of(session, admin_b)] == [b.id]
    assert [x.id for x in scope.bodies_of(session, wide)] == [a.id, b.id]
