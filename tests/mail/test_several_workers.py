"""Two app servers deliver from one Postausgang: every mail arrives exactly once.

Each "server" has its own engines and connection pools on the shared database
(on PostgreSQL as several app servers would), and both deliver at the same time.
"""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from minutes_app.database import Database
from minutes_app.mail import outbox, smtp, worker
from minutes_app.models import MailKind, MailMessage, MailState

from .test_delivery import SETTINGS

MAILS = 30


def test_two_servers_delivering_at_once_send_every_mail_exactly_once(app, session, factory, smtp_server):
    for n in range(MAILS):
        outbox.enqueue(session, SETTINGS, body=factory.body, kind=MailKind.INVITATION, to=f"mitglied{n}@kreis.example",
                       name=f"Mitglied {n}", subject=f"Einladung {n}", text="Guten Tag,\nbitte kommen Sie.")
    session.commit()
    config = smtp.parse_url(smtp_server.url)
    servers = [Database.from_url(app.config["DATABASE_URL"]) for _ in range(2)]
    start, errors = threading.Barrier(2), []

    def deliver(db: Database) -> None:
        try:
            start.wait(timeout=30)
            worker.run_once(db, config, worker.WorkerPolicy(batch_size=3))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(exc))

    threads = [threading.Thread(target=deliver, args=(db,)) for db in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for db in servers:
        db.dispose()

    assert errors == []
    smtp_server.mailbox.wait_for(MAILS)
    recipients = sorted(str(message["To"]) for message in smtp_server.mailbox.messages)
    assert len(recipients) == MAILS and len(set(recipients)) == MAILS
    session.commit()
    assert session.scalar(select(func.count()).where(MailMessage.state == MailState.SENT)) == MAILS
