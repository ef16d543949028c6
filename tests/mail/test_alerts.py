"""Citizens' alerts without an account: double opt-in, the public agenda, saved searches, unsubscribe (DSGVO)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from minutes_app.models import (
    AlertSubscription,
    MailKind,
    MailMessage,
    MeetingState,
    MembershipRole,
    PaperState,
    Role,
)
from minutes_app.web.meetings import common

from ..conftest import login

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
CITIZEN = "anna.buerger@beispiel.example"
LINK = re.compile(r"http://127\.0\.0\.1:5000(/benachrichtigungen/\S+)")


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(common, "now", lambda: NOW)


@pytest.fixture
def committee(factory, session):
    committee = factory.committee("Ausschuss für Mobilität", short_name="MobA")
    factory.membership(factory.person("Keller", email="keller@kreistag.example"), committee, MembershipRole.MEMBER)
    session.commit()
    return committee


def _mails(session, kind):  # type: ignore[no-untyped-def]
    session.commit()
    return list(session.scalars(select(MailMessage).where(MailMessage.kind == kind).order_by(MailMessage.id)))


def _link(text: str, word: str) -> str:
    return next(path for path in LINK.findall(text) if word in path)


def _subscribe(client, session, **data):  # type: ignore[no-untyped-def]
    response = client.post("/benachrichtigungen/", data={"email": CITIZEN, **data})
    assert response.status_code == 302, response.get_data(as_text=True)
    confirm_mail = _mails(session, MailKind.ALERT_CONFIRM)[-1]
    path = _link(confirm_mail.text, "bestaetigen")
    assert "Abbestellen" in confirm_mail.text
    page = client.get(path).get_data(as_text=True)
    assert "Abonnement bestätigen" in page
    session.commit()
    assert session.scalars(select(AlertSubscription)).one().confirmed_at is None  # a GET confirms nothing
    assert "Abonnement bestätigt" in client.post(path).get_data(as_text=True)


def test_invalid_address_is_refused_in_german_and_the_input_kept(client, committee, session):
    response = client.post(
        "/benachrichtigungen/",
        data={"email": "anna.beispiel.example", "topic": "committee", "organization_id": committee.id},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "„anna.beispiel.example“ ist keine gültige E-Mail-Adresse" in html and "Es fehlt das @-Zeichen." in html
    assert 'value="anna.beispiel.example"' in html
    response = client.post("/benachrichtigungen/", data={"email": CITIZEN, "topic": "search", "query": "  "})
    assert "Bitte geben Sie mindestens einen Suchbegriff an." in response.get_data(as_text=True)
    session.commit()
    assert session.scalars(select(AlertSubscription)).all() == []


def test_subscribe_confirm_receive_the_public_agenda_and_unsubscribe(client, factory, committee, session):
    meeting = factory.meeting(committee, name="5. Sitzung des Mobilitätsausschusses")
    factory.agenda_item(meeting, "Radverkehrskonzept", public=True)
    factory.agenda_item(meeting, "Vergabe Buslinie an Firma Streng", public=False)
    secretary = factory.user("schrift", roles={Role.SECRETARY}, committees=[committee])
    session.commit()
    assert "Per E-Mail benachrichtigen" in client.get(f"/gremien/{committee.id}").get_data(as_text=True)
    _subscribe(client, session, topic="committee", organization_id=committee.id)
    login(client, secretary)
    assert client.post(f"/intern/sitzungen/{meeting.id}/einladen", data={"late_reason": ""}).status_code == 302
    client.post("/abmelden")
    [alert] = _mails(session, MailKind.ALERT)
    assert alert.recipient_email == CITIZEN and alert.subject.startswith("Tagesordnung: 5. Sitzung")
    assert "Radverkehrskonzept" in alert.text and "nichtöffentlich" in alert.text
    assert "Streng" not in alert.text and not alert.attachments
    path = _link(alert.text, "abbestellen")
    assert "Jetzt abbestellen" in client.get(path).get_data(as_text=True)
    response = client.post(path)
    assert response.status_code == 302
    session.commit()
    assert session.scalars(select(AlertSubscription)).all() == []
    # The address is gone everywhere: no alert mail to it is kept.
    assert session.scalars(select(MailMessage).where(MailMessage.recipient_email == CITIZEN)).all() == []
    assert client.get(path).status_code == 404


def test_a_forged_or_reused_link_is_refused(client, committee, session):
    _subscribe(client, session, topic="committee", organization_id=committee.id)
    assert client.get("/benachrichtigungen/abbestellen/erfunden").status_code == 404
    assert "Link ungültig" in client.get("/benachrichtigungen/bestaetigen/erfunden").get_data(as_text=True)


def _public_paper(factory, committee, meeting, name, *, public=True):  # type: ignore[no-untyped-def]
    paper = factory.paper(name=name, public=public)
    paper.state = PaperState.RELEASED
    item = factory.agenda_item(meeting, name, public=public)
    factory.consultation(paper, committee, agenda_item=item)
    return paper


def test_saved_search_reports_new_public_vorlagen_once_and_never_non_public_ones(
    app, client, factory, committee, session
):
    meeting = factory.meeting(committee, state=MeetingState.INVITED)
    _public_paper(factory, committee, meeting, "Radweg an der Kreisstraße 12")
    session.commit()
    _subscribe(client, session, topic="search", query="radwege")
    runner = app.test_cli_runner()
    runner.invoke(args=["mail-digest"])
    assert _mails(session, MailKind.ALERT) == []  # what was public at confirmation is not reported
    later = factory.meeting(committee, state=MeetingState.INVITED, start_time=datetime(2026, 4, 2, 16, tzinfo=UTC))
    new = _public_paper(factory, committee, later, "Radwegenetz im Kreisgebiet")
    _public_paper(factory, committee, later, "Radweg Grunderwerb Geheimsache", public=False)
    _public_paper(factory, committee, later, "Busverkehr Taktung")
    session.commit()
    result = runner.invoke(args=["mail-digest"])
    assert "Abonnement-Benachrichtigungen: 1" in result.output
    [alert] = _mails(session, MailKind.ALERT)
    assert new.reference in alert.text and "Radwegenetz im Kreisgebiet" in alert.text
    assert "Geheimsache" not in alert.text and "Busverkehr" not in alert.text
    assert "Abbestellen" in alert.text and alert.subject == "Neue Vorlage zur Suche „radwege“"
    runner.invoke(args=["mail-digest"])
    assert len(_mails(session, MailKind.ALERT)) == 1


def test_unconfirmed_subscriptions_are_forgotten_after_a_week(app, client, committee, session):
    from datetime import timedelta

    from sqlalchemy import update

    from minutes_app.extensions import database

    response = client.post(
        "/benachrichtigungen/", data={"email": CITIZEN, "topic": "committee", "organization_id": committee.id}
    )
    assert response.status_code == 302
    runner = app.test_cli_runner()
    runner.invoke(args=["mail-digest"])
    session.commit()
    assert session.scalars(select(AlertSubscription)).one().confirmed_at is None  # still within the week
    with database().session() as admin:
        admin.execute(update(AlertSubscription).values(created=datetime.now(UTC) - timedelta(days=8)))
        admin.commit()
    runner.invoke(args=["mail-digest"])
    session.commit()
    assert session.scalars(select(AlertSubscription)).all() == []
    assert session.scalars(select(MailMessage).where(MailMessage.recipient_email == CITIZEN)).all() == []
