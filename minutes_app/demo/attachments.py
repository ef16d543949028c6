"""Small real DOCX attachments for the demo county, stored like uploads: a File row plus a blob in the file store."""
from __future__ import annotations

import hashlib
import io
import re
import uuid
from datetime import datetime
from pathlib import Path

from docx import Document
from sqlalchemy.orm import Session

from ..models import File, User
from ..services import files


def docx_bytes(title: str, paragraphs: list[str]) -> bytes:
    """A DOCX document with a heading and paragraphs ("– " marks a bullet)."""
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = "Landkreis Lindenau"
    document.add_heading(title, level=1)
    for text in paragraphs:
        if text.startswith("– "):
            document.add_paragraph(text[2:], style="List Bullet")
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def file_name_for(title: str) -> str:
    """A safe download name: "Anlage 1 – Übersicht" → "Anlage_1_Uebersicht.docx"."""
    ascii_title = title.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ä", "Ae")
    ascii_title = ascii_title.replace("Ö", "Oe").replace("Ü", "Ue").replace("ß", "ss")
    slug = re.sub(r"[^A-Za-z0-9]+", "_", ascii_title).strip("_")[:80]
    return f"{slug or 'Anlage'}.docx"


def store_docx(
    session: Session,
    file_store_dir: Path | None,
    *,
    name: str,
    paragraphs: list[str],
    public: bool,
    created: datetime,
    uploaded_by: User | None = None,
    max_mb: int = 20,
) -> File:
    """Create a DOCX attachment.

    With a file store it goes through the real upload service (checks, text
    extraction, blob under the store); without one only the row is written.
    """
    data = docx_bytes(name, paragraphs)
    if file_store_dir is not None:
        record = files.store_upload(
            session, uploaded_by, stream=io.BytesIO(data), file_name=file_name_for(name), store_dir=file_store_dir,
            max_mb=max_mb, title=name, public=public, isolated=False,  # our own files: no child process
        )
    else:
        record = File(
            name=name, file_name=file_name_for(name), media_type=files.DOCX.media_type, size=len(data),
            sha256=hashlib.sha256(data).hexdigest(), storage_key=uuid.uuid4().hex, public=public,
            # The text the upload service would extract: every non-empty paragraph, one per line.
            text="\n".join(p.removeprefix("– ") for p in [name, *paragraphs] if p.strip()),
            uploaded_by_id=uploaded_by.id if uploaded_by else None,
        )
        session.add(record)
    record.created = created
    return record
