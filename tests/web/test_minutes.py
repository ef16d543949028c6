"""Minutes in the browser: the policy, recording a meeting, conflicts, closing, approval and the public part."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from minutes_app.models import (
    AgendaItemResult,
    AttendanceStatus,
    MeetingState,
    MinutesPublication,
    MinutesState,
    PaperState,
    Role,
)
from minutes_app.services import attendance, minutes_lifecycle
from minutes_app.services import minutes as minutes_service

from ..conftest import login
from ..minutes_fixtures import close_approving_minutes, NOW, SECRET, SECRET_RESOLUTION, SECRET_SPEAKER, build_scene, complete, start

def _url(scene, suffix=""):
    return f"/intern/niederschriften/{scene.meeting.id}{suffix}"

def _version(html):
    return re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)

def _close(session, scene, minutes):
    minutes_lifecycle.sign(session, scene.secretary, minutes, "chair", now=NOW)
    minutes_lifecycle.sign(session, scene.secretary, minutes, "recorder", now=NOW)
    minutes_lifecycle.close_minutes(session, scene.secretary, minutes, now=NOW)

def test_only_the_committees_secretaries_write_and_members_read_the_full_version(client, session, factory):
    scene = build_scene(factory)
    complete(session, scene)
    member = factory.user("mitglied", roles={Role.MEMBER}, person=scene.members[0])
    outsider_person = factory.person("Fremd")
    factory.membership(outsider_person, factory.committee("Schulausschuss"))
    outsider = factory.user("fremd", roles={Role.MEMBER}, person=outsider_person)
    other_secretary = factory.user("andere", roles={Role.SECRETARY}, committees=[factory.committee("Bauausschuss")])

    assert client.get(_url(scene, "/lesefassung")).status_code == 302  # anonymous: to the login
    login(client, member)
    page = client.get(_url(scene, "/lesefassung"))
    assert page.status_code == 200 and SECRET in page.get_data(as_text=True)
    assert client.get(_url(scene, f"/top/{scene.opening.id}")).status_code == 403
    assert client.post(_url(scene, "/abschliessen")).status_code == 403
    client.post("/abmelden")
    for user in (outsider, other_secretary):
        login(client, user)
        assert client.get(_url(scene, "/lesefassung")).status_code == 403
        assert client.get(_url(scene, f"/top/{scene.opening.id}")).status_code == 403
        client.post("/abmelden")
    login(client, scene.secretary)
    assert client.get(_url(scene, f"/top/{scene.opening.id}")).status_code == 200

def test_the_secretary_records_closes_and_the_public_part_appears_without_the_non_public_part(client, session, factory):
    scene = build_scene(factory)
    login(client, scene.secretary)
    assert client.get(f"/sitzungen/{scene.meeting.id}/niederschrift").status_code == 404
    assert client.post(_url(scene, "/anlegen")).status_code == 302
    header = client.post(_url(scene, "/kopfdaten"), data={"started_at": "17:05", "ended_at": "19:10", "chair_id": str(scene.chair.id)})
    assert header.status_code == 302
    page = client.get(_url(scene, "/anwesenheit")).get_data(as_text=True)
    rows = {r.person_id: r.id for r in attendance.attendance_list(session, scene.meeting)}
    form = {f"status-{rid}": "present" for rid in rows.values()}
    form[f"status-{rows[scene.members[0].id]}"] = "excused"
    form[f"status-{rows[scene.members[1].id]}"] = "represented"
    form[f"represented_by-{rows[scene.members[1].id]}"] = str(scene.deputy.id)
    assert "Anwesenheitsliste" in page
    assert client.post(_url(scene, "/anwesenheit"), data=form).status_code == 302
    client.post(_url(scene, "/anwesenheit/hinzufuegen"), data={"kind": "staff", "name": "Herr Bruns", "note": "Jobcenter"})
    items = [
        (scene.opening, {"minutes_text": "Die Vorsitzende eröffnet die Sitzung.", "result": "noted"}),
        (scene.paper_item, {"minutes_text": "KTA Wilken fragt nach. Herr Bruns antwortet.", "result": "adopted",
                            "votes_yes": "3", "votes_no": "1", "votes_abstain": "0",
                            f"vote-{scene.members[2].id}": "no"}),
        (scene.communications, {"minutes_text": "Herr Bruns berichtet über die Ausbildungsplatzbörse.", "result": "noted"}),
        (scene.secret_item, {"minutes_text": f"{SECRET_SPEAKER} berichtet: {SECRET}", "resolution_text": SECRET_RESOLUTION,
                             "result": "adopted", "unanimous": "y"}),
    ]
    for item, data in items:
        edit = client.get(_url(scene, f"/top/{item.id}")).get_data(as_text=True)
        if item is scene.paper_item:
            assert "Der Kreisausschuss beschließt die Einführung eines Gesundheitsmanagements." in edit  # prefilled
            data["resolution_text"] = "Der Kreisausschuss beschließt die Einführung eines Gesundheitsmanagements."
        response = client.post(_url(scene, f"/top/{item.id}"), data={"version": _version(edit), **data})
        assert response.status_code == 302, response.get_data(as_text=True)
    assert scene.paper.state is PaperState.COMPLETED and scene.consultation.result is AgendaItemResult.ADOPTED
    client.post(_url(scene, "/unterschreiben"), data={"role": "chair"})
    client.post(_url(scene, "/unterschreiben"), data={"role": "recorder"})
    closed = client.post(_url(scene, "/abschliessen"), follow_redirects=True)
    assert "Die Niederschrift ist abgeschlossen." in closed.get_data(as_text=True)
    assert scene.meeting.minutes.state is MinutesState.CLOSED

    client.post("/abmelden")
    public = client.get(f"/sitzungen/{scene.meeting.id}/niederschrift")
    html = public.get_data(as_text=True)
    assert public.status_code == 200
    for expected in ("KTA Wilken fragt nach.", "Einführung eines Gesundheitsmanagements", "beschlossen (3 Ja, 1 Nein, 0 Enthaltungen)",
                     "KTA Alex Schlieper: Nein", "Valentin Vertreter", "Herr Bruns", "17:05", "19:10", "Es folgte ein nichtöffentlicher Teil."):
        assert expected in html, expected
    for secret in (SECRET, SECRET_RESOLUTION, SECRET_SPEAKER, "Personalangelegenheit", "N 1"):
        assert secret not in html
    portal = client.get(f"/sitzungen/{scene.meeting.id}").get_data(as_text=True)
    assert f'href="/sitzungen/{scene.meeting.id}/niederschrift"' in portal

def test_a_stale_save_shows_both_texts_and_keeps_the_typed_text(app, session, factory):
    scene = build_scene(factory)
    start(session, scene)
    factory.user("zweite", roles={Role.SECRETARY}, committees=[scene.committee], display_name="Tom Zweit")
    first, second = app.test_client(), app.test_client()
    login(first, "zweite")
    login(second, scene.secretary)
    url = _url(scene, f"/top/{scene.communications.id}")
    version = _version(first.get(url).get_data(as_text=True))
    assert version == _version(second.get(url).get_data(as_text=True))
    assert first.post(url, data={"version": version, "minutes_text": "Herr Bruns berichtet über die Börse."}).status_code == 302
    refused = second.post(url, data={"version": version, "minutes_text": "KTA Wilken lobt die Mitarbeiter."})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Bearbeitungskonflikt: nicht gespeichert" in html and "Tom Zweit" in html
    assert "Herr Bruns berichtet über die Börse." in html  # the saved text
    assert "KTA Wilken lobt die Mitarbeiter.</textarea>" in html  # the typed text stays in the form
    assert _version(html) == str(int(version) + 1)
    revisions = second.get(url + "/versionen").get_data(as_text=True)
    assert "Konfliktkopie" in revisions
    merged = "Herr Bruns berichtet über die Börse.\n\nKTA Wilken lobt die Mitarbeiter."
    assert second.post(url, data={"version": _version(html), "minutes_text": merged}).status_code == 302
    assert scene.communications.minutes_text == merged

def test_bad_input_is_answered_with_german_messages_and_the_input_kept(client, session, factory):
    scene = build_scene(factory)
    start(session, scene)
    login(client, scene.secretary)
    header = client.post(_url(scene, "/kopfdaten"), data={"started_at": "19:00", "ended_at": "18:00", "chair_id": ""})
    assert header.status_code == 422 and "Das Ende muss nach dem Beginn liegen." in header.get_data(as_text=True)
    invalid = client.post(_url(scene, "/kopfdaten"), data={"started_at": "25:99", "ended_at": "", "chair_id": ""})
    assert "Bitte geben Sie die Uhrzeit als Stunden:Minuten ein, z. B. 17:05." in invalid.get_data(as_text=True)
    url = _url(scene, f"/top/{scene.paper_item.id}")
    version = _version(client.get(url).get_data(as_text=True))
    votes = client.post(url, data={"version": version, "minutes_text": "Mein Text", "result": "adopted",
                                   "votes_yes": "7", "votes_no": "0", "votes_abstain": "x"})
    html = votes.get_data(as_text=True)
    assert votes.status_code == 422 and "Bitte geben Sie eine ganze Zahl ein." in html and "Mein Text</textarea>" in html
    votes = client.post(url, data={"version": version, "minutes_text": "Mein Text", "result": "adopted",
                                   "votes_yes": "7", "votes_no": "0", "votes_abstain": "0"})
    assert "Es wurden 7 Stimmen gezählt, bei Ö 2 waren aber nur 5 stimmberechtigte Mitglieder anwesend." in votes.get_data(as_text=True)
    row = next(r for r in attendance.attendance_list(session, scene.meeting) if r.person_id == scene.members[0].id)
    bad = client.post(_url(scene, "/anwesenheit"), data={f"status-{row.id}": "represented"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Bitte wählen Sie die Vertretung für Alex Zillmer." in html
    assert re.search(rf'<option value="represented" selected>vertreten</option>', html)  # the choice is kept

def test_closing_an_incomplete_record_is_refused_and_lists_what_is_missing(client, session, factory):
    scene = build_scene(factory)
    start(session, scene)
    login(client, scene.secretary)
    page = client.post(_url(scene, "/abschliessen"), follow_redirects=True).get_data(as_text=True)
    assert "Die Niederschrift kann noch nicht abgeschlossen werden." in page
    for missing in ("Beginn der Sitzung fehlt.", "Ende der Sitzung fehlt.", "Ö 1 „Eröffnung und Feststellung der Beschlussfähigkeit“: Ergebnis fehlt."):
        assert missing in page
    assert scene.meeting.minutes.state is MinutesState.DRAFT

def test_a_later_meeting_approves_and_publishes_the_minutes(client, session, factory):
    factory.body.minutes_publication = MinutesPublication.ON_APPROVED
    scene = build_scene(factory)
    minutes = complete(session, scene)
    _close(session, scene, minutes)
    later = factory.meeting(scene.committee, MeetingState.HELD, start_time=datetime(2026, 4, 16, 16, tzinfo=UTC))
    item = factory.agenda_item(later, "Genehmigung der Niederschrift über die Sitzung vom 12.03.2026")
    minutes_service.start_minutes(session, scene.secretary, later)
    assert client.get(f"/sitzungen/{scene.meeting.id}/niederschrift").status_code == 404  # closed, not yet approved
    login(client, scene.secretary)
    page = client.get(f"/intern/niederschriften/{later.id}/top/{item.id}").get_data(as_text=True)
    assert "Niederschrift genehmigen" in page and "Kreisausschuss vom 12.03.2026" in page
    response = client.post(
        f"/intern/niederschriften/{later.id}/top/{item.id}/genehmigung",
        data={"minutes_id": str(minutes.id), "corrections": "Zu Ö 3: Herr Bruns statt Herr Brune.", "internal_corrections": "Zu N 1: Aktenzeichen."},
        follow_redirects=True,
    )
    assert "Die Genehmigung der Niederschrift wurde unter Ö 1 eingetragen." in response.get_data(as_text=True)
    assert minutes.state is MinutesState.CLOSED  # takes effect when the approving minutes are closed
    close_approving_minutes(session, scene, item)
    assert minutes.state is MinutesState.APPROVED
    client.post("/abmelden")
    public = client.get(f"/sitzungen/{scene.meeting.id}/niederschrift").get_data(as_text=True)
    assert "Genehmigt in der Sitzung vom 16.04.2026 unter Ö 1 mit Berichtigungen" in public
    assert f'href="/sitzungen/{later.id}"' in public  # the corrections are read in the approving item there
    assert "Herr Brune" not in public and "Aktenzeichen" not in public

def test_public_minutes_are_404_unless_meeting_is_public_and_minutes_published(client, session, factory):
    scene = build_scene(factory)
    minutes = complete(session, scene)
    assert client.get(f"/sitzungen/{scene.meeting.id}/niederschrift").status_code == 404  # draft
    assert client.get("/sitzungen/999999/niederschrift").status_code == 404
    _close(session, scene, minutes)
    scene.meeting.state = MeetingState.PLANNED  # a meeting never announced stays hidden
    assert client.get(f"/sitzungen/{scene.meeting.id}/niederschrift").status_code == 404
    scene.meeting.state = MeetingState.HELD
    assert client.get(f"/sitzungen/{scene.meeting.id}/niederschrift").status_code == 200

def test_revisions_can_be_read(client, session, factory):
    scene = build_scene(factory)
    complete(session, scene)
    login(client, scene.secretary)
    listing = client.get(_url(scene, f"/top/{scene.paper_item.id}/versionen")).get_data(as_text=True)
    assert "Beschlussvorschlag der Vorlage übernommen" in listing and "gespeichert" in listing
    link = re.search(r'href="(/intern/niederschriften/\d+/top/\d+/versionen/\d+)"', listing).group(1)
    revision = client.get(link).get_data(as_text=True)
    assert "KTA Zillmer fragt nach den Kosten." in revision and "Änderungen gegenüber" in revision
    other = factory.agenda_item(factory.meeting(scene.committee, MeetingState.HELD), "Fremd")
    assert client.get(_url(scene, f"/top/{other.id}/versionen")).status_code == 404

def test_the_overview_shows_quorum_and_what_is_missing(client, session, factory):
    scene = build_scene(factory)
    minutes = start(session, scene)
    rows = {r.person_id: r for r in attendance.attendance_list(session, scene.meeting)}
    attendance.record_attendance(
        session, scene.secretary, minutes,
        [attendance.AttendanceEntry(rows[p.id].id, AttendanceStatus.EXCUSED) for p in scene.members[:3]], now=NOW,
    )
    login(client, scene.secretary)
    html = client.get(_url(scene)).get_data(as_text=True)
    assert "nein (2/5)" in html and "Beginn der Sitzung fehlt." in html
    listing = client.get("/intern/niederschriften/").get_data(as_text=True)
    assert scene.meeting.name in listing and "Entwurf" in listing

def test_forms_work_with_csrf_protection_on(csrf_app, session, factory):
    scene = build_scene(factory)
    start(session, scene)
    client = csrf_app.test_client()
    login_page = client.get("/anmelden").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/anmelden", data={"login": scene.secretary.login, "password": "geheim123", "csrf_token": token})
    url = _url(scene, f"/top/{scene.opening.id}")
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post(url, data={"version": _version(page), "minutes_text": "Ohne Token."}).status_code == 400
    saved = client.post(url, data={"version": _version(page), "minutes_text": "Mit Token.", "csrf_token": token})
    assert saved.status_code == 302
    assert scene.opening.minutes_text == "Mit Token."
    rows = attendance.attendance_list(session, scene.meeting)
    form = {f"status-{r.id}": "present" for r in rows}
    assert client.post(_url(scene, "/anwesenheit"), data=form).status_code == 400  # refused: no token
    assert scene.meeting.minutes.attendance_recorded_at is None
    assert client.post(_url(scene, "/anwesenheit"), data={**form, "csrf_token": token}).status_code == 302
    assert scene.meeting.minutes.attendance_recorded_at is not None
