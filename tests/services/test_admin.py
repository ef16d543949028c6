"""Administration services: validation with German messages, audit events, session ending."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from minutes_app.models import (
    AuditEvent,
    Body,
    MembershipRole,
    MinutesPublication,
    OrganizationType,
    QuorumRule,
    Role,
)
from minutes_app.services import admin, organizations, persons, users_admin
from minutes_app.services.admin import BodySettings, LocationData, TermData
from minutes_app.services.errors import ValidationFailed
from minutes_app.services.organizations import MembershipData, OrganizationData
from minutes_app.services.persons import PersonData
from minutes_app.services.users_admin import UserData


def events(session, action=None):
    stmt = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return session.scalars(stmt).all()


@pytest.fixture
def admin_user(factory):
    return factory.user("chefin", roles={Role.ADMIN}, display_name="Chefin Admin")


# --- body settings ----------------------------------------------------------------------------


def test_first_save_creates_the_body_and_audits(session, admin_user):
    body = admin.save_body_settings(
        session, admin_user, None,
        BodySettings(name=" Landkreis Neustadt ", paper_reference_format="{number}/{short_year}", notice_period_days=10),
    )
    assert body.id is not None
    assert body.name == "Landkreis Neustadt"
    assert body.paper_reference_format == "{number}/{short_year}"
    event = events(session, "body.created")[0]
    assert event.actor_name == "Chefin Admin"
    assert "Landkreis Neustadt" in event.summary


def test_update_lists_changed_settings_in_audit(session, factory, admin_user):
    body = factory.body
    admin.save_body_settings(
        session, admin_user, body,
        BodySettings(
            name=body.name, short_name=body.short_name, notice_period_days=14, quorum_rule=QuorumRule.AT_LEAST_HALF,
            minutes_publication=MinutesPublication.ON_APPROVED, contact_email="info@kreis.de",
        ),
    )
    assert body.notice_period_days == 14
    assert body.minutes_publication is MinutesPublication.ON_APPROVED
    summary = events(session, "body.updated")[0].summary
    assert "Ladungsfrist" in summary and "Beschlussfähigkeit" in summary and "Kontakt-E-Mail" in summary
    assert "Name" not in summary.split(": ")[1].split(", ")


def test_unchanged_settings_write_no_event(session, factory, admin_user):
    body = factory.body
    admin.save_body_settings(session, admin_user, body, BodySettings(name=body.name, short_name=body.short_name))
    assert events(session, "body.updated") == []


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{year}-A", "Platzhalter {number}"),
        ("{number}", "Das Format muss das Jahr enthalten"),
        ("{number/{year}", "Geschweifte Klammern"),
        ("{nummer}/{year}", "Unbekannter Platzhalter {nummer}"),
        ("{number:xyz}/{year}", "lässt sich nicht anwenden"),
        ("", "Bitte geben Sie ein Format an"),
    ],
)
def test_bad_reference_formats_are_refused(session, factory, admin_user, pattern, message):
    with pytest.raises(ValidationFailed) as failed:
        admin.save_body_settings(session, admin_user, factory.body, BodySettings(name="X", paper_reference_format=pattern))
    assert message in failed.value.errors["paper_reference_format"]


@pytest.mark.parametrize("pattern", ["{number:03d}/{year}", "{number}/{short_year}", "Drs. {year}/{number:04d}"])
def test_good_reference_formats_render(pattern):
    assert admin.reference_format_error(pattern) is None
    assert "208" in admin.reference_example(pattern)


def test_settings_collect_every_error_at_once(session, factory, admin_user):
    with pytest.raises(ValidationFailed) as failed:
        admin.save_body_settings(
            session, admin_user, factory.body,
            BodySettings(
                name="  ", website="kreis.de", contact_email="kein-at", notice_period_days=61, max_upload_mb=None,
            ),
        )
    assert failed.value.errors == {
        "name": "Bitte geben Sie einen Namen an.",
        "website": "Bitte geben Sie eine vollständige Adresse mit https:// an, z. B. https://www.kreis.de.",
        "contact_email": "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@kreis.de.",
        "notice_period_days": "Bitte geben Sie eine Zahl von 0 bis 60 an.",
        "max_upload_mb": "Bitte geben Sie die Höchstgröße in MB an.",
    }


def test_current_body_is_the_first(session, factory):
    assert admin.current_body(session) is None
    body = factory.body
    assert admin.current_body(session) is body
    session.add(Body(name="Zweiter"))
    session.flush()
    assert admin.current_body(session) is body


# --- legislative terms and locations ----------------------------------------------------------


def test_term_end_before_start_is_refused(session, factory, admin_user):
    with pytest.raises(ValidationFailed) as failed:
        admin.create_legislative_term(
            session, admin_user, factory.body, TermData(name="2024–2029", start_date=date(2029, 1, 1), end_date=date(2024, 1, 1))
        )
    assert failed.value.errors == {"end_date": "Das Enddatum darf nicht vor dem Beginn liegen."}


def test_term_create_and_update_are_audited(session, factory, admin_user):
    term = admin.create_legislative_term(
        session, admin_user, factory.body, TermData(name="2024–2029", start_date=date(2024, 6, 1))
    )
    admin.update_legislative_term(
        session, admin_user, term, TermData(name="2024–2029", start_date=date(2024, 6, 1), end_date=date(2029, 5, 31))
    )
    assert [e.action for e in events(session)[-2:]] == ["legislative_term.created", "legislative_term.updated"]
    assert "Ende" in events(session)[-1].summary


def test_location_postal_code_must_have_five_digits(session, factory, admin_user):
    with pytest.raises(ValidationFailed) as failed:
        admin.create_location(session, admin_user, factory.body, LocationData(description="Kreishaus", postal_code="123"))
    assert failed.value.errors == {"postal_code": "Bitte geben Sie eine fünfstellige Postleitzahl an."}
    location = admin.create_location(
        session, admin_user, factory.body,
        LocationData(description="Kreishaus", room="Saal 1", street_address="Markt 1", postal_code="12345", locality="Neustadt"),
    )
    assert location.label == "Kreishaus, Saal 1, Markt 1, 12345 Neustadt"
    assert events(session, "location.created")[0].object_id == location.id


# --- organizations ----------------------------------------------------------------------------


def test_organization_create_with_parent(session, factory, admin_user):
    dezernat = organizations.create_organization(
        session, admin_user, factory.body, OrganizationData(organization_type=OrganizationType.DEPARTMENT, name="Dezernat II")
    )
    fb = organizations.create_organization(
        session, admin_user, factory.body,
        OrganizationData(organization_type=OrganizationType.DEPARTMENT, name="FB Soziales", parent_id=dezernat.id),
    )
    assert fb.parent is dezernat
    assert events(session, "organization.created")[-1].summary == "Fachbereich / Dezernat „FB Soziales“ angelegt"


def test_organization_cannot_be_placed_below_itself(session, factory, admin_user):
    top = factory.department("Dezernat I")
    below = factory.department("FB 1", parent=top)
    data = OrganizationData(organization_type=OrganizationType.DEPARTMENT, name="Dezernat I", parent_id=below.id)
    with pytest.raises(ValidationFailed) as failed:
        organizations.update_organization(session, admin_user, top, data)
    assert "untergeordnet" in failed.value.errors["parent_id"]


def test_organization_validation_messages(session, factory, admin_user):
    data = OrganizationData(
        organization_type=OrganizationType.COMMITTEE, name="", notice_period_days=99,
        start_date=date(2025, 1, 1), end_date=date(2024, 1, 1),
    )
    with pytest.raises(ValidationFailed) as failed:
        organizations.create_organization(session, admin_user, factory.body, data)
    assert failed.value.errors == {
        "name": "Bitte geben Sie einen Namen an.",
        "notice_period_days": "Bitte geben Sie eine Zahl von 0 bis 60 an.",
        "end_date": "Das Enddatum darf nicht vor dem Beginn liegen.",
    }


def test_type_of_a_used_faction_is_fixed(session, factory, admin_user):
    faction = factory.organization("SPD-Fraktion", OrganizationType.FACTION)
    factory.membership(factory.person(), factory.committee(), on_behalf_of=faction)
    data = OrganizationData(organization_type=OrganizationType.OTHER, name="SPD-Fraktion")
    with pytest.raises(ValidationFailed) as failed:
        organizations.update_organization(session, admin_user, faction, data)
    assert "„Fraktion“ verwendet" in failed.value.errors["organization_type"]


def test_organization_update_is_audited_with_changes(session, factory, admin_user):
    committee = factory.committee("Kreisausschuss")
    organizations.update_organization(
        session, admin_user, committee,
        OrganizationData(organization_type=OrganizationType.COMMITTEE, name="Kreisausschuss", short_name="KA", notice_period_days=3),
    )
    assert events(session, "organization.updated")[0].summary == "Gremium „Kreisausschuss“ geändert: Kurzname, Ladungsfrist"


# --- memberships ------------------------------------------------------------------------------


def test_membership_on_behalf_of_a_faction(session, factory, admin_user):
    person, committee = factory.person("Keller"), factory.committee("Schulausschuss")
    faction = factory.organization("Grüne Fraktion", OrganizationType.FACTION)
    membership = organizations.create_membership(
        session, admin_user, person,
        MembershipData(organization_id=committee.id, role=MembershipRole.CHAIR, start_date=date(2024, 7, 1), on_behalf_of_id=faction.id),
    )
    assert membership.on_behalf_of is faction
    assert membership in person.memberships
    assert "Keller" in events(session, "membership.created")[0].summary
    assert "Vorsitz" in events(session, "membership.created")[0].summary


def test_membership_on_behalf_of_a_non_faction_is_refused(session, factory, admin_user):
    person, committee = factory.person(), factory.committee()
    other = factory.committee("Kreistag")
    with pytest.raises(ValidationFailed) as failed:
        organizations.create_membership(
            session, admin_user, person,
            MembershipData(organization_id=committee.id, start_date=date(2024, 1, 1), on_behalf_of_id=other.id),
        )
    assert failed.value.errors["on_behalf_of_id"] == (
        "Eine Mitgliedschaft kann nur für eine Fraktion bestehen; „Kreistag“ ist keine Fraktion."
    )


def test_membership_dates_and_organization_required(session, factory, admin_user):
    with pytest.raises(ValidationFailed) as failed:
        organizations.create_membership(
            session, admin_user, factory.person(), MembershipData(organization_id=None, start_date=None, end_date=date(2024, 1, 1))
        )
    assert failed.value.errors == {
        "organization_id": "Bitte wählen Sie eine Organisation.",
        "start_date": "Bitte geben Sie den Beginn der Mitgliedschaft an.",
    }
    with pytest.raises(ValidationFailed) as failed:
        organizations.create_membership(
            session, admin_user, factory.person(),
            MembershipData(organization_id=factory.committee().id, start_date=date(2024, 5, 1), end_date=date(2024, 4, 30)),
        )
    assert failed.value.errors == {"end_date": "Das Enddatum darf nicht vor dem Beginn liegen."}


def test_overlapping_membership_in_same_organization_is_refused(session, factory, admin_user):
    person, committee = factory.person("Weber"), factory.committee("Bauausschuss")
    factory.membership(person, committee, start_date=date(2024, 1, 1), end_date=date(2024, 12, 31))
    with pytest.raises(ValidationFailed) as failed:
        organizations.create_membership(
            session, admin_user, person, MembershipData(organization_id=committee.id, start_date=date(2024, 6, 1))
        )
    assert "bereits Mitglied in „Bauausschuss“" in failed.value.errors["start_date"]
    # A new period after the old one ended is fine (e.g. a change of role).
    organizations.create_membership(
        session, admin_user, person,
        MembershipData(organization_id=committee.id, role=MembershipRole.CHAIR, start_date=date(2025, 1, 1)),
    )


def test_ending_and_deleting_a_membership_is_audited(session, factory, admin_user):
    person, committee = factory.person("Schulz"), factory.committee("Jugendhilfeausschuss")
    membership = factory.membership(person, committee, start_date=date(2024, 1, 1))
    organizations.update_membership(
        session, admin_user, membership,
        MembershipData(organization_id=committee.id, start_date=date(2024, 1, 1), end_date=date(2025, 3, 31)),
    )
    assert membership.end_date == date(2025, 3, 31)
    assert events(session, "membership.updated")[0].summary.endswith("geändert: Ende")
    organizations.delete_membership(session, admin_user, membership)
    assert person.memberships == []
    assert "gelöscht" in events(session, "membership.deleted")[0].summary


def test_active_member_counts(session, factory):
    committee = factory.committee()
    factory.membership(factory.person(), committee, start_date=date(2020, 1, 1))
    factory.membership(factory.person(), committee, start_date=date(2020, 1, 1), end_date=date(2021, 1, 1))
    assert organizations.active_member_counts(session, date(2024, 1, 1)) == {committee.id: 1}


# --- persons ----------------------------------------------------------------------------------


def test_person_create_update_and_search(session, factory, admin_user):
    person = persons.create_person(
        session, admin_user, factory.body,
        PersonData(form_of_address="Frau", title="Dr.", given_name="Anna", family_name="Keller", affix="KTA"),
    )
    assert person.name == "Dr. Anna Keller"
    persons.update_person(
        session, admin_user, person, PersonData(form_of_address="Frau", title="Dr.", given_name="Anna", family_name="Keller-Berg", affix="KTA")
    )
    assert events(session, "person.updated")[0].summary == "Person „Dr. Anna Keller-Berg“ geändert: Nachname"
    factory.person("Müller", given_name="Hans")
    assert session.scalars(persons.persons_query("kell")).all() == [person]
    assert session.scalars(persons.persons_query("anna keller")).all() == [person]
    assert session.scalars(persons.persons_query("%")).all() == []
    oez = factory.person("Özdemir", given_name="Ayşe")
    assert session.scalars(persons.persons_query("özd")).all() == [oez]
    assert session.scalars(persons.persons_query("MÜLLER")).all() == session.scalars(persons.persons_query("Müll")).all() != []


def test_person_validation(session, factory, admin_user):
    with pytest.raises(ValidationFailed) as failed:
        persons.create_person(session, admin_user, factory.body, PersonData(family_name="", email="x@", phone="abc"))
    assert failed.value.errors == {
        "family_name": "Bitte geben Sie einen Nachnamen an.",
        "email": "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@kreis.de.",
        "phone": "Die Telefonnummer darf nur Ziffern, Leerzeichen und + - / ( ) enthalten.",
    }


# --- users ------------------------------------------------------------------------------------


def test_create_user_account_with_links(session, factory, admin_user):
    department, committee = factory.department("FB Schule"), factory.committee("Schulausschuss")
    person = factory.person("Lang")
    user = users_admin.create_user_account(
        session, admin_user,
        UserData(
            login=" B.Lang ", display_name="Berta Lang", roles={Role.EDITOR, Role.SECRETARY, Role.MEMBER},
            person_id=person.id, department_id=department.id, committee_ids=[committee.id],
        ),
        "sicheres-passwort",
    )
    assert user.login == "b.lang"
    assert user.roles == {Role.EDITOR, Role.SECRETARY, Role.MEMBER}
    assert user.department is department and user.committees == [committee] and user.person is person
    assert events(session, "user.created")[-1].actor_name == "Chefin Admin"


def test_create_user_collects_all_errors(session, factory, admin_user):
    factory.user("vergeben")
    with pytest.raises(ValidationFailed) as failed:
        users_admin.create_user_account(
            session, admin_user, UserData(login="Vergeben", display_name="", roles=set()), "kurz"
        )
    assert failed.value.errors == {
        "login": "Der Benutzername „vergeben“ ist bereits vergeben.",
        "display_name": "Bitte geben Sie einen Anzeigenamen an.",
        "roles": "Bitte wählen Sie mindestens eine Rolle.",
        "password": "Das Passwort muss mindestens 8 Zeichen lang sein.",
    }


def test_roles_need_their_links(session, factory, admin_user):
    committee = factory.committee()
    with pytest.raises(ValidationFailed) as failed:
        users_admin.create_user_account(
            session, admin_user,
            UserData(
                login="neu", display_name="Neu", roles={Role.EDITOR, Role.SECRETARY, Role.MEMBER},
                department_id=committee.id,
            ),
            "sicheres-passwort",
        )
    assert failed.value.errors == {
        "department_id": "Bitte wählen Sie nur einen Fachbereich oder ein Dezernat aus der Liste.",
        "committee_ids": "Für die Rolle „Schriftführung“ wählen Sie bitte mindestens ein Gremium.",
        "person_id": "Für die Rolle „Mandatsträger/in“ verknüpfen Sie das Konto bitte mit einer Person.",
    }


def test_person_can_be_linked_to_one_account_only(session, factory, admin_user):
    person = factory.person("Roth", given_name="Rita")
    factory.user("rita", roles={Role.MEMBER}, person=person)
    with pytest.raises(ValidationFailed) as failed:
        users_admin.create_user_account(
            session, admin_user, UserData(login="rita2", display_name="Rita", roles={Role.MEMBER}, person_id=person.id),
            "sicheres-passwort",
        )
    assert failed.value.errors == {"person_id": "Rita Roth ist bereits mit dem Benutzerkonto „rita“ verknüpft."}


def test_deactivating_ends_sessions_and_is_audited(session, factory, admin_user):
    user = factory.user("sb", roles={Role.SIGNER}, display_name="Signer")
    version = user.session_version
    users_admin.update_user_account(
        session, admin_user, user, UserData(login="sb", display_name="Signer", roles={Role.SIGNER}, active=False)
    )
    assert not user.active
    assert user.session_version == version + 1
    assert events(session, "user.deactivated")[0].summary == "Benutzerkonto sb deaktiviert"
    assert events(session, "user.updated") == []
    users_admin.update_user_account(
        session, admin_user, user, UserData(login="sb", display_name="Signer", roles={Role.SIGNER, Role.EDITOR},
                                            department_id=factory.department().id, active=True)
    )
    assert user.active
    assert events(session, "user.activated")
    assert events(session, "user.updated")[0].summary == "Benutzerkonto sb geändert: Rollen, Fachbereich"


def test_admin_cannot_lock_themselves_out(session, admin_user):
    with pytest.raises(ValidationFailed) as failed:
        users_admin.update_user_account(
            session, admin_user, admin_user,
            UserData(login="chefin", display_name="Chefin Admin", roles={Role.EDITOR}, active=False),
        )
    assert failed.value.errors["active"] == "Sie können Ihr eigenes Benutzerkonto nicht deaktivieren."
    assert failed.value.errors["roles"] == "Sie können sich die Rolle „Administration“ nicht selbst entziehen."


def test_login_rename_keeps_uniqueness(session, factory, admin_user):
    user = factory.user("eins", roles={Role.SIGNER})
    factory.user("zwei")
    with pytest.raises(ValidationFailed) as failed:
        users_admin.update_user_account(session, admin_user, user, UserData(login="zwei", display_name="X", roles={Role.SIGNER}))
    assert failed.value.errors == {"login": "Der Benutzername „zwei“ ist bereits vergeben."}
    with pytest.raises(ValidationFailed) as failed:
        users_admin.update_user_account(session, admin_user, user, UserData(login="mit leerzeichen", display_name="X", roles={Role.SIGNER}))
    assert "Kleinbuchstaben" in failed.value.errors["login"]


def test_password_reset(session, factory, admin_user):
    user = factory.user("vergesslich", roles={Role.SIGNER})
    version = user.session_version
    with pytest.raises(ValidationFailed) as failed:
        users_admin.reset_password(session, admin_user, user, "neues-passwort", "anderes-passwort")
    assert failed.value.errors == {"password_confirm": "Die beiden Passwörter stimmen nicht überein."}
    with pytest.raises(ValidationFailed) as failed:
        users_admin.reset_password(session, admin_user, user, "kurz", "kurz")
    assert failed.value.errors == {"password": "Das Passwort muss mindestens 8 Zeichen lang sein."}
    users_admin.reset_password(session, admin_user, user, "neues-passwort", "neues-passwort")
    assert user.session_version == version + 1
    assert events(session, "user.password_reset")[0].actor_name == "Chefin Admin"
