"""Defect 6: a Ladungsfrist already missed at planning is a warning, not a green success and grey text."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from minutes_app.models import Role
from minutes_app.web.meetings import common

from ..conftest import login

NOW = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(common, "now", lambda: NOW)


def _plan(client, committee, day):
    data = {"organization_id": str(committee.id), "name": "Sondersitzung", "number": "", "day": day,
            "start": "16:00", "end": "18:00", "location_id": "", "location_text": "Kreishaus"}
    return client.post("/intern/sitzungen/neu", data=data, follow_redirects=True).get_data(as_text=True)


def test_defect_6_planning_inside_the_notice_period_warns_prominently(client, session, factory):
    committee = factory.committee("Kreisausschuss")
    secretary = factory.user("schrift", roles={Role.SECRETARY}, committees=[committee])
    login(client, secretary)
    html = _plan(client, committee, "2026-03-12")  # three days ahead, Ladungsfrist seven days
    assert 'role="status">Die Sitzung wurde geplant.' not in html
    assert 'class="flash flash-warning" role="alert"' in html
    assert "Achtung: Die Ladungsfrist" in html and "hätte spätestens am" in html
    assert '<p class="notice" role="alert"><strong>Ladungsfrist nicht einzuhalten:</strong>' in html
    assert "die Frist ist bereits abgelaufen" not in html

    in_time = _plan(client, committee, "2026-04-16")
    assert 'class="flash flash-success" role="status">Die Sitzung wurde geplant.</p>' in in_time
    assert "Ladungsfrist nicht einzuhalten" not in in_time
