"""Online, consistent backups of an installation and their restore: database, attachment files, secret key.

A backup is one ``.tar`` archive (owner-only) holding

- ``database.sqlite`` — a snapshot taken with SQLite's online backup API, which
  includes everything committed so far, also what still sits in the write-ahead
  log (copying the file would miss it), while other workers keep writing; or
  ``database.dump`` — ``pg_dump --format=custom`` of a PostgreSQL database
  (one consistent transaction snapshot, the same one the manifest's row counts
  and file list are read in);
- ``files/…`` — the blob of every attachment the snapshot refers to, checked
  against its sha256;
- ``secret_key`` — the key from the instance folder (sessions and CSRF tokens
  stay valid), unless it comes from the environment;
- ``manifest.json`` — when, which schema revision, rows per table, files.

The search index is not backed up: :func:`restore` rebuilds it from the
restored database, as the database is its source of truth.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.engine import make_url

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite"
PG_MEMBER = "database.dump"


class BackupError(Exception):
    """A backup or restore that cannot be done; ``str(err)`` is a German message."""


@dataclass
class Installation:
    """Where an installation keeps its state."""

    database_url: str
    file_store: Path
    instance_path: Path
    secret_from_environment: bool = False

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is a SQLite file."""
        return make_url(self.database_url).get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path:
        """The SQLite database file."""
        database = make_url(self.database_url).database
        if not database or database == ":memory:":
            raise BackupError("Eine Datenbank im Arbeitsspeicher kann nicht gesichert werden.")
        return Path(database)


@dataclass
class Report:
    """What a backup or restore did."""

    archive: Path
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    missing_files: list[str] = field(default_factory=list)
    revision: str = ""


def _libpq_url(url: str) -> str:
    """The SQLAlchemy URL as libpq understands it (no "+driver")."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def _snapshot_sqlite(source: Path, target: Path) -> None:
    """Copy a live SQLite database with the online backup API (all pages in one consistent step)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=60)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _dump_postgres(url: str, target: Path) -> tuple[dict[str, int], list[tuple[str, str]], str]:
    """Dump the database while others keep writing; the facts of :func:`_facts` read in the dump's own snapshot.

    A REPEATABLE READ transaction exports its snapshot and ``pg_dump --snapshot``
    dumps exactly that state, so the row counts and the list of files to copy
    describe the dump, not whatever was committed a moment later.
    """
    engine = create_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection, connection.begin():
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            _run_postgres_tool(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                                f"--snapshot={snapshot}", f"--file={target}", _libpq_url(url)])
            return _facts(connection)
    finally:
        engine.dispose()


def _facts(connection: Connection) -> tuple[dict[str, int], list[tuple[str, str]], str]:
    """Rows per table, (storage key, sha256) of every file and the schema revision, as ``connection`` sees them."""
    tables = [t for t in inspect(connection).get_table_names() if t != "alembic_version"]
    rows = {t: connection.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar_one() for t in sorted(tables)}
    blobs: list[tuple[str, str]] = []
    if "files" in tables:
        blobs = [(k, s) for k, s in connection.execute(text("SELECT storage_key, sha256 FROM files"))]
    revision = ""
    if "alembic_version" in inspect(connection).get_table_names():
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""
    return rows, blobs, revision


def _database_facts(url: str) -> tuple[dict[str, int], list[tuple[str, str]], str]:
    """Rows per table, (storage key, sha256) of every file and the schema revision of a database."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return _facts(connection)
    finally:
        engine.dispose()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _blob(store: Path, key: str) -> Path:
    return store / key[:2] / key


def backup(site: Installation, target_dir: Path, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> Report:
    """Write a backup archive of ``site`` into ``target_dir`` while the application keeps running."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = now().strftime("%Y%m%d-%H%M%S")
    archive = target_dir / f"sicherung-{stamp}.tar"
    report = Report(archive=archive)
    with tempfile.TemporaryDirectory(prefix="sicherung-") as work:
        work_dir = Path(work)
        if site.is_sqlite:
            database_file = work_dir / SQLITE_MEMBER
            _snapshot_sqlite(site.sqlite_path, database_file)
            report.rows, blobs, report.revision = _database_facts(f"sqlite:///{database_file}")
        else:
            database_file = work_dir / PG_MEMBER
            report.rows, blobs, report.revision = _dump_postgres(site.database_url, database_file)
        fd = os.open(archive, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
            tar.add(database_file, arcname=database_file.name)
            listed: list[dict[str, str]] = []
            for key, sha in blobs:
                path = _blob(site.file_store, key)
                if not path.is_file() or _sha256(path) != sha:
                    report.missing_files.append(key)
                    continue
                tar.add(path, arcname=f"files/{key[:2]}/{key}")
                listed.append({"key": key, "sha256": sha})
            report.files = len(listed)
            key_file = site.instance_path / "secret_key"
            has_key = not site.secret_from_environment and key_file.is_file()
            if has_key:
                tar.add(key_file, arcname="secret_key")
            manifest = {
                "format": FORMAT, "created": now().isoformat(),
                "database": "sqlite" if site.is_sqlite else "postgresql",
                "revision": report.revision, "rows": report.rows, "files": listed, "secret_key": has_key,
                "missing_files": report.missing_files,
            }
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o600, int(now().timestamp())
            tar.addfile(info, io.BytesIO(data))
    return report


def read_manifest(archive: Path) -> dict[str, object]:
    """The manifest of a backup archive."""
    try:
        with tarfile.open(archive) as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, object] = json.loads(member.read())
    except (OSError, KeyError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"{archive} ist keine lesbare Sicherung.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError("Diese Sicherung hat ein unbekanntes Format.")
    return manifest


def _database_has_data(url: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if "papers" not in inspect(connection).get_table_names():
                return False
            return connection.execute(text("SELECT 1 FROM papers LIMIT 1")).first() is not None
    finally:
        engine.dispose()


def _restore_sqlite(source: Path, target: Path) -> None:
    """Put the snapshot in place of ``target``; a stale -wal/-shm of the old file must not survive."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    staged = target.with_name(target.name + ".wiederherstellung")
    shutil.copyfile(source, staged)
    staged.chmod(0o600)
    for stale in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
        stale.unlink(missing_ok=True)
    os.replace(staged, target)


def _restore_postgres(url: str, dump: Path) -> None:
    _run_postgres_tool(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                        "--single-transaction", f"--dbname={_libpq_url(url)}", str(dump)])


def _run_postgres_tool(command: list[str]) -> None:
    """Run pg_dump or pg_restore; a missing program or a failure becomes a German BackupError."""
    tool = command[0]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=3600)
    except FileNotFoundError as exc:
        raise BackupError(f"{tool} wurde nicht gefunden; bitte die PostgreSQL-Client-Programme installieren.") from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{tool} ist fehlgeschlagen: {exc.stderr.decode(errors='replace').strip()}") from exc


def restore(site: Installation, archive: Path, *, overwrite: bool = False) -> Report:
    """Restore ``archive`` into ``site`` (stopped application); refuses to overwrite data unless told to."""
    manifest = read_manifest(archive)
    kind = "sqlite" if site.is_sqlite else "postgresql"
    if manifest.get("database") != kind:
        raise BackupError(f"Die Sicherung stammt aus einer {manifest.get('database')}-Datenbank, Ziel ist {kind}.")
    if not overwrite and _database_has_data(site.database_url):
        raise BackupError("Die Zieldatenbank enthält bereits Daten. Mit --ueberschreiben wird sie ersetzt.")
    report = Report(archive=archive, revision=str(manifest.get("revision", "")))
    with tempfile.TemporaryDirectory(prefix="wiederherstellung-") as work, tarfile.open(archive) as tar:
        work_dir = Path(work)
        tar.extractall(work_dir, filter="data")
        if kind == "sqlite":
            _restore_sqlite(work_dir / SQLITE_MEMBER, site.sqlite_path)
        else:
            _restore_postgres(site.database_url, work_dir / PG_MEMBER)
        site.file_store.mkdir(parents=True, exist_ok=True, mode=0o700)
        for entry in manifest.get("files", []):  # type: ignore[union-attr]
            key, sha = entry["key"], entry["sha256"]
            source = work_dir / "files" / key[:2] / key
            if _sha256(source) != sha:
                raise BackupError(f"Die Datei {key} der Sicherung ist beschädigt (Prüfsumme weicht ab).")
            target = _blob(site.file_store, key)
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copyfile(source, target)
            target.chmod(0o600)
            report.files += 1
        if manifest.get("secret_key") and not site.secret_from_environment:
            site.instance_path.mkdir(parents=True, exist_ok=True, mode=0o700)
            key_target = site.instance_path / "secret_key"
            shutil.copyfile(work_dir / "secret_key", key_target)
            key_target.chmod(0o600)
    report.rows, _blobs, _revision = _database_facts(site.database_url)
    return report
