"""DOCX exports: Einladung, Vorlage, Niederschrift (public and full), Beschlussauszug.

Pure functions from the view models of :mod:`minutes_app.services.documents`
to bytes, on the body's letterhead or the built-in one; no Flask inside.
"""

from __future__ import annotations

from ...models import Body
from .invitation import build_invitation
from .letterhead import default_letterhead
from .minutes import build_minutes
from .paper import build_paper
from .resolution_extract import build_resolution_extract
from .sample import build_sample

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def letterhead_for(body: Body, uploaded: bytes | None) -> bytes:
    """The uploaded letterhead, or the built-in one with the body's name and contact details."""
    if uploaded:
        return uploaded
    contact = " · ".join(part for part in (body.website, body.contact_email) if part)
    return default_letterhead(body.name, contact)


__all__ = [
    "MEDIA_TYPE",
    "build_invitation",
    "build_minutes",
    "build_paper",
    "build_resolution_extract",
    "build_sample",
    "default_letterhead",
    "letterhead_for",
]
