"""SQLite runs in WAL mode with foreign keys; parallel writers neither fail nor duplicate numbers."""
from __future__ import annotations

import multiprocessing
from datetime import date

from sqlalchemy import func, select, text

from minutes_app import create_app, migrate
from minutes_app.extensions import database, db_session
from minutes_app.models import Body, Organization, OrganizationType, Paper, PaperReferenceCounter, PaperType
from minutes_app.services import papers

WRITERS = 8
PAPERS_PER_WRITER = 25


def test_sqlite_pragmas(session):
    assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def _writer(url: str, worker: int, queue) -> None:  # type: ignore[no-untyped-def]
    """One worker process: like a gunicorn worker, one transaction per created Vorlage."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "TESTING": True})
    references, errors = [], []
    with app.app_context():
        for i in range(PAPERS_PER_WRITER):
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
    queue.put((references, errors))


def test_parallel_writers_get_unique_numbers_without_errors(tmp_path):
    url = f"sqlite:///{tmp_path / 'parallel.db'}"
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
    workers = [context.Process(target=_writer, args=(url, n, queue)) for n in range(WRITERS)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)

    references = [ref for refs, _ in results for ref in refs]
    errors = [err for _, errs in results for err in errs]
    assert errors == []
    assert len(references) == WRITERS * PAPERS_PER_WRITER
    assert len(set(references)) == len(references)
    with app.app_context():
        session = db_session()
        assert session.scalar(select(func.count(Paper.id))) == WRITERS * PAPERS_PER_WRITER
        assert session.scalar(select(PaperReferenceCounter.last_number)) == WRITERS * PAPERS_PER_WRITER
    assert sorted(references) == sorted(f"{n:03d}/2026" for n in range(1, WRITERS * PAPERS_PER_WRITER + 1))
