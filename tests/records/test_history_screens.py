"""The secretary's history screens: a past Vorlage and a past meeting entered through the forms."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from minutes_app.models import Attendance, MeetingState, MinutesState, OrganizationType, Paper, PaperState, Role
from tests.conftest import login

VNU = Path(__file__).resolve().parents[2] / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

ITEMS = """1. | Eröffnung der Sitzung
2. | Neubau der Kreisstraße K 12 bei Lindholz | 2013/0240 | Unverändert beschlossen | 38/4/2 | Der Kreistag beschließt den Neubau.
3. | Anfragen der Abgeordneten
N 1 | Grundstücksangelegenheit Lindholz | | beschlossen | einstimmig | Kaufpreis 12.000 EUR
"""


@pytest.fixture
def county(session, factory):
    kreistag = factory.committee("Kreistag")
    finance = factory.committee("Finanzausschuss")
    building = factory.department("Fachbereich Bauen")
    roads = factory.department("Fachbereich Straßen")
    faction = factory.organization("Fraktion Bündnis Nord", kind=OrganizationType.FACTION)
    hansen = factory.person("Hansen", given_name="Ute")
    meyer = factory.person("Meyer", given_name="Jan")
    secretary = factory.user("schrift", roles={Role.SECRETARY})
    secretary.committees = [kreistag, finance]
    session.commit()
    return {"kreistag": kreistag, "finance": finance, "building": building, "roads": roads, "faction": faction,
            "hansen": hansen, "meyer": meyer, "secretary": secretary}


def _paper_form(county, **changes):
    data = {
        "reference": "2013/0240", "paper_date": "2013-02-04", "paper_type": "resolution",
        "name": "Neubau der Kreisstraße K 12 bei Lindholz", "public": "1",
        "under_direction_of": [str(county["building"].id), str(county["roads"].id)],
        "reasoning": "Die K 12 ist seit 1987 nicht erneuert worden.",
        "signatures": "gez. Dr. Bernd Sommer, Landrat, 04.02.2013",
        "step_1_organization": str(county["finance"].id), "step_1_role": "preliminary",
        "step_2_organization": str(county["kreistag"].id), "step_2_role": "decision",
        # A browser sends every select, the empty rows too.
        "step_3_organization": "", "step_3_role": "", "step_4_organization": "", "step_4_role": "",
    }
    data.update(changes)
    return data


def _meeting_form(county, **changes):
    data = {
        "organization": str(county["kreistag"].id), "name": "12. Sitzung des Kreistages", "number": "12/2013",
        "day": "2013-03-14", "start": "16:00", "end": "19:30", "location_text": "Kreishaus Lindenau",
        "items": ITEMS, "attendance": "Ute Hansen\nMeyer, Jan | entschuldigt\nHeike Brandt | anwesend | Presse",
        "minutes_state": "approved", "approved_on": "2013-05-02", "chair": str(county["hansen"].id),
        "minutes_signatures": "gez. Ute Hansen, Vorsitzende\ngez. Olaf Ries, Protokollführer",
    }
    data.update(changes)
    return data


def test_secretary_records_the_2013_vorlage_and_meeting_and_the_public_sees_them(client, session, county):
    login(client, county["secretary"])
    assert "Altbestand" in client.get("/intern/").get_data(as_text=True)
    assert client.get("/intern/altbestand/vorlage").status_code == 200
    response = client.post("/intern/altbestand/vorlage", data=_paper_form(county))
    assert response.status_code == 302, response.get_data(as_text=True)
    paper = session.scalars(select(Paper).where(Paper.reference == "2013/0240")).one()
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "nachträglich erfasst" in detail and "gez. Dr. Bernd Sommer, Landrat, 04.02.2013" in detail

    response = client.post("/intern/altbestand/sitzung", data=_meeting_form(county))
    assert response.status_code == 302, response.get_data(as_text=True)
    session.expire_all()
    paper = session.get(Paper, paper.id)
    assert paper.state is PaperState.COMPLETED
    meeting = paper.authoritative_consultation.meeting
    assert meeting.state is MeetingState.HELD and meeting.minutes.state is MinutesState.APPROVED
    assert [i.number for i in meeting.agenda_items] == ["1.", "2.", "3.", "N 1"]
    assert [i.public for i in meeting.agenda_items] == [True, True, True, False]
    assert meeting.agenda_items[1].vote_label == "38 Ja, 4 Nein, 2 Enthaltungen"
    assert meeting.agenda_items[3].unanimous
    attendance = {(a.display_name, a.status.value, a.note) for a in session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id))}
    assert attendance == {("Dr. Ute Hansen" if county["hansen"].title else "Ute Hansen", "present", ""),
                          ("Jan Meyer", "excused", ""), ("Heike Brandt", "present", "Presse")}
    listed = client.get("/intern/altbestand/").get_data(as_text=True)
    assert "Vorlage 2013/0240" in listed and "12. Sitzung des Kreistages" in listed

    client.post("/abmelden")
    anonymous = client.application.test_client()
    public_page = anonymous.get(f"/vorlagen/{paper.id}").get_data(as_text=True)
    assert "04.02.2013" in public_page and "Unverändert beschlossen" in public_page
    meeting_page = anonymous.get(f"/sitzungen/{meeting.id}").get_data(as_text=True)
    assert "Kaufpreis" not in meeting_page and "Grundstücksangelegenheit" not in meeting_page


def test_bad_lines_and_duplicate_numbers_are_refused_in_german_and_the_text_survives(client, session, county):
    login(client, county["secretary"])
    client.post("/intern/altbestand/vorlage", data=_paper_form(county))
    again = client.post("/intern/altbestand/vorlage", data=_paper_form(county, name="Zweiter Versuch"))
    assert again.status_code == 422
    html = again.get_data(as_text=True)
    assert "Die Vorlage 2013/0240 gibt es in dieser Körperschaft schon." in html and "Zweiter Versuch" in html

    bad = _meeting_form(county, items="1. | Eröffnung\n2. | K 12 | 2099/9999 | beschlossen\n3. | Haushalt | | gut gelaufen")
    response = client.post("/intern/altbestand/sitzung", data=bad)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Zeile 2: Eine Vorlage 2099/9999 gibt es nicht" in html
    assert "Zeile 3: Das Ergebnis „gut gelaufen“ ist unbekannt" in html
    assert "3. | Haushalt | | gut gelaufen" in html
    assert session.scalar(select(Paper.state).where(Paper.reference == "2013/0240")) is PaperState.RELEASED


def test_only_secretaries_reach_the_history_screens(client, session, factory, county):
    editor = factory.user("redaktion", roles={Role.EDITOR}, department=county["building"])
    session.commit()
    login(client, editor)
    assert client.get("/intern/altbestand/vorlage").status_code == 403
    assert client.post("/intern/altbestand/sitzung", data=_meeting_form(county)).status_code == 403


def test_history_forms_are_valid_html(client, county, tmp_path):
    if not VNU.exists() or shutil.which("java") is None:
        pytest.fail("Nu Html Checker fehlt: `make test` installiert Java und vnu-jar (.tools/)")
    login(client, county["secretary"])
    pages = {
        "index": client.get("/intern/altbestand/"),
        "vorlage": client.get("/intern/altbestand/vorlage"),
        "vorlage-fehler": client.post("/intern/altbestand/vorlage", data=_paper_form(county, reference="", name="")),
        "sitzung": client.get("/intern/altbestand/sitzung"),
        "sitzung-fehler": client.post("/intern/altbestand/sitzung", data=_meeting_form(county, items="1. |")),
    }
    written = []
    for name, response in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.get_data())
        written.append(str(path))
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *written],
                            capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
