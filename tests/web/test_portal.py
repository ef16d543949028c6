"""The citizens' portal: pages at the stable addresses, only public content, validators and feeds."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from minutes_app.models import (
    AgendaItemResult,
    ConsultationRole,
    File,
    MeetingState,
    MembershipRole,
    Minutes,
    MinutesState,
    OrganizationType,
    PaperState,
)
from minutes_app.services import files

CANARY = "KANARIENVOGEL-4711"


@pytest.fixture
def county(factory, session):
    """A held meeting with a public and a non-public item, published minutes and a public Vorlage."""
    committee = factory.committee("Ausschuss für Arbeit und Soziales")
    faction = factory.organization("Fraktion Bürgerliste", kind=OrganizationType.FACTION)
    chair = factory.person("Berger", given_name="Helga", title="Dr.")
    factory.membership(chair, committee, MembershipRole.CHAIR, on_behalf_of=faction)
    meeting = factory.meeting(committee, MeetingState.HELD, name="Sitzung des Ausschusses für Arbeit und Soziales",
                              start_time=datetime.now(UTC) - timedelta(days=3))
    paper = factory.paper(name="Sicherheitskonzept für das Jobcenter", reasoning="## I. Ausgangslage\n\nDie **Sicherheit** der Beschäftigten.")
    paper.state = PaperState.COMPLETED
    public_item = factory.agenda_item(meeting, paper.name, resolution_text="Der Ausschuss stimmt dem Sicherheitskonzept zu.",
                                      result=AgendaItemResult.ADOPTED, votes_yes=9, votes_no=1, votes_abstain=0,
                                      minutes_text="KTA Berger fragt nach den Kosten.")
    factory.consultation(paper, committee, ConsultationRole.DECISION, meeting=meeting, agenda_item=public_item,
                         result=AgendaItemResult.ADOPTED)
    secret_paper = factory.paper(name=f"Grundstücksankauf {CANARY}", reasoning=CANARY)
    secret_paper.public = False
    secret_paper.state = PaperState.COMPLETED
    secret_item = factory.agenda_item(meeting, f"Grundstück {CANARY}", public=False, public_name="Grundstücksangelegenheit",
                                      resolution_text=CANARY, minutes_text=CANARY, result=AgendaItemResult.ADOPTED)
    factory.consultation(secret_paper, committee, meeting=meeting, agenda_item=secret_item)
    session.add(Minutes(meeting=meeting, state=MinutesState.CLOSED))
    planned = factory.meeting(committee, MeetingState.PLANNED, name=f"Geplante Sitzung {CANARY}",
                              start_time=datetime.now(UTC) + timedelta(days=20))
    invited = factory.meeting(committee, MeetingState.INVITED, name="Kommende Sitzung",
                              start_time=datetime.now(UTC) + timedelta(days=5))
    session.commit()
    return {"committee": committee, "meeting": meeting, "paper": paper, "secret_paper": secret_paper,
            "planned": planned, "invited": invited, "public_item": public_item, "secret_item": secret_item}


def _text(client, url):
    response = client.get(url)
    return response.status_code, response.get_data(as_text=True)


def test_start_page_shows_next_meetings_and_latest_decisions(client, county):
    status, html = _text(client, "/")
    assert status == 200
    assert "Kommende Sitzung" in html
    assert "Sicherheitskonzept für das Jobcenter" in html and "beschlossen" in html
    assert 'action="/suche"' in html
    assert CANARY not in html


def test_meeting_page_shows_public_agenda_and_results(client, county):
    status, html = _text(client, f"/sitzungen/{county['meeting'].id}")
    assert status == 200
    assert "Ö 1" in html and "Sicherheitskonzept für das Jobcenter" in html
    assert "Der Ausschuss stimmt dem Sicherheitskonzept zu." in html
    assert "9 Ja, 1 Nein, 0 Enthaltungen" in html
    assert "N 2" in html and "Grundstücksangelegenheit" in html
    assert CANARY not in html


def test_results_hidden_until_minutes_published(client, county, session):
    county["meeting"].minutes.state = MinutesState.DRAFT
    session.commit()
    _, html = _text(client, f"/sitzungen/{county['meeting'].id}")
    assert "Der Ausschuss stimmt" not in html and "9 Ja" not in html
    assert "noch nicht veröffentlicht" in html


def test_planned_meeting_is_404(client, county):
    status, html = _text(client, f"/sitzungen/{county['planned'].id}")
    assert status == 404 and CANARY not in html


def test_meeting_list_and_calendar(client, county):
    _, html = _text(client, "/sitzungen")
    assert "Kommende Sitzung" in html and CANARY not in html
    _, html = _text(client, "/sitzungen?von=2000-01-01")
    assert "Sitzung des Ausschusses für Arbeit und Soziales" in html
    month = county["meeting"].start_time.strftime("%Y-%m")
    _, html = _text(client, f"/sitzungen?ansicht=kalender&monat={month}")
    assert "<caption>" in html and "Sitzung des Ausschusses" in html and CANARY not in html


def test_meeting_list_bad_dates_get_german_message(client, county):
    status, html = _text(client, "/sitzungen?von=gestern&bis=1.1.")
    assert status == 200
    assert "ist kein gültiges Datum" in html
    status, html = _text(client, "/sitzungen?von=2026-05-01&bis=2026-04-01")
    assert "„Bis“ darf nicht vor „Von“ liegen." in html


def test_committee_pages(client, county):
    _, html = _text(client, "/gremien")
    assert "Ausschuss für Arbeit und Soziales" in html
    status, html = _text(client, f"/gremien/{county['committee'].id}")
    assert status == 200
    assert "Dr. Helga Berger" in html and "Vorsitz" in html and "Fraktion Bürgerliste" in html
    assert CANARY not in html


def test_paper_page_like_the_seed(client, county):
    status, html = _text(client, f"/vorlagen/{county['paper'].id}")
    assert status == 200
    for text in ("Beratungsfolge", "Entscheidung", "beschlossen", "Federführend", "Sachverhalt/Begründung"):
        assert text in html
    assert "<h3>I. Ausgangslage</h3>" in html and "<strong>Sicherheit</strong>" in html


def test_non_public_paper_and_list(client, county):
    assert client.get(f"/vorlagen/{county['secret_paper'].id}").status_code == 404
    _, html = _text(client, "/vorlagen")
    assert county["paper"].reference in html and CANARY not in html
    _, html = _text(client, "/vorlagen?q=Sicherheit&art=resolution&jahr=1999")
    assert "0 öffentliche Vorlagen" in html


def test_public_file_download_and_non_public_file_404(app, client, county, session):
    store = app.config["FILE_STORE_DIR"]
    public = File(name="Lageplan", file_name="Lageplan Süd.pdf", media_type="application/pdf", size=8, sha256="a" * 64, storage_key="a" * 32)
    secret = File(name=CANARY, file_name="geheim.pdf", media_type="application/pdf", size=8, sha256="b" * 64, storage_key="b" * 32, public=False)
    for record in (public, secret):
        path = files.blob_path(store, record.storage_key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4")
    county["paper"].files.extend([public, secret])
    session.commit()
    _, html = _text(client, f"/vorlagen/{county['paper'].id}")
    assert "Lageplan" in html and CANARY not in html
    with client.get(f"/vorlagen/{county['paper'].id}/anlagen/{public.id}") as response:
        assert response.status_code == 200
        assert "attachment" in response.headers["Content-Disposition"]
    assert client.get(f"/vorlagen/{county['paper'].id}/anlagen/{secret.id}").status_code == 404


def test_etag_and_304(client, county):
    first = client.get(f"/sitzungen/{county['meeting'].id}")
    assert first.headers.get("ETag")
    second = client.get(f"/sitzungen/{county['meeting'].id}", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 304
    assert second.get_data() == b""


def test_ical_feeds(client, county, session):
    county["invited"].state = MeetingState.CANCELLED
    session.commit()
    response = client.get("/kalender.ics")
    body = response.get_data(as_text=True)
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert f"UID:sitzung-{county['meeting'].id}@" in body
    assert "TZID:Europe/Berlin" in body and "DTSTART;TZID=Europe/Berlin:" in body
    assert "STATUS:CANCELLED" in body
    assert CANARY not in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    committee_feed = client.get(f"/gremien/{county['committee'].id}/kalender.ics").get_data(as_text=True)
    assert f"UID:sitzung-{county['meeting'].id}@" in committee_feed
    assert client.get("/gremien/99999/kalender.ics").status_code == 404


def test_meeting_page_has_no_n_plus_one(app, client, factory, session, county):
    engine = app.extensions["minutes_database"].read_engine
    meeting = county["meeting"]

    def count_queries() -> int:
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(f"/sitzungen/{meeting.id}").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    few = count_queries()
    for number in range(10):
        paper = factory.paper(name=f"Weitere Vorlage {number}")
        paper.state = PaperState.IN_CONSULTATION
        item = factory.agenda_item(meeting, paper.name)
        factory.consultation(paper, county["committee"], meeting=meeting, agenda_item=item)
    session.commit()
    assert count_queries() == few
