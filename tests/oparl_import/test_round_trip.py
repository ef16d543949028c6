"""Round trip: our OParl API → import into a fresh installation → our OParl API again gives the same objects.

The source installation is built with the test factories and the records API
and served by a real HTTP server (werkzeug in a thread); the import runs the
real command against it. Both APIs are then read completely and compared with
the ids replaced by the objects' natural keys (URLs differ, content must not).
"""
from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from minutes_app import create_app
from minutes_app.models import (
    AgendaItemResult,
    Base,
    ConsultationRole,
    Location,
    MembershipRole,
    OrganizationType,
    PaperType,
)
from minutes_app.records.history import ConsultationStep, RecordedPaper, record_paper
from minutes_app.records.history_meetings import RecordedAttendance, RecordedItem, RecordedMeeting, record_meeting
from minutes_app.services import files as file_store
from tests.papers_support import pdf_bytes

from .importing import run_import

LISTS = ("organization", "person", "meeting", "paper")
DROPPED = {"id", "web", "modified", "accessUrl", "downloadUrl", "system", "body"}


def _build_source(factory: Any, store: Path) -> None:
    """A small county with history: committees, a Fraktion, persons, two recorded Vorlagen, one recorded meeting."""
    body = factory.body
    body.ags, body.classification, body.website = "03455014", "Landkreis", "https://www.teststadt.example"
    kreistag = factory.committee("Kreistag", classification="Parlament")
    ausschuss = factory.committee("Bauausschuss", short_name="BauA", parent=kreistag)
    fraktion = factory.organization("Bürgerliste", OrganizationType.FACTION)
    amt = factory.department("Bauamt")
    keller = factory.person("Keller", given_name="Anna", title="Dr.", form_of_address="Frau")
    sommer = factory.person("Sommer", given_name="Bernd")
    factory.membership(keller, kreistag, MembershipRole.CHAIR, on_behalf_of=fraktion)
    factory.membership(sommer, ausschuss, MembershipRole.MEMBER, end_date=date(2025, 12, 31))
    session = factory.session
    bridge = record_paper(session, None, body, RecordedPaper(
        reference="2023/117", paper_date=date(2023, 5, 2), name="Sanierung der Brücke am Mühlbach",
        paper_type=PaperType.RESOLUTION, under_direction_of=[amt],
        resolution_proposal="Der Kreistag beschließt die Sanierung.", reasoning="Die Brücke ist marode.",
        consultations=[ConsultationStep(ausschuss, ConsultationRole.PRELIMINARY),
                       ConsultationStep(kreistag, ConsultationRole.DECISION, authoritative=True)],
    ))
    motion = record_paper(session, None, body, RecordedPaper(
        reference="2023/120", paper_date=date(2023, 5, 9), name="Antrag: Radweg entlang der Brücke",
        paper_type=PaperType.MOTION, originator_organizations=[fraktion], related=[bridge],
        consultations=[ConsultationStep(kreistag, ConsultationRole.DECISION, authoritative=True)],
    ))
    upload = file_store.store_upload(session, None, stream=io.BytesIO(pdf_bytes("Gutachten Tragwerk Mühlbach")),
                                     file_name="gutachten.pdf", store_dir=store, max_mb=20, public=True,
                                     isolated=False)
    bridge.files.append(upload)
    bridge.main_file_id = upload.id
    hall = Location(body_id=body.id, description="Kreishaus, Sitzungssaal", street_address="Markt 1",
                    postal_code="12345", locality="Teststadt")
    session.add(hall)
    start = datetime(2023, 6, 1, 16, 0, tzinfo=UTC)
    record_meeting(session, None, RecordedMeeting(
        organization=kreistag, name="12. Sitzung des Kreistages", start=start, end=start.replace(hour=19),
        location=hall, attendance=[RecordedAttendance(person=keller), RecordedAttendance(person=sommer)],
        items=[
            RecordedItem(name="Eröffnung", number="Ö 1"),
            RecordedItem(name="Sanierung der Brücke am Mühlbach", number="Ö 2", paper=bridge,
                         result=AgendaItemResult.ADOPTED, result_text="Unverändert beschlossen",
                         resolution_text="Die Brücke wird 2024 saniert."),
            RecordedItem(name="Radweg", number="Ö 3", paper=motion, result=AgendaItemResult.REJECTED),
            RecordedItem(name="Grundstücksverkauf", number="N 1", public=False, public_name="Grundstücksangelegenheit",
                         resolution_text="Verkauf an Herrn Geheim."),
        ],
    ))
    session.commit()


@pytest.fixture
def served(app: Flask, factory: Any, tmp_path: Path) -> Iterator[str]:
    """The source installation behind a real HTTP server; yields its OParl system URL."""
    _build_source(factory, Path(app.config["FILE_STORE_DIR"]))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/oparl/v1/system"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Flask]:
    """A second, empty installation."""
    target = tmp_path / "ziel"
    application = create_app({
        "TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": f"sqlite:///{target / 'ziel.db'}",
        "SEARCH_INDEX_DIR": str(target / "search_index"), "FILE_STORE_DIR": str(target / "files"),
        "INSTANCE_PATH": str(target / "instance"), "WTF_CSRF_ENABLED": False, "OPARL_IMPORT_BACKOFF": 0.05,
    })
    target.mkdir(exist_ok=True)
    Base.metadata.create_all(application.extensions["minutes_database"].write_engine)
    yield application
    application.extensions["minutes_database"].dispose()


def _read_all(get: Any, system_url: str) -> list[dict[str, Any]]:
    """Every object the API serves for its first body (lists walked page by page)."""
    system = get(system_url)
    body = get(system["body"])["data"][0]
    found = [body]
    for key in LISTS:
        url: str | None = body[key]
        while url:
            page = get(url)
            found += page["data"]
            url = page["links"].get("next")
    return found


def _labels(objects: list[dict[str, Any]]) -> dict[str, str]:
    """URL → a natural key ("Paper 2023/117", "Person Keller", "AgendaItem Ö 2 …") for every object and embedded one."""
    labels: dict[str, str] = {}

    def visit(obj: Any) -> None:
        if isinstance(obj, dict):
            if isinstance(obj.get("id"), str) and isinstance(obj.get("type"), str):
                kind = obj["type"].rsplit("/", 1)[-1]
                natural = (obj.get("reference") or obj.get("familyName") or obj.get("number") or obj.get("name")
                           or obj.get("description") or obj.get("role") or "")
                extra = obj.get("startDate") or obj.get("start") or obj.get("role") or ""
                labels[obj["id"]] = f"{kind} {natural} {extra}".strip()
            for value in obj.values():
                visit(value)
        elif isinstance(obj, list):
            for value in obj:
                visit(value)

    visit(objects)
    return labels


def _canonical(value: Any, labels: dict[str, str], base: str) -> Any:
    if isinstance(value, dict):
        return {k: _canonical(v, labels, base) for k, v in sorted(value.items()) if k not in DROPPED}
    if isinstance(value, list):
        items = [_canonical(v, labels, base) for v in value]
        return sorted(items) if all(isinstance(i, str) for i in items) else items
    if isinstance(value, str) and value.startswith(base):
        return labels.get(value, "Liste")
    return value


def _snapshot(get: Any, system_url: str) -> dict[str, Any]:
    objects = _read_all(get, system_url)
    labels = _labels(objects)
    base = system_url.rsplit("/system", 1)[0]
    return {labels[o["id"]]: _canonical(o, labels, base) for o in objects}


def test_round_trip_gives_the_same_objects(app, served, fresh):
    import urllib.request
    import json

    def fetch(url: str) -> Any:
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.loads(response.read())

    before = _snapshot(fetch, served)
    with fresh.app_context():  # the source's context is active; the command must write into the fresh one
        result = run_import(fresh, served)
    assert "Vorlagen: 2 neu" in result.stdout and "Sitzungen: 1 neu" in result.stdout
    client = fresh.test_client()
    after = _snapshot(lambda url: client.get(url.replace("http://localhost", "")).get_json(),
                      "http://localhost/oparl/v1/system")
    assert set(after) == set(before)
    for key in before:
        assert after[key] == before[key], key
    # The non-public item stays non-public in the copy, too.
    assert "Herrn Geheim" not in json.dumps(after, ensure_ascii=False)
    # And importing the copy's source again changes nothing.
    with fresh.app_context():
        again = run_import(fresh, served).stdout.split("Repariert")[0]
    assert " neu" not in again and "aktualisiert" not in again
