"""Bounded inspection of an uploaded file: its text for search, or a full decode of an image.

Untrusted files may be built to cost a lot: a legal DOCX of 17 MB can unpack to
190 MB of XML, a PDF can hold thousands of pages, an image can decode to
gigapixels. Every reader here is capped by parsed bytes, pages, characters and
wall time, and streams instead of building a tree. :func:`inspect_isolated`
additionally runs the work in a child process with a memory and CPU limit, so
even a parser bug cannot take the web worker's memory or time.
"""
from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from . import text_cleanup

#: What extraction may parse: beyond these it stops and keeps the text read so far.
MAX_TEXT_CHARS = 1_000_000
MAX_PDF_PAGES = 2000
MAX_XML_BYTES = 64 * 1024 * 1024
MAX_SECONDS = 20.0
#: Share of MAX_SECONDS in which pages with tables are read again in pypdf's layout mode (their
#: columns stay apart); layout mode costs about twice plain mode (measured CPU on a 57-page
#: LibreOffice PDF: 31 against 64 pages a second), so after this share every page is read in
#: plain mode only and a long PDF still yields about as much text as before.
LAYOUT_SHARE = 0.25
#: Limits of the child process (address space and CPU seconds).
CHILD_MEMORY_BYTES = 1024 * 1024 * 1024
CHILD_TIMEOUT_SECONDS = 30.0
#: Images larger than this are refused (decoding them would need gigabytes).
MAX_IMAGE_PIXELS = 40_000_000

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


class Rejected(Exception):
    """The file is damaged or not what it claims to be; ``str(err)`` is the German message."""


@dataclass
class _Budget:
    """Characters and time left for one extraction."""

    deadline: float
    chars: int = 0

    def spent(self) -> bool:
        return self.chars >= MAX_TEXT_CHARS or time.monotonic() > self.deadline


class _Capped(io.RawIOBase):
    """A reader that ends (as if at end of file) after ``limit`` bytes: parsing stops, memory stays bounded."""

    def __init__(self, inner: IO[bytes], limit: int) -> None:
        self.inner, self.left = inner, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.left <= 0:
            return 0
        view = memoryview(buffer)[: min(len(buffer), self.left)]
        data = self.inner.read(len(view))
        view[: len(data)] = data
        self.left -= len(data)
        return len(data)


def _stream_xml_text(stream: IO[bytes], paragraph_tags: tuple[str, ...], text_tags: tuple[str, ...],
                     budget: _Budget) -> str:
    """Text of paragraphs read incrementally; elements are freed as they end."""
    from lxml import etree

    parts: list[str] = []
    capped = io.BufferedReader(_Capped(stream, MAX_XML_BYTES))
    events = etree.iterparse(
        capped, events=("end",), resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    try:
        for _event, element in events:
            tag = element.tag
            if tag in paragraph_tags:
                text = "".join(element.itertext()) if text_tags == () else "".join(
                    t.text or "" for t in element.iter(*text_tags)
                )
                if text.strip():
                    parts.append(text)
                    budget.chars += len(text)
                element.clear()
                # Drop the emptied elements before this one as well, so memory stays flat on long documents.
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
                if budget.spent():
                    break
    except etree.XMLSyntaxError as exc:
        if not parts:
            raise Rejected("Das Dokument ist beschädigt und kann nicht gelesen werden.") from exc
    return "\n".join(parts)


def docx_text(path: Path, budget: _Budget) -> str:
    """Paragraph text of a DOCX (tables included: their cells are paragraphs), streamed."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("word/document.xml") as stream:
            return _stream_xml_text(stream, (f"{_W}p",), (f"{_W}t",), budget)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error) as exc:
        raise Rejected("Das Word-Dokument ist beschädigt und kann nicht gelesen werden.") from exc
    except Rejected as exc:
        raise Rejected("Das Word-Dokument ist beschädigt und kann nicht gelesen werden.") from exc


def odt_text(path: Path, budget: _Budget) -> str:
    """Paragraph and heading text of an OpenDocument text, streamed."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
            return _stream_xml_text(stream, (f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"), (), budget)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error) as exc:
        raise Rejected("Das OpenDocument ist beschädigt und kann nicht gelesen werden.") from exc
    except Rejected as exc:
        raise Rejected("Das OpenDocument ist beschädigt und kann nicht gelesen werden.") from exc


def _page_text(page: object, layout: bool) -> str:
    """One page's text; a page with a table is read again in pypdf's layout mode, so its columns stay apart.

    Layout mode prints the page as it looks but costs about twice plain mode, so it is
    used only where plain mode shows rows of figures (``layout`` says whether time is left for
    it). Two columns of prose would interleave line by line in layout mode; then plain mode
    (content-stream order) is kept.
    """
    extract = page.extract_text  # type: ignore[attr-defined]
    plain = extract() or ""
    if not layout or not text_cleanup.looks_tabular(plain):
        return plain
    try:
        text = extract(extraction_mode="layout", layout_mode_space_vertically=False)
    except Exception:  # layout mode trips over some fonts and matrices; plain mode read the page
        return plain
    if not text or text_cleanup.looks_multicolumn(text):
        return plain
    return text


def pdf_text(path: Path, budget: _Budget) -> str:
    """Cleaned text of at most MAX_PDF_PAGES pages of a PDF, until the budget is spent."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        pages = reader.pages
        count = len(pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise Rejected("Die PDF-Datei ist beschädigt und kann nicht gelesen werden.") from exc
    texts: list[str] = []
    layout_until = time.monotonic() + (budget.deadline - time.monotonic()) * LAYOUT_SHARE
    for index in range(min(count, MAX_PDF_PAGES)):
        try:
            text = _page_text(pages[index], layout=time.monotonic() < layout_until)
        except Exception:  # a page we cannot read only costs its text
            continue
        texts.append(text)
        budget.chars += len(text)
        if budget.spent():
            break
    return text_cleanup.clean_pdf_pages(texts)


def _png_structure(data: bytes) -> None:
    """Walk the PNG chunks with their CRCs; anything after IEND (a polyglot's payload) is refused."""
    position = 8
    while position + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        end = position + 12 + length
        if end > len(data) or zlib.crc32(data[position + 4 : end - 4]) != struct.unpack(">I", data[end - 4 : end])[0]:
            break
        if kind == b"IEND":
            if end == len(data):
                return
            break
        position = end
    raise Rejected("Das PNG-Bild ist beschädigt oder enthält zusätzliche Daten und wurde abgelehnt.")


def check_image(path: Path, media_type: str) -> None:
    """Decode the whole image and check its structure; polyglots and damaged images are refused."""
    from PIL import Image

    data = path.read_bytes()
    if media_type == PNG:
        _png_structure(data)
    elif media_type == JPEG and not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise Rejected("Das JPEG-Bild ist beschädigt oder enthält zusätzliche Daten und wurde abgelehnt.")
    expected = "PNG" if media_type == PNG else "JPEG"
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Rejected("Das Bild ist zu groß (zu viele Bildpunkte) und wurde abgelehnt.") from exc
    except Exception as exc:  # Pillow raises many kinds for broken data
        raise Rejected("Das Bild ist beschädigt und kann nicht gelesen werden.") from exc


def inspect(path: Path, media_type: str, *, seconds: float = MAX_SECONDS) -> str:
    """Check and read ``path`` in this process (caps apply); returns the text for search ("" for images)."""
    budget = _Budget(deadline=time.monotonic() + seconds)
    if media_type in (PNG, JPEG):
        check_image(path, media_type)
        return ""
    readers = {PDF: pdf_text, DOCX: docx_text, ODT: odt_text}
    reader = readers.get(media_type)
    text = reader(path, budget) if reader else ""
    if media_type != PDF:
        # PDF pages were cleaned page by page; Word and OpenDocument text may hold soft hyphens and symbol bullets.
        text = text_cleanup.clean_text(text)
    return text.replace("\x00", "")[:MAX_TEXT_CHARS]


def inspect_isolated(path: Path, media_type: str) -> str:
    """:func:`inspect` in a child process limited in memory and time.

    A child that runs out of time or memory only costs the file its search text
    (the upload itself is legal); a damaged file is refused with the child's message.
    """
    command = [sys.executable, "-m", "minutes_app.uploads.worker", str(path), media_type]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    try:
        done = subprocess.run(command, capture_output=True, timeout=CHILD_TIMEOUT_SECONDS, env=env, check=False)
    except subprocess.TimeoutExpired:
        if media_type in (PNG, JPEG):
            raise Rejected("Das Bild konnte nicht in angemessener Zeit geprüft werden und wurde abgelehnt.") from None
        return ""
    if done.returncode == 0:
        return done.stdout.decode("utf-8", "replace")
    if done.returncode == 3:
        raise Rejected(done.stderr.decode("utf-8", "replace").strip())
    # Killed by the memory or CPU limit (or crashed): images must pass, documents only lose their text.
    if media_type in (PNG, JPEG):
        raise Rejected("Das Bild konnte nicht geprüft werden und wurde abgelehnt.")
    return ""
