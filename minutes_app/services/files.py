"""The file store: checked uploads, blobs on disk, metadata and extracted text in the database.

An upload is streamed to a temporary file while its size and sha256 are
counted, then its type is decided by its content (magic bytes; for the
zip-based office formats by the zip's own ``mimetype``/``[Content_Types].xml``
entries), never by its name alone. Zip containers are checked for their
unpacked size, their number of entries and their compression ratio before any
library opens them. Only a fully checked upload is moved to its final,
server-generated name and gets a :class:`File` row; a rejected upload leaves
neither a row nor a blob behind.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from ..models import File, User
from ..uploads import extraction
from . import audit
from .errors import ValidationFailed

CHUNK = 64 * 1024
#: Limits for zip containers (DOCX, XLSX, ODT) against zip bombs.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
MAX_COMPRESSION_RATIO = 200
MAX_NAME_LENGTH = 200

_STORAGE_KEY = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class FileKind:
    """An accepted file format."""

    media_type: str
    extensions: frozenset[str]
    label: str


PDF = FileKind("application/pdf", frozenset({".pdf"}), "PDF-Dokument")
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", frozenset({".docx"}), "Word-Dokument"
)
XLSX = FileKind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", frozenset({".xlsx"}), "Excel-Tabelle"
)
ODT = FileKind("application/vnd.oasis.opendocument.text", frozenset({".odt"}), "OpenDocument-Text")
PNG = FileKind("image/png", frozenset({".png"}), "PNG-Bild")
JPEG = FileKind("image/jpeg", frozenset({".jpg", ".jpeg"}), "JPEG-Bild")
KINDS = (PDF, DOCX, ODT, XLSX, PNG, JPEG)
ALLOWED_EXTENSIONS = frozenset(ext for kind in KINDS for ext in kind.extensions)
ALLOWED_LABEL = "PDF, DOCX, ODT, XLSX, PNG und JPEG"
#: For the ``accept`` attribute of upload fields.
ACCEPT = ",".join(sorted(ALLOWED_EXTENSIONS))

_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java class
    b"#!",
)
_WORD_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_EXCEL_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def _reject(message: str) -> ValidationFailed:
    return ValidationFailed({"file": message})


def clean_file_name(name: str | None) -> str:
    """A display-safe file name: no path, no control characters, bounded length, umlauts kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if not name:
        return "Anlage"
    stem, dot, ext = name.rpartition(".")
    if dot and len(ext) <= 10:
        return stem[: MAX_NAME_LENGTH - len(ext) - 1].rstrip() + "." + ext
    return name[:MAX_NAME_LENGTH]


def extension_of(name: str) -> str:
    """The lower-case extension with its dot ("" if none)."""
    return Path(name).suffix.lower()


def _check_zip(path: Path) -> FileKind:
    """Identify a zip-based office file after checking it is no zip bomb."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _reject("Die Datei ist beschädigt und kann nicht gelesen werden.") from exc
    bomb = _reject(
        "Die Datei ist entpackt zu groß oder enthält zu viele Bestandteile (möglicherweise eine "
        "Archivbombe) und wurde abgelehnt."
    )
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            raise bomb
        for info in infos:
            if info.file_size > 1024 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
                raise bomb
        names = set(archive.namelist())
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            raise _reject("Dateien mit Makros sind nicht zulässig.")
        try:
            if "mimetype" in names:
                mimetype = archive.open("mimetype").read(200).strip()
                if mimetype == ODT.media_type.encode() and "content.xml" in names:
                    return ODT
            elif "[Content_Types].xml" in names:
                content_types = archive.open("[Content_Types].xml").read(1024 * 1024)
                if b"macroEnabled" in content_types:
                    raise _reject("Dateien mit Makros sind nicht zulässig.")
                if "word/document.xml" in names and _WORD_MAIN in content_types:
                    return DOCX
                if "xl/workbook.xml" in names and _EXCEL_MAIN in content_types:
                    return XLSX
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise _reject("Die Datei ist beschädigt und kann nicht gelesen werden.") from exc
    raise _reject(f"Der Inhalt der Datei entspricht keinem zulässigen Format ({ALLOWED_LABEL}).")


def sniff(path: Path) -> FileKind:
    """The file's format judged by its content; raises :class:`ValidationFailed` otherwise."""
    with path.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _check_zip(path)
    if head.startswith(_EXECUTABLE_MAGIC):
        raise _reject("Ausführbare Dateien und Skripte sind nicht zulässig, auch nicht unter anderer Dateiendung.")
    raise _reject(f"Der Inhalt der Datei entspricht keinem zulässigen Format ({ALLOWED_LABEL}).")


def extract_text(path: Path, kind: FileKind, *, isolated: bool = False) -> str:
    """Text of a PDF, DOCX or ODT for the search index ("" for other formats); images are fully decoded.

    Parsing is capped (bytes, pages, characters, time; see
    :mod:`minutes_app.uploads.extraction`); ``isolated`` runs it in a child
    process with memory and CPU limits, as every upload from a user does.
    """
    try:
        if isolated:
            return extraction.inspect_isolated(path, kind.media_type)
        return extraction.inspect(path, kind.media_type)
    except extraction.Rejected as refused:
        raise _reject(str(refused)) from refused


def blob_path(store_dir: str | Path, storage_key: str) -> Path:
    """Where the blob of ``storage_key`` lives; keys are server-generated hex, never user input."""
    if not _STORAGE_KEY.match(storage_key):
        raise ValueError("invalid storage key")
    return Path(store_dir) / storage_key[:2] / storage_key


def delete_blob(store_dir: str | Path, storage_key: str) -> None:
    """Remove a blob (after its row was deleted or its transaction failed); missing blobs are fine."""
    try:
        blob_path(store_dir, storage_key).unlink(missing_ok=True)
    except ValueError:
        return


def _receive(stream: BinaryIO, target: Path, max_bytes: int, max_mb: int) -> tuple[int, str]:
    """Copy the upload to ``target`` counting size and sha256; stop as soon as it is too large."""
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise _reject(f"Die Datei ist größer als die zulässigen {max_mb} MB.")
            digest.update(chunk)
            out.write(chunk)
    return size, digest.hexdigest()


@dataclass(frozen=True)
class StagedUpload:
    """A received, checked and extracted upload whose blob is in place but has no database row yet."""

    name: str
    kind: FileKind
    size: int
    sha256: str
    storage_key: str
    text: str


def stage_upload(
    *, stream: BinaryIO, file_name: str, store_dir: str | Path, max_mb: int, isolated: bool = True
) -> StagedUpload:
    """Receive, check and extract an upload and move its blob into place — all without the database.

    This is the slow part of an upload (receiving, sniffing, decoding, text
    extraction); callers run it before they open a write transaction, so no
    other user's save waits for it. Raises :class:`ValidationFailed` (field
    ``file``) with a German message for a wrong type, an oversize or empty
    file, an executable, a macro document, a zip bomb or a damaged image;
    nothing is kept in that case. Discard a staged upload that is not recorded
    with :func:`delete_blob`.
    """
    name = clean_file_name(file_name)
    extension = extension_of(name)
    if extension not in ALLOWED_EXTENSIONS:
        shown = f"„{extension}“" if extension else "ohne Endung"
        raise _reject(f"Dateien {shown} sind nicht zulässig. Erlaubt sind {ALLOWED_LABEL}.")
    store = Path(store_dir)
    incoming = store / "tmp"
    incoming.mkdir(parents=True, exist_ok=True)
    storage_key = uuid.uuid4().hex
    temp = incoming / f"{storage_key}.part"
    final = blob_path(store, storage_key)
    try:
        size, sha256 = _receive(stream, temp, max_mb * 1024 * 1024, max_mb)
        if size == 0:
            raise _reject("Die Datei ist leer.")
        kind = sniff(temp)
        if extension not in kind.extensions:
            raise _reject(
                f"Der Inhalt der Datei ({kind.label}) passt nicht zur Dateiendung „{extension}“. "
                "Bitte prüfen Sie die Datei."
            )
        text = extract_text(temp, kind, isolated=isolated)
        final.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temp.chmod(0o600)  # attachments may be non-public: never readable by other accounts on the host
        os.replace(temp, final)
    finally:
        temp.unlink(missing_ok=True)
    return StagedUpload(name=name, kind=kind, size=size, sha256=sha256, storage_key=storage_key, text=text)


def record_upload(
    session: Session, actor: User | None, staged: StagedUpload, *, store_dir: str | Path, title: str = "",
    public: bool = False,
) -> File:
    """The :class:`File` row of a staged upload (flushed, not linked to anything); quick, for the write transaction.

    New files are nichtöffentlich unless the caller says otherwise: publishing is a decision, not a default.
    """
    record = File(
        name=(title.strip() or Path(staged.name).stem)[:300],
        file_name=staged.name,
        media_type=staged.kind.media_type,
        size=staged.size,
        sha256=staged.sha256,
        storage_key=staged.storage_key,
        text=staged.text,
        public=public,
        uploaded_by_id=actor.id if actor else None,
    )
    try:
        session.add(record)
        session.flush()
    except Exception:
        delete_blob(store_dir, staged.storage_key)
        raise
    audit.record(session, actor, record, "file.uploaded", f"Datei {staged.name} hochgeladen ({staged.size} Bytes)")
    return record


def store_upload(
    session: Session,
    actor: User | None,
    *,
    stream: BinaryIO,
    file_name: str,
    store_dir: str | Path,
    max_mb: int,
    title: str = "",
    public: bool = False,
    isolated: bool = True,
) -> File:
    """:func:`stage_upload` and :func:`record_upload` in one step (for callers without a lock to spare).

    The caller deletes the blob with :func:`delete_blob` if its transaction fails later.
    """
    staged = stage_upload(stream=stream, file_name=file_name, store_dir=store_dir, max_mb=max_mb, isolated=isolated)
    return record_upload(session, actor, staged, store_dir=store_dir, title=title, public=public)


def delete_file(session: Session, actor: User | None, record: File) -> str:
    """Delete a file's row; returns the storage key whose blob the caller removes after commit."""
    key = record.storage_key
    audit.record(session, actor, record, "file.deleted", f"Datei {record.file_name} gelöscht")
    session.delete(record)
    session.flush()
    return key


def kind_label(media_type: str) -> str:
    """The German name of a stored file's format, e.g. "PDF-Dokument"."""
    return next((kind.label for kind in KINDS if kind.media_type == media_type), media_type)


def size_label(size: int) -> str:
    """A German size label, e.g. "1,4 MB" or "820 KB"."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"
