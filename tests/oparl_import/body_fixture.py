"""A small generated OParl body (Landkreis Lindenau), served by a real local HTTP server or saved as a folder.

It carries what real servers deliver: OParl 1.0 beside 1.1, a deleted stub
without ``type``, pseudo items "A Öffentliche Sitzung"/"B Nichtöffentliche
Sitzung" instead of ``public``, ``order`` as text, names with line breaks and
trailing spaces, an AGS without its leading zero, the Niederschrift as an
``auxiliaryFile``, a reference to a person the server does not have, and one
broken meeting (two TOPs under the same id) that must be skipped whole.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.papers_support import pdf_bytes

V11 = "https://schema.oparl.org/1.1/"
V10 = "https://schema.oparl.org/1.0/"
CREATED = "2024-01-05T09:00:00+01:00"
MODIFIED = "2024-04-01T12:00:00+02:00"
LATER = "2024-06-01T12:00:00+02:00"
LISTS = ("organizations", "persons", "meetings", "papers")


def _obj(kind: str, object_id: str, version: str = V11, **fields: Any) -> dict[str, Any]:
    return {"id": object_id, "type": version + kind, "created": CREATED, "modified": MODIFIED, **fields}


@dataclass
class Corpus:
    """The objects of the body by list, and the file contents by URL."""

    base: str
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    #: Objects served at their id but in no list (reachable only by following references).
    unlisted: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def body_id(self) -> str:
        return f"{self.base}/body/1"

    def url(self, path: str) -> str:
        return f"{self.base}/{path}"

    def system(self) -> dict[str, Any]:
        return _obj("System", self.url("system"), oparlVersion=V11, body=self.url("bodies"), name="RIS Lindenau")

    def body(self) -> dict[str, Any]:
        return _obj(
            "Body", self.body_id, name="Landkreis Lindenau  ", shortName="Lindenau", ags="3455014",
            website="https://www.lindenau.example", system=self.url("system"),
            legislativeTerm=[_obj("LegislativeTerm", self.url("term/1"), name="Wahlperiode 2021–2026",
                                  startDate="2021-11-01", endDate="2026-10-31")],
            **{key: self.url(f"body/1/{name}") for key, name in (
                ("organization", "organizations"), ("person", "persons"), ("meeting", "meetings"),
                ("paper", "papers"))},
        )

    def everything(self) -> dict[str, dict[str, Any]]:
        """Every object by id, embedded ones included (what a server answers at each URL)."""
        found: dict[str, dict[str, Any]] = {self.url("system"): self.system(), self.body_id: self.body(),
                                            **self.unlisted}

        def walk(obj: Any) -> None:
            if isinstance(obj, dict):
                if isinstance(obj.get("id"), str) and "type" in obj or obj.get("deleted"):
                    found.setdefault(obj["id"], obj)
                for value in obj.values():
                    walk(value)
            elif isinstance(obj, list):
                for value in obj:
                    walk(value)

        for objects in self.lists.values():
            for obj in objects:
                found[obj["id"]] = obj
                walk(obj)
        return found


def _file(corpus: Corpus, key: str, name: str, text: str, **extra: Any) -> dict[str, Any]:
    url = corpus.url(f"files/{key}.pdf")
    corpus.files[url] = pdf_bytes(text)
    return _obj("File", corpus.url(f"file/{key}"), name=name, fileName=f"{key}.pdf", mimeType="application/pdf",
                accessUrl=url, **extra)


def build(base: str) -> Corpus:
    """The Landkreis Lindenau body under ``base``."""
    c = Corpus(base)
    u = c.url
    kreistag, ausschuss, fraktion, amt = u("organization/1"), u("organization/2"), u("organization/3"), u("organization/4")
    c.lists["organizations"] = [
        _obj("Organization", kreistag, body=c.body_id, name="Kreistag", organizationType="Gremium",
             classification="Parlament"),
        _obj("Organization", ausschuss, body=c.body_id, name="Ausschuss für Schule\n und Kultur  ",
             shortName="SchA", organizationType="Gremium", classification="Ausschuss", subOrganizationOf=kreistag),
        _obj("Organization", fraktion, body=c.body_id, name="SPD-Fraktion", organizationType="Fraktion"),
        _obj("Organization", amt, body=c.body_id, name="Amt für Schulen", organizationType="Verwaltungsbereich"),
    ]
    c.lists["persons"] = [
        _obj("Person", u("person/1"), body=c.body_id, name="Dr. Anna Keller", familyName="Keller", givenName="Anna",
             title=["Dr."], formOfAddress="Frau", membership=[
                 _obj("Membership", u("membership/1"), organization=kreistag, role="Vorsitzende",
                      startDate="2021-11-01", onBehalfOf=fraktion, votingRight=True),
                 _obj("Membership", u("membership/2"), organization=fraktion, role="Mitglied", startDate="2021-11-01"),
             ]),
        _obj("Person", u("person/2"), body=c.body_id, name="Bernd Sommer", familyName="Sommer", givenName="Bernd",
             membership=[_obj("Membership", u("membership/3"), organization=ausschuss, role="Mitglied",
                              startDate="2021-11-01", endDate="2026-10-31")]),
    ]
    neubau, antrag, mitteilung = u("paper/1"), u("paper/2"), u("paper/3")
    s1, s2, broken = u("meeting/1"), u("meeting/2"), u("meeting/3")
    c.lists["papers"] = [
        _obj("Paper", neubau, body=c.body_id, name="Neubau der Grundschule Lindenau", reference="2024/001",
             date="2024-01-10", paperType="Beschlussvorlage", underDirectionOf=[amt],
             mainFile=_file(c, "vorlage-2024-001", "Vorlage 2024/001",
                            "Raumprogramm der Grundschule mit Dreifeldturnhalle"),
             consultation=[
                 _obj("Consultation", u("consultation/1"), organization=[ausschuss], role="Vorberatung",
                      authoritative=False, meeting=s1, agendaItem=u("agendaItem/12")),
                 _obj("Consultation", u("consultation/2"), organization=[kreistag], role="Entscheidung",
                      authoritative=True, meeting=s2, agendaItem=u("agendaItem/21")),
             ]),
        _obj("Paper", antrag, V10, body=c.body_id, name="Schulwegsicherung an der Hauptstraße", reference="2024/002",
             date="2024-02-12", paperType="Antrag", originatorOrganization=[fraktion],
             originatorPerson=[u("person/999")], relatedPaper=[neubau],
             consultation=[_obj("Consultation", u("consultation/3"), V10, organization=[kreistag],
                                role="Entscheidung", authoritative=True, meeting=s2, agendaItem=u("agendaItem/22"))]),
        _obj("Paper", mitteilung, body=c.body_id, name="Bericht über die Schülerzahlen", reference="2024/003",
             date="2024-03-20", paperType="Mitteilungsvorlage", underDirectionOf=[amt]),
    ]
    c.lists["meetings"] = [
        _obj("Meeting", s1, name="1. Sitzung des Ausschusses für Schule und Kultur", organization=[ausschuss],
             start="2024-02-01T17:00:00+01:00", end="2024-02-01T19:00:00+01:00", meetingState="durchgeführt",
             location=_obj("Location", u("location/1"), description="Kreishaus, Saal 1",
                           streetAddress="Markt 1", postalCode="12345", locality="Lindenau"),
             auxiliaryFile=[_file(c, "niederschrift-1", "Niederschrift öffentlicher Teil",
                                  "Niederschrift Ausschuss Zebrastreifen beraten")],
             agendaItem=[
                 _obj("AgendaItem", u("agendaItem/10"), name="A Öffentliche Sitzung", order="0"),
                 _obj("AgendaItem", u("agendaItem/11"), number="1", name="Eröffnung und Begrüßung", order="1"),
                 _obj("AgendaItem", u("agendaItem/12"), number="2", name="Neubau der Grundschule Lindenau",
                      order="2", consultation=u("consultation/1"), result="empfohlen",
                      resolutionText="Der Ausschuss empfiehlt dem Kreistag den Neubau."),
                 _obj("AgendaItem", u("agendaItem/13"), name="B Nichtöffentliche Sitzung", order="3"),
                 _obj("AgendaItem", u("agendaItem/14"), number="3", name="Grundstücksangelegenheit Flur 7",
                      order="4"),
             ]),
        _obj("Meeting", s2, name="3. Sitzung des Kreistages", organization=[kreistag],
             start="2024-03-01T18:00:00+01:00", end="2024-03-01T21:00:00+01:00", meetingState="durchgeführt",
             participant=[u("person/1"), u("person/2")],
             agendaItem=[
                 _obj("AgendaItem", u("agendaItem/21"), number="Ö 1", name="Neubau der Grundschule Lindenau",
                      order=0, public=True, consultation=u("consultation/2"), result="Unverändert beschlossen",
                      resolutionText="Der Kreistag beschließt den Neubau der Grundschule Lindenau."),
                 _obj("AgendaItem", u("agendaItem/22"), number="Ö 2", name="Schulwegsicherung an der Hauptstraße",
                      order=1, public=True, result="abgelehnt",
                      resolutionText="Der Antrag auf einen Zebrastreifen wird abgelehnt."),
                 _obj("AgendaItem", u("agendaItem/23"), number="N 1", name="Personalangelegenheit",
                      order=2, public=False),
             ]),
        _obj("Meeting", broken, name="Sitzung mit kaputter Tagesordnung", organization=[kreistag],
             start="2024-04-10T18:00:00+02:00", meetingState="durchgeführt",
             agendaItem=[_obj("AgendaItem", u("agendaItem/31"), number="1", name="Erster Punkt", order=0),
                         _obj("AgendaItem", u("agendaItem/31"), number="2", name="Zweiter Punkt", order=1)]),
    ]
    return c


def delete_paper(corpus: Corpus, reference: str) -> str:
    """Replace a Vorlage by the deleted stub real servers send (no ``type``); returns its id."""
    papers = corpus.lists["papers"]
    index = next(i for i, p in enumerate(papers) if p.get("reference") == reference)
    object_id = papers[index]["id"]
    papers[index] = {"id": object_id, "deleted": True, "created": CREATED, "modified": LATER}
    return object_id


def save_folder(corpus: Corpus, folder: Path) -> None:
    """Save as a crawler would: list pages and single objects under arbitrary names, files beside them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "system.json").write_text(json.dumps(corpus.system()), encoding="utf-8")
    (folder / "koerperschaft-1.json").write_text(json.dumps(corpus.body()), encoding="utf-8")
    for number, name in enumerate(LISTS):
        page = {"data": corpus.lists[name], "pagination": {}, "links": {}}
        (folder / f"seite-{number:02d}.json").write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    for url, content in corpus.files.items():
        (folder / "dateien").mkdir(exist_ok=True)
        (folder / "dateien" / url.rsplit("/", 1)[-1]).write_bytes(content)


class FakeServer:
    """Answers like an OParl server: objects at their ids, lists in pages of two with ``modified_since``."""

    def __init__(self, corpus_factory: Any) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/oparl"
        self.corpus: Corpus = corpus_factory(self.base)
        self.failures: dict[str, int] = {}
        self.slow: dict[str, int] = {}
        self.requests: list[str] = []
        self.fail_after: int | None = None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:  # noqa: N802
                server.requests.append(self.path)
                status, body, kind = server.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    return

        return Handler

    def answer(self, raw_path: str) -> tuple[int, bytes, str]:
        parts = urlsplit(raw_path)
        path = parts.path
        if self.fail_after is not None and len(self.requests) > self.fail_after:
            return 503, b"", "text/plain"
        if self.failures.get(path, 0) > 0:
            self.failures[path] -= 1
            return 500, b"Interner Fehler", "text/plain"
        if self.slow.get(path, 0) > 0:
            self.slow[path] -= 1
            time.sleep(1.5)
        url = self.base.rsplit("/oparl", 1)[0] + path
        if url in self.corpus.files:
            return 200, self.corpus.files[url], "application/pdf"
        name = path.rsplit("/", 1)[-1]
        if path.startswith("/oparl/body/1/") and name in LISTS:
            return self._list(url, name, parse_qs(parts.query))
        if url == self.base + "/bodies":
            return self._json({"data": [self.corpus.body()], "pagination": {}, "links": {}})
        found = self.corpus.everything().get(url)
        if found is None:
            return 404, b'{"type": "https://schema.oparl.org/1.1/Error", "message": "Nicht gefunden"}', "application/json"
        return self._json(found)

    def _list(self, url: str, name: str, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
        objects = self.corpus.lists[name]
        since = query.get("modified_since", [None])[0]
        if since:
            moment = datetime.fromisoformat(since)
            objects = [o for o in objects if datetime.fromisoformat(o["modified"]) >= moment]
        else:
            objects = [o for o in objects if not o.get("deleted")]
        page = int(query.get("page", ["1"])[0])
        chunk = objects[(page - 1) * 2: page * 2]
        links: dict[str, str] = {}
        if page * 2 < len(objects):
            extra = f"&modified_since={since.replace('+', '%2B')}" if since else ""
            # Relative, as some servers send it: the importer resolves it against the page's URL.
            links["next"] = f"{name}?page={page + 1}{extra}" if page % 2 else f"{url}?page={page + 1}{extra}"
        return self._json({"data": chunk, "pagination": {"currentPage": page}, "links": links})

    @staticmethod
    def _json(document: dict[str, Any]) -> tuple[int, bytes, str]:
        return 200, json.dumps(document, ensure_ascii=False).encode(), "application/json"


@contextmanager
def serving(corpus_factory: Any = build) -> Iterator[FakeServer]:
    """A running fake server in a thread; shut down and closed afterwards."""
    server = FakeServer(corpus_factory)
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join()
