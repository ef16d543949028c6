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
from . import audit
from .errors import ValidationFailed

CHUNK = 64 * 1024
#: Limits for zip containers (DOCX, XLSX, ODT) against zip bombs.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
MAX_COMPRESSION_RATIO = 200
#: Extracted text is for search; more than this adds nothing but index size.
MAX_TEXT_CHARS = 1_000_000
MAX_PDF_PAGES = 2000
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


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        pages = reader.pages
        count = len(pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise _reject("Die PDF-Datei ist beschädigt und kann nicht gelesen werden.") from exc
    texts: list[str] = []
    size = 0
    for index in range(min(count, MAX_PDF_PAGES)):
        try:
            text = pages[index].extract_text() or ""
        except Exception:  # a page we cannot read only costs its text
            continue
        texts.append(text)
        size += len(text)
        if size > MAX_TEXT_CHARS:
            break
    return "\n".join(texts)


def _docx_text(path: Path) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise _reject("Das Word-Dokument ist beschädigt und kann nicht gelesen werden.") from exc
    except Exception as exc:  # malformed XML inside the package
        raise _reject("Das Word-Dokument ist beschädigt und kann nicht gelesen werden.") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(line for line in lines if line.strip())


def _odt_text(path: Path) -> str:
    from lxml import etree

    # No entity expansion and no network: content.xml is untrusted input.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        with zipfile.ZipFile(path) as archive:
            root = etree.fromstring(archive.read("content.xml"), parser)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise _reject("Das OpenDocument ist beschädigt und kann nicht gelesen werden.") from exc
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    paragraphs = root.iter(f"{{{text_ns}}}p", f"{{{text_ns}}}h")
    return "\n".join("".join(p.itertext()) for p in paragraphs)


def extract_text(path: Path, kind: FileKind) -> str:
    """Text of a PDF, DOCX or ODT for the search index ("" for other formats)."""
    if kind is PDF:
        text = _pdf_text(path)
    elif kind is DOCX:
        text = _docx_text(path)
    elif kind is ODT:
        text = _odt_text(path)
    else:
        return ""
    return text.replace("\x00", "")[:MAX_TEXT_CHARS]


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


def store_upload(
    session: Session,
    actor: User | None,
    *,
    stream: BinaryIO,
    file_name: str,
    store_dir: str | Path,
    max_mb: int,
    title: str = "",
    public: bool = True,
) -> File:
    """Check and store an upload; returns the new :class:`File` (flushed, not linked to anything).

    Raises :class:`ValidationFailed` (field ``file``) with a German message for
    a wrong type, an oversize or empty file, an executable, a macro document or
    a zip bomb; nothing is kept in that case. The caller deletes the blob with
    :func:`delete_blob` if its transaction fails later.
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
        text = extract_text(temp, kind)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temp, final)
    finally:
        temp.unlink(missing_ok=True)
    record = File(
        name=(title.strip() or Path(name).stem)[:300],
        file_name=name,
        media_type=kind.media_type,
        size=size,
        sha256=sha256,
        storage_key=storage_key,
        text=text,
        public=public,
        uploaded_by_id=actor.id if actor else None,
    )
    try:
        session.add(record)
        session.flush()
    except Exception:
        delete_blob(store, storage_key)
        raise
    audit.record(session, actor, record, "file.uploaded", f"Datei {name} hochgeladen ({size} Bytes)")
    return record


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
