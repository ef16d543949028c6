"""Administration screens: access, settings, organizations, terms, locations and the audit trail."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from minutes_app.models import AuditEvent, Body, LegislativeTerm, Location, Organization, OrganizationType, Role

from ..conftest import login

PREFIX = "/intern/verwaltung"


def audit_actions(session):
    session.expire_all()
    return [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


@pytest.fixture
def admin(factory, session):
    user = factory.user("ada", roles={Role.ADMIN}, display_name="Ada Admin")
    session.commit()
    return user


@pytest.fixture
def admin_client(client, factory, admin, session):
    factory.body  # noqa: B018 - the county exists
    session.commit()
    login(client, admin)
    return client


@pytest.fixture
def objects(factory, session, admin):
    """One object of every administered kind, for the pages that show one."""
    committee = factory.committee("Schulausschuss")
    person = factory.person("Keller", given_name="Anna")
    membership = factory.membership(person, committee)
    term = LegislativeTerm(body=factory.body, name="2024–2029", start_date=date(2024, 6, 1))
    location = Location(body_id=factory.body.id, description="Kreishaus", room="Saal 1")
    session.add_all([term, location])
    session.commit()
    return {
        "organization": committee.id, "person": person.id, "membership": membership.id,
        "term": term.id, "location": location.id, "user": admin.id,
    }


def admin_pages(ids):
    return [
        ("/", "Verwaltung"),
        ("/einstellungen", "Einstellungen der Körperschaft"),
        ("/gremien", "Gremien und Organisationen"),
        ("/gremien/neu", "Neue Organisation"),
        (f"/gremien/{ids['organization']}", "Schulausschuss bearbeiten"),
        ("/personen", "Personen"),
        ("/personen/neu", "Neue Person"),
        (f"/personen/{ids['person']}", "Anna Keller"),
        (f"/mitgliedschaften/{ids['membership']}", "Mitgliedschaft von Anna Keller bearbeiten"),
        ("/wahlperioden", "Wahlperioden"),
        ("/wahlperioden/neu", "Neue Wahlperiode"),
        (f"/wahlperioden/{ids['term']}", "Wahlperiode 2024–2029 bearbeiten"),
        ("/orte", "Orte"),
        ("/orte/neu", "Neuer Ort"),
        (f"/orte/{ids['location']}", "Ort Kreishaus, Saal 1 bearbeiten"),
        ("/benutzer", "Benutzerkonten"),
        ("/benutzer/neu", "Neues Benutzerkonto"),
        (f"/benutzer/{ids['user']}", "Benutzerkonto ada bearbeiten"),
        ("/protokoll", "Änderungsprotokoll"),
    ]


# --- access -----------------------------------------------------------------------------------


def test_every_screen_renders_for_admin(admin_client, objects):
    for path, heading in admin_pages(objects):
        response = admin_client.get(PREFIX + path)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert html.count("<h1>") == 1, path
        assert f"<h1>{heading}" in html, path
        assert 'aria-label="Bereiche der Verwaltung"' in html


@pytest.mark.parametrize("role", [Role.MEMBER, Role.EDITOR, Role.SIGNER, Role.SECRETARY])
def test_other_roles_get_403(client, factory, session, objects, role):
    factory.user("andere", roles={role}, department=factory.department(), committees=[factory.committee()])
    session.commit()
    login(client, "andere")
    for path, _heading in admin_pages(objects):
        response = client.get(PREFIX + path)
        assert response.status_code == 403, path
        assert "Keine Berechtigung" in response.get_data(as_text=True)
    assert client.post(PREFIX + "/gremien/neu", data={"name": "X", "organization_type": "committee"}).status_code == 403
    assert session.scalar(select(Organization).where(Organization.name == "X")) is None


def test_anonymous_is_sent_to_login(client, objects):
    for path, _heading in admin_pages(objects):
        response = client.get(PREFIX + path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/anmelden"), path
    response = client.post(PREFIX + "/personen/neu", data={"family_name": "Eindringling"})
    assert response.headers["Location"].startswith("/anmelden")


def test_overview_links_to_every_section(admin_client):
    html = admin_client.get(PREFIX + "/").get_data(as_text=True)
    for path in ("/einstellungen", "/gremien", "/personen", "/wahlperioden", "/orte", "/benutzer", "/zeichnungswege", "/protokoll"):
        assert f'href="{PREFIX}{path}"' in html


def test_forms_work_with_csrf_protection(app, admin_client, session):
    app.config["WTF_CSRF_ENABLED"] = True
    html = admin_client.get(PREFIX + "/orte/neu").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert admin_client.post(PREFIX + "/orte/neu", data={"description": "Rathaus"}).status_code == 400
    response = admin_client.post(PREFIX + "/orte/neu", data={"description": "Rathaus", "csrf_token": token})
    assert response.status_code == 302
    assert session.scalar(select(Location.description)) == "Rathaus"


# --- settings ---------------------------------------------------------------------------------

SETTINGS = {
    "name": "Landkreis Neustadt",
    "short_name": "LK Neustadt",
    "website": "https://www.landkreis-neustadt.de",
    "contact_email": "info@landkreis-neustadt.de",
    "paper_reference_format": "{number:03d}/{year}",
    "notice_period_days": "10",
    "notice_counts_dispatch_day": "y",
    "quorum_rule": "at_least_half",
    "minutes_publication": "on_approved",
    "max_upload_mb": "25",
    "imprint_text": "Landkreis Neustadt\n\nMarkt 1",
    "privacy_text": "",
    "accessibility_text": "",
}


def test_first_setup_creates_the_body(client, admin, session):
    login(client, admin)
    response = client.get(PREFIX + "/gremien/neu")
    assert response.headers["Location"] == PREFIX + "/einstellungen"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bitte legen Sie zuerst" in html
    assert 'value="{number:03d}/{year}"' in html  # the default is offered
    response = client.post(PREFIX + "/einstellungen", data=SETTINGS)
    assert response.status_code == 302
    body = session.scalar(select(Body))
    assert body.name == "Landkreis Neustadt"
    assert body.notice_period_days == 10 and body.notice_counts_dispatch_day and not body.notice_counts_meeting_day
    assert body.minutes_publication.value == "on_approved"
    assert "body.created" in audit_actions(session)
    assert "Die Einstellungen wurden gespeichert." in client.get(PREFIX + "/einstellungen").get_data(as_text=True)
    assert "Markt 1" in client.get("/impressum").get_data(as_text=True)


def test_settings_update_is_audited(admin_client, session):
    assert admin_client.post(PREFIX + "/einstellungen", data=SETTINGS).status_code == 302
    assert "body.updated" in audit_actions(session)
    html = admin_client.get(PREFIX + "/einstellungen").get_data(as_text=True)
    assert "Beispiel mit diesem Format: 208/2016" in html


def test_bad_number_format_is_explained_and_input_kept(admin_client, session):
    data = {**SETTINGS, "paper_reference_format": "VL-{year}", "name": "Landkreis Neustadt-Süd"}
    response = admin_client.post(PREFIX + "/einstellungen", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Das Format muss den Platzhalter {number} für die laufende Nummer enthalten." in html
    assert 'value="VL-{year}"' in html
    assert 'value="Landkreis Neustadt-Süd"' in html
    assert "Landkreis Neustadt\n\nMarkt 1</textarea>" in html
    assert session.scalar(select(Body.name)) == "Landkreis Teststadt"


def test_settings_number_fields_in_german(admin_client):
    html = admin_client.post(PREFIX + "/einstellungen", data={**SETTINGS, "notice_period_days": "zehn", "name": ""}).get_data(as_text=True)
    assert "Bitte geben Sie eine ganze Zahl an." in html
    assert 'value="zehn"' in html


# --- organizations ----------------------------------------------------------------------------


def test_create_and_edit_organization(admin_client, session, factory):
    dezernat = factory.department("Dezernat II")
    session.commit()
    response = admin_client.post(
        PREFIX + "/gremien/neu",
        data={"organization_type": "department", "name": "Fachbereich Soziales", "short_name": "FB 50", "parent_id": str(dezernat.id)},
    )
    assert response.status_code == 302
    org = session.scalar(select(Organization).where(Organization.short_name == "FB 50"))
    assert org.parent_id == dezernat.id
    response = admin_client.post(
        f"{PREFIX}/gremien/{org.id}",
        data={"organization_type": "department", "name": "Fachbereich Jugend und Soziales", "short_name": "FB 50", "parent_id": ""},
    )
    assert response.status_code == 302
    session.expire_all()
    assert org.name == "Fachbereich Jugend und Soziales" and org.parent_id is None
    assert audit_actions(session)[-2:] == ["organization.created", "organization.updated"]


def test_organization_empty_name_and_bad_dates_keep_input(admin_client, session):
    response = admin_client.post(
        PREFIX + "/gremien/neu",
        data={"organization_type": "faction", "name": "", "short_name": "CDU", "start_date": "2025-05-01", "end_date": "01.04.2025"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte geben Sie einen Namen an." in html
    assert "Das Enddatum darf nicht vor dem Beginn liegen." in html
    assert 'value="CDU"' in html and 'value="2025-05-01"' in html and 'value="01.04.2025"' in html
    assert re.search(r'<option selected value="faction">', html)
    assert "Bitte korrigieren Sie die markierten Angaben" in html
    assert session.scalar(select(Organization)) is None


def test_invalid_date_gets_german_message(admin_client):
    html = admin_client.post(
        PREFIX + "/gremien/neu", data={"organization_type": "committee", "name": "Kreistag", "start_date": "31.02.2025"}
    ).get_data(as_text=True)
    assert "Bitte geben Sie ein gültiges Datum an, z. B. 31.12.2026." in html
    assert 'value="31.02.2025"' in html
    html = admin_client.post(PREFIX + "/gremien/neu", data={"organization_type": "partei", "name": "X"}).get_data(as_text=True)
    assert "Bitte wählen Sie einen Eintrag aus der Liste." in html


def test_organization_list_filters_by_type(admin_client, factory, session):
    factory.committee("Kreistag")
    factory.organization("Fraktion Die Linke", OrganizationType.FACTION)
    session.commit()
    html = admin_client.get(PREFIX + "/gremien?art=faction").get_data(as_text=True)
    assert "Fraktion Die Linke" in html and "Kreistag" not in html
    assert f'href="{PREFIX}/gremien/neu?art=faction"' in html
    html = admin_client.get(PREFIX + "/gremien").get_data(as_text=True)
    assert "Fraktion Die Linke" in html and "Kreistag" in html


def test_organization_page_lists_members(admin_client, objects):
    html = admin_client.get(f"{PREFIX}/gremien/{objects['organization']}").get_data(as_text=True)
    assert "Keller, Anna" in html and "Mitglied" in html


# --- terms and locations ----------------------------------------------------------------------


def test_create_and_edit_term(admin_client, session):
    data = {"name": "2024–2029", "start_date": "2024-06-01", "end_date": ""}
    assert admin_client.post(PREFIX + "/wahlperioden/neu", data=data).status_code == 302
    term = session.scalar(select(LegislativeTerm))
    response = admin_client.post(f"{PREFIX}/wahlperioden/{term.id}", data={**data, "end_date": "2029-05-31"})
    assert response.status_code == 302
    session.expire_all()
    assert term.end_date == date(2029, 5, 31)
    assert audit_actions(session)[-2:] == ["legislative_term.created", "legislative_term.updated"]
    assert "01.06.2024 – 31.05.2029" in admin_client.get(PREFIX + "/wahlperioden").get_data(as_text=True)


def test_term_end_before_start_keeps_input(admin_client, session):
    response = admin_client.post(
        PREFIX + "/wahlperioden/neu", data={"name": "2029–2024", "start_date": "2029-06-01", "end_date": "2024-05-31"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Das Enddatum darf nicht vor dem Beginn liegen." in html
    assert 'value="2029–2024"' in html and 'value="2024-05-31"' in html
    assert session.scalar(select(LegislativeTerm)) is None


def test_create_and_edit_location(admin_client, session):
    data = {"description": "Kreishaus", "room": "Großer Saal", "street_address": "Markt 1", "postal_code": "12345", "locality": "Neustadt"}
    assert admin_client.post(PREFIX + "/orte/neu", data=data).status_code == 302
    location = session.scalar(select(Location))
    response = admin_client.post(f"{PREFIX}/orte/{location.id}", data={**data, "postal_code": "1234"})
    html = response.get_data(as_text=True)
    assert "Bitte geben Sie eine fünfstellige Postleitzahl an." in html and 'value="1234"' in html
    assert admin_client.post(f"{PREFIX}/orte/{location.id}", data={**data, "room": "Kleiner Saal"}).status_code == 302
    assert audit_actions(session)[-2:] == ["location.created", "location.updated"]
    assert "Kleiner Saal" in admin_client.get(PREFIX + "/orte").get_data(as_text=True)


def test_unknown_object_is_404(admin_client):
    for path in ("/gremien/999", "/personen/999", "/mitgliedschaften/999", "/wahlperioden/999", "/orte/999", "/benutzer/999"):
        assert admin_client.get(PREFIX + path).status_code == 404


# --- audit trail ------------------------------------------------------------------------------


def _event(session, when, actor, object_type, action, summary):
    session.add(AuditEvent(created=when, actor_name=actor, object_type=object_type, object_id=1, action=action, summary=summary))


def test_audit_trail_filters(admin_client, session):
    _event(session, datetime(2025, 3, 1, 9, tzinfo=UTC), "Berta Lang", "Paper", "paper.created", "Vorlage 001/2025 angelegt")
    _event(session, datetime(2025, 3, 5, 9, tzinfo=UTC), "Ada Admin", "Person", "person.updated", "Person „Keller“ geändert")
    # 23:30 UTC on 9 March is already 10 March in Berlin.
    _event(session, datetime(2025, 3, 9, 23, 30, tzinfo=UTC), "Ada Admin", "Organization", "organization.created", "Gremium „Kreistag“ angelegt")
    session.commit()
    url = PREFIX + "/protokoll"
    html = admin_client.get(url).get_data(as_text=True)
    assert "Vorlage 001/2025 angelegt" in html and "Gremium „Kreistag“ angelegt" in html
    assert '<option value="Paper">Vorlage</option>' in html
    assert '<option value="person.updated">Person geändert</option>' in html
    html = admin_client.get(url, query_string={"object_type": "Person"}).get_data(as_text=True)
    assert "Keller" in html and "Vorlage 001/2025" not in html
    html = admin_client.get(url, query_string={"action": "paper.created"}).get_data(as_text=True)
    assert "Vorlage 001/2025" in html and "Keller" not in html
    html = admin_client.get(url, query_string={"actor": "berta"}).get_data(as_text=True)
    assert "Vorlage 001/2025" in html and "Kreistag" not in html
    html = admin_client.get(url, query_string={"date_from": "2025-03-02", "date_to": "2025-03-09"}).get_data(as_text=True)
    assert "Keller" in html and "Vorlage 001/2025" not in html and "Kreistag" not in html
    html = admin_client.get(url, query_string={"date_from": "2025-03-10"}).get_data(as_text=True)
    assert "Kreistag" in html and "Keller" not in html
    assert 'value="2025-03-10"' in html


def test_audit_trail_bad_date_is_explained(admin_client):
    html = admin_client.get(PREFIX + "/protokoll", query_string={"date_from": "gestern"}).get_data(as_text=True)
    assert "Bitte geben Sie ein gültiges Datum an" in html


def test_audit_trail_paginates_by_50_keeping_filters(admin_client, session):
    for i in range(60):
        _event(session, datetime(2025, 1, 1, tzinfo=UTC).replace(minute=i % 60, second=i % 60), "Ada Admin", "Person", "person.created", f"Eintrag {i:02d}")
    session.commit()
    html = admin_client.get(PREFIX + "/protokoll", query_string={"action": "person.created"}).get_data(as_text=True)
    assert "Seite 1 von 2" in html and html.count("Eintrag ") == 50
    assert "page=2" in html and "action=person.created" in html
    html = admin_client.get(PREFIX + "/protokoll", query_string={"action": "person.created", "page": 2}).get_data(as_text=True)
    assert html.count("Eintrag ") == 10 and "Eintrag 00" in html


def test_changes_through_the_screens_appear_in_the_trail(admin_client):
    admin_client.post(PREFIX + "/personen/neu", data={"family_name": "Neumann", "given_name": "Nina"})
    html = admin_client.get(PREFIX + "/protokoll").get_data(as_text=True)
    assert "Person „Nina Neumann“ angelegt" in html
    assert "Ada Admin" in html
    assert 'href="/intern/verwaltung/personen/' in html
