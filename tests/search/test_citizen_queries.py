"""What citizens type: persons, reference numbers in any spelling, foreign letters, soft hyphens, typos."""
from __future__ import annotations

import re
from datetime import date

import pytest

from minutes_app.models import Attendance, AttendeeKind, MinutesState
from tests.search.conftest import decision


def hit_links(client, query):
    response = client.get("/suche", query_string={"q": query})
    assert response.status_code == 200
    html = response.get_data(as_text=True).split("</form>", 1)[1]
    return re.findall(r'<li class="hit">\s*<h3><a href="([^"]+)">', html), html


@pytest.fixture
def archive(session, factory):
    """Decisions of a city council with chair, attendees, odd reference numbers and PDF-extracted text."""
    council = factory.committee("Gemeinderat")
    chair = factory.person("Mentrup", given_name="Frank")
    member = factory.person("Høyem", given_name="Tom")
    guest = factory.person("Gastredner", given_name="Gerd")
    paper, _item, meeting = decision(
        factory, name="Sanierung des Recyclinghofs Durlach", committee=council, day=date(2013, 9, 24),
        text="Der Recycling\u00adhof an der Ottostraße wird saniert; eine Audio\u00adaufnahme der Bürgerversammlung "
             "liegt vor. Im Café am Markt fand die Anhörung statt.")
    paper.reference = "2013/0240"
    minutes = meeting.minutes
    minutes.chair = chair
    session.add_all([Attendance(meeting=meeting, person=member, kind=AttendeeKind.MEMBER),
                     Attendance(meeting=meeting, person=guest, kind=AttendeeKind.GUEST)])
    second, _i, _m = decision(factory, name="Kindergartenbedarfsplanung 2026", committee=council,
                              text="Bedarf an Betreuungsplätzen in Kindertagesstätten.", day=date(2026, 2, 3))
    second.reference = "VO/2026/123"
    session.commit()
    return {"paper": paper, "meeting": meeting, "second": second}


def test_the_chair_and_attendees_of_published_minutes_are_found(client, archive):
    for name in ("Mentrup", "Høyem"):
        links, _html = hit_links(client, name)
        assert f"/sitzungen/{archive['meeting'].id}" in links, name


def test_guests_are_not_named_in_the_public_search(client, archive):
    links, _html = hit_links(client, "Gastredner")
    assert links == []


def test_attendees_of_draft_minutes_are_not_public_yet(client, session, archive):
    archive["meeting"].minutes.state = MinutesState.DRAFT
    session.commit()
    assert hit_links(client, "Mentrup")[0] == []


@pytest.mark.parametrize("typed", ["2013/0240", "2013-0240", "2013 0240", "2013/240", "2013.0240"])
def test_a_reference_number_is_found_in_any_spelling(client, archive, typed):
    links, _html = hit_links(client, typed)
    assert links and links[0] == f"/vorlagen/{archive['paper'].id}"


@pytest.mark.parametrize("typed", ["VO/2026/123", "VO-2026-123", "vo 2026 123", "VO/2026/0123"])
def test_a_prefixed_reference_number_is_found_in_any_spelling(client, archive, typed):
    links, _html = hit_links(client, typed)
    assert links and links[0] == f"/vorlagen/{archive['second'].id}"


@pytest.mark.parametrize("typed", ["Hoyem", "Høyem", "HOYEM"])
def test_letters_beyond_the_umlauts_are_folded(client, archive, typed):
    assert f"/sitzungen/{archive['meeting'].id}" in hit_links(client, typed)[0]


@pytest.mark.parametrize("typed", ["Cafe", "Café", "Ottostrasse", "Ottostraße"])
def test_accents_and_sharp_s_are_folded(client, archive, typed):
    links, html = hit_links(client, typed)
    # One result: the Vorlage with its agenda item.
    assert len(links) == 1 and f'href="/vorlagen/{archive["paper"].id}"' in html


@pytest.mark.parametrize("typed", ["Recyclinghof", "Audioaufnahme"])
def test_words_with_soft_hyphens_are_found_whole(client, archive, typed):
    links, html = hit_links(client, typed)
    assert links and "\u00ad" not in html


@pytest.mark.parametrize(("typo", "meant"), [
    ("Recyclinghpf", "recyclinghof"), ("Kindergartenbedarfsplannung", "kindergartenbedarfsplanung"),
    ("Anhörnug", "anhorung"), ("Bürgerversamlung", "burgerversammlung"),
])
def test_typos_get_a_did_you_mean_link(client, archive, typo, meant):
    links, html = hit_links(client, typo)
    assert links == [] and "Meinten Sie" in html and meant in html


def test_words_with_numbers_are_not_taken_for_a_reference_number():
    from minutes_app.search.query import parse

    assert [c.kind for c in parse("Kita 2024 2025").clauses] == ["word", "word", "word"]
    assert [c.kind for c in parse("Haushalt 2026").clauses] == ["word", "word"]
    assert [c.kind for c in parse("VO 2026 123").clauses] == ["reference"]
