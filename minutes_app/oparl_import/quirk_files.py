"""Repairs of OParl File objects: metadata a server left out, and file ids used for several files.

Real servers omit ``mimeType``, ``fileName``, ``date`` or ``size``, send only a ``downloadUrl``,
or (like the spec's own Meeting example) give different files one and the same id. What can
be inferred (from the file name, the URL, ``created``) is filled in and reported; ``size`` is
reported only, since the download measures it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from .quirk_values import Repair

#: File extensions and their MIME types, for files whose server left ``mimeType`` out.
MIME_BY_EXTENSION = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "rtf": "application/rtf",
    "txt": "text/plain",
    "htm": "text/html",
    "html": "text/html",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "zip": "application/zip",
    "xml": "application/xml",
    "mp3": "audio/mpeg",
    "mp4": "video/mp4",
}


def _url_file_name(obj: dict) -> str | None:
    """The last path segment of the download or access URL, when it looks like a file name."""
    for key in ("downloadUrl", "accessUrl"):
        url = obj.get(key)
        if isinstance(url, str):
            name = unquote(PurePosixPath(urlsplit(url).path).name)
            if re.fullmatch(r".+\.[A-Za-z0-9]{2,5}", name):
                return name
    return None


def _extension(name: Any) -> str:
    if not isinstance(name, str) or "." not in name:
        return ""
    return name.rsplit(".", 1)[1].strip().lower()


def repair_file(obj: dict, report: Callable[[str, str], None]) -> None:
    """File metadata a server left out: access URL, file name, display name, MIME type, date, size."""
    if "accessUrl" not in obj and isinstance(obj.get("downloadUrl"), str):
        obj["accessUrl"] = obj["downloadUrl"]
        report("datei-ohne-zugriffs-url", "accessUrl fehlt, die downloadUrl wird verwendet.")
    if "fileName" not in obj:
        from_url = _url_file_name(obj)
        if from_url:
            obj["fileName"] = from_url
            report("datei-ohne-dateiname", f"Dateiname fehlt, aus der URL übernommen: „{from_url}“.")
    if "name" not in obj and isinstance(obj.get("fileName"), str):
        stem = obj["fileName"].rsplit(".", 1)[0] if "." in obj["fileName"] else obj["fileName"]
        obj["name"] = stem
        report("datei-ohne-namen", f"Anzeigename fehlt, aus dem Dateinamen übernommen: „{stem}“.")
    mime = obj.get("mimeType")
    guessed = MIME_BY_EXTENSION.get(_extension(obj.get("fileName")) or _extension(_url_file_name(obj)))
    if mime is None and guessed:
        obj["mimeType"] = guessed
        report("datei-ohne-mimetyp", f"MIME-Typ fehlt, aus der Dateiendung bestimmt: {guessed}.")
    elif mime in ("application/octet-stream", "application/x-download", "application/force-download") and guessed:
        obj["mimeType"] = guessed
        report("datei-mimetyp-unbestimmt", f"MIME-Typ {mime} durch {guessed} aus der Dateiendung ersetzt.")
    if "date" not in obj:
        for source in ("created", "modified"):
            if isinstance(obj.get(source), str) and re.match(r"\d{4}-\d{2}-\d{2}", obj[source]):
                obj["date"] = obj[source][:10]
                report("datei-ohne-datum", f"Datum fehlt, aus „{source}“ übernommen: {obj['date']}.")
                break
    if "size" not in obj:
        report("datei-ohne-groesse", "Dateigröße fehlt; sie wird beim Herunterladen bestimmt.")


def unique_file_ids(obj: Any, object_id: str, repairs: list[Repair]) -> None:
    """Give embedded files that share an id with a different file a derived id of their own (in place).

    The derived id (``<id>#datei-2``) depends only on the order in the object, so a second
    import derives the same ids and changes nothing.
    """
    seen: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for file in _embedded_files(obj):
        file_id = file.get("id")
        if not isinstance(file_id, str):
            continue
        target = (file.get("accessUrl"), file.get("downloadUrl"))
        if file_id not in seen:
            seen[file_id] = target
        elif seen[file_id] != target:
            counts[file_id] = counts.get(file_id, 1) + 1
            file["id"] = f"{file_id}#datei-{counts[file_id]}"
            repairs.append(Repair("datei-id-mehrfach", object_id,
                                  f"Die Datei-ID {file_id} steht für mehrere Dateien; "
                                  f"„{file.get('name') or file.get('fileName') or ''}“ erhält die ID {file['id']}."))


_FILE_FIELDS = ("mainFile", "auxiliaryFile", "invitation", "resultsProtocol", "verbatimProtocol", "resolutionFile")


def _embedded_files(obj: Any) -> list[dict]:
    """Embedded File objects anywhere below ``obj``, in document order."""
    found: list[dict] = []
    if isinstance(obj, list):
        for item in obj:
            found.extend(_embedded_files(item))
    elif isinstance(obj, dict):
        for key, value in obj.items():
            if key in _FILE_FIELDS:
                found.extend(f for f in (value if isinstance(value, list) else [value]) if isinstance(f, dict))
            if isinstance(value, (dict, list)):
                found.extend(_embedded_files(value))
    return found
