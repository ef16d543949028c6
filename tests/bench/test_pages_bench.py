"""The page benchmark runs end to end in a tiny mode: real gunicorn servers, real wrk, a small database."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime

import pytest

from bench.pages_bench import bench_pages
from minutes_app.models import MeetingState

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk fehlt (make bench-deps)")


def test_bench_pages_measures_every_page_and_counts_queries(app, session, factory):
    committee = factory.committee("Kreistag")
    for name, items in (("Kleine Sitzung", 2), ("Große Sitzung", 6)):
        start = datetime(2026, 3, 1, 16, tzinfo=UTC)
        meeting = factory.meeting(committee, MeetingState.HELD, name=name, start_time=start)
        for number in range(1, items + 1):
            factory.agenda_item(meeting, f"Sicherheit im Kreishaus, Teil {number}", public=number != items)
    session.commit()

    url = app.config["DATABASE_URL"]
    result = app.test_cli_runner().invoke(bench_pages, args=["--database-url", url, "--seconds", "1", "--warmup", "0"])
    assert result.exit_code == 0, result.output
    rows = {"a": "Sitzungsseite, 6 TOP", "a0": "Sitzungsseite, 6 TOP, ohne Seitencache",
            "b": "dieselbe Seite, erneut geprüft (304)", "c": "Minimalseite (1 Abfrage, vorkompiliertes Template)",
            "d": "Flask Hello World", "e": "Suche „Sicherheit“"}
    for key, label in rows.items():
        assert re.search(rf"^\| {key} \| {re.escape(label)} \| [\d.]+ \|$", result.output, re.MULTILINE), label
    assert re.search(r"Verhältnis a/c: \d+ ?% \(Ziel ≥ 60 ?%", result.output)
    assert re.search(r"Verhältnis b/d: \d+ ?% \(Ziel ≥ 40 ?%", result.output)
    assert "Unerwartete Antworten" not in result.output
    assert re.search(r"Sitzung, 6 TOP, erneut geprüft \(304\): 0$", result.output, re.MULTILINE)
    assert "Gleich viele Anweisungen bei 2 und 6 TOP: ja" in result.output
