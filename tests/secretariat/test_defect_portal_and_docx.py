"""Defect 10: "Neueste Beschlüsse" were mostly procedural items; the minutes DOCX printed
"Abstimmungsergebnis: zur Kenntnis genommen" without a vote and stranded headings at a page bottom.
(The calendar at 375 px is tested in the browser: tests/portal/test_calendar_phone.py.)"""
from __future__ import annotations

from docx.oxml.ns import qn

from minutes_app.services import minutes_lifecycle

from ..conftest import login
from ..export.reading import body_lines, open_docx
from ..minutes_fixtures import NOW, build_scene, complete


def _closed(session, factory):
    scene = build_scene(factory)
    minutes = complete(session, scene)
    minutes_lifecycle.sign(session, scene.secretary, minutes, "chair", now=NOW)
    minutes_lifecycle.sign(session, scene.secretary, minutes, "recorder", now=NOW)
    minutes_lifecycle.close_minutes(session, scene.secretary, minutes, now=NOW)
    return scene


def test_defect_10_latest_decisions_are_decisions_not_procedure(client, session, factory):
    scene = _closed(session, factory)
    html = client.get("/").get_data(as_text=True)
    section = html.split('id="beschluesse-titel"', 1)[1].split("</section>", 1)[0]
    assert "Gesundheitsmanagement im Jobcenter" in section
    assert "Eröffnung" not in section and "Mitteilungen der Verwaltung" not in section
    assert scene.opening.result is not None  # it has a result, it is just no decision


def test_defect_10_minutes_docx_says_ergebnis_without_a_vote_and_keeps_headings_with_their_text(
    client, session, factory
):
    scene = _closed(session, factory)
    login(client, scene.secretary)
    with client.get(f"/sitzungen/{scene.meeting.id}/niederschrift.docx?fassung=intern") as response:
        doc = open_docx(response.data)
    lines = body_lines(doc)
    assert "Abstimmungsergebnis: zur Kenntnis genommen" not in lines
    assert "Ergebnis: zur Kenntnis genommen" in lines
    assert "Abstimmungsergebnis: beschlossen (4 Ja, 1 Nein, 0 Enthaltungen)" in lines
    headings = [p for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert headings
    for p in headings:
        ppr = p._p.pPr
        assert ppr is not None and ppr.find(qn("w:keepNext")) is not None, p.text
