"""The four documents built from the domain: content, structure, and no non-public text in public versions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from docx.oxml.ns import qn

from minutes_app.export import docx as docx_export
from minutes_app.models import (
    MinutesPublication,
    MinutesState,
    PaperState,
    SignOff,
    SignOffState,
)
from minutes_app.services import documents, paper_document
from minutes_app.services.documents import Audience
from minutes_app.services.errors import NotFound

from .reading import body_lines, body_text, header_text, headings, open_docx, package_text
from .scenario import SECRET, build_county

NOW = datetime(2026, 3, 20, 8, 0, tzinfo=UTC)
PUBLIC, INTERNAL = Audience.PUBLIC, Audience.INTERNAL


@pytest.fixture
def county(factory, session):
    return build_county(factory, session)


def _base(factory) -> bytes:
    return docx_export.letterhead_for(factory.body, None)


def _invitation(factory, county, audience) -> bytes:
    view = documents.invitation_view(county.meeting, factory.body, audience)
    return docx_export.build_invitation(view, _base(factory), NOW)


def _minutes(factory, session, county, audience) -> bytes:
    view = documents.minutes_document(session, county.meeting, factory.body, audience)
    return docx_export.build_minutes(view, _base(factory), NOW)


def _paper(factory, paper, audience) -> bytes:
    return docx_export.build_paper(paper_document.paper_view(paper, factory.body, audience), _base(factory), NOW)


def _extract(factory, item, audience) -> bytes:
    return docx_export.build_resolution_extract(
        documents.extract_view(item, factory.body, audience), _base(factory), NOW
    )


def test_public_invitation(factory, county):
    data = _invitation(factory, county, PUBLIC)
    doc = open_docx(data)
    text = body_text(doc)
    assert headings(doc, 1) == ["Einladung"]
    assert headings(doc, 3) == ["Öffentlicher Teil", "Nichtöffentlicher Teil"]
    for expected in (
        "An die Mitglieder\nKreisausschuss",
        "Donnerstag, 12. März 2026",
        "17:00 Uhr",
        "Landratsamt, Großer Sitzungssaal",
        "Sicherheitskonzept für das Jobcenter",
        "Bericht zur Kreisstraße K 12 (Nachtrag)",
        "Grundstücksangelegenheit",
        "Dr. Helga Berger",
        "Vorsitz",
    ):
        assert expected in text
    agenda = doc.tables[1]
    assert agenda.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in agenda.rows[1].cells] == [
        "Ö 1",
        "Sicherheitskonzept für das Jobcenter",
        county.paper.reference,
    ]
    assert SECRET not in package_text(data) and county.secret_paper.reference not in package_text(data)
    assert "nichtöffentlich" not in header_text(doc.sections[0])


def test_full_invitation_names_the_non_public_items(factory, county):
    doc = open_docx(_invitation(factory, county, INTERNAL))
    assert f"Ankauf Flurstück {SECRET}" in body_text(doc)
    assert "enthält nichtöffentliche Tagesordnungspunkte" in header_text(doc.sections[0])
    assert doc.core_properties.content_status.startswith("Vollständige Fassung")


def test_planned_meeting_has_only_a_draft_invitation(factory, county):
    with pytest.raises(NotFound):
        documents.invitation_view(county.planned, factory.body, PUBLIC)
    view = documents.invitation_view(county.planned, factory.body, INTERNAL)
    doc = open_docx(docx_export.build_invitation(view, _base(factory), NOW))
    assert "Entwurf – noch nicht versandt" in header_text(doc.sections[0])
    assert "Keine Tagesordnungspunkte." in body_lines(doc)


def test_public_vorlage_like_the_seed(factory, county):
    data = _paper(factory, county.paper, PUBLIC)
    doc = open_docx(data)
    lines = body_lines(doc)
    assert lines[0] == f"Vorlage {county.paper.reference}"
    assert headings(doc, 1) == ["Sicherheitskonzept für das Jobcenter"]
    assert headings(doc, 2) == [
        "Beratungsfolge",
        "Antrag der Verwaltung",
        "Sachverhalt/Begründung",
        "Finanzierung und Folgekosten",
        "Anlagen",
        "Sichtvermerke",
    ]
    assert headings(doc, 3) == ["I. Ausgangslage", "II. Maßnahmen"] and headings(doc, 4) == ["Zeitplan"]
    for expected in (
        "Status:",
        "öffentlich",
        "Federführend:",
        "Fachbereich Soziales",
        "Beteiligt:",
        "Kämmerei",
        "Lageplan Eingangsbereich",
        "Geschäftsbereichsleitung",
        "gez. i. V. Thomas Landmann, 20.02.2026",
        "gez. Thomas Landmann, 21.02.2026",
    ):
        assert expected in lines
    steps = doc.tables[1]
    assert [c.text for c in steps.rows[1].cells] == ["Kreisausschuss", "Entscheidung", "12.03.2026, Ö 1", "beschlossen"]
    runs = [r for p in doc.paragraphs for r in p.runs]
    assert any(r.text == "12.000 Menschen" and r.bold for r in runs) and any(
        r.text == "zwei" and r.italic for r in runs
    )
    assert SECRET not in package_text(data)


def test_full_vorlage_lists_every_attachment_but_never_sign_off_comments(factory, county):
    data = _paper(factory, county.paper, INTERNAL)
    text = body_text(open_docx(data))
    assert f"Gutachten {SECRET} (nichtöffentlich)" in text
    assert "Bearbeitungsstand:" in text and "Erledigt, Version 1" in text
    assert f"Hinweis {SECRET}" not in package_text(data)


def test_non_public_vorlage(factory, county):
    with pytest.raises(NotFound):
        paper_document.paper_view(county.secret_paper, factory.body, PUBLIC)
    doc = open_docx(_paper(factory, county.secret_paper, INTERNAL))
    assert "– nichtöffentlich –" in header_text(doc.sections[0])
    assert "nichtöffentlich" in body_lines(doc)


def test_draft_vorlage_shows_open_sign_offs_as_lines(factory, session, county):
    paper = factory.paper(county.department, name="Entwurf einer Satzung")
    paper.state = PaperState.IN_SIGN_OFF
    session.add(SignOff(paper=paper, paper_version=1, order=1, position_title="Dezernat II", state=SignOffState.OPEN))
    session.flush()
    with pytest.raises(NotFound):
        paper_document.paper_view(paper, factory.body, PUBLIC)
    doc = open_docx(_paper(factory, paper, INTERNAL))
    assert "Entwurf – nicht freigegeben (In Mitzeichnung)" in header_text(doc.sections[0])
    lines = body_lines(doc)
    assert lines[lines.index("Dezernat II") + 1].startswith("____")


def test_public_minutes_hold_only_the_public_part(factory, session, county):
    data = _minutes(factory, session, county, PUBLIC)
    doc = open_docx(data)
    assert len(doc.sections) == 1
    assert headings(doc, 2) == ["Anwesenheit", "Öffentlicher Teil"]
    assert headings(doc, 3) == [
        "Anwesend",
        "Entschuldigt",
        "Abwesend",
        "Von der Verwaltung",
        "Ö 1 Sicherheitskonzept für das Jobcenter",
        "Ö 2 Bericht zur Kreisstraße K 12 (Nachtrag)",
    ]
    lines = body_lines(doc)
    for expected in (
        "Öffentlicher Teil",
        "17:05 Uhr",
        "19:10 Uhr",
        "Dr. Helga Berger",
        "Sabine Schreiber",
        f"Vorlage: {county.paper.reference}",
        "Der Kreisausschuss beschließt das Sicherheitskonzept.",
        "Frau Dr. Berger stellt das Konzept vor.",
        "Abstimmungsergebnis: beschlossen (9 Ja, 1 Nein, 0 Enthaltungen)",
        "Abstimmungsergebnis: zur Kenntnis genommen (einstimmig)",
        "gez. am 14.03.2026",
        "Schriftführung",
        "Gäste: ein Gast",
        "Der nichtöffentliche Teil der Sitzung ist nicht Bestandteil dieser Fassung.",
    ):
        assert expected in lines
    present = doc.tables[1]
    assert present.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = [[c.text for c in row.cells] for row in present.rows]
    assert rows[0] == ["Name", "Funktion", "Fraktion", "Bemerkung"]
    assert rows[1] == ["Dr. Helga Berger", "Vorsitz", "", ""]
    assert ["Frieda Vogt", "stellv. Mitglied", "", "in Vertretung für Jonas Çelik"] in rows
    assert ["Jonas Ernst", "Mitglied", "", "ab Ö 2"] in rows
    excused = [[c.text for c in row.cells] for row in doc.tables[2].rows]
    assert ["Jonas Böhm", "Mitglied", "", ""] in excused
    assert any(row[0] == "Jonas Çelik" and row[3] == "vertreten" for row in excused)
    package = package_text(data)
    # Guests are counted, not named, in the public version (as on the minutes page).
    assert "Ute Gast" not in package and "Kai Kämmerer" in package
    assert SECRET not in package and "N 1" not in package


def test_full_minutes_mark_every_page_of_the_non_public_part(factory, session, county):
    doc = open_docx(_minutes(factory, session, county, INTERNAL))
    public_part, non_public_part = doc.sections
    assert "nichtöffentlich" not in header_text(public_part)
    assert not non_public_part.header.is_linked_to_previous
    assert "– nichtöffentlich –" in header_text(non_public_part)
    # The section break comes right before the part's heading: the marked section holds the whole part.
    body = list(doc.element.body.iterchildren())
    breaks = [i for i, e in enumerate(body) if e.find(".//" + qn("w:sectPr")) is not None and e.tag == qn("w:p")]
    heading = next(
        i for i, e in enumerate(body) if "".join(t.text for t in e.iter(qn("w:t"))) == "Nichtöffentlicher Teil"
    )
    assert breaks == [heading - 1]
    assert headings(doc, 3)[-1] == f"N 1 Ankauf Flurstück {SECRET}"
    assert f"Ankauf beschlossen {SECRET}" in body_text(doc)


@pytest.mark.parametrize(
    ("state", "publication"),
    [(MinutesState.DRAFT, MinutesPublication.ON_CLOSED), (MinutesState.CLOSED, MinutesPublication.ON_APPROVED)],
)
def test_unpublished_minutes_have_no_public_version(factory, session, county, state, publication):
    county.meeting.minutes.state = state
    factory.body.minutes_publication = publication
    with pytest.raises(NotFound):
        documents.minutes_document(session, county.meeting, factory.body, PUBLIC)
    with pytest.raises(NotFound):
        documents.extract_view(county.public_item, factory.body, PUBLIC)


def test_draft_minutes_are_marked_as_draft(factory, session, county):
    county.meeting.minutes.state = MinutesState.DRAFT
    doc = open_docx(_minutes(factory, session, county, INTERNAL))
    assert "– Entwurf –" in header_text(doc.sections[0])


def test_approval_note(factory, session, county):
    later = factory.meeting(
        county.committee, county.meeting.state, name="Folgesitzung", start_time=datetime(2026, 4, 16, 15, 0, tzinfo=UTC)
    )
    approval_item = factory.agenda_item(later, "Genehmigung der Niederschrift")
    minutes = county.meeting.minutes
    minutes.state, minutes.approved_at, minutes.approved_in_agenda_item = (
        MinutesState.APPROVED,
        later.start_time,
        approval_item,
    )
    minutes.approval_note = "Auf Seite 2 wird „Kreisstraße K 12“ berichtigt."
    data = _minutes(factory, session, county, PUBLIC)
    doc = open_docx(data)
    assert headings(doc, 2)[-1] == "Genehmigung"
    # The sentence is the minutes reading view's, so page and document say the same.
    assert any(
        line.startswith("Die Niederschrift wurde in der Sitzung vom 16.04.2026 unter Ö 1") for line in body_lines(doc)
    )
    assert SECRET not in package_text(data)
    full = body_text(open_docx(_minutes(factory, session, county, INTERNAL)))
    assert "Auf Seite 2 wird „Kreisstraße K 12“ berichtigt." in full
    assert f"Berichtigung {SECRET}" in full and "Berichtigungen zum nichtöffentlichen Teil:" in full


def test_public_resolution_extract(factory, county):
    data = _extract(factory, county.public_item, PUBLIC)
    doc = open_docx(data)
    lines = body_lines(doc)
    assert headings(doc, 1) == ["Beschlussauszug"]
    assert headings(doc, 2) == ["Beschluss", "Zur Kenntnis und weiteren Veranlassung"]
    for expected in (
        "Ö 1 (öffentlich)",
        "Sicherheitskonzept für das Jobcenter",
        "Der Kreisausschuss beschließt das Sicherheitskonzept.",
        "Abstimmungsergebnis: beschlossen (9 Ja, 1 Nein, 0 Enthaltungen)",
        "Fachbereich Soziales",
        "Kämmerei",
        "Sabine Schreiber",
    ):
        assert expected in lines
    assert SECRET not in package_text(data)


def test_resolution_extract_of_a_non_public_item(factory, county):
    with pytest.raises(NotFound):
        documents.extract_view(county.secret_item, factory.body, PUBLIC)
    doc = open_docx(_extract(factory, county.secret_item, INTERNAL))
    assert "– nichtöffentlich –" in header_text(doc.sections[0])
    assert f"Ankauf beschlossen {SECRET}" in body_text(doc)


def test_download_names_are_meaningful_ascii_with_a_utf8_original():
    assert documents.download_names(["Niederschrift", "Kreisausschuss", "2026-03-12"], PUBLIC) == (
        "Niederschrift_Kreisausschuss_2026-03-12_oeffentlich.docx",
        "Niederschrift_Kreisausschuss_2026-03-12_öffentlich.docx",
    )
    ascii_name, unicode_name = documents.download_names(
        ["Beschlussauszug", "Ausschuss für Soziales", "TOP Ö 3"], INTERNAL
    )
    assert ascii_name == "Beschlussauszug_Ausschuss_fuer_Soziales_TOP_Oe_3_intern.docx"
    assert unicode_name == "Beschlussauszug_Ausschuss_für_Soziales_TOP_Ö_3_intern.docx"
    assert (
        documents.download_names(["Vorlage", "../a/../etc/passwd"], PUBLIC)[0]
        == "Vorlage_a_._etc_passwd_oeffentlich.docx"
    )
