"""Helpers of the mail views: the installation's mail settings and the body's letterhead."""

from __future__ import annotations

from flask import current_app

from ...export import docx as docx_export
from ...mail import MailSettings, settings_from
from ...models import Body
from ...services import letterhead


def mail_settings() -> MailSettings:
    """Portal address, default sender and signing key from the configuration."""
    return settings_from(current_app.config)


def letterhead_of(body: Body) -> bytes:
    """The body's letterhead for the DOCX attachments (uploaded or built in)."""
    return docx_export.letterhead_for(body, letterhead.letterhead_bytes(body, current_app.config["FILE_STORE_DIR"]))
