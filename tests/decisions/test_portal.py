"""The public side of the Beschlusskontrolle: list, filter, meeting and Vorlage pages, the agenda report."""
from __future__ import annotations

from datetime import date

import pytest

from minutes_app.decisions import tracking
from minutes_app.models import ImplementationStatus, MinutesState
from minutes_app.services import agenda

from ..minutes_fixtures import build_scene, complete


@pytest.fixture
def scene(session, factory):
    scene = build_scene(factory)
    complete(session, scene)
    department = factory.department("Jobcenter")
    tracking.create(session, scene.secretary, scene.paper_item, department, date(2020, 1, 1))
    tracking.create(session, scene.secretary, scene.secret_item, department, None)
    session.commit()
    return scene


def _publish(session, scene):
    scene.meeting.minutes.state = MinutesState.CLOSED
    session.commit()


def test_public_list_shows_only_public_decisions_of_published_minutes(session, scene, client):
    assert scene.paper_item.name not in client.get("/beschluesse").get_data(as_text=True)
    _publish(session, scene)
    page = client.get("/beschluesse").get_data(as_text=True)
    assert scene.paper_item.name in page and "überfällig" in page
    assert scene.secret_item.name not in page
    assert scene.paper_item.name not in client.get("/beschluesse?status=done").get_data(as_text=True)
    assert scene.paper_item.name in client.get("/beschluesse?status=overdue").get_data(as_text=True)
    assert client.get("/beschluesse?status=unsinn&gremium=abc").status_code == 200


def test_status_on_meeting_and_paper_pages(session, scene, client):
    _publish(session, scene)
    record = scene.paper_item.implementation
    tracking.update(session, scene.secretary, record, department=record.department, due_date=None,
                    status=ImplementationStatus.DONE)
    session.commit()
    meeting_page = client.get(f"/sitzungen/{scene.meeting.id}").get_data(as_text=True)
    assert "Umsetzung:" in meeting_page and "umgesetzt" in meeting_page
    paper_page = client.get(f"/vorlagen/{scene.paper.id}").get_data(as_text=True)
    assert "Umsetzung des Beschlusses" in paper_page and "umgesetzt" in paper_page


def test_report_item_lists_open_decisions_on_page_and_in_invitation(session, factory, scene, client):
    _publish(session, scene)
    from minutes_app.models import MeetingState

    later = factory.meeting(scene.committee, MeetingState.PLANNED)
    session.commit()
    (item,) = agenda.add_standard_items(session, scene.secretary, later, ["implementation_report"])
    assert item.implementation_report and item.name == "Bericht zur Umsetzung der Beschlüsse"
    later.state = MeetingState.INVITED
    session.commit()
    page = client.get(f"/sitzungen/{later.id}").get_data(as_text=True)
    assert "Offene und überfällige Beschlüsse" in page and scene.paper_item.name in page
    assert scene.secret_item.name not in page


def test_invitation_docx_lists_the_report(session, factory, scene, client):
    import io
    import zipfile

    from minutes_app.models import MeetingState

    _publish(session, scene)
    later = factory.meeting(scene.committee, MeetingState.PLANNED)
    session.commit()
    agenda.add_standard_items(session, scene.secretary, later, ["implementation_report"])
    later.state = MeetingState.INVITED
    session.commit()
    response = client.get(f"/sitzungen/{later.id}/einladung.docx")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "Bericht zur Umsetzung der Beschlüsse" in xml and scene.paper_item.name in xml and "überfällig" in xml
    assert scene.secret_item.name not in xml
