"""The database each test runs on: a SQLite file, or a fresh PostgreSQL database when ``TEST_DATABASE_URL`` is set.

``TEST_DATABASE_URL`` names a PostgreSQL server (any database on it, usually
``postgres``) whose user may create databases; ``.ci/with-postgres`` starts a
throw-away cluster and sets it. A test's database must be fresh and quick to
make: the schema is created once per session in a template database, and every
test gets ``CREATE DATABASE … TEMPLATE`` of it, dropped again after the test.
"""
from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

#: The PostgreSQL server of this test run; empty for the SQLite pass.
SERVER_URL = os.environ.get("TEST_DATABASE_URL", "")
_counter = itertools.count(1)
_prefix = f"t{os.getpid()}_"
_template: str | None = None
_open: set[str] = set()


def on_postgresql() -> bool:
    """Whether this test run uses PostgreSQL."""
    return bool(SERVER_URL)


def _admin():  # type: ignore[no-untyped-def]
    """A short autocommit connection to the server (CREATE/DROP DATABASE cannot run in a transaction)."""
    import psycopg

    url = make_url(SERVER_URL).set(drivername="postgresql")
    return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)


def _url_of(name: str) -> str:
    return make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)


def _schema_template() -> str:
    """The session's template database holding the models' schema (created on first use)."""
    global _template
    if _template is None:
        from minutes_app.models import Base

        name = f"{_prefix}template"
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        engine = create_engine(_url_of(name))
        Base.metadata.create_all(engine)
        engine.dispose()  # a template must have no open connections
        _template = name
    return _template


def new_database_url(directory: Path, name: str = "test", *, schema: bool = True) -> str:
    """The URL of a new, otherwise unused database: with the models' schema, or empty when ``schema`` is false.

    On SQLite it is ``directory/name.db``; on PostgreSQL a new database on the
    test server, dropped by :func:`drop_database` or at the end of the session.
    """
    if not on_postgresql():
        return f"sqlite:///{directory / f'{name}.db'}"
    database = f"{_prefix}{next(_counter)}"
    template = _schema_template() if schema else "template0"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    _open.add(database)
    return _url_of(database)


def drop_database(url: str) -> None:
    """Remove a database made by :func:`new_database_url` (a SQLite file goes with the test's temporary folder)."""
    name = make_url(url).database
    if not on_postgresql() or name not in _open:
        return
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _open.discard(name)


def drop_all() -> None:
    """Remove every database of this session, the template last."""
    if not on_postgresql():
        return
    global _template
    with _admin() as admin:
        for name in sorted(_open):
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _open.clear()
        if _template is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{_template}" WITH (FORCE)')
            _template = None


@contextmanager
def write_lock_held(url: str) -> Iterator[None]:
    """Hold the database's write lock from another connection, as a long save in another worker would."""
    if not on_postgresql():
        import sqlite3

        blocker = sqlite3.connect(make_url(url).database, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        return
    import psycopg

    from minutes_app.database import WRITE_LOCK_KEY

    with psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)) as blocker:
        blocker.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
        try:
            yield
        finally:
            blocker.rollback()
