"""Administration screens for persons, memberships and user accounts."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from minutes_app.models import AuditEvent, Membership, OrganizationType, Person, Role, User

from ..conftest import login

PREFIX = "/intern/verwaltung"


def audit_actions(session):
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
def setup(factory, session):
    """A person, a committee, a Fraktion and a department."""
    objs = {
        "person": factory.person("Keller", given_name="Anna"),
        "committee": factory.committee("Schulausschuss"),
        "faction": factory.organization("SPD-Fraktion", OrganizationType.FACTION),
        "department": factory.department("FB Schule"),
    }
    session.commit()
    return objs


# --- persons ----------------------------------------------------------------------------------


def test_create_person_then_edit(admin_client, session):
    data = {"form_of_address": "Herr", "title": "Dr.", "given_name": "Jonas", "family_name": "Brandt", "affix": "KTA",
            "email": "brandt@example.org", "phone": "0123 4567"}
    response = admin_client.post(PREFIX + "/personen/neu", data=data)
    person = session.scalar(select(Person))
    assert response.headers["Location"] == f"{PREFIX}/personen/{person.id}"
    assert person.name == "Dr. Jonas Brandt" and person.affix == "KTA"
    html = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<h1>Dr. Jonas Brandt (KTA)</h1>" in html and "Sie können nun Mitgliedschaften hinzufügen." in html
    response = admin_client.post(f"{PREFIX}/personen/{person.id}", data={**data, "family_name": "Brandt-Weiß"})
    assert response.status_code == 302
    assert person.family_name == "Brandt-Weiß"
    assert audit_actions(session)[-2:] == ["person.created", "person.updated"]


def test_person_without_family_name_keeps_input(admin_client, session, setup):
    person = setup["person"]
    response = admin_client.post(
        f"{PREFIX}/personen/{person.id}", data={"given_name": "Annabell", "family_name": " ", "email": "anna@"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte geben Sie einen Nachnamen an." in html
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an" in html
    assert 'value="Annabell"' in html and 'value="anna@"' in html
    assert person.given_name == "Anna"


def test_persons_list_search_and_pagination(admin_client, factory, session):
    for i in range(55):
        factory.person(f"Muster{i:02d}", given_name="Max")
    factory.person("Özdemir", given_name="Ayşe")
    session.commit()
    html = admin_client.get(PREFIX + "/personen").get_data(as_text=True)
    assert "Seite 1 von 2" in html and "56 Personen" in html
    assert len(re.findall(r'href="/intern/verwaltung/personen/\d+"', html)) == 50
    html = admin_client.get(PREFIX + "/personen?page=2").get_data(as_text=True)
    assert "Seite 2 von 2" in html and "Özdemir, Ayşe" in html
    html = admin_client.get(PREFIX + "/personen", query_string={"q": "özd"}).get_data(as_text=True)
    assert "1 Person für „özd“" in html and "Özdemir, Ayşe" in html and "Muster01" not in html
    assert 'value="özd"' in html
    html = admin_client.get(PREFIX + "/personen", query_string={"q": "muster5"}).get_data(as_text=True)
    assert "5 Personen" in html
    html = admin_client.get(PREFIX + "/personen", query_string={"q": "niemand"}).get_data(as_text=True)
    assert "Keine Person gefunden" in html


# --- memberships ------------------------------------------------------------------------------


def test_add_membership_on_person_page(admin_client, session, setup):
    person, committee, faction = setup["person"], setup["committee"], setup["faction"]
    response = admin_client.post(
        f"{PREFIX}/personen/{person.id}/mitgliedschaften",
        data={"organization_id": str(committee.id), "role": "vice_chair", "voting_right": "y",
              "start_date": "2024-07-01", "on_behalf_of_id": str(faction.id)},
    )
    assert response.status_code == 302
    membership = session.scalar(select(Membership))
    assert membership.role.value == "vice_chair" and membership.on_behalf_of_id == faction.id
    assert audit_actions(session)[-1] == "membership.created"
    html = admin_client.get(f"{PREFIX}/personen/{person.id}").get_data(as_text=True)
    assert "stellv. Vorsitz" in html and "SPD-Fraktion" in html and "seit 01.07.2024" in html
    assert "Schulausschuss" in admin_client.get(PREFIX + "/personen").get_data(as_text=True)


def test_membership_for_non_faction_keeps_input(admin_client, session, setup):
    person, committee, department = setup["person"], setup["committee"], setup["department"]
    response = admin_client.post(
        f"{PREFIX}/personen/{person.id}/mitgliedschaften",
        data={"organization_id": str(committee.id), "role": "member", "start_date": "2024-07-01",
              "end_date": "2024-06-30", "on_behalf_of_id": str(department.id)},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Das Enddatum darf nicht vor dem Beginn liegen." in html
    assert "Eine Mitgliedschaft kann nur für eine Fraktion bestehen; „FB Schule“ ist keine Fraktion." in html
    assert session.scalar(select(Membership)) is None
    # The person's own form still shows the stored data, the membership form the typed data.
    assert 'value="Keller"' in html
    assert f'<option selected value="{committee.id}">Schulausschuss (Gremium)</option>' in html
    assert 'value="2024-07-01"' in html and 'value="2024-06-30"' in html


def test_membership_on_behalf_of_a_committee_is_refused(admin_client, session, setup, factory):
    person, committee = setup["person"], setup["committee"]
    kreistag = factory.committee("Kreistag")
    session.commit()
    # The select only offers Fraktionen; a forged value must still be refused by the service.
    response = admin_client.post(
        f"{PREFIX}/personen/{person.id}/mitgliedschaften",
        data={"organization_id": str(committee.id), "role": "member", "start_date": "2024-07-01",
              "on_behalf_of_id": str(kreistag.id)},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "„Kreistag“ ist keine Fraktion." in html
    assert session.scalar(select(Membership)) is None


def test_edit_end_and_delete_membership(admin_client, session, setup, factory):
    person, committee = setup["person"], setup["committee"]
    membership = factory.membership(person, committee, start_date=date(2024, 1, 1))
    session.commit()
    url = f"{PREFIX}/mitgliedschaften/{membership.id}"
    response = admin_client.post(
        url, data={"organization_id": str(committee.id), "role": "member", "voting_right": "y",
                   "start_date": "2024-01-01", "end_date": "2023-12-31"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Das Enddatum darf nicht vor dem Beginn liegen." in html and 'value="2023-12-31"' in html
    response = admin_client.post(
        url, data={"organization_id": str(committee.id), "role": "member", "voting_right": "y",
                   "start_date": "2024-01-01", "end_date": "2025-03-31"},
    )
    assert response.headers["Location"].endswith(f"/personen/{person.id}#mitgliedschaften")
    assert membership.end_date == date(2025, 3, 31)
    assert "(beendet)" in admin_client.get(f"{PREFIX}/personen/{person.id}").get_data(as_text=True)
    assert admin_client.post(url + "/loeschen").status_code == 302
    assert session.scalar(select(Membership)) is None
    assert audit_actions(session)[-2:] == ["membership.updated", "membership.deleted"]


# --- users ------------------------------------------------------------------------------------


def user_data(**overrides):
    data = {"login": "b.lang", "display_name": "Berta Lang", "email": "lang@kreis.de", "roles": ["editor"],
            "person_id": "", "department_id": "", "active": "y", "password": "sicheres-passwort"}
    data.update(overrides)
    return data


def test_create_user_with_roles_and_links(admin_client, session, setup):
    response = admin_client.post(
        PREFIX + "/benutzer/neu",
        data=user_data(roles=["editor", "secretary"], department_id=str(setup["department"].id),
                       committee_ids=[str(setup["committee"].id)]),
    )
    user = session.scalar(select(User).where(User.login == "b.lang"))
    assert response.headers["Location"] == f"{PREFIX}/benutzer/{user.id}"
    assert user.roles == {Role.EDITOR, Role.SECRETARY}
    assert user.department_id == setup["department"].id and [c.id for c in user.committees] == [setup["committee"].id]
    assert audit_actions(session)[-1] == "user.created"
    html = admin_client.get(PREFIX + "/benutzer").get_data(as_text=True)
    assert "b.lang" in html and "Sachbearbeitung, Schriftführung" in html and "FB Schule" in html
    client2 = admin_client.application.test_client()
    login(client2, "b.lang", "sicheres-passwort")


def test_duplicate_login_and_weak_password_keep_input(admin_client, session, setup):
    response = admin_client.post(
        PREFIX + "/benutzer/neu",
        data=user_data(login="ADA", password="kurz", department_id=str(setup["department"].id)),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Der Benutzername „ada“ ist bereits vergeben." in html
    assert "Das Passwort muss mindestens 8 Zeichen lang sein." in html
    assert 'value="ADA"' in html and 'value="Berta Lang"' in html and 'value="lang@kreis.de"' in html
    assert re.search(r'<input checked id="roles-\d" name="roles" type="checkbox" value="editor">', html)
    assert f'<option selected value="{setup["department"].id}">FB Schule</option>' in html
    assert "kurz" not in re.findall(r'<input[^>]*type="password"[^>]*>', html)[0]
    assert session.scalar(select(User).where(User.display_name == "Berta Lang")) is None


def test_editor_without_department_is_explained(admin_client):
    html = admin_client.post(PREFIX + "/benutzer/neu", data=user_data()).get_data(as_text=True)
    assert "Für die Rolle „Sachbearbeitung“ wählen Sie bitte einen Fachbereich." in html
    assert "Bitte korrigieren Sie die markierten Angaben" in html


def test_edit_user_and_deactivate_ends_session(admin_client, app, session, factory, setup):
    user = factory.user("signer", roles={Role.SIGNER}, display_name="Sina Signer")
    session.commit()
    other = app.test_client()
    login(other, "signer")
    assert other.get("/intern/").status_code == 200
    url = f"{PREFIX}/benutzer/{user.id}"
    html = admin_client.get(url).get_data(as_text=True)
    assert 'value="Sina Signer"' in html and "Passwort neu setzen" in html
    data = {"login": "signer", "display_name": "Sina Signer", "roles": ["signer"], "person_id": "", "department_id": ""}
    assert admin_client.post(url, data=data).status_code == 302  # no "active": the box is unticked
    assert not user.active
    assert other.get("/intern/").status_code == 302  # the old session has ended
    assert audit_actions(session)[-1] == "user.deactivated"
    assert "deaktiviert" in admin_client.get(PREFIX + "/benutzer").get_data(as_text=True)


def test_admin_cannot_deactivate_themselves(admin_client, admin):
    response = admin_client.post(
        f"{PREFIX}/benutzer/{admin.id}",
        data={"login": "ada", "display_name": "Ada Admin", "roles": ["admin"], "person_id": "", "department_id": ""},
    )
    assert response.status_code == 422
    assert "Sie können Ihr eigenes Benutzerkonto nicht deaktivieren." in response.get_data(as_text=True)
    assert admin_client.get(PREFIX + "/").status_code == 200


def test_password_reset(admin_client, app, session, factory):
    user = factory.user("vergesslich", roles={Role.SIGNER}, display_name="Vera Vergesslich")
    session.commit()
    other = app.test_client()
    login(other, "vergesslich")
    url = f"{PREFIX}/benutzer/{user.id}/passwort"
    response = admin_client.post(url, data={"password": "neues-passwort", "password_confirm": "anderes"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Die beiden Passwörter stimmen nicht überein." in html
    assert 'value="Vera Vergesslich"' in html  # the account form is still shown
    response = admin_client.post(url, data={"password": "vergesslich", "password_confirm": "vergesslich"})
    assert "Das Passwort darf nicht dem Benutzernamen entsprechen." in response.get_data(as_text=True)
    response = admin_client.post(url, data={"password": "neues-passwort", "password_confirm": "neues-passwort"})
    assert response.status_code == 302
    assert audit_actions(session)[-1] == "user.password_reset"
    assert other.get("/intern/").status_code == 302
    login(other, "vergesslich", "neues-passwort")


def test_admin_resetting_own_password_stays_logged_in(admin_client, admin):
    url = f"{PREFIX}/benutzer/{admin.id}/passwort"
    response = admin_client.post(url, data={"password": "neues-passwort", "password_confirm": "neues-passwort"})
    assert response.status_code == 302
    assert admin_client.get(PREFIX + "/").status_code == 200


def test_users_list_search(admin_client, factory, session):
    factory.user("mueller", roles={Role.SIGNER}, display_name="Hans Müller")
    session.commit()
    html = admin_client.get(PREFIX + "/benutzer", query_string={"q": "müll"}).get_data(as_text=True)
    assert "mueller" in html and ">ada<" not in html
