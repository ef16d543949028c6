"""Done when (issue 12), through the web client as a secretary would work:

record the Karlsruhe result "Mehrheitliche Zustimmung (23 Ja, 20 Nein, 2 Enthaltungen)", a vote per
Fraktion and a 5.1.1 item; print a Niederschrift in which every attendee carries the right label and
every approval appears once; find every document of the meeting from the staff pages.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from minutes_app.models import (
    AttendanceStatus,
    MeetingState,
    MembershipRole,
    MinutesState,
    OrganizationType,
    PaperState,
    Role,
)
from minutes_app.services import attendance

from ..conftest import login
from ..export.reading import body_lines, body_text, open_docx
from ..minutes_fixtures import NOW

START = datetime(2026, 3, 12, 16, 0, tzinfo=UTC)
#: Fraktion → seats; 45 voting seats in all, the chair sits for the CDU.
SEATS = {"CDU": 20, "SPD": 17, "GRÜNE": 8}


def _council(factory):
    council = factory.committee("Gemeinderat", short_name="GR")
    factions = {name: factory.organization(name, OrganizationType.FACTION, short_name=name) for name in SEATS}
    members: dict[str, list] = {name: [] for name in SEATS}
    for name, seats in SEATS.items():
        for seat in range(seats):
            person = factory.person(f"{name.title()}{seat:02d}", given_name="Rat")
            role = MembershipRole.CHAIR if (name, seat) == ("CDU", 0) else MembershipRole.MEMBER
            factory.membership(person, council, role, on_behalf_of=factions[name])
            members[name].append(person)
    deputy = factory.person("Vertretung", given_name="Vera")
    factory.membership(deputy, council, MembershipRole.DEPUTY_MEMBER, on_behalf_of=factions["CDU"])
    return council, members, deputy


def _post(client, url, data=None, **kw):
    response = client.post(url, data=data or {}, follow_redirects=True, **kw)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def _version(html):
    return re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)


def _save_item(client, meeting, item, **fields):
    url = f"/intern/niederschriften/{meeting.id}/top/{item.id}"
    data = {"version": _version(client.get(url).get_data(as_text=True)), "minutes_text": "", "resolution_text": ""}
    data.update({k: str(v) for k, v in fields.items()})
    html = _post(client, url, data)
    assert "wurde gespeichert" in html, html[:3000]


def test_a_secretary_records_real_minutes_and_finds_every_document(client, session, factory):
    council, members, deputy = _council(factory)
    paper = factory.paper(name="Neubau der Stadtbibliothek", resolution_proposal="Der Gemeinderat beschließt den Neubau.")
    paper.state = PaperState.RELEASED
    consultation = factory.consultation(paper, council)
    earlier = factory.meeting(council, MeetingState.HELD, start_time=START - timedelta(days=28), name="Februar")
    earlier_minutes = factory.session.merge(earlier)  # noqa: F841  (the earlier meeting, closed below)
    meeting = factory.meeting(council, MeetingState.PLANNED, start_time=START, name="März")
    secretary = factory.user("schrift", roles={Role.SECRETARY}, committees=[council], display_name="Lisa Brückner")
    login(client, secretary)
    base = f"/intern/sitzungen/{meeting.id}/tagesordnung"

    # The agenda: standard items, the Vorlage, a heading with a group and a 5.1.1 motion, a separator.
    _post(client, f"{base}/standardpunkte", {"standard-keys": ["opening", "minutes", "questions"]})
    _post(client, f"{base}/vorlagen/{consultation.id}", {f"vorlage{consultation.id}-part": "oeffentlich"})
    for name, kind in (("Mitteilungen des Oberbürgermeisters", "report"), ("A N T R Ä G E", "separator"),
                       ("Anträge der Fraktionen", "heading"), ("Verkehr", "heading"),
                       ("Tempo 30 vor allen Schulen", "item")):
        _post(client, f"{base}/punkte", {"punkt-name": name, "punkt-kind": kind, "punkt-part": "oeffentlich"})
    items = {i.name: i for i in meeting.agenda_items}
    motion, group = items["Tempo 30 vor allen Schulen"], items["Verkehr"]
    for item, times in ((group, 1), (motion, 2)):
        for _ in range(times):
            _post(client, f"{base}/{item.id}/einruecken")
    numbers = {i.name: i.number for i in meeting.agenda_items}
    assert numbers["Tempo 30 vor allen Schulen"] == "Ö 5.1.1"
    assert numbers["A N T R Ä G E"] == "" and numbers["Anfragen"] == "Ö 6"
    approval_item = next(i for i in meeting.agenda_items if i.name.startswith("Genehmigung der Niederschrift"))
    paper_item = consultation.agenda_item

    # The earlier meeting's minutes are closed, waiting for approval.
    from minutes_app.models import Minutes
    closed = Minutes(meeting=earlier, state=MinutesState.CLOSED, closed_at=NOW, recorder=secretary)
    session.add(closed)
    meeting.state = MeetingState.HELD

    # Minutes: start, attendance (one CDU member represented by the deputy), header.
    _post(client, f"/intern/niederschriften/{meeting.id}/anlegen")
    rows = attendance.attendance_list(session, meeting)
    represented = members["CDU"][5]
    form = {"csrf_token": ""}
    for row in rows:
        form[f"status-{row.id}"] = AttendanceStatus.PRESENT.value
        if row.person_id == represented.id:
            form[f"status-{row.id}"] = AttendanceStatus.REPRESENTED.value
            form[f"represented_by-{row.id}"] = str(deputy.id)
        if row.person_id == deputy.id:
            form[f"status-{row.id}"] = AttendanceStatus.ABSENT.value
    assert "Die Anwesenheit wurde gespeichert." in _post(client, f"/intern/niederschriften/{meeting.id}/anwesenheit", form)
    _post(client, f"/intern/niederschriften/{meeting.id}/kopfdaten",
          {"started_at": "16:00", "ended_at": "19:30", "chair_id": str(members["CDU"][0].id)})

    # Karlsruhe: "Mehrheitliche Zustimmung (23 Ja, 20 Nein, 2 Enthaltungen)", then the table per Fraktion.
    _save_item(client, meeting, paper_item, resolution_text="Der Gemeinderat beschließt den Neubau.",
               result="adopted", result_wording="Mehrheitliche Zustimmung", votes_yes=23, votes_no=20, votes_abstain=2)
    votes_url = f"/intern/niederschriften/{meeting.id}/top/{paper_item.id}/abstimmung"
    page = client.get(votes_url).get_data(as_text=True)
    ids = {name: re.search(rf'<th scope="row">{name}</th>\s*<td>\s*<input[^>]*name="faction-(\d+)-yes"', page).group(1)
           for name in SEATS}
    wrong = {f"faction-{ids['CDU']}-yes": "20", f"faction-{ids['SPD']}-no": "17", f"faction-{ids['GRÜNE']}-yes": "3"}
    refused = client.post(votes_url, data=wrong)
    assert refused.status_code == 422 and "stimmen nicht mit dem Gesamtergebnis" in refused.get_data(as_text=True)
    table = {**wrong, f"faction-{ids['GRÜNE']}-no": "3", f"faction-{ids['GRÜNE']}-abstain": "2"}
    assert "wurde gespeichert" in _post(client, votes_url, table)

    # The 5.1.1 motion: separate votes on its parts; the report and headings need no result.
    parts = {"part-1-label": "Nr. 1+2", "part-1-result": "adopted", "part-1-unanimous": "y",
             "part-2-label": "Nr. 3", "part-2-result": "rejected", "part-2-majority": "y"}
    assert "wurde gespeichert" in _post(client, f"/intern/niederschriften/{meeting.id}/top/{motion.id}/abstimmung", parts)
    _save_item(client, meeting, motion, resolution_text="1. Tempo 30 vor Grundschulen. 2. … 3. Kontrollen.",
               result="adopted_amended")  # voted on in parts: no overall vote needed
    for item in (items["Eröffnung und Feststellung der ordnungsgemäßen Ladung und Beschlussfähigkeit"],
                 items["Anfragen"]):
        _save_item(client, meeting, item, result="noted")
    _save_item(client, meeting, items["Mitteilungen des Oberbürgermeisters"], minutes_text="Der OB berichtet.")

    # The approval of the February minutes: entered once, result recorded, effective at closing.
    approval_url = f"/intern/niederschriften/{meeting.id}/top/{approval_item.id}/genehmigung"
    _post(client, approval_url, {"minutes_id": str(closed.id), "corrections": "", "internal_corrections": ""})
    _save_item(client, meeting, approval_item, resolution_text=approval_item.resolution_text,
               result="adopted", unanimous="y", votes_abstain=1)
    assert closed.state is MinutesState.CLOSED
    for role in ("chair", "recorder"):
        _post(client, f"/intern/niederschriften/{meeting.id}/unterschreiben", {"role": role})
    _post(client, f"/intern/niederschriften/{meeting.id}/abschliessen")
    assert meeting.minutes.state is MinutesState.CLOSED, meeting.minutes.state
    assert closed.state is MinutesState.APPROVED

    # Every document from the staff pages, and each of them opens.
    staff_page = client.get(f"/intern/sitzungen/{meeting.id}").get_data(as_text=True)
    links = set(re.findall(r'href="(/(?:sitzungen|tagesordnungspunkte|intern/niederschriften)/[^"]+)"', staff_page))
    expected = {
        f"/intern/niederschriften/{meeting.id}/lesefassung",
        f"/sitzungen/{meeting.id}/einladung.docx", f"/sitzungen/{meeting.id}/einladung.docx?fassung=intern",
        f"/sitzungen/{meeting.id}/niederschrift.docx", f"/sitzungen/{meeting.id}/niederschrift.docx?fassung=intern",
        f"/tagesordnungspunkte/{paper_item.id}/beschlussauszug.docx?fassung=intern",
        f"/tagesordnungspunkte/{paper_item.id}/beschlussauszug.docx",
    }
    assert expected <= {link.replace("&amp;", "&") for link in links}
    for link in expected:
        with client.get(link) as response:
            assert response.status_code == 200, link

    # The printed Niederschrift: labels, the Karlsruhe line, the table, 5.1.1, the approval once.
    with client.get(f"/sitzungen/{meeting.id}/niederschrift.docx?fassung=intern") as response:
        doc = open_docx(response.data)
    lines, text = body_lines(doc), body_text(doc)
    assert "Abstimmungsergebnis: Mehrheitliche Zustimmung (23 Ja, 20 Nein, 2 Enthaltungen)" in lines
    table = lines.index("Fraktion", lines.index("Abstimmung nach Fraktionen:"))
    assert lines[table: table + 20] == ["Fraktion", "Ja", "Nein", "Enthaltungen", "CDU", "20", "0", "0",
                                        "GRÜNE", "3", "3", "2", "SPD", "0", "17", "0", "Gesamt", "23", "20", "2"]
    assert "Ö 5.1.1 Tempo 30 vor allen Schulen" in lines
    assert "Nr. 1+2: beschlossen (einstimmig)" in lines and "Nr. 3: abgelehnt (mehrheitlich)" in lines
    assert "Abstimmungsergebnis: beschlossen (einstimmig bei 1 Enthaltung)" in lines
    assert "A N T R Ä G E" in lines
    assert text.count("Die Niederschrift über die Sitzung vom 12.02.2026 wird genehmigt.") == 1
    vertreten = lines.index(f"Rat Cdu05")
    assert lines[vertreten + 1] == "Mitglied"
    assert "stellv. Mitglied" == lines[lines.index("Vera Vertretung") + 1]
    assert "Ergebnis: zur Kenntnis genommen" in lines and "Abstimmungsergebnis: zur Kenntnis genommen" not in lines

    # The HTML reading view shows the same.
    html = client.get(f"/intern/niederschriften/{meeting.id}/lesefassung").get_data(as_text=True)
    assert "Mehrheitliche Zustimmung (23 Ja, 20 Nein, 2 Enthaltungen)" in html
    assert "<caption id=" in html and "Abstimmung nach Fraktionen" in html
    line = re.search(r"<li>Rat Cdu05[^<]*– vertreten</li>", html)
    assert line is not None and "stellv." not in line.group(0)
