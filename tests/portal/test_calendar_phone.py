"""Defect 10: the public calendar overflowed its cells at 375 px. In headless Chromium at phone width
no meeting link may stick out of its cell and the page may not scroll sideways."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .pages import page_types

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

OVERFLOWING = """() => {
  const found = [];
  for (const el of document.querySelectorAll('table.month td, table.month .day-event')) {
    if (el.offsetParent === null) continue;  // hidden (a day without meetings)
    const box = el.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth + 1 || box.right > window.innerWidth + 1) found.push(el.textContent.trim());
  }
  return found;
}"""


def test_defect_10_calendar_fits_a_phone(demo_site, live_url):
    playwright_api = pytest.importorskip("playwright.sync_api", reason="make test installiert Playwright")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium fehlt: `make test` installiert das Debian-Paket chromium")
    url = live_url + page_types(demo_site.app)["kalender"]
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 375, "height": 812}, locale="de-DE")
            page.goto(url)
            assert page.locator("table.month .day-event").count() > 0
            assert page.evaluate(OVERFLOWING) == []
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            assert page.locator("table.month .day-event").first.is_visible()
            desktop = browser.new_page(viewport={"width": 1280, "height": 900}, locale="de-DE")
            desktop.goto(url)
            assert desktop.evaluate(OVERFLOWING) == []
        finally:
            browser.close()
