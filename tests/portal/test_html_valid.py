"""Every page type validates with the Nu Html Checker (vnu.jar, run once over all pages)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .pages import page_types

VNU = Path(__file__).resolve().parents[2] / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_type_is_valid_html(demo_site, tmp_path):
    if not VNU.exists() or shutil.which("java") is None:
        pytest.fail("Nu Html Checker fehlt: `make test` installiert Java und vnu-jar (.tools/)")
    client = demo_site.app.test_client()
    written = []
    for name, url in page_types(demo_site.app).items():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.get_data())
        written.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *written],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
