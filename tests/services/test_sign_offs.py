"""The Sichtvermerk workflow: order, deputies, returns, hashes, voiding by new versions."""
from __future__ import annotations

import pytest

from minutes_app.models import AuditEvent, PaperState, PaperVersion, Role, SignOffCapacity, SignOffState
from minutes_app.services import paper_versions, papers, sign_off_chains, sign_offs
from minutes_app.services.errors import InvalidTransition, NotAllowed, ValidationFailed
from tests.papers_support import build_world, fast_passwords, ready_paper  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def world(factory, session):
    return build_world(factory, session)


def _actions(session, paper):
    return [e.action for e in session.query(AuditEvent).filter_by(object_type="Paper", object_id=paper.id)]


def test_full_workflow_from_draft_to_release(session, factory, world):
    paper = ready_paper(factory, session, world)
    created = sign_offs.start_sign_off(session, world.editor, paper)

    assert paper.state is PaperState.IN_SIGN_OFF
    assert [s.position_title for s in created] == ["Geschäftsbereichsleitung", "Sozialdezernent", "Landrat"]
    assert sign_offs.waiting_papers(session, world.head) == [paper]
    assert sign_offs.waiting_count(session, world.dezernent) == 0

    sign_offs.sign(session, world.head, paper)
    assert sign_offs.waiting_count(session, world.head) == 0
    assert sign_offs.waiting_papers(session, world.dezernent) == [paper]
    sign_offs.sign(session, world.dezernent, paper)
    sign_offs.sign(session, world.landrat, paper, comment="Einverstanden.")

    assert paper.state is PaperState.RELEASED
    assert all(s.state is SignOffState.SIGNED and s.signed_at is not None for s in created)
    assert [s.signed_by for s in created] == [world.head, world.dezernent, world.landrat]
    actions = _actions(session, paper)
    assert actions.count("paper.signed") == 3
    assert "paper.sign_off_started" in actions and actions[-1] == "paper.released"


def test_inbox_counts_each_paper_at_its_own_position(session, factory, world):
    waiting_at_first = ready_paper(factory, session, world, name="Wartet auf die Geschäftsbereichsleitung")
    waiting_at_second = ready_paper(factory, session, world, name="Wartet auf das Dezernat")
    sign_offs.start_sign_off(session, world.editor, waiting_at_first)
    sign_offs.start_sign_off(session, world.editor, waiting_at_second)
    sign_offs.sign(session, world.deputy, waiting_at_second)

    assert sign_offs.waiting_papers(session, world.head) == [waiting_at_first]
    assert sign_offs.waiting_papers(session, world.dezernent) == [waiting_at_second]
    assert sign_offs.waiting_count(session, world.landrat) == 0


def test_signature_hash_matches_the_signed_content(session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    content = paper_versions.content_of(paper)
    signed = sign_offs.sign(session, world.head, paper)

    snapshot = session.query(PaperVersion).filter_by(paper_id=paper.id, version=1).one()
    assert signed.content_hash == snapshot.content_hash == paper_versions.content_hash(content)
    assert len(signed.content_hash) == 64
    # The snapshot holds exactly the texts that were signed.
    assert snapshot.content["reasoning"] == paper.reasoning
    assert snapshot.content["consultations"][0]["authoritative"] is True


def test_positions_sign_in_order(session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)

    with pytest.raises(NotAllowed, match="wartet noch auf den Sichtvermerk „Geschäftsbereichsleitung“"):
        sign_offs.sign(session, world.landrat, paper)
    assert all(s.state is SignOffState.OPEN for s in paper.sign_offs)


def test_outsider_may_not_sign(session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    stranger = factory.user("fremd", {Role.SIGNER})

    with pytest.raises(NotAllowed, match="nicht zeichnungsberechtigt"):
        sign_offs.sign(session, stranger, paper)
    with pytest.raises(NotAllowed):
        sign_offs.sign(session, world.editor, paper)


def test_deputy_signs_in_deputy_capacity(session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)

    signed = sign_offs.sign(session, world.deputy, paper)

    assert signed.capacity is SignOffCapacity.DEPUTY
    assert signed.signed_by == world.deputy
    assert sign_offs.due_sign_off(paper).position_title == "Sozialdezernent"
    own = sign_offs.sign(session, world.dezernent, paper)
    assert own.capacity is SignOffCapacity.OWN
    summary = session.query(AuditEvent).filter_by(action="paper.signed").first().summary
    assert "in Vertretung" in summary


def test_return_requires_comment_and_goes_back_to_draft(session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    sign_offs.sign(session, world.head, paper)

    with pytest.raises(ValidationFailed) as failed:
        sign_offs.return_paper(session, world.dezernent, paper, comment="   ")
    assert "begründen" in failed.value.errors["comment"]
    assert paper.state is PaperState.IN_SIGN_OFF

    returned = sign_offs.return_paper(session, world.dezernent, paper, comment="Bitte Kosten für 2027 ergänzen.")

    assert paper.state is PaperState.DRAFT
    assert paper.return_comment == "Bitte Kosten für 2027 ergänzen."
    assert returned.state is SignOffState.RETURNED and returned.signed_by == world.dezernent
    # The positions after the return never happened; the earlier signature stays visible until a new version.
    assert [s.state for s in paper.sign_offs] == [SignOffState.SIGNED, SignOffState.RETURNED]
    assert "paper.returned" in _actions(session, paper)


def test_edit_after_return_voids_signature_and_new_round_signs_new_version(session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    first = sign_offs.sign(session, world.head, paper)
    sign_offs.return_paper(session, world.dezernent, paper, comment="Kosten fehlen.")

    change = papers.update_paper(
        session, world.editor, paper, name=paper.name, paper_type=paper.paper_type, public=True, participants=[],
        resolution_proposal=paper.resolution_proposal, reasoning=paper.reasoning,
        financial_impact="Kosten 2027: 12.000 €",
    )

    assert change.new_version and paper.version == 2
    assert first.state is SignOffState.VOID
    created = sign_offs.start_sign_off(session, world.editor, paper)
    assert paper.return_comment == ""
    assert {s.paper_version for s in created} == {2}
    for signer in (world.head, world.dezernent, world.landrat):
        sign_offs.sign(session, signer, paper)
    assert paper.state is PaperState.RELEASED
    v1, v2 = (session.query(PaperVersion).filter_by(paper_id=paper.id).order_by(PaperVersion.version).all())
    assert v1.content_hash != v2.content_hash
    assert all(s.content_hash == v2.content_hash for s in created)


def test_resubmission_without_change_starts_a_new_version(session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    first = sign_offs.sign(session, world.head, paper)
    sign_offs.recall(session, world.editor, paper)

    sign_offs.start_sign_off(session, world.editor, paper)

    assert paper.version == 2 and first.state is SignOffState.VOID
    assert sign_offs.due_sign_off(paper).position_title == "Geschäftsbereichsleitung"


def test_edit_after_release_creates_new_version_and_voids_signatures(session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    for signer in (world.head, world.dezernent, world.landrat):
        sign_offs.sign(session, signer, paper)

    papers.update_paper(
        session, world.editor, paper, name="Neuer Betreff", paper_type=paper.paper_type, public=True,
        participants=[], resolution_proposal=paper.resolution_proposal, reasoning=paper.reasoning,
        financial_impact="",
    )

    assert paper.version == 2
    assert paper.state is PaperState.DRAFT
    assert [s.state for s in paper.sign_offs] == [SignOffState.VOID] * 3
    assert "paper.new_version" in _actions(session, paper)


def test_saving_unchanged_content_of_released_paper_keeps_version(session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    for signer in (world.head, world.dezernent, world.landrat):
        sign_offs.sign(session, signer, paper)

    change = papers.update_paper(
        session, world.editor, paper, name=paper.name, paper_type=paper.paper_type, public=paper.public,
        participants=[], resolution_proposal=paper.resolution_proposal + "\r\n", reasoning=paper.reasoning,
        financial_impact=paper.financial_impact,
    )

    assert not change.changed
    assert paper.version == 1 and paper.state is PaperState.RELEASED


def test_content_is_frozen_during_sign_off(session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)

    with pytest.raises(InvalidTransition, match="eingefroren"):
        papers.update_paper(
            session, world.editor, paper, name="x", paper_type=paper.paper_type, public=True, participants=[],
            resolution_proposal="", reasoning="", financial_impact="",
        )


def test_tampered_content_cannot_be_signed(session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    paper.reasoning = "heimlich geändert"  # bypassing the services, as a broken import or SQL would

    with pytest.raises(InvalidTransition, match="weicht von der eingefrorenen Fassung ab"):
        sign_offs.sign(session, world.head, paper)


def test_signer_must_have_seen_the_current_version(session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)

    with pytest.raises(InvalidTransition, match="geändert, seit Sie sie geöffnet"):
        sign_offs.sign(session, world.head, paper, expected_hash="0" * 64)


def test_start_requires_complete_paper(session, factory, world):
    paper = factory.paper(world.department, actor=world.editor, name="Unvollständig")

    with pytest.raises(ValidationFailed) as failed:
        sign_offs.start_sign_off(session, world.editor, paper)

    assert set(failed.value.errors) == {"resolution_proposal", "reasoning", "consultations"}
    assert paper.state is PaperState.DRAFT


def test_start_without_chain_is_refused(session, factory, world):
    for rule in list(world.chain.rules):
        sign_off_chains.remove_rule(session, None, rule)
    paper = ready_paper(factory, session, world)

    with pytest.raises(InvalidTransition, match="kein Zeichnungsweg"):
        sign_offs.start_sign_off(session, world.editor, paper)


def test_most_specific_rule_wins(session, factory, world):
    special = sign_off_chains.create_chain(session, None, body=factory.body, name="Nur Landrat")
    position = sign_off_chains.add_position(session, None, special, "Landrat")
    sign_off_chains.add_holder(session, None, position, world.landrat, is_deputy=False)
    sign_off_chains.add_rule(session, None, special, department=world.department, paper_type=None)
    paper = ready_paper(factory, session, world)

    assert sign_off_chains.find_chain(session, paper) == special
    other = factory.department("Fachbereich Bauen")
    assert sign_off_chains.find_chain(session, factory.paper(other)) == world.chain


def test_withdraw_drops_open_sign_offs(session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)

    with pytest.raises(ValidationFailed):
        papers.withdraw_paper(session, world.editor, paper, " ")
    papers.withdraw_paper(session, world.editor, paper, "Hat sich erledigt.")

    assert paper.state is PaperState.WITHDRAWN
    assert paper.sign_offs == []
    assert sign_offs.waiting_count(session, world.head) == 0
    with pytest.raises(InvalidTransition):
        papers.withdraw_paper(session, world.editor, paper, "nochmal")


def test_position_in_running_sign_off_cannot_be_removed(session, factory, world):
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)

    with pytest.raises(InvalidTransition, match=paper.reference):
        sign_off_chains.remove_position(session, None, world.positions[2])
    with pytest.raises(InvalidTransition):
        sign_off_chains.delete_chain(session, None, world.chain)
