"""The body's letterhead: the .docx every Word export is built on (upload checked by content, reset)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from ..models import Body, User
from . import audit, files
from .errors import ValidationFailed

#: A letterhead is a template with a logo, not an attachment: a few MB at most.
MAX_LETTERHEAD_MB = 5


def letterhead_bytes(body: Body, store_dir: str | Path) -> bytes | None:
    """The uploaded letterhead of the body, or None for the built-in one (also when its blob is missing)."""
    record = body.letterhead_file
    if record is None:
        return None
    try:
        return files.blob_path(store_dir, record.storage_key).read_bytes()
    except (OSError, ValueError):
        return None


def store_letterhead(
    session: Session, actor: User | None, body: Body, *, stream: BinaryIO, file_name: str, store_dir: str | Path
) -> str | None:
    """Check and store a ``.docx`` as the body's letterhead; returns the storage key of the replaced one.

    The content decides: only a real Word document (checked by
    :func:`files.store_upload`) is accepted. The caller deletes the returned
    blob after its commit.
    """
    if files.extension_of(files.clean_file_name(file_name)) != ".docx":
        raise ValidationFailed({"file": "Der Briefkopf muss ein Word-Dokument im Format .docx sein."})
    record = files.store_upload(
        session,
        actor,
        stream=stream,
        file_name=file_name,
        store_dir=store_dir,
        max_mb=min(MAX_LETTERHEAD_MB, body.max_upload_mb),
        title="Briefkopf",
        public=False,
    )
    old = body.letterhead_file
    body.letterhead_file = record
    session.flush()
    audit.record(session, actor, body, "body.letterhead_changed", f"Briefkopf {record.file_name} hochgeladen")
    return files.delete_file(session, actor, old) if old is not None else None


def reset_letterhead(session: Session, actor: User | None, body: Body) -> str | None:
    """Go back to the built-in letterhead; returns the storage key whose blob the caller removes after commit."""
    old = body.letterhead_file
    if old is None:
        return None
    body.letterhead_file = None
    session.flush()
    audit.record(session, actor, body, "body.letterhead_reset", "Briefkopf entfernt; der Standard-Briefkopf gilt")
    return files.delete_file(session, actor, old)
