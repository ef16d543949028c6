"""Where the OParl JSON comes from: a live server over HTTP, or a folder a crawler saved.

Both answer the same three questions for the runner: the bodies to import
(:meth:`bodies`), the pages of one of a body's lists (:meth:`pages`, resumable
from a page token) and single objects by their ``id`` (:meth:`get`, ``None``
when absent). Files are fetched with :meth:`download`.

HTTP is polite and robust: a pause between requests, a timeout per request,
retries with exponential backoff on 5xx, 429, timeouts and broken connections,
and a crawl cache on disk (one JSON file per URL) that lets an interrupted run
resume without fetching again; the runner empties it after a complete run.

A folder holds objects and list pages in any file names (``*.json``, nested
folders too); every object, embedded ones included, is found by its ``id``.
"""
from __future__ import annotations

import hashlib
import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from .catalog import EMBEDDED_FIELDS, LIST_FIELDS, parse_datetime, type_name

USER_AGENT = "minutes-app-oparl-import/1.0 (+https://schema.oparl.org/)"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
ABSENT_STATUS = frozenset({404, 410})


class FetchFailed(Exception):
    """A request failed for good (after the retries); ``str(err)`` is the German message."""


@dataclass
class Page:
    """One page of a list: its objects and the token that resumes after it (None: the list is done)."""

    objects: list[dict[str, Any]]
    next_token: str | None


class HttpSource:
    """An OParl server reached over HTTP."""

    def __init__(self, root: str, *, timeout: float = 30.0, pause: float = 0.2, retries: int = 4,
                 backoff: float = 1.0, cache_dir: Path | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.root = root
        self.timeout, self.pause, self.retries, self.backoff = timeout, pause, retries, backoff
        self.cache_dir = cache_dir
        self.sleep = sleep
        self.requests = 0
        self.retried = 0
        self._last_request = 0.0

    # -- transport --------------------------------------------------------------------

    def _wait_politely(self) -> None:
        gap = self.pause - (time.monotonic() - self._last_request)
        if gap > 0:
            self.sleep(gap)
        self._last_request = time.monotonic()

    def _open(self, url: str) -> bytes | None:
        """The body of ``url``; None for 404/410; retries transient failures; raises :class:`FetchFailed`."""
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.retried += 1
                self.sleep(self.backoff * 2 ** (attempt - 1))
            self._wait_politely()
            self.requests += 1
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (http/https only)
                    return bytes(response.read())
            except urllib.error.HTTPError as error:
                error.close()
                if error.code in ABSENT_STATUS:
                    return None
                if error.code not in RETRY_STATUS:
                    raise FetchFailed(f"{url}: der Server antwortet mit HTTP {error.code}.") from error
                problem = f"HTTP {error.code}"
            except (TimeoutError, socket.timeout):
                problem = f"keine Antwort innerhalb von {self.timeout:g} s"
            except (urllib.error.URLError, ConnectionError, OSError) as error:
                problem = f"Verbindung fehlgeschlagen ({getattr(error, 'reason', error)})"
        raise FetchFailed(f"{url}: {problem}, auch nach {self.retries} Wiederholungen.")

    def _cache_file(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / (hashlib.sha256(url.encode()).hexdigest() + ".json")

    def get_json(self, url: str) -> dict[str, Any] | None:
        """The JSON object at ``url`` (cached for a resumed run); None when absent."""
        cached = self._cache_file(url)
        if cached is not None and cached.exists():
            loaded: dict[str, Any] | None = json.loads(cached.read_text(encoding="utf-8"))
            return loaded
        body = None
        for _attempt in range(2):  # a truncated body is transient, too
            body = self._open(url)
            if body is None:
                return None
            try:
                document = json.loads(body.decode("utf-8-sig"))
                break
            except (UnicodeDecodeError, json.JSONDecodeError):
                document = None
        if not isinstance(document, dict):
            raise FetchFailed(f"{url}: die Antwort ist kein OParl-JSON-Objekt.")
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return document

    # -- the source interface -----------------------------------------------------------

    def get(self, object_id: str) -> dict[str, Any] | None:
        """The object whose ``id`` is ``object_id``, fetched from there."""
        if not object_id.startswith(("http://", "https://")):
            return None
        return self.get_json(object_id)

    def bodies(self) -> list[dict[str, Any]]:
        """The Body objects behind the root URL (a System or a Body)."""
        root = self.get_json(self.root)
        if root is None:
            raise FetchFailed(f"{self.root}: unter dieser Adresse gibt es kein OParl-Objekt.")
        if type_name(root) == "Body":
            return [root]
        if type_name(root) != "System" and "body" not in root:
            raise FetchFailed(f"{self.root}: das ist weder ein OParl-System noch eine Körperschaft.")
        found: list[dict[str, Any]] = []
        token: str | None = str(root.get("body") or "")
        while token:
            page = self._page(token)
            found += [b for b in page.objects if isinstance(b, dict)]
            token = page.next_token
        return found

    def _page(self, url: str) -> Page:
        document = self.get_json(url)
        if document is None:
            return Page([], None)
        data = document.get("data")
        objects = [o for o in data if isinstance(o, dict)] if isinstance(data, list) else []
        links = document.get("links") if isinstance(document.get("links"), dict) else {}
        following = links.get("next") if isinstance(links, dict) else None
        if not isinstance(following, str) or not following.strip():
            return Page(objects, None)
        following = urljoin(url, following.strip())  # some servers link the next page relatively
        # A server that links a page to itself would loop forever.
        return Page(objects, following if following != url else None)

    def pages(self, body: dict[str, Any], type_name_: str, since: datetime | None,
              token: str | None = None) -> Iterator[Page]:
        """The pages of the body's list of ``type_name_``, from ``token`` on; with ``modified_since`` when given."""
        if token is None:
            url = body.get(LIST_FIELDS[type_name_])
            if not isinstance(url, str) or not url:
                return
            token = with_query(url, {"modified_since": since.isoformat(timespec="seconds")} if since else {})
        while token:
            page = self._page(token)
            yield page
            token = page.next_token

    def download(self, url: str, target: Path, max_bytes: int) -> None:
        """Save the file at ``url`` to ``target``; raises :class:`FetchFailed` when absent or too large."""
        body = self._open(url)
        if body is None:
            raise FetchFailed(f"{url}: die Datei gibt es dort nicht (mehr).")
        if len(body) > max_bytes:
            raise FetchFailed(f"{url}: die Datei ist größer als {max_bytes // (1024 * 1024)} MB.")
        target.write_bytes(body)


def with_query(url: str, params: dict[str, str]) -> str:
    """``url`` with ``params`` added; ``+`` in offsets is sent as ``%2B`` (OParl §Filter)."""
    if not params:
        return url
    parts = urlsplit(url)
    query = "&".join(p for p in (parts.query, urlencode(params)) if p)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _walk_embedded(raw: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every object embedded in ``raw`` (agenda items, consultations, files, memberships, locations …)."""
    for key in EMBEDDED_FIELDS:
        value = raw.get(key)
        for inner in value if isinstance(value, list) else [value]:
            if isinstance(inner, dict) and isinstance(inner.get("id"), str):
                yield inner
                yield from _walk_embedded(inner)


class FolderSource:
    """A folder of OParl JSON: objects, arrays and list pages in any file names."""

    def __init__(self, root: Path, http: HttpSource | None = None) -> None:
        self.root = root
        self.http = http
        self.objects: dict[str, dict[str, Any]] = {}
        #: Objects that stood in lists or alone (not only embedded), in the order read.
        self.top_level: dict[str, dict[str, Any]] = {}
        self.unreadable: list[str] = []
        self._read()

    def _keep(self, raw: dict[str, Any], top: bool, expected: str | None) -> None:
        object_id = raw.get("id")
        if not isinstance(object_id, str):
            return
        if expected and "type" not in raw:
            raw["_expectedType"] = expected
        known = self.objects.get(object_id)
        if known is None or _newer_or_richer(raw, known):
            self.objects[object_id] = raw
            if top or object_id in self.top_level:
                self.top_level[object_id] = raw
        elif top:
            self.top_level[object_id] = known
        for inner in _walk_embedded(raw):
            inner_id = inner["id"]
            if inner_id not in self.objects or _newer_or_richer(inner, self.objects[inner_id]):
                self.objects[inner_id] = inner

    def _read(self) -> None:
        for path in sorted(self.root.rglob("*.json")):
            try:
                document = json.loads(path.read_text(encoding="utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError, OSError):
                self.unreadable.append(str(path.relative_to(self.root)))
                continue
            if isinstance(document, dict) and isinstance(document.get("data"), list):
                entries = [o for o in document["data"] if isinstance(o, dict)]
            elif isinstance(document, list):
                entries = [o for o in document if isinstance(o, dict)]
            elif isinstance(document, dict):
                entries = [document]
            else:
                continue
            # Deleted stubs without ``type`` take the type of the page they stand on.
            kinds = [type_name(o) for o in entries if type_name(o)]
            expected = max(set(kinds), key=kinds.count) if kinds else None
            for entry in entries:
                self._keep(entry, top=True, expected=expected)

    def get(self, object_id: str) -> dict[str, Any] | None:
        """The object with this ``id`` anywhere in the folder, else None (a folder is a closed world)."""
        return self.objects.get(object_id)

    def bodies(self) -> list[dict[str, Any]]:
        """Every Body in the folder."""
        return [o for o in self.objects.values() if type_name(o) == "Body"]

    def pages(self, body: dict[str, Any], type_name_: str, since: datetime | None,
              token: str | None = None) -> Iterator[Page]:
        """All objects of the type (and body, where the object names one), 500 per page; ``token`` is an offset."""
        body_id = body.get("id")
        wanted = []
        for raw in self.top_level.values():
            kind = type_name(raw) or raw.get("_expectedType")
            if kind != type_name_:
                continue
            owner = raw.get("body")
            if isinstance(owner, str) and owner != body_id:
                continue
            if kind == "Meeting" and not self._meeting_of(raw, body_id):
                continue
            if since is not None:
                modified = parse_datetime(raw.get("modified"))
                if modified is not None and modified < since:
                    continue
            wanted.append(raw)
        start = int(token or 0)
        for offset in range(start, len(wanted), 500):
            end = offset + 500
            yield Page(wanted[offset:end], str(end) if end < len(wanted) else None)

    def _meeting_of(self, raw: dict[str, Any], body_id: Any) -> bool:
        """Whether a meeting (which names no body) belongs to the body: by its first organization's body."""
        organizations = raw.get("organization")
        first = organizations[0] if isinstance(organizations, list) and organizations else organizations
        owner = self.objects.get(first) if isinstance(first, str) else None
        return owner is None or not isinstance(owner.get("body"), str) or owner["body"] == body_id

    def local_file(self, raw: dict[str, Any]) -> Path | None:
        """A copy of the file saved in the folder (by ``fileName``), if any."""
        name = raw.get("fileName")
        if not isinstance(name, str) or not name or "/" in name or "\\" in name:
            return None
        return next((p for p in self.root.rglob(name) if p.is_file()), None)

    def download(self, url: str, target: Path, max_bytes: int) -> None:
        """Fetch a file the folder does not hold from its server."""
        if self.http is None:
            raise FetchFailed(f"{url}: die Datei liegt nicht im Ordner.")
        self.http.download(url, target, max_bytes)


def _newer_or_richer(candidate: dict[str, Any], known: dict[str, Any]) -> bool:
    """Whether ``candidate`` is the better copy of the same object: later ``modified``, else more fields."""
    new, old = parse_datetime(candidate.get("modified")), parse_datetime(known.get("modified"))
    if new is not None and old is not None and new != old:
        return new > old
    return len(candidate) > len(known)


Source = HttpSource | FolderSource


def open_source(spec: str, *, timeout: float, pause: float, cache_dir: Path | None, backoff: float = 1.0) -> Source:
    """A folder source for an existing directory, else an HTTP source for an http(s) URL."""
    path = Path(spec)
    if path.is_dir():
        return FolderSource(path, HttpSource(spec, timeout=timeout, pause=pause, backoff=backoff))
    if spec.startswith(("http://", "https://")):
        return HttpSource(spec, timeout=timeout, pause=pause, cache_dir=cache_dir, backoff=backoff)
    raise FetchFailed(f"„{spec}“ ist weder ein Ordner noch eine http(s)-Adresse.")
