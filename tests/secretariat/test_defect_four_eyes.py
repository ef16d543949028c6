"""Defect 3: one account signed all three positions of one Vorlage; the four-eyes rule refuses that."""
from __future__ import annotations

import pytest

from minutes_app.models import PaperState
from minutes_app.services import sign_off_chains, sign_offs
from minutes_app.services.errors import NotAllowed
from tests.papers_support import build_world, fast_passwords, ready_paper  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_passwords")


def _head_also_deputises_everywhere(session, world):
    for position in world.chain.positions[1:]:
        sign_off_chains.add_holder(session, None, position, world.head, is_deputy=True)


def test_defect_3_one_person_signs_one_position_of_a_vorlage(session, factory):
    world = build_world(factory, session)
    _head_also_deputises_everywhere(session, world)
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    sign_offs.sign(session, world.head, paper)
    with pytest.raises(NotAllowed, match="bereits als „Geschäftsbereichsleitung“ gezeichnet.*Vier-Augen-Prinzip"):
        sign_offs.sign(session, world.head, paper)
    sign_offs.sign(session, world.dezernent, paper)
    with pytest.raises(NotAllowed, match="Vier-Augen-Prinzip"):
        sign_offs.sign(session, world.head, paper)
    sign_offs.sign(session, world.landrat, paper)
    assert paper.state is PaperState.RELEASED
    assert len({s.signed_by_id for s in paper.sign_offs}) == 3


def test_defect_3_the_body_may_allow_one_person_on_several_positions(session, factory):
    world = build_world(factory, session)
    factory.body.sign_off_same_person_allowed = True
    _head_also_deputises_everywhere(session, world)
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    for _ in range(3):
        sign_offs.sign(session, world.head, paper)
    assert paper.state is PaperState.RELEASED
