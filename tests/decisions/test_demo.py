"""The demo county shows overdue and completed decisions and a public Niederschrift with a redacted name."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from minutes_app.decisions import lists
from minutes_app.demo import county, decisions
from minutes_app.extensions import database
from minutes_app.models import AgendaItem, Body, DecisionImplementation, ImplementationStatus
from minutes_app.web.filters import BERLIN

from ..conftest import login
from ..test_demo import make_app


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = make_app(tmp_path_factory.mktemp("demo-decisions"))
    with app.app_context():
        session = database().session()
        assert county.load_demo_county(session, Path(app.config["FILE_STORE_DIR"])) is True
        session.commit()
        session.close()
    yield app
    app.extensions["minutes_database"].dispose()


def test_staff_and_citizens_see_overdue_and_completed_decisions(demo_app):
    today = datetime.now(BERLIN).date()
    with demo_app.app_context():
        session = database().session(read_only=True)
        records = session.scalars(select(DecisionImplementation)).all()
        assert any(r.is_overdue(today) for r in records)
        assert any(r.status is ImplementationStatus.DONE for r in records)
        body = session.scalar(select(Body))
        public = session.scalars(lists.public_list(session, body, today)).all()
        assert any(r.is_overdue(today) for r in public) and any(r.status is ImplementationStatus.DONE for r in public)
        session.close()
    client = demo_app.test_client()
    overdue = client.get("/beschluesse?status=overdue").get_data(as_text=True)
    done = client.get("/beschluesse?status=done").get_data(as_text=True)
    assert "überfällig" in overdue and "umgesetzt" in done
    login(client, "sachbearbeitung", "demo")
    start = client.get("/intern/").get_data(as_text=True)
    assert "offene Beschlüsse Ihres Fachbereichs" in start
    assert "überfällig" in client.get("/intern/beschluesse/").get_data(as_text=True)


def test_public_minutes_redact_the_private_speaker(demo_app):
    with demo_app.app_context():
        session = database().session(read_only=True)
        item = session.scalars(select(AgendaItem).where(AgendaItem.minutes_text.contains("Einwohnerfragestunde"))).one()
        meeting_id = item.meeting_id
        session.close()
    client = demo_app.test_client()
    page = client.get(f"/sitzungen/{meeting_id}/niederschrift").get_data(as_text=True)
    assert "Einwohnerfragestunde" in page and "[geschwärzt]" in page
    assert decisions.SPEAKER not in page and decisions.LISTED_NAME not in page
    login(client, "schriftfuehrung", "demo")
    internal = client.get(f"/intern/niederschriften/{meeting_id}/lesefassung").get_data(as_text=True)
    assert decisions.SPEAKER in internal and 'class="redacted"' in internal
