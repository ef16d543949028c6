"""Agenda builder: gap-free Ö/N numbering after insert, move, delete, indent and part moves."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from minutes_app.models import MeetingState
from minutes_app.services import agenda
from minutes_app.services.agenda_outline import agenda_parts
from minutes_app.services.errors import InvalidTransition, ValidationFailed


def _numbers(meeting) -> list[tuple[str, str]]:
    """(number, name) in order, as the agenda shows it."""
    return [(i.number, i.name) for i in sorted(meeting.agenda_items, key=lambda i: i.order)]


def _orders(meeting) -> list[int]:
    return sorted(i.order for i in meeting.agenda_items)


def _build(session, meeting, *names_public):
    return [agenda.add_item(session, None, meeting, name=name, public=public) for name, public in names_public]


@pytest.fixture
def meeting(factory):
    return factory.meeting()


def test_inserting_numbers_each_part_from_one(session, meeting):
    _build(session, meeting, ("A", True), ("Geheim", False), ("B", True), ("Personal", False))
    assert _numbers(meeting) == [("Ö 1", "A"), ("Ö 2", "B"), ("N 1", "Geheim"), ("N 2", "Personal")]
    assert _orders(meeting) == [1, 2, 3, 4]


def test_item_at_start_renumbers_the_rest(session, meeting):
    _build(session, meeting, ("A", True), ("B", True))
    agenda.add_item(session, None, meeting, name="Eröffnung", public=True, index=0)
    assert _numbers(meeting) == [("Ö 1", "Eröffnung"), ("Ö 2", "A"), ("Ö 3", "B")]


def test_indent_makes_a_sub_item_and_outdent_undoes_it(session, meeting):
    a, b, c, d = _build(session, meeting, ("A", True), ("B", True), ("C", True), ("D", True))
    agenda.indent_item(session, None, b)
    agenda.indent_item(session, None, d)  # D under C
    assert _numbers(meeting) == [("Ö 1", "A"), ("Ö 1.1", "B"), ("Ö 2", "C"), ("Ö 2.1", "D")]
    assert b.parent is a and d.parent is c
    agenda.outdent_item(session, None, b)
    assert _numbers(meeting) == [("Ö 1", "A"), ("Ö 2", "B"), ("Ö 3", "C"), ("Ö 3.1", "D")]
    assert b.parent is None


def test_indent_limits(session, meeting):
    a, b, c, d = _build(session, meeting, ("A", True), ("B", True), ("C", True), ("D", True))
    with pytest.raises(InvalidTransition, match="Über Ö 1 steht kein Punkt"):
        agenda.indent_item(session, None, a)
    agenda.indent_item(session, None, b)
    with pytest.raises(InvalidTransition, match="Über Ö 1.1 steht kein Punkt"):
        agenda.indent_item(session, None, b)
    agenda.indent_item(session, None, c)  # C joins A as Ö 1.2
    agenda.indent_item(session, None, c)  # and goes one level deeper under B: Ö 1.1.1
    agenda.indent_item(session, None, d)
    agenda.indent_item(session, None, d)
    assert _numbers(meeting) == [("Ö 1", "A"), ("Ö 1.1", "B"), ("Ö 1.1.1", "C"), ("Ö 1.1.2", "D")]
    with pytest.raises(InvalidTransition, match="höchstens 3 Ebenen"):
        agenda.indent_item(session, None, d)  # a fourth level is refused
    with pytest.raises(InvalidTransition, match="bereits ein Hauptpunkt"):
        agenda.outdent_item(session, None, a)


def test_an_item_with_sub_items_is_indented_with_them_within_three_levels(session, meeting):
    _a, b, c = _build(session, meeting, ("A", True), ("B", True), ("C", True))
    agenda.indent_item(session, None, c)  # C under B
    agenda.indent_item(session, None, b)  # B takes C along
    assert _numbers(meeting) == [("Ö 1", "A"), ("Ö 1.1", "B"), ("Ö 1.1.1", "C")]
    agenda.outdent_item(session, None, b)
    assert _numbers(meeting) == [("Ö 1", "A"), ("Ö 2", "B"), ("Ö 2.1", "C")]


def test_outdent_of_a_middle_sub_item_places_it_after_its_parents_block(session, meeting):
    _a, a1, a2, _b = _build(session, meeting, ("A", True), ("A1", True), ("A2", True), ("B", True))
    agenda.indent_item(session, None, a1)
    agenda.indent_item(session, None, a2)
    agenda.outdent_item(session, None, a1)
    assert _numbers(meeting) == [("Ö 1", "A"), ("Ö 1.1", "A2"), ("Ö 2", "A1"), ("Ö 3", "B")]


def test_moving_up_and_down_takes_sub_items_along(session, meeting):
    _a, b, c, _n = _build(session, meeting, ("A", True), ("B", True), ("C", True), ("N", False))
    agenda.indent_item(session, None, c)  # C under B
    agenda.move_item(session, None, b, "up")
    assert _numbers(meeting) == [("Ö 1", "B"), ("Ö 1.1", "C"), ("Ö 2", "A"), ("N 1", "N")]
    agenda.move_item(session, None, b, "down")
    assert _numbers(meeting) == [("Ö 1", "A"), ("Ö 2", "B"), ("Ö 2.1", "C"), ("N 1", "N")]
    assert _orders(meeting) == [1, 2, 3, 4]


def test_moving_beyond_the_part_or_the_parent_is_refused(session, meeting):
    a, b, n = _build(session, meeting, ("A", True), ("B", True), ("N", False))
    with pytest.raises(InvalidTransition, match="Ö 1 steht bereits an erster Stelle im öffentlichen Teil"):
        agenda.move_item(session, None, a, "up")
    with pytest.raises(InvalidTransition, match="N 1 steht bereits an letzter Stelle im nichtöffentlichen Teil"):
        agenda.move_item(session, None, n, "down")
    with pytest.raises(InvalidTransition, match="an erster Stelle im nichtöffentlichen Teil"):
        agenda.move_item(session, None, n, "up")  # never slips into the public part
    agenda.indent_item(session, None, b)
    with pytest.raises(InvalidTransition, match=r"Ö 1\.1 steht bereits an letzter Stelle unter Ö 1"):
        agenda.move_item(session, None, b, "down")


def test_removing_keeps_numbers_gap_free_and_promotes_sub_items(session, meeting):
    _a, b, c, d = _build(session, meeting, ("A", True), ("B", True), ("C", True), ("D", True))
    agenda.indent_item(session, None, c)  # C under B
    agenda.remove_item(session, None, b)
    assert _numbers(meeting) == [("Ö 1", "A"), ("Ö 2", "C"), ("Ö 3", "D")]
    assert c.parent is None
    agenda.remove_item(session, None, d)
    assert _numbers(meeting) == [("Ö 1", "A"), ("Ö 2", "C")]
    assert _orders(meeting) == [1, 2]


def test_moving_between_parts_numbers_both_parts_and_carries_sub_items(session, meeting):
    _a, b, c, _n = _build(session, meeting, ("A", True), ("B", True), ("C", True), ("N", False))
    agenda.indent_item(session, None, c)  # C under B
    agenda.move_to_part(session, None, b, False)
    assert _numbers(meeting) == [("Ö 1", "A"), ("N 1", "N"), ("N 2", "B"), ("N 2.1", "C")]
    assert not b.public and not c.public
    agenda.move_to_part(session, None, c, True)  # a sub-item becomes a main item of the other part
    assert _numbers(meeting) == [("Ö 1", "A"), ("Ö 2", "C"), ("N 1", "N"), ("N 2", "B")]
    with pytest.raises(InvalidTransition, match="steht bereits im öffentlichen Teil"):
        agenda.move_to_part(session, None, c, True)


def test_builder_rows_offer_only_possible_moves(session, meeting):
    _a, b, _c = _build(session, meeting, ("A", True), ("B", True), ("N", False))
    agenda.indent_item(session, None, b)
    parts = agenda_parts(meeting)
    public = [(r.item.number, r.depth, r.first, r.last, r.can_indent) for r in parts[True]]
    assert public == [("Ö 1", 0, True, True, False), ("Ö 1.1", 1, True, True, False)]
    assert [(r.item.number, r.depth) for r in parts[False]] == [("N 1", 0)]


def test_titles_are_checked_and_a_neutral_title_only_kept_for_non_public_items(session, meeting):
    with pytest.raises(ValidationFailed) as failed:
        agenda.add_item(session, None, meeting, name="  ", public=True, public_name="x" * 301)
    assert failed.value.errors == {
        "name": "Bitte geben Sie den Titel des Tagesordnungspunkts an.",
        "public_name": "Der öffentliche Titel darf höchstens 300 Zeichen lang sein.",
    }
    public = agenda.add_item(session, None, meeting, name="Haushalt", public=True, public_name="unnötig")
    secret = agenda.add_item(
        session, None, meeting, name="Klage Müller ./. Landkreis", public=False, public_name="Rechtsangelegenheit"
    )
    assert public.public_name == "" and secret.public_name == "Rechtsangelegenheit"
    agenda.update_item(session, None, secret, name="Klage Meier ./. Landkreis", public_name="Rechtsstreit")
    assert (secret.name, secret.public_name) == ("Klage Meier ./. Landkreis", "Rechtsstreit")


def test_standard_items_are_offered_once_and_placed_where_agendas_have_them(session, meeting):
    agenda.add_item(session, None, meeting, name="Schulentwicklungsplan", public=True)
    offered = {s.key for s in agenda.standard_items_offered(meeting)}
    assert offered == {"opening", "minutes", "communications", "questions", "communications_np", "questions_np",
                       "implementation_report"}
    agenda.add_standard_items(session, None, meeting, ["minutes", "questions", "questions_np"])
    agenda.add_standard_items(session, None, meeting, ["opening", "communications"])
    assert _numbers(meeting) == [
        ("Ö 1", "Eröffnung und Feststellung der ordnungsgemäßen Ladung und Beschlussfähigkeit"),
        ("Ö 2", "Genehmigung der Niederschrift"),
        ("Ö 3", "Mitteilungen der Verwaltung"),
        ("Ö 4", "Schulentwicklungsplan"),
        ("Ö 5", "Anfragen"),
        ("N 1", "Anfragen"),
    ]
    assert {s.key for s in agenda.standard_items_offered(meeting)} == {"communications_np", "implementation_report"}
    with pytest.raises(ValidationFailed, match="mindestens einen Standardpunkt"):
        agenda.add_standard_items(session, None, meeting, ["opening"])


def test_minutes_item_names_the_previous_held_meeting(factory, session):
    committee = factory.committee()
    factory.meeting(committee, MeetingState.HELD, start_time=datetime(2026, 2, 5, 15, 0, tzinfo=UTC))
    meeting = factory.meeting(committee)
    agenda.add_standard_items(session, None, meeting, ["minutes"])
    assert _numbers(meeting) == [("Ö 1", "Genehmigung der Niederschrift über die Sitzung vom 05.02.2026")]


def test_items_added_after_the_invitation_are_supplements(factory, session):
    meeting = factory.meeting(state=MeetingState.INVITED)
    item = agenda.add_item(session, None, meeting, name="Dringliche Personalie", public=False)
    assert item.is_supplement


@pytest.mark.parametrize("state", [MeetingState.HELD, MeetingState.CANCELLED])
def test_agenda_of_a_held_or_cancelled_meeting_is_frozen(factory, session, state):
    meeting = factory.meeting(state=state)
    with pytest.raises(InvalidTransition, match="kann nicht mehr geändert werden"):
        agenda.add_item(session, None, meeting, name="Zu spät", public=True)
