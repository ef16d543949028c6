"""The agenda builder in the browser: plain forms for placing, reordering, indenting and Ö/N moves."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from minutes_app.models import MeetingState, PaperState, Role
from minutes_app.web.meetings import common

from ..conftest import login


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(common, "now", lambda: datetime(2026, 3, 1, 9, 0, tzinfo=UTC))


@pytest.fixture
def committee(factory):
    return factory.committee("Jugendhilfeausschuss")


@pytest.fixture
def meeting(factory, committee):
    return factory.meeting(committee, name="Sitzung März", start_time=datetime(2026, 3, 12, 15, 0, tzinfo=UTC))


@pytest.fixture
def secretary_client(client, factory, session, committee, meeting):
    user = factory.user("schrift", roles={Role.SECRETARY}, committees=[committee])
    session.commit()
    login(client, user)
    return client


def _released(factory, committee, name, public=True):
    paper = factory.paper(name=name, public=public)
    paper.state = PaperState.RELEASED
    return factory.consultation(paper, committee)


def _numbers(session, meeting) -> list[tuple[str, str]]:
    session.expire_all()
    return [(i.number, i.name) for i in sorted(meeting.agenda_items, key=lambda i: i.order)]


def _url(meeting, tail=""):
    return f"/intern/sitzungen/{meeting.id}/tagesordnung{tail}"


def test_builder_offers_pending_vorlagen_and_places_one(secretary_client, factory, session, committee, meeting):
    consultation = _released(factory, committee, "Kita-Bedarfsplanung 2027")
    session.commit()
    html = secretary_client.get(_url(meeting)).get_data(as_text=True)
    assert "Zur Beratung anstehende Vorlagen" in html and "Kita-Bedarfsplanung 2027" in html
    assert f'<label for="vorlage{consultation.id}-part">Teil</label>' in html
    response = secretary_client.post(
        _url(meeting, f"/vorlagen/{consultation.id}"),
        data={f"vorlage{consultation.id}-part": "oeffentlich", f"vorlage{consultation.id}-public_name": ""},
    )
    assert _numbers(session, meeting) == [("Ö 1", "Kita-Bedarfsplanung 2027")]
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/tagesordnung#top-{meeting.agenda_items[0].id}")
    session.refresh(consultation)
    assert consultation.meeting_id == meeting.id and consultation.agenda_item_id is not None
    page = secretary_client.get(f"/intern/sitzungen/{meeting.id}").get_data(as_text=True)
    assert f"Vorlage {consultation.paper.reference}" in page and "Status: In Beratung" in page


def test_free_item_with_empty_title_is_refused_and_keeps_the_input(secretary_client, session, meeting):
    response = secretary_client.post(
        _url(meeting, "/punkte"),
        data={"punkt-name": " ", "punkt-part": "nichtoeffentlich", "punkt-public_name": "Personalsache"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte geben Sie den Titel des Tagesordnungspunkts an." in html
    assert 'value="Personalsache"' in html
    assert _numbers(session, meeting) == []


def test_reorder_and_indent_with_plain_buttons(secretary_client, session, meeting):
    for name in ("Bericht Jugendamt", "Haushalt", "Teilhaushalt Jugend"):
        assert (
            secretary_client.post(
                _url(meeting, "/punkte"), data={"punkt-name": name, "punkt-part": "oeffentlich"}
            ).status_code
            == 302
        )
    ids = dict(_ids(session, meeting))
    secretary_client.post(_url(meeting, f"/{ids['Teilhaushalt Jugend']}/einruecken"))
    assert _numbers(session, meeting) == [
        ("Ö 1", "Bericht Jugendamt"),
        ("Ö 2", "Haushalt"),
        ("Ö 2.1", "Teilhaushalt Jugend"),
    ]
    response = secretary_client.post(_url(meeting, f"/{ids['Haushalt']}/hoch"))
    assert response.headers["Location"].endswith(f"#top-{ids['Haushalt']}")
    assert _numbers(session, meeting) == [
        ("Ö 1", "Haushalt"),
        ("Ö 1.1", "Teilhaushalt Jugend"),
        ("Ö 2", "Bericht Jugendamt"),
    ]
    html = secretary_client.post(_url(meeting, f"/{ids['Haushalt']}/hoch"), follow_redirects=True).get_data(
        as_text=True
    )
    assert "Ö 1 steht bereits an erster Stelle im öffentlichen Teil." in html
    secretary_client.post(_url(meeting, f"/{ids['Teilhaushalt Jugend']}/ausruecken"))
    assert _numbers(session, meeting) == [
        ("Ö 1", "Haushalt"),
        ("Ö 2", "Teilhaushalt Jugend"),
        ("Ö 3", "Bericht Jugendamt"),
    ]
    assert dict(_ids(session, meeting)) == ids  # the items keep their identity; only numbers change


def _ids(session, meeting):
    session.expire_all()
    return [(i.name, i.id) for i in meeting.agenda_items]


def test_non_public_vorlage_moved_to_the_public_part_needs_confirmation(
    secretary_client, factory, session, committee, meeting
):
    consultation = _released(factory, committee, "Grundstückskauf Flur 7", public=False)
    session.commit()
    secretary_client.post(
        _url(meeting, f"/vorlagen/{consultation.id}"),
        data={
            f"vorlage{consultation.id}-part": "nichtoeffentlich",
            f"vorlage{consultation.id}-public_name": "Grundstücksangelegenheit",
        },
    )
    assert _numbers(session, meeting) == [("N 1", "Grundstückskauf Flur 7")]
    item_id = meeting.agenda_items[0].id
    response = secretary_client.post(_url(meeting, f"/{item_id}/teil"), data={"teil": "oeffentlich"})
    html = response.get_data(as_text=True)
    assert "ist nichtöffentlich" in html and "Ja, öffentlich aufnehmen" in html
    assert 'name="confirm" value="ja"' in html
    assert _numbers(session, meeting) == [("N 1", "Grundstückskauf Flur 7")]
    response = secretary_client.post(_url(meeting, f"/{item_id}/teil"), data={"teil": "oeffentlich", "confirm": "ja"})
    assert response.status_code == 302
    assert _numbers(session, meeting) == [("Ö 1", "Grundstückskauf Flur 7")]


def test_placing_a_non_public_vorlage_publicly_asks_first(secretary_client, factory, session, committee, meeting):
    consultation = _released(factory, committee, "Personalangelegenheit", public=False)
    session.commit()
    data = {f"vorlage{consultation.id}-part": "oeffentlich", f"vorlage{consultation.id}-public_name": ""}
    html = secretary_client.post(_url(meeting, f"/vorlagen/{consultation.id}"), data=data).get_data(as_text=True)
    assert "Nichtöffentliche Vorlage in den öffentlichen Teil?" in html
    assert f'name="vorlage{consultation.id}-part" value="oeffentlich"' in html
    assert _numbers(session, meeting) == []
    secretary_client.post(_url(meeting, f"/vorlagen/{consultation.id}"), data={**data, "confirm": "ja"})
    assert _numbers(session, meeting) == [("Ö 1", "Personalangelegenheit")]


def test_remove_asks_then_clears_the_link(secretary_client, factory, session, committee, meeting):
    consultation = _released(factory, committee, "Jugendhilfeplanung")
    session.commit()
    secretary_client.post(
        _url(meeting, f"/vorlagen/{consultation.id}"), data={f"vorlage{consultation.id}-part": "oeffentlich"}
    )
    item_id = meeting.agenda_items[0].id
    page = secretary_client.get(_url(meeting, f"/{item_id}/entfernen")).get_data(as_text=True)
    assert "Ö 1 von der Tagesordnung nehmen?" in page and "steht danach wieder zur Beratung an" in page
    secretary_client.post(_url(meeting, f"/{item_id}/entfernen"))
    assert _numbers(session, meeting) == []
    session.refresh(consultation)
    assert consultation.agenda_item_id is None and consultation.paper.state is PaperState.RELEASED


def test_standard_items_and_editing_a_neutral_title(secretary_client, session, meeting):
    response = secretary_client.post(
        _url(meeting, "/standardpunkte"), data={"standard-keys": ["opening", "questions_np"]}
    )
    assert response.status_code == 302
    assert _numbers(session, meeting) == [
        ("Ö 1", "Eröffnung und Feststellung der ordnungsgemäßen Ladung und Beschlussfähigkeit"),
        ("N 1", "Anfragen"),
    ]
    html = secretary_client.post(_url(meeting, "/standardpunkte"), data={}).get_data(as_text=True)
    assert "Bitte wählen Sie mindestens einen Standardpunkt aus." in html
    non_public = next(i for i in meeting.agenda_items if not i.public)
    response = secretary_client.post(
        _url(meeting, f"/{non_public.id}/bearbeiten"),
        data={"name": "Anfragen (nichtöffentlich)", "public_name": "Anfragen"},
    )
    assert response.status_code == 302
    session.refresh(non_public)
    assert (non_public.name, non_public.public_name) == ("Anfragen (nichtöffentlich)", "Anfragen")


def test_items_added_after_the_invitation_are_marked_as_supplements(secretary_client, session, meeting):
    secretary_client.post(_url(meeting, "/punkte"), data={"punkt-name": "Haushalt", "punkt-part": "oeffentlich"})
    secretary_client.post(f"/intern/sitzungen/{meeting.id}/einladen", data={"late_reason": ""})
    secretary_client.post(
        _url(meeting, "/punkte"), data={"punkt-name": "Eilantrag Jugendtreff", "punkt-part": "oeffentlich"}
    )
    html = secretary_client.get(f"/intern/sitzungen/{meeting.id}").get_data(as_text=True)
    assert re.search(r"Eilantrag Jugendtreff\s*<span class=\"badge supplement\">Nachtrag</span>", html)
    assert 'Haushalt <span class="badge supplement">' not in html
    builder = secretary_client.get(_url(meeting)).get_data(as_text=True)
    assert "werden als <strong>Nachtrag</strong> gekennzeichnet" in builder


def test_item_of_another_meeting_is_not_found_and_frozen_agenda_is_refused(
    secretary_client, factory, session, committee, meeting
):
    other = factory.meeting(committee, name="Andere", state=MeetingState.HELD)
    item = factory.agenda_item(other, "Fremder Punkt")
    session.commit()
    assert secretary_client.post(_url(meeting, f"/{item.id}/hoch")).status_code == 404
    html = secretary_client.post(
        _url(other, "/punkte"), data={"punkt-name": "Zu spät", "punkt-part": "oeffentlich"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "ihre Tagesordnung kann nicht mehr geändert werden" in html


def test_buttons_work_with_csrf_protection(app, secretary_client, factory, session, meeting):
    factory.agenda_item(meeting, "A")
    factory.agenda_item(meeting, "B")
    session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    builder = secretary_client.get(_url(meeting)).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', builder).group(1)
    second = next(i for i in meeting.agenda_items if i.name == "B")
    assert secretary_client.post(_url(meeting, f"/{second.id}/hoch")).status_code == 400
    assert secretary_client.post(_url(meeting, f"/{second.id}/hoch"), data={"csrf_token": token}).status_code == 302
    assert _numbers(session, meeting) == [("Ö 1", "B"), ("Ö 2", "A")]


def test_vorlage_of_another_committee_cannot_be_placed(secretary_client, factory, session, meeting):
    foreign = _released(factory, factory.committee("Kreistag"), "Haushaltssatzung")
    session.commit()
    response = secretary_client.post(
        _url(meeting, f"/vorlagen/{foreign.id}"), data={f"vorlage{foreign.id}-part": "oeffentlich"}
    )
    assert response.status_code == 422
    assert "Die Beratungsfolge dieser Vorlage sieht kein Gremium dieser Sitzung vor." in response.get_data(as_text=True)
    assert _numbers(session, meeting) == []


def test_too_long_public_title_is_shown_in_the_row_with_the_input_kept(
    secretary_client, factory, session, committee, meeting
):
    consultation = _released(factory, committee, "Vergabe Rettungsdienst", public=False)
    session.commit()
    title = "Vergabeangelegenheit " + "x" * 300
    response = secretary_client.post(
        _url(meeting, f"/vorlagen/{consultation.id}"),
        data={f"vorlage{consultation.id}-part": "nichtoeffentlich", f"vorlage{consultation.id}-public_name": title},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Der öffentliche Titel darf höchstens 300 Zeichen lang sein." in html
    assert f'value="{title}"' in html
