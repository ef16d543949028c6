"""Meeting screens: planning, series, overviews, invitation, moves, cancellation, policy and publicity."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from minutes_app.models import Meeting, MeetingState, MembershipRole, Role
from minutes_app.web.meetings import common

from ..conftest import login

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(common, "now", lambda: NOW)


@pytest.fixture
def committee(factory):
    return factory.committee("Ausschuss für Schule und Kultur", short_name="SchA")


@pytest.fixture
def secretary(factory, session, committee):
    user = factory.user("schrift", roles={Role.SECRETARY}, committees=[committee], display_name="Sabine Schrift")
    session.commit()
    return user


def _meeting(factory, session, committee, **kw):
    meeting = factory.meeting(committee, name=kw.pop("name", "12. Sitzung"), **kw)
    session.commit()
    return meeting


def _form(**values):
    data = {
        "organization_id": "",
        "name": "",
        "number": "",
        "day": "2026-03-12",
        "start": "16:00",
        "end": "18:00",
        "location_id": "",
        "location_text": "Kreishaus, Saal 1",
    }
    data.update(values)
    return data


def test_secretary_plans_a_meeting(client, secretary, committee, session):
    login(client, secretary)
    page = client.get("/intern/sitzungen/neu").get_data(as_text=True)
    assert '<label for="day">Datum</label>' in page and "Gemeinsame Sitzung mit" in page
    response = client.post("/intern/sitzungen/neu", data=_form(organization_id=committee.id))
    assert response.status_code == 302
    meeting = session.scalars(select(Meeting)).one()
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sitzung Ausschuss für Schule und Kultur" in html and "Geplant" in html
    assert "Donnerstag, 12. März 2026, 16:00 bis 18:00 Uhr" in html
    assert "Einladung spätestens am Mittwoch, 04.03.2026 versenden" in html
    assert meeting.number == "1/2026" and meeting.location_text == "Kreishaus, Saal 1"


def test_bad_input_shows_german_messages_and_keeps_the_input(client, secretary, committee):
    login(client, secretary)
    response = client.post(
        "/intern/sitzungen/neu", data=_form(organization_id=committee.id, name="Haushaltssitzung", day="31.02.2026")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte geben Sie ein gültiges Datum an, z. B. 12.03.2026." in html
    assert 'value="Haushaltssitzung"' in html and 'value="Kreishaus, Saal 1"' in html
    response = client.post(
        "/intern/sitzungen/neu", data=_form(organization_id=committee.id, name="Haushaltssitzung", end="15:00")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Das geplante Ende muss nach dem Beginn liegen." in html and 'value="Haushaltssitzung"' in html


def test_secretary_cannot_plan_for_a_committee_of_someone_else(client, secretary, factory, session):
    other = factory.committee("Kreisausschuss")
    session.commit()
    login(client, secretary)
    response = client.post("/intern/sitzungen/neu", data=_form(organization_id=other.id))
    assert response.status_code == 422
    assert session.scalars(select(Meeting)).all() == []


def test_secretary_of_another_committee_may_not_see_or_edit(client, factory, session, committee):
    meeting = _meeting(factory, session, committee)
    stranger = factory.user("fremd", roles={Role.SECRETARY}, committees=[factory.committee("Bauausschuss")])
    session.commit()
    login(client, stranger)
    assert client.get(f"/intern/sitzungen/{meeting.id}").status_code == 403
    assert client.get(f"/intern/sitzungen/{meeting.id}/bearbeiten").status_code == 403
    assert client.post(f"/intern/sitzungen/{meeting.id}/absagen", data={"reason": "x"}).status_code == 403
    assert client.get(f"/intern/sitzungen/{meeting.id}/tagesordnung").status_code == 403
    assert (
        client.post(f"/intern/sitzungen/{meeting.id}/tagesordnung/punkte", data={"punkt-name": "X"}).status_code == 403
    )
    session.refresh(meeting)
    assert meeting.state is MeetingState.PLANNED and meeting.agenda_items == []
    assert "12. Sitzung" not in client.get("/intern/sitzungen/?zeitraum=alle").get_data(as_text=True)


def test_member_reads_the_meeting_but_cannot_manage_it(client, factory, session, committee):
    meeting = _meeting(factory, session, committee)
    factory.agenda_item(meeting, "Personalangelegenheit Müller", public=False)
    person = factory.person()
    factory.membership(person, committee, MembershipRole.MEMBER)
    member = factory.user("mitglied", roles={Role.MEMBER}, person=person)
    session.commit()
    login(client, member)
    html = client.get(f"/intern/sitzungen/{meeting.id}").get_data(as_text=True)
    assert "Personalangelegenheit Müller" in html and "Nichtöffentlicher Teil" in html
    assert "Tagesordnung bearbeiten" not in html
    assert client.get(f"/intern/sitzungen/{meeting.id}/tagesordnung").status_code == 403


def test_anonymous_sees_nothing_internal(client, factory, session, committee):
    meeting = _meeting(factory, session, committee)
    response = client.get(f"/intern/sitzungen/{meeting.id}")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]
    assert client.get(f"/sitzungen/{meeting.id}").status_code == 404


def test_list_and_calendar_show_the_committees_meetings(client, secretary, factory, session, committee):
    _meeting(factory, session, committee, name="Frühjahrssitzung")
    other = factory.committee("Bauausschuss")
    _meeting(factory, session, other, name="Fremde Sitzung")
    login(client, secretary)
    listing = client.get("/intern/sitzungen/").get_data(as_text=True)
    assert "Frühjahrssitzung" in listing and "Fremde Sitzung" not in listing
    assert "1 Sitzung gefunden." in listing
    month = client.get("/intern/sitzungen/kalender?monat=2026-03").get_data(as_text=True)
    assert "<caption>März 2026</caption>" in month
    assert "17:00 SchA (geplant)" in month and "Fremde" not in month
    assert '<th scope="col"><abbr title="Montag">Mo</abbr></th>' in month
    past = client.get(f"/intern/sitzungen/?zeitraum=vergangen&gremium={committee.id}").get_data(as_text=True)
    assert "Frühjahrssitzung" not in past


def test_series_form_plans_a_year_and_reports_skipped_days(client, secretary, committee, session):
    login(client, secretary)
    response = client.post(
        "/intern/sitzungen/reihe",
        data={
            "organization_id": committee.id,
            "first_day": "2026-01-08",
            "rhythm": "2",
            "until": "2026-02-28",
            "start": "17:00",
            "end": "",
            "location_id": "",
            "location_text": "",
            "skip_dates": "19.02.2026",
        },
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "3 Sitzungen wurden geplant. Ausgelassen: 19.02.2026." in html
    assert len(session.scalars(select(Meeting)).all()) == 3


def test_series_form_keeps_input_on_bad_dates(client, secretary, committee):
    login(client, secretary)
    response = client.post(
        "/intern/sitzungen/reihe",
        data={
            "organization_id": committee.id,
            "first_day": "2026-01-08",
            "rhythm": "2",
            "until": "",
            "start": "17:00",
            "end": "",
            "location_id": "",
            "location_text": "",
            "skip_dates": "24.12.2026, Ostern",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Diese Angaben sind kein gültiges Datum: Ostern." in html and "24.12.2026, Ostern</textarea>" in html


def _with_item(factory, session, committee, **kw):
    meeting = factory.meeting(committee, name="Sitzung März", start_time=datetime(2026, 3, 12, 15, 0, tzinfo=UTC), **kw)
    factory.agenda_item(meeting, "Schulentwicklungsplan", public=True)
    factory.agenda_item(meeting, "Klage Müller ./. Landkreis", public=False, public_name="Rechtsangelegenheit")
    session.commit()
    return meeting


def test_invitation_in_time_publishes_the_public_agenda_only(
    client, secretary, factory, session, committee, monkeypatch
):
    meeting = _with_item(factory, session, committee)
    login(client, secretary)
    page = client.get(f"/intern/sitzungen/{meeting.id}/einladen").get_data(as_text=True)
    assert "Die Ladungsfrist ist eingehalten" in page and "7 Kalendertage" in page
    response = client.post(f"/intern/sitzungen/{meeting.id}/einladen", data={"late_reason": ""})
    assert response.status_code == 302
    session.refresh(meeting)
    assert meeting.state is MeetingState.INVITED and meeting.invitation_sent_at == NOW
    client.post("/abmelden")
    public = client.get(f"/sitzungen/{meeting.id}").get_data(as_text=True)
    assert "Schulentwicklungsplan" in public and "Rechtsangelegenheit" in public
    assert "Klage Müller" not in public


def test_late_invitation_requires_and_records_a_reason(client, secretary, factory, session, committee, monkeypatch):
    meeting = _with_item(factory, session, committee)
    monkeypatch.setattr(common, "now", lambda: datetime(2026, 3, 9, 8, 0, tzinfo=UTC))
    login(client, secretary)
    page = client.get(f"/intern/sitzungen/{meeting.id}/einladen").get_data(as_text=True)
    assert "Die Ladungsfrist ist nicht mehr eingehalten." in page
    response = client.post(f"/intern/sitzungen/{meeting.id}/einladen", data={"late_reason": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "spätestens am 04.03.2026 versandt werden müssen. Bitte begründen Sie die Dringlichkeit." in html
    session.refresh(meeting)
    assert meeting.state is MeetingState.PLANNED
    response = client.post(f"/intern/sitzungen/{meeting.id}/einladen", data={"late_reason": "Fristablauf Förderantrag"})
    assert response.status_code == 302
    html = client.get(f"/intern/sitzungen/{meeting.id}").get_data(as_text=True)
    assert "Ladungsfrist verkürzt wegen Dringlichkeit: Fristablauf Förderantrag" in html


def test_move_and_cancel_need_reasons(client, secretary, factory, session, committee):
    meeting = _meeting(factory, session, committee)
    login(client, secretary)
    response = client.post(
        f"/intern/sitzungen/{meeting.id}/verlegen",
        data={"day": "2026-03-19", "start": "17:00", "end": "", "reason": ""},
    )
    assert response.status_code == 422
    assert "Bitte geben Sie den Grund der Verlegung an." in response.get_data(as_text=True)
    assert 'value="2026-03-19"' in response.get_data(as_text=True)
    response = client.post(
        f"/intern/sitzungen/{meeting.id}/verlegen",
        data={"day": "2026-03-19", "start": "17:00", "end": "", "reason": "Terminkollision"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Die Sitzung wurde verlegt." in html and "Grund: Terminkollision" in html
    response = client.post(f"/intern/sitzungen/{meeting.id}/absagen", data={"reason": "  "})
    assert response.status_code == 422 and "Bitte geben Sie den Grund der Absage an." in response.get_data(as_text=True)
    html = client.post(
        f"/intern/sitzungen/{meeting.id}/absagen", data={"reason": "Keine Vorlagen"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Abgesagt" in html and "Keine Vorlagen" in html and "Tagesordnung bearbeiten" not in html


def test_mark_held_after_the_start(client, secretary, factory, session, committee, monkeypatch):
    meeting = _meeting(factory, session, committee, state=MeetingState.INVITED)
    login(client, secretary)
    html = client.post(f"/intern/sitzungen/{meeting.id}/durchgefuehrt", follow_redirects=True).get_data(as_text=True)
    assert "Die Sitzung hat noch nicht begonnen." in html
    monkeypatch.setattr(common, "now", lambda: datetime(2026, 3, 12, 17, 0, tzinfo=UTC))
    assert "Als durchgeführt vermerken" in client.get(f"/intern/sitzungen/{meeting.id}").get_data(as_text=True)
    html = client.post(f"/intern/sitzungen/{meeting.id}/durchgefuehrt", follow_redirects=True).get_data(as_text=True)
    assert "Die Sitzung ist als durchgeführt vermerkt." in html
    session.refresh(meeting)
    assert meeting.state is MeetingState.HELD


def test_navigation_links_for_secretary(client, secretary):
    login(client, secretary)
    html = client.get("/intern/").get_data(as_text=True)
    assert 'href="/intern/sitzungen/"' in html


def test_edit_form_is_prefilled_and_an_invited_meeting_keeps_its_date(client, secretary, factory, session, committee):
    meeting = _meeting(factory, session, committee, state=MeetingState.INVITED)
    login(client, secretary)
    page = client.get(f"/intern/sitzungen/{meeting.id}/bearbeiten").get_data(as_text=True)
    assert 'value="2026-03-12"' in page and 'value="17:00"' in page and 'value="12. Sitzung"' in page
    assert "Die Einladung ist versandt." in page
    response = client.post(
        f"/intern/sitzungen/{meeting.id}/bearbeiten",
        data=_form(name="12. Sitzung (Haushalt)", day="2026-03-19", start="17:00", end="19:00"),
    )
    assert response.status_code == 422
    assert "Bitte verlegen Sie die Sitzung über „Sitzung verlegen“" in response.get_data(as_text=True)
    response = client.post(
        f"/intern/sitzungen/{meeting.id}/bearbeiten",
        data=_form(name="12. Sitzung (Haushalt)", day="2026-03-12", start="17:00", end="19:00"),
    )
    assert response.status_code == 302
    session.refresh(meeting)
    assert meeting.name == "12. Sitzung (Haushalt)" and meeting.location_text == "Kreishaus, Saal 1"
