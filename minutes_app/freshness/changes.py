"""Validators kept per process, dropped the moment anyone commits a change to the database.

Every transaction that writes announces its commit on
:data:`~minutes_app.database.CHANGES_CHANNEL` (see :mod:`minutes_app.database`).
Each app server process holds one listening connection; a notification,
delivered by PostgreSQL only when the writing transaction commits, moves this
process's *generation*, and every validator read under an older generation
is dropped. A commit in this process moves it synchronously, right after
COMMIT. A revalidated page (304) or a page from the page cache then needs no
SQL statement at all.

Without a listening connection nothing is kept: a lost connection (database
restart, network) drops every validator at once, and until a new connection
listens each request reads its validator from the database as before.

On an SQLite file, whose writers all run on this machine, the generation is
SQLite's own ``PRAGMA data_version`` (:class:`SQLiteChangeFeed`), read on
every request: a few microseconds instead of the validator's statement.

A validator is stored with the generation read *before* its statement ran, so
one computed from a state older than a notification received meanwhile is
never used again.
"""
from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any, TypeVar
from urllib.parse import quote

from sqlalchemy import Engine

from ..database import CHANGES_CHANNEL

T = TypeVar("T")
#: A database that cannot be reached is asked again after this many seconds, not on every request.
RECONNECT_SECONDS = 1.0
#: Distinct pages whose validators are kept; anyone can ask for any address.
VALIDATOR_ENTRIES = 1024
#: The listening connection notices a silently dropped peer within about 10 s (TCP keepalive).
_KEEPALIVE = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 3}
LISTENER_APPLICATION_NAME = "minutes_app_changes"
_CONNECTION_OK = 0  # libpq's CONNECTION_OK


class ChangeFeed:
    """One process's listening connection and the generation that moves with every announced commit."""

    def __init__(self, connect: Callable[[], Any]) -> None:
        self._connect = connect
        self._connection: Any = None
        self._pid = 0
        self._generation = 0
        self._next_attempt = 0.0
        self._lost = False
        self._lock = Lock()

    @classmethod
    def for_engine(cls, engine: Engine) -> ChangeFeed | SQLiteChangeFeed | None:
        """A feed on the engine's database (PostgreSQL or an SQLite file); None for any other database."""
        if engine.dialect.name == "sqlite":
            database = engine.url.database
            return SQLiteChangeFeed(database) if database and database != ":memory:" else None
        if engine.dialect.name != "postgresql":
            return None
        args, params = engine.dialect.create_connect_args(engine.url)

        def connect() -> Any:
            import psycopg

            return psycopg.connect(*args, **{**params, **_KEEPALIVE, "connect_timeout": 5, "autocommit": True,
                                             "application_name": LISTENER_APPLICATION_NAME})

        return cls(connect)

    def generation(self) -> int | None:
        """The current generation after taking in what arrived; None while nothing listens."""
        with self._lock:
            if self._connection is not None and self._pid != os.getpid():
                # Inherited through fork: the parent's socket, not ours to read or close.
                self._connection = None
            if self._connection is None and not self._listen():
                return None
            try:
                pgconn = self._connection.pgconn
                pgconn.consume_input()  # never blocks: libpq reads what the socket holds
                changed = False
                while pgconn.notifies() is not None:
                    changed = True
                if self._lost or pgconn.status != _CONNECTION_OK:
                    raise ConnectionError("Verbindung verloren")
            except Exception:  # noqa: BLE001 (any failure means notifications may be lost)
                self._lose()
                return None
            if changed:
                self._generation += 1
            return self._generation

    def changed(self) -> None:
        """A change committed in this process: everything read before is out of date."""
        with self._lock:
            self._generation += 1

    def close(self) -> None:
        """Stop listening (the next request listens again)."""
        with self._lock:
            if self._connection is not None and self._pid == os.getpid():
                self._connection.close()
            self._connection = None
            self._generation += 1
            self._next_attempt = 0.0

    def __del__(self) -> None:
        # An app dropped without dispose(): close the connection instead of leaving it to the driver's warning.
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()

    def _listen(self) -> bool:
        if time.monotonic() < self._next_attempt:
            return False
        try:
            connection = self._connect()
        except Exception:  # noqa: BLE001 (database down: read validators as without a feed)
            self._next_attempt = time.monotonic() + RECONNECT_SECONDS
            return False
        try:
            # The server's FATAL before it closes (shutdown, terminated) arrives as a notice of an idle connection.
            connection.add_notice_handler(self._noticed)
            connection.execute(f"LISTEN {CHANGES_CHANNEL}")
        except Exception:  # noqa: BLE001
            connection.close()
            self._next_attempt = time.monotonic() + RECONNECT_SECONDS
            return False
        self._connection, self._pid, self._lost = connection, os.getpid(), False
        # Whatever was read before this LISTEN may have missed a notification.
        self._generation += 1
        return True

    def _noticed(self, diagnostic: Any) -> None:
        if diagnostic.severity_nonlocalized in ("FATAL", "PANIC"):
            self._lost = True

    def _lose(self) -> None:
        try:
            self._connection.close()
        except Exception:  # noqa: BLE001, S110 (already broken; closing only frees the socket)
            pass
        self._connection = None
        self._generation += 1
        self._next_attempt = 0.0


class SQLiteChangeFeed:
    """The generation of an SQLite file: ``PRAGMA data_version`` on a connection of its own.

    SQLite changes the value a connection reads whenever *another* connection,
    in any process, committed in between; this connection never writes, so
    every commit counts, this process's too. Read synchronously on every
    request, it leaves no window at all.
    """

    def __init__(self, path: str) -> None:
        self._path = path
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._file: tuple[int, int] | None = None
        self._seen: int | None = None
        self._generation = 0
        self._lock = Lock()

    def generation(self) -> int | None:
        """The current generation; None when the file cannot be read."""
        with self._lock:
            try:
                if self._connection is not None and self._file != _identity(self._path):
                    self._drop()  # the file was replaced (a restore): its successor has versions of its own
                if self._connection is None or self._pid != os.getpid():
                    # mode=rw: never create the file (the engine creates it owner-only).
                    self._connection = sqlite3.connect(f"file:{quote(self._path)}?mode=rw", uri=True,
                                                       check_same_thread=False, isolation_level=None)
                    self._pid, self._file, self._seen = os.getpid(), _identity(self._path), None
                # fetchall: the statement runs to its end, so no read transaction stays open (it would hold
                # back WAL checkpoints until the next request).
                ((version,),) = self._connection.execute("PRAGMA data_version").fetchall()
            except (sqlite3.Error, OSError):
                self._drop()
                return None
            if version != self._seen:
                self._seen = version
                self._generation += 1
            return self._generation

    def changed(self) -> None:
        """A commit in this process: ``data_version`` shows it already."""

    def close(self) -> None:
        """Close the connection (the next request opens it again)."""
        with self._lock:
            self._drop()

    def __del__(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()

    def _drop(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection, self._seen = None, None
        self._generation += 1


def _identity(path: str) -> tuple[int, int]:
    found = os.stat(path)
    return found.st_dev, found.st_ino


class ValidatorCache:
    """Page states by key, valid while the feed's generation stays what it was when they were read."""

    def __init__(self, feed: ChangeFeed | SQLiteChangeFeed | None, entries: int = VALIDATOR_ENTRIES) -> None:
        self.feed = feed
        self.entries = entries
        self._states: dict[Hashable, tuple[int, Any]] = {}
        self._lock = Lock()

    def get(self, key: Hashable, read: Callable[[], T]) -> T:
        """The state under ``key``, from memory when no change was announced since it was read."""
        if self.feed is None:
            return read()
        generation = self.feed.generation()
        if generation is None:  # not listening: what is kept may have missed a change
            self.clear()
            return read()
        with self._lock:
            kept = self._states.get(key)
        if kept is not None and kept[0] == generation:
            return kept[1]  # type: ignore[no-any-return]
        state = read()
        if state is not None:
            with self._lock:
                if len(self._states) >= self.entries:
                    self._states.clear()
                self._states[key] = (generation, state)
        return state

    def clear(self) -> None:
        """Forget every state."""
        with self._lock:
            self._states.clear()

    def __len__(self) -> int:
        return len(self._states)
