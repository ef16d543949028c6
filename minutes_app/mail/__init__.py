"""E-mail: the outbox (Postausgang), SMTP delivery, invitations to members, staff task notices, citizens' alerts.

Services here follow the project's rule: Flask-free, they flush and never
commit. Every mail is first a :class:`~minutes_app.models.MailMessage` row
written in the transaction of the action that caused it; :mod:`.worker`
delivers the rows over SMTP (``SMTP_URL``) or, without it, they stay in the
queue and the administrator reads them as "Postausgang".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MailSettings:
    """What mail texts and headers need from the installation: the portal's address and the default sender."""

    base_url: str = "http://127.0.0.1:5000"
    default_sender: str = "sitzungsdienst@localhost"
    secret_key: str = ""

    def url(self, path: str) -> str:
        """An absolute link into the portal."""
        return self.base_url.rstrip("/") + path


def settings_from(config: dict[str, object]) -> MailSettings:
    """Mail settings from the app configuration (works for the web app and the CLI alike)."""
    return MailSettings(
        base_url=str(config.get("BASE_URL") or "http://127.0.0.1:5000"),
        default_sender=str(config.get("MAIL_SENDER") or "sitzungsdienst@localhost"),
        secret_key=str(config.get("SECRET_KEY") or ""),
    )
