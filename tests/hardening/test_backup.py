"""Finding 7 of issue 17: ``flask backup`` while others write, ``flask restore`` into a fresh instance, same data."""
from __future__ import annotations

import json
import stat
import tarfile
import threading
from pathlib import Path

from sqlalchemy import select

from minutes_app import create_app, migrate
from minutes_app.extensions import db_session
from minutes_app.models import File, Organization, OrganizationType, Paper, PaperType
from minutes_app.services import files, papers

from ..databases import new_database_url
from .conftest import dispose, make_demo_app


def _fresh_app(root: Path):
    """A new installation: migrated, empty."""
    (root / "instance").mkdir(parents=True, exist_ok=True)
    app = create_app({
        "TESTING": True, "DATABASE_URL": new_database_url(root / "instance", "minutes", schema=False),
        "SEARCH_INDEX_DIR": str(root / "search_index"), "FILE_STORE_DIR": str(root / "instance" / "files"),
        "INSTANCE_PATH": str(root / "instance"), "WTF_CSRF_ENABLED": False, "SECRET_KEY": "nicht-verwendet",
    })
    migrate.upgrade(app.config["DATABASE_URL"])
    return app


def _papers(app) -> dict[int, tuple]:
    with app.app_context():
        rows = db_session().scalars(select(Paper)).all()
        return {p.id: (p.reference, p.name, p.reasoning, p.state.value, p.version) for p in rows}


def _writer(app, stop: threading.Event, committed: list[int]) -> None:
    """Another worker saving Vorlagen (each its own transaction) the whole time."""
    with app.app_context():
        session = db_session()
        department = session.scalars(
            select(Organization).where(Organization.organization_type == OrganizationType.DEPARTMENT)
        ).first()
        n = 0
        while not stop.is_set():
            n += 1
            paper = papers.create_paper(
                session, None, body=department.body, name=f"Während der Sicherung {n}", paper_type=PaperType.RESOLUTION,
                originator=department, public=True, participants=[], resolution_proposal="Zustimmung.",
                reasoning=f"Begründung {n} " * 50, financial_impact="",
            )
            session.commit()
            committed.append(paper.id)


def test_backup_during_writes_restores_into_a_fresh_instance(tmp_path):
    source = make_demo_app(tmp_path / "quelle", migrated=True)
    (tmp_path / "quelle" / "instance").mkdir(exist_ok=True)
    (tmp_path / "quelle" / "instance" / "secret_key").write_text("geheimer-schluessel")
    runner = source.test_cli_runner()
    assert runner.invoke(args=["search-rebuild"]).exit_code == 0
    stop, committed = threading.Event(), []
    writer = threading.Thread(target=_writer, args=(source, stop, committed))
    writer.start()
    try:
        while len(committed) < 30:  # enough commits sit in the write-ahead log, not yet in the main file
            threading.Event().wait(0.05)
        before_backup = list(committed)
        result = runner.invoke(args=["backup", "--ziel", str(tmp_path / "sicherungen")])
    finally:
        stop.set()
        writer.join(timeout=60)
    assert result.exit_code == 0, result.output
    archive = next((tmp_path / "sicherungen").glob("sicherung-*.tar"))
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["secret_key"] is True and manifest["missing_files"] == []

    target = _fresh_app(tmp_path / "ziel")
    restored = target.test_cli_runner().invoke(args=["restore", str(archive)])
    assert restored.exit_code == 0, restored.output
    target.extensions["minutes_database"].dispose()
    fresh = create_app({
        "TESTING": True, "DATABASE_URL": target.config["DATABASE_URL"],
        "SEARCH_INDEX_DIR": str(tmp_path / "ziel" / "search_index"),
        "FILE_STORE_DIR": str(tmp_path / "ziel" / "instance" / "files"), "INSTANCE_PATH": str(tmp_path / "ziel" / "instance"),
    })
    # Every Vorlage committed before the backup is there, and each restored one equals its source.
    original, copy = _papers(source), _papers(fresh)
    assert set(before_backup) <= set(copy)
    assert set(copy) <= set(original)
    assert all(copy[i] == original[i] for i in copy)
    assert manifest["rows"]["papers"] == len(copy)
    # Files (bytes checked by hash) and the secret key came along; the search index agrees with the database.
    with fresh.app_context():
        stored = db_session().scalars(select(File)).all()
        assert stored
        for record in stored:
            blob = files.blob_path(fresh.config["FILE_STORE_DIR"], record.storage_key)
            assert blob.is_file()
    assert fresh.config["SECRET_KEY"] == "geheimer-schluessel"
    check = fresh.test_cli_runner().invoke(args=["search-check"])
    assert check.exit_code == 0, check.output
    assert "stimmen überein" in check.output
    # Restoring over data needs to be asked for explicitly.
    again = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
    assert again.exit_code != 0 and "--ueberschreiben" in again.output
    for app in (source, fresh, target):
        dispose(app)
