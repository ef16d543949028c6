"""SMTP delivery configured by one URL, and turning an outbox row into a MIME message.

``SMTP_URL`` forms: ``smtp://host:25`` (plain), ``smtp+starttls://user:pass@host:587``
(STARTTLS before login), ``smtps://user:pass@host:465`` (TLS from the start).
User and password are percent-decoded, so special characters can be written as ``%40`` etc.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from urllib.parse import unquote, urlsplit

from ..models import MailMessage, utc_now
from ..services.errors import ValidationFailed

SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


@dataclass(frozen=True)
class SmtpConfig:
    """A parsed ``SMTP_URL``."""

    scheme: str
    host: str
    port: int
    username: str = ""
    password: str = ""
    timeout: float = 30.0
    #: A CA bundle for a mail server with a certificate of an internal CA (SMTP_CA_FILE); else the system's.
    ca_file: str = ""

    @property
    def label(self) -> str:
        """For logs and the admin page, without the password."""
        user = f"{self.username}@" if self.username else ""
        return f"{self.scheme}://{user}{self.host}:{self.port}"


def parse_url(url: str, timeout: float = 30.0, ca_file: str = "") -> SmtpConfig:
    """Parse ``SMTP_URL``; an unknown scheme or a missing host is a configuration error in German."""
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES:
        raise ValidationFailed(
            {"SMTP_URL": f"Unbekanntes Schema „{parts.scheme}“; erlaubt sind smtp://, smtp+starttls:// und smtps://."}
        )
    if not parts.hostname:
        raise ValidationFailed({"SMTP_URL": "In SMTP_URL fehlt der Name des Mailservers."})
    return SmtpConfig(
        scheme=parts.scheme,
        host=parts.hostname,
        port=parts.port or SCHEMES[parts.scheme],
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        timeout=timeout,
        ca_file=ca_file,
    )


def connect(config: SmtpConfig) -> smtplib.SMTP:
    """An open, logged-in connection (certificates are verified for STARTTLS and TLS)."""
    context = ssl.create_default_context(cafile=config.ca_file or None)
    client: smtplib.SMTP
    if config.scheme == "smtps":
        client = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=context)
    else:
        client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        if config.scheme == "smtp+starttls":
            client.starttls(context=context)
    if config.username:
        client.login(config.username, config.password)
    return client


def to_mime(message: MailMessage) -> EmailMessage:
    """The outbox row as an RFC 5322 message with its attachments and its fixed Message-ID."""
    mime = EmailMessage()
    mime["From"] = message.sender
    mime["To"] = formataddr((message.recipient_name, message.recipient_email))
    if message.reply_to:
        mime["Reply-To"] = message.reply_to
    mime["Subject"] = message.subject
    mime["Date"] = format_datetime(message.created or utc_now())
    mime["Message-ID"] = message.message_id
    mime["Auto-Submitted"] = "auto-generated"
    mime.set_content(message.text)
    for attachment in message.attachments:
        maintype, _, subtype = attachment.media_type.partition("/")
        mime.add_attachment(attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename)
    return mime
