"""Real agendas: three levels (5.1.1), headings, separators without a number, continuous numbering,
and (defect 7) new items before the closing "Anfragen"."""
from __future__ import annotations

import pytest

from minutes_app.models import AgendaItemKind, MeetingState
from minutes_app.services import admin, agenda

from ..minutes_fixtures import build_scene, complete


@pytest.fixture
def meeting(factory):
    return factory.meeting(factory.committee("Hauptausschuss"), MeetingState.PLANNED)


def _numbers(meeting):
    return [(i.number, i.name) for i in sorted(meeting.agenda_items, key=lambda i: i.order)]


def test_defect_7_new_items_land_before_anfragen_as_the_page_promises(session, meeting):
    agenda.add_standard_items(session, None, meeting, ["opening", "questions", "communications_np", "questions_np"])
    agenda.add_item(session, None, meeting, name="Haushalt 2027", public=True)
    agenda.add_item(session, None, meeting, name="Grundstück", public=False)
    names = [name for _n, name in _numbers(meeting)]
    assert names.index("Haushalt 2027") < names.index("Anfragen")
    public = [name for n, name in _numbers(meeting) if n.startswith("Ö")]
    non_public = [name for n, name in _numbers(meeting) if n.startswith("N")]
    assert public[-1] == "Anfragen" and non_public[-1] == "Anfragen"
    assert non_public.index("Grundstück") == 1


def test_headings_group_sub_items_three_levels_deep_and_separators_take_no_number(session, meeting):
    agenda.add_item(session, None, meeting, name="Eröffnung", public=True)
    agenda.add_item(session, None, meeting, name="A N T R Ä G E", public=True, kind=AgendaItemKind.SEPARATOR)
    heading = agenda.add_item(session, None, meeting, name="Anträge der Fraktionen", public=True,
                              kind=AgendaItemKind.HEADING)
    group = agenda.add_item(session, None, meeting, name="Anträge zum Verkehr", public=True,
                            kind=AgendaItemKind.HEADING)
    motion = agenda.add_item(session, None, meeting, name="Tempo 30 vor Schulen", public=True)
    agenda.indent_item(session, None, group)
    agenda.indent_item(session, None, motion)
    agenda.indent_item(session, None, motion)
    assert _numbers(meeting) == [
        ("Ö 1", "Eröffnung"), ("", "A N T R Ä G E"), ("Ö 2", "Anträge der Fraktionen"),
        ("Ö 2.1", "Anträge zum Verkehr"), ("Ö 2.1.1", "Tempo 30 vor Schulen"),
    ]
    assert motion.parent is group and group.parent is heading


def test_continuous_numbering_is_a_body_setting(session, factory, meeting):
    for name in ("Eröffnung", "Haushalt", "Schulen"):
        agenda.add_item(session, None, meeting, name=name, public=True)
    for name in ("Personal", "Grundstück"):
        agenda.add_item(session, None, meeting, name=name, public=False)
    assert [n for n, _ in _numbers(meeting)] == ["Ö 1", "Ö 2", "Ö 3", "N 1", "N 2"]
    body = factory.body
    settings = admin.BodySettings(name=body.name, continuous_numbering=True)
    admin.save_body_settings(session, None, body, settings)
    assert [n for n, _ in _numbers(meeting)] == ["Ö 1", "Ö 2", "Ö 3", "N 4", "N 5"]
    agenda.add_item(session, None, meeting, name="Vertrag", public=False)
    assert _numbers(meeting)[-1] == ("N 6", "Vertrag")


def test_held_meetings_keep_their_numbers_when_the_setting_changes(session, factory):
    scene = build_scene(factory)
    complete(session, scene)
    admin.save_body_settings(session, None, factory.body, admin.BodySettings(name="X", continuous_numbering=True))
    assert scene.secret_item.number == "N 1"


def test_reports_and_headings_need_no_result_to_close_the_minutes(session, factory):
    from minutes_app.services import minutes_lifecycle

    scene = build_scene(factory)
    minutes = complete(session, scene)
    report = factory.agenda_item(scene.meeting, "Bericht des Landrats", kind=AgendaItemKind.REPORT)
    heading = factory.agenda_item(scene.meeting, "Anträge", kind=AgendaItemKind.HEADING)
    missing = minutes_lifecycle.missing_elements(session, minutes, signatures=False)
    assert not any(report.name in m or heading.name in m for m in missing)
    plain = factory.agenda_item(scene.meeting, "Verschiedenes")
    missing = minutes_lifecycle.missing_elements(session, minutes, signatures=False)
    assert any("Verschiedenes" in m and "Ergebnis fehlt" in m for m in missing)
    assert plain.kind is AgendaItemKind.ITEM
