"""The OParl endpoint on a small hand-built county: visibility, protocol details, deletion, extensions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from minutes_app.models import (
    AgendaItemResult,
    File,
    MeetingState,
    MemberVote,
    Minutes,
    MinutesState,
    OrganizationType,
    Paper,
    PaperState,
    SignOff,
    SignOffCapacity,
    SignOffState,
    VoteChoice,
)

from minutes_app.services import files as file_store

from .validation import problems

BASE = "http://localhost/oparl/v1"
SECRET = "GEHEIMSACHE-4711"


@dataclass
class County:
    """The ids of the objects the tests look at."""

    body: int
    committee: int
    faction: int
    public_meeting: int
    planned_meeting: int
    public_item: int
    secret_item: int
    paper: int
    draft: int
    file: int
    secret_file: int
    member: int


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def county(app, session, factory) -> County:  # type: ignore[no-untyped-def]
    store = app.config["FILE_STORE_DIR"]
    committee = factory.committee("Kreisausschuss")
    faction = factory.organization("Fraktion Grün", OrganizationType.FACTION)
    department = factory.department("Fachbereich Bauen")
    members = [factory.person(f"Mitglied{n}", email=f"{SECRET}@example.org", phone=SECRET) for n in range(3)]
    for person in members:
        factory.membership(person, committee, on_behalf_of=faction)
        factory.membership(person, faction)
    meeting = factory.meeting(committee, MeetingState.HELD, name="1. Sitzung des Kreisausschusses",
                              late_invitation_reason=SECRET)
    planned = factory.meeting(committee, MeetingState.PLANNED, name=f"Geplant {SECRET}")
    factory.agenda_item(planned, f"Entwurf {SECRET}")
    opening = factory.agenda_item(meeting, "Eröffnung")
    item = factory.agenda_item(meeting, "Neubau der Kreisstraße", result=AgendaItemResult.ADOPTED, votes_yes=2,
                               votes_no=1, votes_abstain=0, resolution_text="Der Ausschuss **beschließt** den Neubau.")
    secret = factory.agenda_item(meeting, f"Personalsache {SECRET}", public=False, public_name="Personalangelegenheit",
                                 resolution_text=SECRET)
    paper = factory.paper(department, name="Neubau der Kreisstraße K 12", reasoning="Die Straße ist **marode**.")
    paper.state, paper.public = PaperState.RELEASED, True
    consultation = factory.consultation(paper, committee)
    consultation.agenda_item = item
    draft = factory.paper(department, name=f"Entwurf {SECRET}")
    session.add(Minutes(meeting=meeting, state=MinutesState.CLOSED))
    for person, choice in zip(members, (VoteChoice.YES, VoteChoice.YES, VoteChoice.NO), strict=True):
        session.add(MemberVote(agenda_item_id=item.id, person_id=person.id, vote=choice))
    signer = factory.user("landrat", display_name="Dr. Bernd Sommer")
    session.add(SignOff(paper=paper, paper_version=paper.version, order=1, position_title="Landrat",
                        state=SignOffState.SIGNED, signed_by=signer, signed_at=datetime(2026, 3, 1, 10, tzinfo=UTC),
                        capacity=SignOffCapacity.OWN, comment=SECRET))
    session.add(SignOff(paper=paper, paper_version=paper.version, order=2, position_title=f"Kämmerei {SECRET}",
                        state=SignOffState.OPEN))
    files = []
    for name, public in (("Lageplan", True), (f"Vermerk {SECRET}", False)):
        record = File(name=name, file_name=f"{name[:8]}.txt", media_type="text/plain", size=5, sha256="0" * 64,
                      storage_key=("a" if public else "b") * 32, text="Inhalt" if public else SECRET, public=public)
        session.add(record)
        paper.files.append(record)
        files.append(record)
    session.flush()
    for record in files:
        path = file_store.blob_path(store, record.storage_key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"Hallo" if record.public else SECRET.encode())
    session.commit()
    del opening
    return County(factory.body.id, committee.id, faction.id, meeting.id, planned.id, item.id, secret.id, paper.id,
                  draft.id, files[0].id, files[1].id, members[0].id)


def _get(client, url: str):  # type: ignore[no-untyped-def]
    response = client.get(_path(url))
    assert response.status_code == 200, (url, response.get_data(as_text=True))
    return response.get_json()


def test_system_leads_to_the_body_lists(client, county):
    system = _get(client, f"{BASE}/system")
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    assert "x-minutesapp:votes" in system["x-minutesapp:extensions"]
    bodies = _get(client, system["body"])
    body = bodies["data"][0]
    assert body["name"] == "Landkreis Teststadt"
    for key in ("organization", "person", "meeting", "paper", "agendaItem", "consultation", "file", "locationList",
                "legislativeTermList", "membership"):
        assert _get(client, body[key])["data"] is not None
    assert problems(system) == [] and problems(body) == []


def test_headers_cors_etag_and_not_modified(client, county):
    response = client.get("/oparl/v1/system")
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert not response.get_data().startswith(b"\xef\xbb\xbf")
    again = client.get("/oparl/v1/system", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_public_paper_with_consultation_files_and_sign_offs(client, county):
    paper = _get(client, f"{BASE}/paper/{county.paper}")
    assert problems(paper) == []
    assert paper["name"] == "Neubau der Kreisstraße K 12"
    assert [f["name"] for f in paper["auxiliaryFile"]] == ["Lageplan"]
    assert paper["x-minutesapp:signOffs"] == [
        {"position": "Landrat", "name": "Dr. Bernd Sommer", "date": "2026-03-01", "inDeputy": False}
    ]
    step = paper["consultation"][0]
    assert step["agendaItem"] == f"{BASE}/agendaItem/{county.public_item}"
    standalone = _get(client, step["id"])
    assert standalone["paper"] == paper["id"] and problems(standalone) == []


def test_meeting_agenda_shows_non_public_item_only_by_its_public_title(client, county):
    meeting = _get(client, f"{BASE}/meeting/{county.public_meeting}")
    assert problems(meeting) == []
    items = meeting["agendaItem"]
    assert [i["order"] for i in items] == [0, 1, 2]
    secret = items[2]
    assert secret["public"] is False and secret["name"] == "Personalangelegenheit"
    assert set(secret) <= {"id", "type", "meeting", "number", "order", "name", "public", "web", "created", "modified"}
    decided = items[1]
    assert decided["result"] == "beschlossen"
    assert decided["resolutionText"] == "Der Ausschuss beschließt den Neubau."
    assert _get(client, secret["id"])["meeting"] == meeting["id"]


def test_votes_per_member_and_per_faction(client, county):
    item = _get(client, f"{BASE}/agendaItem/{county.public_item}")
    assert item["x-minutesapp:voteResult"] == {"yes": 2, "no": 1, "abstain": 0, "unanimous": False,
                                               "text": "2 Ja, 1 Nein, 0 Enthaltung"}
    assert sorted(v["vote"] for v in item["x-minutesapp:votes"]) == ["no", "yes", "yes"]
    assert item["x-minutesapp:factionVotes"] == [
        {"organization": f"{BASE}/organization/{county.faction}", "name": "Fraktion Grün", "yes": 2, "no": 1,
         "abstain": 0}
    ]
    for vote in item["x-minutesapp:votes"]:
        assert problems(_get(client, vote["person"])) == []


def test_votes_stay_hidden_until_the_minutes_are_published(app, client, county, session):
    session.get(Minutes, session.query(Minutes.id).scalar()).state = MinutesState.DRAFT
    session.commit()
    item = _get(client, f"{BASE}/agendaItem/{county.public_item}")
    assert not any(key.startswith("x-minutesapp:vote") for key in item)
    assert "result" not in item and "resolutionText" not in item


@pytest.mark.parametrize("path", ["paper/{draft}", "meeting/{planned_meeting}", "file/{secret_file}",
                                  "file/{secret_file}/access", "paper/999999", "agendaItem/999999"])
def test_non_public_and_unknown_answer_the_same_404(client, county, path):
    response = client.get("/oparl/v1/" + path.format(**county.__dict__))
    assert response.status_code == 404
    assert response.get_json() == {"type": "https://schema.oparl.org/1.1/Error",
                                   "message": "Dieses Objekt gibt es nicht oder es ist nicht öffentlich."}
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_nothing_secret_anywhere(client, county):
    body = _get(client, f"{BASE}/body/{county.body}")
    for key in ("organization", "person", "meeting", "paper", "agendaItem", "consultation", "file", "locationList",
                "legislativeTermList", "membership"):
        assert SECRET not in client.get(_path(body[key])).get_data(as_text=True)
    for url in (f"{BASE}/person/{county.member}", f"{BASE}/meeting/{county.public_meeting}",
                f"{BASE}/paper/{county.paper}", f"{BASE}/agendaItem/{county.secret_item}"):
        assert SECRET not in client.get(_path(url)).get_data(as_text=True)


def test_file_access_inline_and_download_as_attachment(client, county):
    record = _get(client, f"{BASE}/file/{county.file}")
    assert record["paper"] == [f"{BASE}/paper/{county.paper}"] and problems(record) == []
    access = client.get(_path(record["accessUrl"]))
    assert access.status_code == 200 and access.get_data() == b"Hallo"
    assert "attachment" not in access.headers.get("Content-Disposition", "")
    download = client.get(_path(record["downloadUrl"]))
    assert download.headers["Content-Disposition"].startswith("attachment")
    access.close()
    download.close()


def test_filters_pages_and_links(client, county):
    url = f"/oparl/v1/body/{county.body}/agendaItems?limit=2&created_since=2000-01-01T00:00:00%2B01:00"
    first = client.get(url).get_json()
    assert first["pagination"] == {"totalElements": 3, "elementsPerPage": 2, "currentPage": 1, "totalPages": 2}
    assert "created_since=2000-01-01T00%3A00%3A00%2B01%3A00" in first["links"]["next"]
    second = _get(client, first["links"]["next"])
    assert "next" not in second["links"] and second["links"]["prev"] == first["links"]["self"]
    assert len(first["data"]) + len(second["data"]) == 3
    raw_plus = client.get(f"/oparl/v1/body/{county.body}/papers?created_since=2000-01-01T00:00:00+01:00")
    assert raw_plus.status_code == 200 and len(raw_plus.get_json()["data"]) == 1
    future = client.get(f"/oparl/v1/body/{county.body}/papers?created_since=2999-01-01T00:00:00%2B01:00")
    assert future.get_json()["data"] == []


def test_bad_filter_is_a_german_400(client, county):
    response = client.get(f"/oparl/v1/body/{county.body}/papers?modified_since=gestern")
    assert response.status_code == 400
    assert "kein gültiger Zeitpunkt" in response.get_json()["message"]


def test_deleted_objects_are_stubs_only_in_modified_since_lists(client, county, session):
    paper = session.get(Paper, county.paper)
    paper.mark_deleted(datetime.now(UTC))
    session.commit()
    stub = _get(client, f"{BASE}/paper/{county.paper}")
    assert set(stub) == {"id", "type", "created", "modified", "deleted"} and stub["deleted"] is True
    assert problems(stub) == []
    plain = _get(client, f"{BASE}/body/{county.body}/papers")
    assert plain["data"] == []
    since = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="seconds").replace("+", "%2B")
    synced = _get(client, f"{BASE}/body/{county.body}/papers?modified_since={since}")
    assert [o["id"] for o in synced["data"]] == [stub["id"]] and synced["data"][0]["deleted"] is True
    draft = session.get(Paper, county.draft)
    draft.mark_deleted()
    session.commit()
    assert client.get(f"/oparl/v1/paper/{county.draft}").status_code == 404


def test_public_vorlage_page_shows_the_sign_offs_of_its_docx(client, county):
    page = client.get(f"/vorlagen/{county.paper}").get_data(as_text=True)
    assert "Sichtvermerke" in page and "Landrat" in page and "Dr. Bernd Sommer" in page and "01.03.2026" in page
    assert SECRET not in page
