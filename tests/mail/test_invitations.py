"""„Einladung versenden“: a personal mail per member with the version of the Einladung they may read.

Nachtrag, Verlegung and Absage reach the same people; the dispatch log shows
who got what, when, and the delivery state; the mails arrive over real SMTP.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from minutes_app.extensions import database
from minutes_app.mail import smtp, worker
from minutes_app.models import MailDispatch, MailKind, MailMessage, MailState, MeetingState, MembershipRole, Role
from minutes_app.web.meetings import common

from ..conftest import login
from .conftest import REFUSED_MARK

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SECRET_TITLE = "Klage Müller ./. Landkreis"
PRESS = "presse@anzeiger.example"


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(common, "now", lambda: NOW)


@pytest.fixture
def committee(factory):
    return factory.committee("Ausschuss für Schule und Kultur", short_name="SchA")


@pytest.fixture
def people(factory, session, committee):
    """Chair, member, deputy, advisory member, a member without address, one whose address bounces."""

    def member(name, role, email, **kw):  # type: ignore[no-untyped-def]
        person = factory.person(name, email=email, **kw)
        factory.membership(person, committee, role)
        return person

    found = {
        "chair": member("Keller", MembershipRole.CHAIR, "keller@kreistag.example", form_of_address="Frau"),
        "member": member("Berger", MembershipRole.MEMBER, "berger@kreistag.example", form_of_address="Herr"),
        "deputy": member("Vogt", MembershipRole.DEPUTY_MEMBER, "vogt@kreistag.example"),
        "advisory": member("Sander", MembershipRole.ADVISORY, "sander@schulen.example"),
        "no_mail": member("Ohnemail", MembershipRole.MEMBER, ""),
        "bounce": member("Weg", MembershipRole.MEMBER, f"{REFUSED_MARK}@kreistag.example"),
    }
    session.commit()
    return found


@pytest.fixture
def secretary(factory, session, committee):
    user = factory.user("schrift", roles={Role.SECRETARY}, committees=[committee], display_name="Sabine Schrift")
    session.commit()
    return user


@pytest.fixture
def meeting(factory, session, committee, people):
    meeting = factory.meeting(committee, name="12. Sitzung des Schulausschusses")
    factory.agenda_item(meeting, "Schulentwicklungsplan", public=True)
    factory.agenda_item(meeting, SECRET_TITLE, public=False, public_name="Rechtsangelegenheit")
    session.commit()
    return meeting


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode()


def _messages(session, kind=MailKind.INVITATION):  # type: ignore[no-untyped-def]
    session.commit()
    return {m.recipient_email: m for m in session.scalars(select(MailMessage).where(MailMessage.kind == kind))}


def _invite(client, meeting, **data):  # type: ignore[no-untyped-def]
    return client.post(f"/intern/sitzungen/{meeting.id}/einladen", data={"late_reason": "", **data})


def test_each_member_gets_a_personal_mail_with_the_version_they_may_read(client, secretary, meeting, session):
    login(client, secretary)
    page = client.get(f"/intern/sitzungen/{meeting.id}/einladen").get_data(as_text=True)
    assert (
        "keller@kreistag.example, vollständige Fassung" in page
        and "sander@schulen.example, öffentliche Fassung" in page
    )
    assert "Ohne E-Mail-Adresse (bitte auf anderem Weg laden): Alex Ohnemail" in page
    response = _invite(client, meeting, extra_recipients=PRESS)
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/intern/sitzungen/{meeting.id}/versand"
    )
    mails = _messages(session)
    assert set(mails) == {
        "keller@kreistag.example",
        "berger@kreistag.example",
        "vogt@kreistag.example",
        "sander@schulen.example",
        f"{REFUSED_MARK}@kreistag.example",
        PRESS,
    }
    for address in ("keller@kreistag.example", "berger@kreistag.example", "vogt@kreistag.example"):
        docx, ics = mails[address].attachments
        assert docx.filename.endswith("_intern.docx") and SECRET_TITLE.replace("./.", "./.") in _docx_text(docx.content)
        assert "BEGIN:VEVENT" in ics.content.decode() and ics.filename.endswith(".ics")
        assert SECRET_TITLE in mails[address].text and "/intern/sitzungen/" in mails[address].text
    for address in ("sander@schulen.example", PRESS):
        docx, _ics = mails[address].attachments
        text = _docx_text(docx.content)
        assert docx.filename.endswith("_öffentlich.docx") and "Rechtsangelegenheit" in text
        assert "Klage" not in text and "Klage" not in mails[address].text
        assert "/intern/" not in mails[address].text
    assert mails["keller@kreistag.example"].text.startswith("Sehr geehrte Frau Keller,")
    assert mails["berger@kreistag.example"].text.startswith("Sehr geehrter Herr Berger,")
    assert mails["keller@kreistag.example"].subject == "Einladung: 12. Sitzung des Schulausschusses am 12.03.2026"
    dispatch = session.scalars(select(MailDispatch)).one()
    assert dispatch.created == NOW and meeting.invitation_sent_at == NOW  # the Ladungsfrist counts from here
    log = client.get(f"/intern/sitzungen/{meeting.id}/versand").get_data(as_text=True)
    assert "Einladung vom" in log and "Sabine Schrift" in log and "Alex Ohnemail" in log
    assert "wartet auf Versand" in log and "vollständige Fassung" in log and "öffentliche Fassung" in log


def test_invalid_further_recipients_are_refused_in_german_and_the_input_kept(client, secretary, meeting, session):
    login(client, secretary)
    response = _invite(client, meeting, extra_recipients=f"{PRESS}, presse-at-anzeiger")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Keine gültige E-Mail-Adresse: „presse-at-anzeiger“" in html
    assert f"{PRESS}, presse-at-anzeiger</textarea>" in html
    session.refresh(meeting)
    assert meeting.state is MeetingState.PLANNED and _messages(session) == {}


def test_mails_arrive_with_the_right_docx_and_a_refused_address_shows_in_the_log(
    app, client, secretary, meeting, session, smtp_server
):
    login(client, secretary)
    _invite(client, meeting)
    result = worker.run_once(database(), smtp.parse_url(smtp_server.url))
    assert (result.sent, result.refused) == (4, 1)
    member_mail = smtp_server.mailbox.to("berger@kreistag.example")[0]
    docx = next(a for a in member_mail.iter_attachments() if a.get_filename().endswith(".docx"))
    assert SECRET_TITLE in _docx_text(docx.get_content())
    advisory_mail = smtp_server.mailbox.to("sander@schulen.example")[0]
    docx = next(a for a in advisory_mail.iter_attachments() if a.get_filename().endswith(".docx"))
    assert "Klage" not in _docx_text(docx.get_content())
    log = client.get(f"/intern/sitzungen/{meeting.id}/versand").get_data(as_text=True)
    assert "Adresse abgewiesen" in log and "550" in log and log.count("versandt") >= 4


def test_delivery_starts_right_after_the_request_when_smtp_is_configured(app, client, secretary, meeting, smtp_server):
    app.config["SMTP_URL"] = smtp_server.url
    login(client, secretary)
    with _invite(client, meeting) as response:  # the server closes the response once it is sent
        assert response.status_code == 302
    smtp_server.mailbox.wait_for(4)
    assert len(smtp_server.mailbox.messages) == 4


def test_shutting_the_app_down_waits_for_the_delivery_still_running(app, client, secretary, meeting, smtp_server,
                                                                     session):
    smtp_server.mailbox.delay = 0.2  # four mails take the pass at least 0.8 s
    app.config["SMTP_URL"] = smtp_server.url
    login(client, secretary)
    with _invite(client, meeting) as response:
        assert response.status_code == 302
    database().dispose()
    # Every mail went out (one address is refused) and its outcome is recorded: the pass finished before the
    # connections were closed, so none of its connections was left behind.
    assert len(smtp_server.mailbox.messages) == 4
    session.rollback()
    states = session.scalars(select(MailMessage.state)).all()
    assert states.count(MailState.SENT) == 4 and set(states) == {MailState.SENT, MailState.REFUSED}


def test_nachtrag_verlegung_and_absage_reach_everyone_invited(client, secretary, meeting, session, factory):
    login(client, secretary)
    _invite(client, meeting, extra_recipients=PRESS)
    invited = set(_messages(session))
    log = client.get(f"/intern/sitzungen/{meeting.id}/versand").get_data(as_text=True)
    assert "Nachtrag an alle Geladenen versenden" not in log
    factory.agenda_item(meeting, "Schülerbeförderung", public=True, is_supplement=True)
    session.commit()
    assert client.post(f"/intern/sitzungen/{meeting.id}/nachtrag").status_code == 302
    supplements = _messages(session, MailKind.SUPPLEMENT)
    assert set(supplements) == invited
    assert "Schülerbeförderung (Nachtrag)" in supplements["berger@kreistag.example"].text
    assert "Klage" not in supplements[PRESS].text
    response = client.post(
        f"/intern/sitzungen/{meeting.id}/verlegen",
        data={"day": "2026-03-19", "start": "17:00", "end": "", "reason": "Raum belegt"},
    )
    assert response.status_code == 302
    moved = _messages(session, MailKind.MOVED)
    assert set(moved) == invited
    text = moved["vogt@kreistag.example"].text
    assert (
        "Bisher: Donnerstag, 12.03.2026, um 17:00 Uhr" in text and "Neu: Donnerstag, 19.03.2026, um 17:00 Uhr" in text
    )
    assert "Grund: Raum belegt" in text
    response = client.post(f"/intern/sitzungen/{meeting.id}/absagen", data={"reason": "Beschlussunfähigkeit absehbar"})
    assert response.status_code == 302
    cancelled = _messages(session, MailKind.CANCELLED)
    assert set(cancelled) == invited
    ics = cancelled[PRESS].attachments[0].content.decode()
    assert "STATUS:CANCELLED" in ics
    log = client.get(f"/intern/sitzungen/{meeting.id}/versand").get_data(as_text=True)
    for label in ("Einladung vom", "Nachtrag vom", "Verlegung vom", "Absage vom"):
        assert label in log


def test_a_planned_meeting_moved_or_cancelled_sends_nothing(client, secretary, meeting, session):
    login(client, secretary)
    client.post(f"/intern/sitzungen/{meeting.id}/absagen", data={"reason": "Keine Themen"})
    session.commit()
    assert session.scalars(select(MailMessage)).all() == []


def test_the_dispatch_log_is_for_the_committees_secretary(client, factory, meeting, session):
    other = factory.user("fremd", roles={Role.SECRETARY})
    session.commit()
    login(client, other)
    assert client.get(f"/intern/sitzungen/{meeting.id}/versand").status_code == 403


def test_meeting_page_counts_the_ladungsfrist_from_the_recorded_dispatch(client, secretary, meeting, monkeypatch):
    login(client, secretary)
    _invite(client, meeting)
    monkeypatch.setattr(common, "now", lambda: datetime(2026, 3, 10, 9, 0, tzinfo=UTC))  # days later
    page = client.get(f"/intern/sitzungen/{meeting.id}").get_data(as_text=True)
    assert "Gezählt ab dem vermerkten Versand am Sonntag, 01.03.2026: eingehalten." in page
    assert "Versandprotokoll" in page


def test_queued_mails_keep_their_state_without_smtp(session, client, secretary, meeting):
    login(client, secretary)
    _invite(client, meeting)
    session.commit()
    states = set(session.scalars(select(MailMessage.state)))
    assert states == {MailState.QUEUED}


def test_an_advisory_member_whose_account_may_read_internals_gets_the_full_version(factory, session, meeting, people):
    from minutes_app.mail import invitations

    plan = {r.email: r for r in invitations.plan(session, meeting).recipients}
    assert not plan["sander@schulen.example"].full
    factory.user("sander", roles={Role.MEMBER}, person=people["advisory"])
    plan = {r.email: r for r in invitations.plan(session, meeting).recipients}
    assert (
        plan["sander@schulen.example"].full and plan["sander@schulen.example"].version_label == "vollständige Fassung"
    )


def test_body_sender_settings_are_checked_and_used(client, factory, session, meeting, secretary):
    admin = factory.user("verwaltung", roles={Role.ADMIN})
    session.commit()
    login(client, admin)
    form = client.get("/intern/verwaltung/einstellungen").get_data(as_text=True)
    assert "Absender der E-Mails" in form
    data = {
        "name": factory.body.name,
        "paper_reference_format": "{number:03d}/{year}",
        "notice_period_days": "7",
        "quorum_rule": "more_than_half",
        "minutes_publication": "on_closed",
        "max_upload_mb": "20",
        "mail_sender": "sitzungsdienst(at)kreis",
        "mail_reply_to": "buero@kreis.example",
    }
    response = client.post("/intern/verwaltung/einstellungen", data=data)
    assert response.status_code == 422 and "Bitte geben Sie eine gültige E-Mail-Adresse an" in response.get_data(
        as_text=True
    )
    assert 'value="sitzungsdienst(at)kreis"' in response.get_data(as_text=True)
    data["mail_sender"] = "ladung@kreis.example"
    assert client.post("/intern/verwaltung/einstellungen", data=data).status_code == 302
    client.post("/abmelden")
    login(client, secretary)
    _invite(client, meeting)
    mail = _messages(session)["keller@kreistag.example"]
    assert mail.sender == f"{factory.body.name} <ladung@kreis.example>" and mail.reply_to == "buero@kreis.example"
