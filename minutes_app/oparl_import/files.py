"""The File writer: download, check like an upload, extract the text for search, keep the OParl id.

A file is fetched once: a repeated import updates its metadata only. The
blob goes through the same checks as a user's upload (content decides the
type, zip bombs, macros and executables are refused, text extraction runs in
a child process with limits); a refused or unreachable file is reported as
skipped and the object that named it is imported without it. A blob stored
for an object whose transaction fails is removed again (see the runner).
"""
from __future__ import annotations

import mimetypes
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..models import File
from ..services import files as file_store
from ..services.errors import ValidationFailed
from ..uploads import text_cleanup
from .catalog import parse_date, parse_datetime, ref, text, utc
from .context import ImportContext, assign, revive
from .sources import FetchFailed, FolderSource

EXTENSIONS = {kind.media_type: sorted(kind.extensions)[0] for kind in file_store.KINDS}


def _file_name(raw: dict[str, Any], url: str) -> str:
    """A name whose extension says what the file is (``fileName``, else name + the type's extension)."""
    for candidate in (text(raw.get("fileName")), unquote(urlsplit(url).path.rsplit("/", 1)[-1])):
        if file_store.extension_of(candidate) in file_store.ALLOWED_EXTENSIONS:
            return candidate
    media = text(raw.get("mimeType")).split(";")[0].strip().lower()
    extension = EXTENSIONS.get(media) or mimetypes.guess_extension(media) or ""
    stem = text(raw.get("fileName")) or text(raw.get("name")) or "Anlage"
    return f"{stem}{extension}"


def _fetch(ctx: ImportContext, raw: dict[str, Any], target: Path) -> str:
    """Put the file's bytes at ``target``; returns the URL used. Raises :class:`FetchFailed`."""
    source = ctx.source
    if isinstance(source, FolderSource):
        local = source.local_file(raw)
        if local is not None:
            target.write_bytes(local.read_bytes())
            return str(local)
    url = text(raw.get("downloadUrl")) or text(raw.get("accessUrl"))
    if not url:
        raise FetchFailed("die Datei hat weder accessUrl noch downloadUrl.")
    source.download(url, target, ctx.options.max_file_mb * 1024 * 1024)
    return url


def _metadata(raw: dict[str, Any]) -> dict[str, Any]:
    created = utc(parse_datetime(raw.get("created")))
    values: dict[str, Any] = {
        "date": parse_date(raw.get("date")),
        "file_license": text(raw.get("fileLicense"), 300),
        "external_service_url": text(raw.get("externalServiceUrl"), 500),
        "keywords": [k for k in (text(w, 200) for w in raw.get("keyword") or []) if k],
    }
    if text(raw.get("name")):
        values["name"] = text(raw.get("name"), 300)
    if created is not None:
        values["created"] = created
    return values


#: Cache key of the files of a page downloaded and checked before its transaction.
STAGED = "staged_files"
#: Marks a file whose download or check failed (already reported).
REFUSED = object()
#: Fields holding files, and the embedded TOPs that hold more.
FILE_FIELDS = ("mainFile", "auxiliaryFile", "invitation", "resultsProtocol", "verbatimProtocol", "resolutionFile")


def _stage(ctx: ImportContext, raw: dict[str, Any]) -> Any:
    """Download and check one file without the database; the :class:`StagedUpload`, or :data:`REFUSED` (reported)."""
    oparl_id = str(raw["id"])
    store = Path(ctx.options.store_dir)
    (store / "tmp").mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=store / "tmp", suffix=".download") as handle:
        try:
            url = _fetch(ctx, raw, Path(handle.name))
            with open(handle.name, "rb") as stream:
                return file_store.stage_upload(stream=stream, file_name=_file_name(raw, url), store_dir=store,
                                               max_mb=ctx.options.max_file_mb, isolated=True)
        except FetchFailed as failed:
            ctx.report.skip("File", oparl_id, f"nicht geladen: {failed}")
        except ValidationFailed as refused:
            ctx.report.skip("File", oparl_id, f"abgelehnt: {' '.join(refused.errors.values())}")
    return REFUSED


def _embedded_files(raw: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for key in FILE_FIELDS:
        value = raw.get(key)
        found += [f for f in (value if isinstance(value, list) else [value])
                  if isinstance(f, dict) and isinstance(f.get("id"), str) and not f.get("deleted")]
    for item in raw.get("agendaItem") or []:
        if isinstance(item, dict):
            found += _embedded_files(item)
    return found


def stage_page_files(ctx: ImportContext, objects: list[dict[str, Any]]) -> None:
    """Download and check the page's new files before its transaction begins.

    Downloads and text extraction take seconds per file; done inside the
    transaction they would hold SQLite's write lock and make every save in the
    running portal wait. Only the quick row inserts happen in the transaction.
    """
    if not ctx.options.with_files:
        return
    known = ctx.ids(File)
    ctx.session.commit()  # the lookup began a transaction: end it before the slow part
    staged = ctx.cache.setdefault(STAGED, {})
    for obj in objects:
        for raw in _embedded_files(obj):
            if raw["id"] not in known and raw["id"] not in staged:
                staged[raw["id"]] = _stage(ctx, ctx.repair(raw, "File"))


def discard_unused(ctx: ImportContext) -> None:
    """Remove the blobs of staged files no object took (their object failed)."""
    for staged in ctx.cache.pop(STAGED, {}).values():
        if staged is not REFUSED:
            file_store.delete_blob(ctx.options.store_dir, staged.storage_key)


def write_file(ctx: ImportContext, raw: dict[str, Any]) -> int | None:
    """One file; None when it is deleted, not loaded (``--no-files``) or refused."""
    oparl_id = str(raw["id"])
    found = ctx.find(File, oparl_id)
    if raw.get("deleted"):
        ctx.delete(found, "File", oparl_id)
        return None
    if found is not None:
        changed = revive(found) | assign(found, _metadata(raw))
        ctx.finish(found, "File", created=False, changed=changed, audited=False)
        return found.id
    if not ctx.options.with_files:
        ctx.report.files_skipped += 1
        return None
    staged = ctx.cache.get(STAGED, {}).pop(oparl_id, None) or _stage(ctx, raw)
    if staged is None or staged is REFUSED:
        return None
    ctx.new_blobs.append(staged.storage_key)
    # Extraction cleans PDF text itself; the server's own ``text`` (when the file yields none) is cleaned alike.
    content = staged.text or text_cleanup.clean_text(text(raw.get("text")))
    record = File(
        name=(text(raw.get("name"), 300) or Path(staged.name).stem)[:300], file_name=staged.name,
        media_type=staged.kind.media_type, size=staged.size, sha256=staged.sha256,
        storage_key=staged.storage_key, text=content, public=True, oparl_id=oparl_id,
    )
    assign(record, _metadata(raw))
    ctx.session.add(record)
    ctx.finish(record, "File", created=True, changed=True, label=f"Datei {staged.name}")
    return record.id


def file_id(ctx: ImportContext, value: Any, referenced_by: str) -> int | None:
    """The row of an embedded or referenced File (written in its own savepoint)."""
    raw = value if isinstance(value, dict) else None
    fetched = raw is None
    if raw is None:
        reference = ref(value)
        if reference is None:
            return None
        known = ctx.ids(File).get(reference)
        if known is not None:
            return known
        try:
            raw = ctx.source.get(reference)
        except FetchFailed:
            raw = None
        if raw is None:
            ctx.report.missing(reference, referenced_by)
            return None
    if not isinstance(raw.get("id"), str):
        ctx.report.skip("File", referenced_by, "Datei ohne id")
        return None
    # An embedded file was repaired with its parent; one fetched on its own is repaired here.
    repaired = ctx.repair(raw, "File") if fetched else raw
    with ctx.session.begin_nested():
        return write_file(ctx, repaired)


def file_ids(ctx: ImportContext, values: Any, referenced_by: str) -> list[int]:
    """The rows of a list of files, in order, without duplicates."""
    found = [file_id(ctx, v, referenced_by) for v in (values if isinstance(values, list) else [])]
    return list(dict.fromkeys(i for i in found if i is not None))
