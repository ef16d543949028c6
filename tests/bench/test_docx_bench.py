"""The benchmark command runs on its own throw-away database and reports the figures."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from bench.docx_bench import bench_docx
from minutes_app.models import Meeting


def test_bench_docx_reports_timings_without_touching_the_database(app, session):
    result = app.test_cli_runner().invoke(bench_docx, args=["--runs", "1"])
    assert result.exit_code == 0, result.output
    assert re.search(r"Niederschrift, vollständig \(40 TOP, 50 Anwesende\): Median \d+ ms", result.output)
    assert "Vorlage, lang" in result.output and "Ziel Niederschrift < 300 ms" in result.output
    assert session.scalar(select(func.count()).select_from(Meeting)) == 0
