"""Engines and sessions.

On SQLite every connection runs in WAL mode with a busy timeout and foreign
keys on. SQLAlchemy, not Python's sqlite3 module, emits BEGIN: write sessions
use ``BEGIN IMMEDIATE`` so concurrent read-modify-write transactions (such as
assigning Vorlage numbers) queue for the lock instead of failing or silently
duplicating (see shared/research/reliability.md §3.2). Read-only requests use a
second engine with a plain ``BEGIN`` so readers never wait for writers.

PostgreSQL gets the same two engines with the same guarantees: every write
transaction first takes one transaction-scoped advisory lock, so writers queue
exactly as behind SQLite's ``BEGIN IMMEDIATE`` (across every app server sharing
the database) while readers never wait. ``lock_timeout`` equals the SQLite busy
timeout, so a writer that waited too long ends in the same "Bitte erneut
speichern" page. Sessions run in READ COMMITTED with the time zone UTC (the
models keep naive UTC datetimes).

On PostgreSQL every transaction that wrote something announces its commit on
the channel :data:`CHANGES_CHANNEL` (``pg_notify`` inside the transaction: sent
to every listening app server when, and only when, it commits), and a session
commit that announced one runs the :attr:`Database.after_change` callbacks in
this process once it is committed. Caches of derived state (the validators of
public pages) listen and drop what they hold.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 15000
#: The advisory lock every PostgreSQL write transaction holds (an arbitrary constant of this application).
WRITE_LOCK_KEY = 0x4D696E75  # "Minu"
#: Connections per worker process and engine; a gunicorn worker serves a handful of threads.
POSTGRESQL_POOL_SIZE = 5
POSTGRESQL_MAX_OVERFLOW = 10
#: The channel on which a committing transaction that wrote something tells every app server.
CHANGES_CHANNEL = "minutes_changes"
# A transaction has an id only once it wrote something: read-only commits stay silent.
_ANNOUNCE = f"SELECT pg_notify('{CHANGES_CHANNEL}', '') WHERE pg_current_xact_id_if_assigned() IS NOT NULL"
#: Set in the thread that announced a commit, read by the session's after_commit.
_announced = threading.local()


def restrict_file(path: Path) -> None:
    """Make a database file owner-only (0600); SQLite gives its -wal and -shm files the same mode."""
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if candidate.exists() and candidate.stat().st_mode & 0o077:
                candidate.chmod(0o600)
        except OSError:  # not ours to change (e.g. a read-only mount): leave it
            continue


def _configure_sqlite(engine: Engine, begin_statement: str, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> None:
    database = engine.url.database

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        if database and database != ":memory:":
            restrict_file(Path(database))
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
        # Let SQLAlchemy's "begin" event issue BEGIN instead of the driver's legacy handling.
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin_statement)


def _postgresql_engine(url: str, lock_timeout_ms: int, *, writer: bool = False) -> Engine:
    """An engine whose sessions wait at most ``lock_timeout_ms`` for a lock; a writer's transactions queue."""
    options = (
        f"-c lock_timeout={int(lock_timeout_ms)} -c timezone=UTC -c default_transaction_isolation=read\\ committed"
    )
    engine = create_engine(
        url,
        pool_pre_ping=True,
        pool_size=POSTGRESQL_POOL_SIZE,
        max_overflow=POSTGRESQL_MAX_OVERFLOW,
        pool_recycle=3600,
        connect_args={"options": options, "application_name": "minutes_app"},
    )
    @event.listens_for(engine, "commit")
    def _announce(connection: Any) -> None:
        # Runs just before COMMIT, inside the transaction: the notification is sent by the commit itself.
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            cursor.execute(_ANNOUNCE)
            if cursor.fetchone() is not None:
                _announced.pending = True
        finally:
            cursor.close()

    if writer:

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Any) -> None:
            # Released by COMMIT or ROLLBACK; the wait is bounded by lock_timeout.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")

    return engine


def create_engines(url: str, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> tuple[Engine, Engine]:
    """Return (write engine, read engine) for ``url``; they are the same object except on SQLite and PostgreSQL.

    ``busy_timeout_ms`` is how long a writer waits for the lock before giving up.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        return _postgresql_engine(url, busy_timeout_ms, writer=True), _postgresql_engine(url, busy_timeout_ms)
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_pre_ping=True)
        return engine, engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Create the file owner-only before SQLite creates it world-readable under the usual umask.
        Path(parsed.database).touch(mode=0o600, exist_ok=True)
    connect_args = {"timeout": busy_timeout_ms / 1000, "check_same_thread": False}
    write = create_engine(url, connect_args=connect_args)
    _configure_sqlite(write, "BEGIN IMMEDIATE", busy_timeout_ms)
    read = create_engine(url, connect_args=connect_args)
    _configure_sqlite(read, "BEGIN", busy_timeout_ms)
    return write, read


@dataclass
class Database:
    """The app's engines and session factories."""

    write_engine: Engine
    read_engine: Engine
    # Made once: every sessionmaker is a new Session class whose event dispatch SQLAlchemy sets up anew,
    # which cost more than the rest of a revalidated page's request.
    _write_sessions: sessionmaker[Session] = field(init=False, repr=False)
    _read_sessions: sessionmaker[Session] = field(init=False, repr=False)
    #: Called in this process after a session committed an announced change (PostgreSQL only).
    after_change: list[Callable[[], None]] = field(default_factory=list, repr=False)
    #: Called by :meth:`dispose`: connections opened beside the pools (a change listener).
    on_dispose: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._write_sessions = sessionmaker(bind=self.write_engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(bind=self.read_engine, expire_on_commit=False)
        for sessions in (self._write_sessions, self._read_sessions):
            event.listen(sessions, "after_commit", self._committed)

    def _committed(self, _session: Session) -> None:
        # After COMMIT, not before: a reader in another thread cannot read the old state after this.
        if getattr(_announced, "pending", False):
            _announced.pending = False
            for callback in self.after_change:
                callback()

    @classmethod
    def from_url(cls, url: str, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Database:
        """Engines for a database URL."""
        write, read = create_engines(url, busy_timeout_ms)
        return cls(write, read)

    def session(self, *, read_only: bool = False) -> Session:
        """A new session; read-only sessions never take the write lock."""
        return self._read_sessions() if read_only else self._write_sessions()

    def dispose(self) -> None:
        """Close all pooled connections and those opened beside the pools."""
        for close in self.on_dispose:
            close()
        self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            self.read_engine.dispose()
