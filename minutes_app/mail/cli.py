"""Mail commands: deliver the queue once or in a loop, queue task notices and citizens' alerts."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from ..extensions import database, db_session
from ..models import Body, utc_now
from . import alerts, settings_from, smtp, tasks, worker


def smtp_config() -> smtp.SmtpConfig | None:
    """The parsed SMTP_URL, or None when mail is only kept in the Postausgang."""
    url = current_app.config.get("SMTP_URL") or ""
    return smtp.parse_url(url, ca_file=current_app.config.get("SMTP_CA_FILE") or "") if url else None


def policy() -> worker.WorkerPolicy:
    """Retry settings from the configuration."""
    return worker.WorkerPolicy(
        retry_base_seconds=int(current_app.config.get("MAIL_RETRY_BASE_SECONDS", 60)),
        max_attempts=int(current_app.config.get("MAIL_MAX_ATTEMPTS", 8)),
    )


def queue_digests() -> tuple[int, int]:
    """Queue the task notices and the Vorlagen alerts that are due; one commit."""
    session = db_session()
    settings = settings_from(current_app.config)
    body = session.scalar(select(Body).order_by(Body.id))
    now = utc_now()
    notices = tasks.send_notices(session, settings, body, now)
    alert_mails = alerts.send_paper_alerts(session, settings, body)
    alerts.purge(session, now)
    session.commit()
    return notices, alert_mails


def _deliver() -> worker.RunResult:
    config = smtp_config()
    result = worker.run_once(database(), config, policy())
    if config is None:
        click.echo("SMTP_URL ist nicht gesetzt: Die Mails bleiben im Postausgang.")
    return result


def _report(result: worker.RunResult) -> None:
    click.echo(
        f"Versandt: {result.sent}, abgewiesen: {result.refused}, erneut geplant: {result.retried}, "
        f"endgültig fehlgeschlagen: {result.failed}, ungewiss: {result.uncertain}"
    )


@click.command("mail-send-once")
@with_appcontext
def mail_send_once() -> None:
    """Deliver the due mail of the Postausgang once."""
    _report(_deliver())


@click.command("mail-digest")
@with_appcontext
def mail_digest() -> None:
    """Queue new-task notices and alerts about new public Vorlagen (run e.g. hourly by cron)."""
    notices, alert_mails = queue_digests()
    click.echo(f"Aufgaben-Benachrichtigungen: {notices}, Abonnement-Benachrichtigungen: {alert_mails}")


@click.command("mail-worker")
@with_appcontext
@click.option("--interval", type=int, default=None, help="Sekunden zwischen zwei Durchläufen")
@click.option("--runs", type=int, default=0, help="Nach N Durchläufen beenden (0: unbegrenzt)")
def mail_worker(interval: int | None, runs: int) -> None:
    """Loop: queue notices and alerts, then deliver; stops on Ctrl+C."""
    pause = interval if interval is not None else int(current_app.config.get("MAIL_WORKER_INTERVAL_SECONDS", 30))
    done = 0
    try:
        while True:
            queue_digests()
            db_session().close()
            _report(_deliver())
            done += 1
            if runs and done >= runs:
                return
            time.sleep(pause)
    except KeyboardInterrupt:
        click.echo("Mail-Worker beendet.")


COMMANDS = (mail_send_once, mail_digest, mail_worker)
