"""Vorlagen: drafting, numbering, Beratungsfolge, lifecycle, versions and diffs, the read policy."""
from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select

from minutes_app.extensions import database
from minutes_app.models import (
    AgendaItemResult,
    AuditEvent,
    Body,
    ConsultationRole,
    Organization,
    Paper,
    PaperState,
    PaperType,
    Role,
)
from minutes_app.services import consultations, paper_diff, paper_versions, papers, sign_offs, visibility
from minutes_app.services.errors import InvalidTransition, ValidationFailed
from minutes_app.services.permissions import Permission, can, paper_read_clause
from tests.papers_support import build_world, fast_passwords, ready_paper  # noqa: F401


@pytest.fixture
def world(factory, session):
    return build_world(factory, session)


def test_create_paper_numbers_and_normalizes(session, factory, world):
    other = factory.department("Dezernat V")
    paper = papers.create_paper(
        session, world.editor, body=factory.body, name="  Umsetzung   im Bereich  Markt ", paper_type=PaperType.REPORT,
        originator=world.department, participants=[other, world.department], paper_date=date(2016, 11, 3),
        reasoning="Zeile 1\r\nZeile 2\r\n\r\n",
    )

    assert paper.reference == "001/2016"
    assert paper.name == "Umsetzung im Bereich Markt"
    assert paper.participants == [other]
    assert paper.reasoning == "Zeile 1\nZeile 2"
    assert paper.state is PaperState.DRAFT and paper.author == world.editor
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "paper.created"))
    assert "001/2016" in event.summary


def test_empty_subject_is_refused_and_nothing_is_saved(session, factory, world):
    with pytest.raises(ValidationFailed) as failed:
        papers.create_paper(
            session, world.editor, body=factory.body, name="   ", paper_type=PaperType.RESOLUTION,
            originator=world.department,
        )
    assert failed.value.errors["name"] == "Bitte geben Sie einen Betreff an."
    assert session.scalar(select(Paper)) is None


def test_committee_cannot_lead_a_paper(session, factory, world):
    with pytest.raises(ValidationFailed) as failed:
        papers.create_paper(
            session, None, body=factory.body, name="x", paper_type=PaperType.MOTION, originator=world.committee
        )
    assert "Federführend" in failed.value.errors["originator"]


def test_numbering_runs_per_year_in_the_body_format(session, factory, world):
    factory.body.paper_reference_format = "{year}/{number:04d}"
    a = factory.paper(world.department, paper_date=date(2025, 12, 31))
    b = factory.paper(world.department, paper_date=date(2026, 1, 2))
    c = factory.paper(world.department, paper_date=date(2026, 1, 3))

    assert [a.reference, b.reference, c.reference] == ["2025/0001", "2026/0001", "2026/0002"]


def test_numbers_of_deleted_drafts_are_never_reused(session, factory, world):
    first = factory.paper(world.department, paper_date=date(2026, 5, 1))
    second = factory.paper(world.department, paper_date=date(2026, 5, 2))
    papers.delete_draft(session, world.editor, second)

    third = factory.paper(world.department, paper_date=date(2026, 5, 3))

    assert (first.reference, third.reference) == ("001/2026", "003/2026")
    assert session.scalars(select(Paper.reference).order_by(Paper.reference)).all() == ["001/2026", "003/2026"]


def test_parallel_creation_gives_unique_numbers(app, session, factory, world):
    body_id, department_id = factory.body.id, world.department.id
    session.commit()
    db = database()
    references: list[str] = []
    errors: list[BaseException] = []

    def create_some() -> None:
        try:
            for _ in range(3):
                own = db.session()
                with own.begin():
                    paper = papers.create_paper(
                        own, None, body=own.get(Body, body_id), name="Parallel", paper_type=PaperType.INQUIRY,
                        originator=own.get(Organization, department_id), paper_date=date(2026, 7, 1),
                    )
                    references.append(paper.reference)
                own.close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=create_some) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(references) == [f"{n:03d}/2026" for n in range(1, 13)]


def test_deleting_a_draft_that_was_in_sign_off_is_refused(session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    sign_offs.recall(session, world.editor, paper)

    with pytest.raises(InvalidTransition, match="zurück"):
        papers.delete_draft(session, world.editor, paper)


def test_beratungsfolge_order_and_single_authoritative(session, factory, world):
    paper = factory.paper(world.department)
    second = factory.committee("Kreistag")
    pre = consultations.add_consultation(
        session, None, paper, organization=world.committee, role=ConsultationRole.PRELIMINARY, authoritative=True
    )
    final = consultations.add_consultation(
        session, None, paper, organization=second, role=ConsultationRole.DECISION, authoritative=True
    )

    assert (pre.position, final.position) == (1, 2)
    assert [c.authoritative for c in paper.consultations] == [False, True]
    consultations.move_consultation(session, None, final, -1)
    assert [c.organization.name for c in sorted(paper.consultations, key=lambda c: c.position)] == [
        "Kreistag", world.committee.name,
    ]
    consultations.remove_consultation(session, None, final)
    assert [(c.position, c.organization) for c in paper.consultations] == [(1, world.committee)]


def test_consultation_needs_a_committee_and_its_own_meeting(session, factory, world):
    paper = factory.paper(world.department)
    with pytest.raises(ValidationFailed) as failed:
        consultations.add_consultation(
            session, None, paper, organization=world.department, role=ConsultationRole.HEARING
        )
    assert failed.value.errors["organization"] == "Bitte wählen Sie ein Gremium."
    foreign = factory.meeting(factory.committee("Jugendhilfeausschuss"))
    with pytest.raises(ValidationFailed) as failed:
        consultations.add_consultation(
            session, None, paper, organization=world.committee, role=ConsultationRole.DECISION, meeting=foreign
        )
    assert "gehört nicht zum Gremium" in failed.value.errors["meeting"]
    assert paper.consultations == []


def test_planning_a_meeting_does_not_change_the_signed_content(session, factory, world):
    paper = ready_paper(factory, session, world)
    before = paper_versions.current_hash(paper)
    consultation = paper.consultations[0]

    consultations.update_consultation(
        session, None, consultation, organization=world.committee, role=consultation.role, authoritative=True,
        meeting=factory.meeting(world.committee),
    )

    assert paper_versions.current_hash(paper) == before


def test_lifecycle_after_release(session, factory, world):
    paper = ready_paper(factory, session, world)
    with pytest.raises(InvalidTransition, match="Nur freigegebene"):
        papers.mark_in_consultation(session, None, paper)
    sign_offs.start_sign_off(session, world.editor, paper)
    for signer in (world.head, world.dezernent, world.landrat):
        sign_offs.sign(session, signer, paper)

    papers.mark_in_consultation(session, None, paper)
    with pytest.raises(InvalidTransition, match="maßgebliche Beratung"):
        papers.complete_paper(session, None, paper)
    paper.consultations[0].result = AgendaItemResult.ADOPTED
    papers.complete_paper(session, None, paper)

    assert paper.state is PaperState.COMPLETED
    with pytest.raises(InvalidTransition):
        papers.withdraw_paper(session, None, paper, "zu spät")
    actions = [e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.object_id == paper.id))]
    assert {"paper.in_consultation", "paper.completed"} <= set(actions)


def test_diff_between_versions_is_readable(session, factory, world):
    paper = ready_paper(factory, session, world, reasoning="## I. Ausgangssituation\n\nDer Arbeitsmarkt ist stabil.")
    sign_offs.start_sign_off(session, world.editor, paper)
    sign_offs.recall(session, world.editor, paper)
    old = paper_versions.snapshot_of(session, paper).content
    papers.update_paper(
        session, world.editor, paper, name="Neuer Betreff", paper_type=paper.paper_type, public=False,
        participants=[], resolution_proposal=paper.resolution_proposal,
        reasoning="## I. Ausgangssituation\n\nDer Arbeitsmarkt ist sehr stabil.\n\n- neu", financial_impact="",
    )

    diffs = {d.label: d for d in paper_diff.diff_contents(old, paper_versions.content_of(paper))}

    assert (diffs["Betreff"].old, diffs["Betreff"].new) == (old["name"], "Neuer Betreff")
    assert (diffs["Status"].old, diffs["Status"].new) == ("öffentlich", "nichtöffentlich")
    lines = diffs["Sachverhalt/Begründung"].lines
    changed = next(line for line in lines if line.kind == "changed")
    assert [(s.kind, s.text) for s in changed.segments if s.kind != "equal"] == [("added", "sehr ")]
    assert any(line.kind == "added" and line.text == "- neu" for line in lines)
    assert "Beratungsfolge" not in diffs


def test_policy_editor_of_other_department_cannot_edit(session, factory, world):
    paper = factory.paper(world.department, actor=world.editor)
    other = factory.user("bau", {Role.EDITOR}, department=factory.department("Fachbereich Bauen"))

    assert can(world.editor, Permission.PAPER_EDIT, paper)
    assert not can(other, Permission.PAPER_EDIT, paper)
    assert not can(other, Permission.PAPER_READ, paper)
    assert not can(other, Permission.PAPER_CREATE, world.department)


def test_policy_citizen_sees_nothing_of_a_draft(session, factory, world):
    paper = factory.paper(world.department)

    assert not can(None, Permission.PAPER_READ, paper)
    assert not visibility.paper_is_public(paper)
    assert session.scalars(select(Paper).where(paper_read_clause(None))).all() == []
    assert session.scalars(select(Paper).where(visibility.public_paper_clause())).all() == []


def test_read_clause_agrees_with_the_policy(session, factory, world):
    member = factory.user("mitglied", {Role.MEMBER}, person=factory.person())
    factory.membership(member.person, world.committee)
    secretary = factory.user("sf", {Role.SECRETARY}, committees=[world.committee])
    outsider = factory.user("bau", {Role.EDITOR}, department=factory.department("Fachbereich Bauen"))
    draft = factory.paper(world.department)
    in_sign_off = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, in_sign_off)
    released = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, released)
    for signer in (world.head, world.dezernent, world.landrat):
        sign_offs.sign(session, signer, released)
    all_papers = [draft, in_sign_off, released]

    for user in (world.editor, world.head, world.landrat, member, secretary, outsider):
        listed = set(session.scalars(select(Paper).where(paper_read_clause(user))))
        assert listed == {p for p in all_papers if can(user, Permission.PAPER_READ, p)}, user.login
    assert can(world.landrat, Permission.PAPER_READ, in_sign_off)  # on the chain, before their turn
    assert not can(outsider, Permission.PAPER_READ, in_sign_off)
    assert can(member, Permission.PAPER_READ, released) and not can(member, Permission.PAPER_READ, draft)


def test_backward_transitions_are_guarded(factory, session):
    import pytest as _pytest

    from minutes_app.models import PaperState
    from minutes_app.services import papers as paper_service
    from minutes_app.services.errors import InvalidTransition

    paper = factory.paper()
    with _pytest.raises(InvalidTransition, match="Nur erledigte Vorlagen"):
        paper_service.reopen_consultation(session, None, paper, "Korrektur")
    paper.state = PaperState.IN_CONSULTATION
    meeting = factory.meeting()
    item = factory.agenda_item(meeting, paper.name)
    factory.consultation(paper, meeting.organization, meeting=meeting, agenda_item=item)
    with _pytest.raises(InvalidTransition, match="noch auf einer Tagesordnung"):
        paper_service.end_consultation(session, None, paper)
    paper.consultations[0].agenda_item = None
    paper_service.end_consultation(session, None, paper)
    assert paper.state is PaperState.RELEASED
