"""One demo county for the portal-wide tests (leaks, HTML validity, accessibility, browser).

It is loaded once per test session, then a canary string is planted in every
non-public field, and the search index is built, exactly as a fresh
installation would have it. Public pages are unaffected by the canary.
"""
from __future__ import annotations

import inspect
import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update
from werkzeug.serving import make_server

from minutes_app import create_app
from minutes_app.extensions import db_session
from minutes_app.models import (
    AgendaItem,
    Attendance,
    AttendeeKind,
    AuditEvent,
    Base,
    Body,
    File,
    Meeting,
    Minutes,
    Paper,
    PaperState,
    Person,
    SignOff,
    SignOffState,
    User,
)
from minutes_app.services import files, visibility

from ..databases import new_database_url

CANARY = "ZQXCANARY7731"
#: A private name on the body's always-redact list, planted unmarked into public texts.
NAME_CANARY = "Qwnamecanary Privatmann"
#: Planted next to the redacted canaries: the rest of a redacted public text must stay visible.
VISIBLE_MARK = "Sichtbarkontext4417"


@dataclass
class DemoSite:
    """The demo app, where it stores files, and the canary planted in it."""

    app: Flask
    root: Path
    canary: str = CANARY


def _plant_canary(session) -> None:  # type: ignore[no-untyped-def]
    """Write the canary into every field the public must never see."""
    body = session.scalar(select(Body))
    mark = f" {CANARY}"
    for item in session.scalars(select(AgendaItem).where(AgendaItem.public.is_(False))):
        item.name += mark
        item.minutes_text += mark
        item.resolution_text += mark
    for meeting in session.scalars(select(Meeting)):
        if not visibility.meeting_is_public(meeting):
            meeting.name += mark
            meeting.location_text += mark
        meeting.late_invitation_reason += mark
        meeting.cancellation_reason += mark
        if not visibility.minutes_are_published(meeting.minutes, body):
            for item in meeting.agenda_items:
                item.minutes_text += mark
                item.resolution_text += mark
    for paper in session.scalars(select(Paper)):
        hidden = not paper.public or paper.state in (PaperState.DRAFT, PaperState.IN_SIGN_OFF, PaperState.WITHDRAWN)
        if hidden:
            paper.name += mark
            paper.reasoning += mark
            paper.resolution_proposal += mark
            paper.financial_impact += mark
        paper.return_comment += mark
        for sign_off in paper.sign_offs:
            # Only the signed Sichtvermerke of the current version of a public Vorlage are printed.
            if hidden or sign_off.state is not SignOffState.SIGNED or sign_off.paper_version != paper.version:
                sign_off.position_title += mark
    for record in session.scalars(select(File).where(File.public.is_(False))):
        record.name += mark
        record.text += mark
    _plant_redacted_canaries(session, body)
    session.execute(update(SignOff).values(comment=SignOff.comment + mark))
    # Contact data of persons and accounts are never published (no consent is recorded).
    for person in session.scalars(select(Person)):
        person.email += mark
        person.phone += mark
        person.further_emails = [*person.further_emails, CANARY]
        person.further_phones = [*person.further_phones, CANARY]
    session.execute(update(User).values(email=User.email + mark))
    # The public minutes count guests; their names stay internal.
    session.execute(
        update(Attendance).where(Attendance.kind == AttendeeKind.GUEST).values(guest_name=Attendance.guest_name + mark)
    )
    session.execute(update(Minutes).values(approval_note_internal=Minutes.approval_note_internal + mark))
    session.execute(update(Minutes).values(approval_note=Minutes.approval_note + mark))
    session.execute(update(AuditEvent).values(summary=AuditEvent.summary + mark))
    session.flush()


def _plant_real_minutes(session, store: Path) -> None:  # type: ignore[no-untyped-def]
    """Tischvorlagen, result wording and Teilabstimmungen where the public must not see them (issue 12)."""
    import hashlib
    import uuid

    from minutes_app.models import AgendaItemResult, VotePart

    body = session.scalar(select(Body))

    def table_paper(item, public: bool, name: str) -> None:  # type: ignore[no-untyped-def]
        key = uuid.uuid4().hex
        blob = files.blob_path(store, key)
        blob.parent.mkdir(parents=True, exist_ok=True)
        content = f"%PDF-1.4 Tischvorlage {name}".encode()
        blob.write_bytes(content)
        item.files.append(File(name=name, file_name="tischvorlage.pdf", media_type="application/pdf",
                               size=len(content), sha256=hashlib.sha256(content).hexdigest(), storage_key=key,
                               text=name, public=public))

    public_items = [i for i in session.scalars(select(AgendaItem).where(AgendaItem.public.is_(True)))
                    if visibility.agenda_item_is_public(i)][:3]
    hidden_items = list(session.scalars(select(AgendaItem).where(AgendaItem.public.is_(False))))[:3]
    for item in public_items:
        table_paper(item, False, f"Interne Tischvorlage {CANARY}")  # non-public file on a public item
        table_paper(item, True, "Öffentliche Tischvorlage")
    for item in hidden_items:
        table_paper(item, True, f"Tischvorlage zum nichtöffentlichen Punkt {CANARY}")  # public file, hidden item
    for item in session.scalars(select(AgendaItem)):
        hidden = not item.public or not visibility.minutes_are_published(item.meeting.minutes, body)
        if hidden and item.result is not None:
            item.result_wording = f"Empfehlung {CANARY}"
            item.vote_parts.append(VotePart(position=1, label=f"Nr. 1 {CANARY}", result=AgendaItemResult.ADOPTED,
                                            unanimous=True))
    session.flush()


def _plant_redacted_canaries(session, body) -> None:  # type: ignore[no-untyped-def]
    """Schwärzung: the canary inside a redacted passage and a listed name, in texts that are public."""
    body.redacted_names = f"{NAME_CANARY}\n{body.redacted_names}".strip()
    planted = f"\n\n{VISIBLE_MARK} sagt [[schwärzen: Herr {CANARY}]] und {NAME_CANARY} ebenso."
    copied = False  # one public attachment gets a redacted copy; the others stay as they are
    for meeting in session.scalars(select(Meeting)):
        if visibility.meeting_is_public(meeting) and visibility.minutes_are_published(meeting.minutes, body):
            for item in meeting.agenda_items:
                if item.public:
                    item.minutes_text += planted
                    item.resolution_text += planted
    for paper in session.scalars(select(Paper)):
        if visibility.paper_is_public(paper):
            paper.reasoning += planted
            for record in paper.files:
                if record.public and record.public_copy is None and not copied:
                    copied = True
                    # The original holds the canary; the public channels must serve only the redacted copy.
                    record.text += f" {CANARY}"
                    copy = File(name=f"{record.name} (geschwärzt)", file_name=f"geschwaerzt-{record.file_name}",
                                media_type=record.media_type, size=len(VISIBLE_MARK), sha256="0" * 64,
                                storage_key=uuid.uuid4().hex, text=VISIBLE_MARK, public=True)
                    session.add(copy)
                    record.public_copy = copy


def _load_county(session, store: Path) -> None:  # type: ignore[no-untyped-def]
    from minutes_app.demo import county

    kwargs = {"file_store_dir": store} if "file_store_dir" in inspect.signature(county.load_demo_county).parameters else {}
    assert county.load_demo_county(session, **kwargs)


def _build_search_index(app: Flask) -> None:
    runner = app.test_cli_runner()
    if "search-rebuild" in app.cli.commands:
        result = runner.invoke(args=["search-rebuild"])
        assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    root = tmp_path_factory.mktemp("demo-site")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "demo-site",
            "DATABASE_URL": new_database_url(root, "demo"),
            "SEARCH_INDEX_DIR": str(root / "search_index"),
            "FILE_STORE_DIR": str(root / "files"),
            "INSTANCE_PATH": str(root / "instance"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    Base.metadata.create_all(app.extensions["minutes_database"].write_engine)
    with app.app_context():
        session = db_session()
        _load_county(session, root / "files")
        session.commit()
        _plant_canary(session)
        _plant_real_minutes(session, Path(app.config["FILE_STORE_DIR"]))
        originals = select(File).where(File.public_copy_id.is_not(None))
        for record in [*session.scalars(select(File).where(File.public.is_(False))), *session.scalars(originals)]:
            path = files.blob_path(app.config["FILE_STORE_DIR"], record.storage_key)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(path.read_bytes() + CANARY.encode() if path.exists() else CANARY.encode())
        for record in session.scalars(select(File).where(File.text == VISIBLE_MARK)):
            path = files.blob_path(app.config["FILE_STORE_DIR"], record.storage_key)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(VISIBLE_MARK.encode())
        session.commit()
    _build_search_index(app)
    yield DemoSite(app=app, root=root)
    app.extensions["minutes_database"].dispose()


@pytest.fixture(scope="session")
def live_url(demo_site: DemoSite) -> Iterator[str]:
    """The demo app served on a free loopback port in a background thread."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = make_server("127.0.0.1", port, demo_site.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=10)
