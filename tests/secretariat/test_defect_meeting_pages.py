"""Defects 4 and 5: minutes prepared before the meeting, date corrections, and every document linked."""
from __future__ import annotations

from datetime import date, timedelta

from minutes_app.models import MeetingState, Role, utc_now

from ..conftest import login
from ..minutes_fixtures import build_scene, complete


def test_defect_4_minutes_can_be_prepared_before_the_meeting(client, session, factory):
    scene = build_scene(factory, start=utc_now() + timedelta(days=5))
    scene.meeting.state = MeetingState.INVITED
    login(client, scene.secretary)
    listing = client.get("/intern/niederschriften/").get_data(as_text=True)
    assert f'/intern/niederschriften/{scene.meeting.id}"' in listing  # an upcoming meeting is listed
    meeting_page = client.get(f"/intern/sitzungen/{scene.meeting.id}").get_data(as_text=True)
    assert f'href="/intern/niederschriften/{scene.meeting.id}"' in meeting_page
    assert "Niederschrift vorbereiten" in meeting_page
    started = client.post(f"/intern/niederschriften/{scene.meeting.id}/anlegen", follow_redirects=True)
    assert "Die Niederschrift wurde angelegt." in started.get_data(as_text=True)
    assert scene.meeting.minutes is not None
    assert "Niederschrift bearbeiten" in client.get(f"/intern/sitzungen/{scene.meeting.id}").get_data(as_text=True)


def test_defect_4_a_held_meetings_date_can_be_corrected_into_the_past(client, session, factory):
    scene = build_scene(factory)  # held on 12.03.2026
    login(client, scene.secretary)
    url = f"/intern/sitzungen/{scene.meeting.id}/verlegen"
    assert "Termin berichtigen" in client.get(f"/intern/sitzungen/{scene.meeting.id}").get_data(as_text=True)
    form = {"day": "2026-03-11", "start": "16:00", "end": "18:00", "reason": "Sitzung fand am Vortag statt"}
    refused = client.post(url, data=form)
    assert refused.status_code == 422 or "in der Vergangenheit" in refused.get_data(as_text=True)
    assert "Termin berichtigen" in refused.get_data(as_text=True)
    assert scene.meeting.start_time.date() == date(2026, 3, 12)
    done = client.post(url, data={**form, "correction": "y"}, follow_redirects=True)
    assert "Der Termin wurde berichtigt." in done.get_data(as_text=True)
    assert scene.meeting.start_time.date() == date(2026, 3, 11)
    assert "berichtigt auf" in done.get_data(as_text=True)


def test_defect_5_the_full_documents_are_linked_from_staff_and_member_pages(client, session, factory):
    scene = build_scene(factory)
    complete(session, scene)
    member = factory.user("mitglied", roles={Role.MEMBER}, person=scene.members[0])
    mid = scene.meeting.id
    for user in (scene.secretary, member):
        login(client, user)
        page = client.get(f"/intern/sitzungen/{mid}").get_data(as_text=True)
        assert f'href="/sitzungen/{mid}/einladung.docx?fassung=intern"' in page
        assert f'href="/sitzungen/{mid}/niederschrift.docx?fassung=intern"' in page
        assert f'href="/intern/niederschriften/{mid}/lesefassung"' in page
        assert f'href="/tagesordnungspunkte/{scene.secret_item.id}/beschlussauszug.docx?fassung=intern"' in page
        assert client.get(f"/sitzungen/{mid}/niederschrift.docx?fassung=intern").status_code == 200
        client.post("/abmelden")
    login(client, scene.secretary)
    overview = client.get(f"/intern/niederschriften/{mid}").get_data(as_text=True)
    assert f'href="/sitzungen/{mid}/niederschrift.docx?fassung=intern"' in overview
    # The minutes are a draft: no public version is offered.
    assert f'href="/sitzungen/{mid}/niederschrift.docx"' not in overview
