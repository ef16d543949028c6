"""Delivery over a real local SMTP server: arrival, login, refused addresses, crashes, retries with backoff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from minutes_app.extensions import database, db_session
from minutes_app.mail import MailSettings, outbox, smtp, worker
from minutes_app.models import MailAddressFlag, MailKind, MailMessage, MailState, Role, utc_now
from minutes_app.services.errors import ValidationFailed

from ..conftest import login
from .conftest import REFUSED_MARK

SETTINGS = MailSettings(default_sender="sitzungsdienst@kreis.example")


def _queue(session, factory, to="anna@kreis.example", **kwargs):  # type: ignore[no-untyped-def]
    body = factory.body
    body.mail_sender, body.mail_reply_to = "ladung@kreis.example", "buero@kreis.example"
    message = outbox.enqueue(
        session,
        SETTINGS,
        body=body,
        kind=MailKind.INVITATION,
        to=to,
        name="Anna Keller",
        subject="Einladung: Sitzung",
        text="Guten Tag,\nbitte kommen Sie.",
        attachments=(outbox.Attachment("Einladung.docx", "application/octet-stream", b"PK-docx"),),
        **kwargs,
    )
    session.commit()
    return message


def _fresh(session, obj) -> None:  # type: ignore[no-untyped-def]
    """End the test's read snapshot, then reload ``obj`` as the worker left it."""
    session.commit()
    session.refresh(obj)


def _run(app, server=None, **policy):  # type: ignore[no-untyped-def]
    config = smtp.parse_url(server.url) if server is not None else None
    return worker.run_once(database(), config, worker.WorkerPolicy(**policy))


def test_queued_mail_arrives_once_with_body_sender_reply_to_message_id_and_attachment(
    app, session, factory, smtp_server
):
    message = _queue(session, factory)
    result = _run(app, smtp_server)
    assert result.sent == 1
    [received] = smtp_server.mailbox.messages
    assert received["From"].addresses[0].addr_spec == "ladung@kreis.example"
    assert received["Reply-To"] == "buero@kreis.example"
    assert received["Message-ID"] == message.message_id
    assert received["Subject"] == "Einladung: Sitzung"
    [attachment] = list(received.iter_attachments())
    assert attachment.get_filename() == "Einladung.docx" and attachment.get_content() == b"PK-docx"
    _fresh(session, message)
    assert message.state is MailState.SENT and message.sent_at is not None
    assert _run(app, smtp_server).sent == 0  # nothing is sent twice
    assert len(smtp_server.mailbox.messages) == 1


def test_cli_send_once_logs_in_with_the_credentials_of_smtp_url(app, session, factory, make_smtp_server):
    server = make_smtp_server(login=("sitzungsdienst", "g3h:eim"))
    server.start()
    _queue(session, factory)
    app.config["SMTP_URL"] = f"smtp://sitzungsdienst:g3h%3Aeim@127.0.0.1:{server.port}"
    result = app.test_cli_runner().invoke(args=["mail-send-once"])
    assert "Versandt: 1" in result.output, result.output
    assert server.mailbox.logins == ["sitzungsdienst"]
    assert len(server.mailbox.messages) == 1


def test_smtp_url_forms_and_a_wrong_scheme():
    assert smtp.parse_url("smtps://u:p@mail.kreis.example").port == 465
    assert smtp.parse_url("smtp+starttls://mail.kreis.example").port == 587
    assert smtp.parse_url("smtp://mail.kreis.example:2525").port == 2525
    with pytest.raises(ValidationFailed, match="Unbekanntes Schema"):
        smtp.parse_url("http://mail.kreis.example")


def test_a_refused_address_is_marked_and_the_others_still_arrive(app, session, factory, smtp_server):
    bad = _queue(session, factory, to=f"{REFUSED_MARK}@kreis.example")
    good = _queue(session, factory, to="bernd@kreis.example")
    result = _run(app, smtp_server)
    assert (result.sent, result.refused) == (1, 1)
    _fresh(session, bad)
    _fresh(session, good)
    assert bad.state is MailState.REFUSED and "550" in bad.last_error
    assert good.state is MailState.SENT
    flag = session.get(MailAddressFlag, f"{REFUSED_MARK}@kreis.example")
    assert flag is not None and "550" in flag.reason
    assert [m["To"] for m in smtp_server.mailbox.messages] == ["Anna Keller <bernd@kreis.example>"]


def test_a_crash_after_the_claim_never_sends_the_mail_again(app, session, factory, smtp_server):
    message = _queue(session, factory)
    # A worker claims the row and dies before it reaches the mail server.
    with database().session() as crashed:
        assert worker.claim(crashed, worker.WorkerPolicy(), utc_now()) == [message.id]
        crashed.commit()
    assert _run(app, smtp_server).sent == 0  # the claimed row is not picked up again
    # After the lease the row is marked uncertain for the administrator, still not resent.
    with database().session() as later:
        later.execute(update(MailMessage).values(claimed_at=utc_now() - timedelta(hours=1)))
        later.commit()
    assert _run(app, smtp_server).uncertain == 1
    assert smtp_server.mailbox.messages == []
    _fresh(session, message)
    assert message.state is MailState.UNCERTAIN and "nicht automatisch erneut" in message.last_error


def test_a_crash_between_sending_and_recording_does_not_send_twice(app, session, factory, smtp_server, monkeypatch):
    message = _queue(session, factory)

    def die(*_args, **_kwargs):  # the process is killed right after the server accepted the mail
        raise SystemExit("Absturz")

    monkeypatch.setattr(worker, "_record", die)
    with pytest.raises(SystemExit):
        _run(app, smtp_server)
    monkeypatch.undo()
    assert len(smtp_server.mailbox.messages) == 1
    for _ in range(2):
        _run(app, smtp_server, lease_seconds=0)
    assert len(smtp_server.mailbox.messages) == 1
    _fresh(session, message)
    assert message.state is MailState.UNCERTAIN


def test_server_down_means_retries_with_exponential_backoff_until_it_is_back(app, session, factory, make_smtp_server):
    server = make_smtp_server()  # not started: nobody listens on its port
    message = _queue(session, factory)
    before = utc_now()
    result = _run(app, server, retry_base_seconds=60)
    assert result.retried == 1 and result.sent == 0
    _fresh(session, message)
    assert message.state is MailState.QUEUED and message.attempts == 1
    assert "nicht erreichbar" in message.last_error
    first_delay = message.next_attempt_at - before
    assert timedelta(seconds=55) < first_delay < timedelta(seconds=65)
    assert _run(app, server).retried == 0  # not due yet: no attempt
    _fresh(session, message)
    assert message.attempts == 1
    with database().session() as admin:
        admin.execute(update(MailMessage).values(next_attempt_at=utc_now() - timedelta(seconds=1)))
        admin.commit()
    second = utc_now()
    _run(app, server, retry_base_seconds=60)
    _fresh(session, message)
    assert message.attempts == 2
    assert timedelta(seconds=115) < message.next_attempt_at - second < timedelta(seconds=125)  # doubled
    server.start()
    with database().session() as admin:
        admin.execute(update(MailMessage).values(next_attempt_at=utc_now() - timedelta(seconds=1)))
        admin.commit()
    assert _run(app, server).sent == 1
    assert len(server.mailbox.messages) == 1


def test_after_max_attempts_the_mail_fails_for_good(app, session, factory, make_smtp_server):
    server = make_smtp_server()
    message = _queue(session, factory)
    _run(app, server, max_attempts=1)
    _fresh(session, message)
    assert message.state is MailState.FAILED


def test_without_smtp_url_mail_stays_in_the_postausgang_and_the_admin_reads_it(app, session, factory, client):
    message = _queue(session, factory)
    admin = factory.user("admin1", roles={Role.ADMIN})
    session.commit()
    result = app.test_cli_runner().invoke(args=["mail-send-once"])
    assert "bleiben im Postausgang" in result.output
    login(client, admin)
    page = client.get("/intern/postausgang/").get_data(as_text=True)
    assert "Es ist kein Mailserver eingestellt" in page and "Einladung: Sitzung" in page
    detail = client.get(f"/intern/postausgang/{message.id}").get_data(as_text=True)
    assert "Einladung.docx" in detail and "wartet auf Versand" in detail and "bitte kommen Sie." in detail
    download = client.get(f"/intern/postausgang/{message.id}/anhang/{message.attachments[0].id}")
    assert download.data == b"PK-docx"
    assert db_session().scalar(select(MailMessage.state)) is MailState.QUEUED


def test_the_postausgang_is_for_administrators_only(app, session, factory, client):
    _queue(session, factory)
    secretary = factory.user("sekr", roles={Role.SECRETARY})
    session.commit()
    login(client, secretary)
    assert client.get("/intern/postausgang/").status_code == 403


@pytest.mark.parametrize("tls", ["starttls", "smtps"])
def test_encrypted_delivery_with_login_verifies_the_servers_certificate(
    app, session, factory, make_smtp_server, certificate, tls
):
    server = make_smtp_server(login=("sitzungsdienst", "geheim"), tls=tls, certificate=certificate)
    server.start()
    message = _queue(session, factory)
    untrusted = worker.run_once(database(), smtp.parse_url(server.url), worker.WorkerPolicy())
    assert untrusted.sent == 0 and untrusted.retried == 1  # a certificate nobody vouches for is refused
    _fresh(session, message)
    assert "CERTIFICATE_VERIFY_FAILED" in message.last_error
    with database().session() as admin:
        admin.execute(update(MailMessage).values(next_attempt_at=None))
        admin.commit()
    app.config.update(SMTP_URL=server.url, SMTP_CA_FILE=certificate.cert)
    result = app.test_cli_runner().invoke(args=["mail-send-once"])
    assert "Versandt: 1" in result.output, result.output
    assert server.mailbox.logins == ["sitzungsdienst"] and len(server.mailbox.messages) == 1


def test_the_admin_sees_a_refused_mail_as_a_task_and_may_requeue_it(app, session, factory, smtp_server, client):
    from minutes_app.models import AuditEvent

    bad = _queue(session, factory, to=f"{REFUSED_MARK}@kreis.example")
    _run(app, smtp_server)
    admin = factory.user("admin2", roles={Role.ADMIN})
    session.commit()
    login(client, admin)
    start = client.get("/intern/").get_data(as_text=True)
    assert "Postausgang prüfen" in start and "1 Mail: abgewiesen (Adresse unzustellbar)" in start
    detail = client.get(f"/intern/postausgang/{bad.id}").get_data(as_text=True)
    assert "Adresse abgewiesen am" in detail and "550" in detail
    assert client.post(f"/intern/postausgang/{bad.id}/erneut").status_code == 302
    _fresh(session, bad)
    assert bad.state is MailState.QUEUED
    assert session.scalar(select(AuditEvent.summary).where(AuditEvent.action == "mail.requeued"))
    assert client.post(f"/intern/postausgang/{bad.id}/erneut").status_code == 302  # a queued mail stays as it is
    assert "Nur fehlgeschlagene" in client.get(f"/intern/postausgang/{bad.id}").get_data(as_text=True)
