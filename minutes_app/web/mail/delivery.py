"""Deliver right after a request that queued mail, in a background thread, when SMTP_URL is set.

Why: an invitation should reach the members within seconds without asking the
operator to run a second process for a small installation. Why in a thread
after the response: the user never waits for the mail server, and a slow or
unreachable server cannot fail the action (its mail is already committed in
the outbox). The claim-before-send rule of :mod:`minutes_app.mail.worker`
keeps this safe next to a running ``flask mail-worker``: a row is sent by
whoever claims it first, never twice. Retries after a failure are left to the
worker (or the next request that queues mail), so run ``flask mail-worker``
in production. Disabled by MAIL_DELIVER_AFTER_REQUEST=0.

Disposing the app's database waits for a pass still running: its connection
would otherwise go back to a pool already closed and stay open until the
garbage collector finds it.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask, Response, current_app, g

from ...extensions import database
from ...mail import smtp, worker

log = logging.getLogger(__name__)
_running = threading.Lock()
#: How long disposing the database waits for a delivery pass (one SMTP timeout and then some).
DISPOSE_WAIT_SECONDS = 60.0
_PASSES = "minutes_mail_delivery_passes"


def _deliver(app: Flask) -> None:
    if not _running.acquire(blocking=False):
        return  # a pass is already running in this process; it loops until nothing is due
    try:
        with app.app_context():
            config = smtp.parse_url(app.config["SMTP_URL"], ca_file=app.config.get("SMTP_CA_FILE") or "")
            policy = worker.WorkerPolicy(
                retry_base_seconds=int(app.config.get("MAIL_RETRY_BASE_SECONDS", 60)),
                max_attempts=int(app.config.get("MAIL_MAX_ATTEMPTS", 8)),
            )
            worker.run_once(database(), config, policy)
    except Exception:  # the thread must never die loudly; the worker retries
        log.exception("Versand nach der Anfrage fehlgeschlagen")
    finally:
        _running.release()


def register(app: Flask) -> None:
    """Deliver after requests that queued mail; disposing the app's database waits for a running pass."""
    passes: set[threading.Thread] = set()
    app.extensions[_PASSES] = passes

    def wait_for_passes() -> None:
        for thread in passes.copy():  # a finishing pass removes itself meanwhile
            thread.join(timeout=DISPOSE_WAIT_SECONDS)

    app.extensions["minutes_database"].on_dispose.append(wait_for_passes)
    app.after_request(deliver_after_request)


def deliver_after_request(response: Response) -> Response:
    """Start a delivery pass when this request queued mail and SMTP is configured."""
    session = g.get("db_session")
    if session is None or not session.info.get("mail_queued"):
        return response
    config = current_app.config
    if not config.get("SMTP_URL") or not config.get("MAIL_DELIVER_AFTER_REQUEST", True):
        return response
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    passes: set[threading.Thread] = app.extensions[_PASSES]

    def deliver() -> None:
        try:
            _deliver(app)
        finally:
            passes.discard(thread)

    def start() -> None:
        passes.add(thread)
        thread.start()

    thread = threading.Thread(target=deliver, name="mail-delivery", daemon=True)
    response.call_on_close(start)
    return response
