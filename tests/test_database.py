"""SQLite runs in WAL mode with foreign keys, PostgreSQL with a lock timeout in UTC; parallel writers neither
fail nor duplicate nor skip numbers on either."""
from __future__ import annotations

import multiprocessing
from datetime import date

import pytest
from sqlalchemy import func, select, text

from minutes_app import create_app, migrate
from minutes_app.extensions import database, db_session
from minutes_app.models import Body, Organization, OrganizationType, Paper, PaperReferenceCounter, PaperType
from minutes_app.services import papers

from .databases import new_database_url

WRITERS = 8
PAPERS_PER_WRITER = 25
#: The writers' lock wait. These tests prove numbering under contention, not latency: on a loaded two-core
#: machine (both database suites at once) 16 queued writers can wait longer than the production default.
CONTENDED_LOCK_WAIT_MS = 120_000


@pytest.mark.sqlite_only(reason="Einstellungen von SQLite selbst (PRAGMA)")
def test_sqlite_pragmas(session):
    assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


@pytest.mark.postgresql
def test_postgresql_sessions_wait_bounded_in_utc_and_writers_hold_the_write_lock(app):
    with app.app_context():
        session = database().session()
        assert session.execute(text("SHOW lock_timeout")).scalar() == "15s"
        assert session.execute(text("SHOW TimeZone")).scalar() == "UTC"
        assert session.execute(text("SHOW transaction_isolation")).scalar() == "read committed"
        held = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        assert session.execute(held).scalar() == 1  # the write session queues behind other writers
        session.rollback()
        reader = database().session(read_only=True)
        assert reader.execute(held).scalar() == 0  # readers never wait for writers
        reader.close()
        session.close()


def _writer(url: str, worker: int, queue, count: int = PAPERS_PER_WRITER) -> None:  # type: ignore[no-untyped-def]
    """One worker process: like a gunicorn worker, one transaction per created Vorlage."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "TESTING": True,
                      "DATABASE_BUSY_TIMEOUT_MS": CONTENDED_LOCK_WAIT_MS})
    references, errors = [], []
    with app.app_context():
        for i in range(count):
            session = database().session()
            try:
                body = session.scalar(select(Body))
                dept = session.scalar(select(Organization).where(Organization.organization_type == OrganizationType.DEPARTMENT))
                paper = papers.create_paper(
                    session, None, body=body, name=f"Vorlage {worker}-{i}", paper_type=PaperType.RESOLUTION,
                    originator=dept, paper_date=date(2026, 5, 1),
                )
                session.commit()
                references.append(paper.reference)
            except Exception as exc:  # noqa: BLE001 - the test counts every failure
                errors.append(repr(exc))
                session.rollback()
            finally:
                session.close()
    app.extensions["minutes_database"].dispose()
    queue.put((references, errors))


def _create_in_parallel(url: str, writers: int, per_writer: int) -> list[str]:
    """Create ``writers × per_writer`` Vorlagen from as many processes at once; their reference numbers."""
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "TESTING": True})
    with app.app_context():
        session = db_session()
        body = Body(name="Landkreis Parallel")
        session.add(body)
        session.add(Organization(body=body, name="Fachbereich Finanzen", organization_type=OrganizationType.DEPARTMENT))
        session.commit()
    app.extensions["minutes_database"].dispose()

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_writer, args=(url, n, queue, per_writer)) for n in range(writers)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)

    references = [ref for refs, _ in results for ref in refs]
    errors = [err for _, errs in results for err in errs]
    assert errors == []
    total = writers * per_writer
    assert len(references) == total
    assert len(set(references)) == len(references)
    with app.app_context():
        session = db_session()
        assert session.scalar(select(func.count(Paper.id))) == total
        assert session.scalar(select(PaperReferenceCounter.last_number)) == total
    app.extensions["minutes_database"].dispose()
    return references


def test_parallel_writers_get_unique_numbers_without_errors(tmp_path):
    references = _create_in_parallel(new_database_url(tmp_path, "parallel", schema=False), WRITERS, PAPERS_PER_WRITER)
    assert sorted(references) == sorted(f"{n:03d}/2026" for n in range(1, WRITERS * PAPERS_PER_WRITER + 1))


@pytest.mark.postgresql
def test_400_parallel_creations_on_postgresql_get_unique_gap_free_numbers(tmp_path):
    references = _create_in_parallel(new_database_url(tmp_path, "parallel", schema=False), 16, 25)
    assert sorted(references) == sorted(f"{n:03d}/2026" for n in range(1, 401))
