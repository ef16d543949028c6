"""Browser tests in headless Debian Chromium: accessibility (axe-core), keyboard use, phone and desktop widths.

Screenshots of the main pages are kept under test-artifacts/screenshots/.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .pages import page_types

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
WIDTHS = {"telefon": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api", reason="make test installiert Playwright")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium fehlt: `make test` installiert das Debian-Paket chromium")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets the test inject axe-core; the app itself allows only its own scripts.
    context = browser.new_context(locale="de-DE", viewport=WIDTHS["desktop"], bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def _axe_violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    )
    return [
        {"id": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def test_every_page_type_has_no_axe_violations_at_both_widths(demo_site, live_url, page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for name, url in page_types(demo_site.app).items():
        for width_name, size in WIDTHS.items():
            page.set_viewport_size(size)
            page.goto(live_url + url)
            page.screenshot(path=str(SHOTS / f"{name}-{width_name}.png"), full_page=True)
            violations = _axe_violations(page)
            if violations:
                problems[f"{name} ({width_name})"] = violations
    assert problems == {}


def test_pages_fit_a_phone_without_horizontal_scrolling(demo_site, live_url, page):
    page.set_viewport_size(WIDTHS["telefon"])
    too_wide = {}
    for name, url in page_types(demo_site.app).items():
        page.goto(live_url + url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 1:
            too_wide[name] = overflow
    assert too_wide == {}


def test_keyboard_only_walk_through_the_start_page(live_url, page):
    page.goto(live_url + "/")
    page.keyboard.press("Tab")
    skip = page.evaluate("[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
    assert skip == ["Zum Inhalt springen", "#inhalt"]
    box = page.evaluate("JSON.stringify(document.activeElement.getBoundingClientRect())")
    assert '"x":-' not in box  # the skip link becomes visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"

    visited = []
    for _ in range(25):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                 return {tag: el.tagName, text: (el.textContent || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 40),
                         outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, shadow: s.boxShadow !== 'none'}; }"""
        )
        visited.append(info)
        assert info["outline"] or info["shadow"], f"kein sichtbarer Fokus auf {info}"
    tags = {v["tag"] for v in visited}
    assert "INPUT" in tags and "A" in tags  # the search box and links are reachable by keyboard
    # The search form works from the keyboard alone.
    page.goto(live_url + "/")
    page.focus("#start-suche")
    page.keyboard.type("Sicherheitskonzept")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/suche?q=Sicherheitskonzept" in page.url


def test_citizen_finds_a_decision_opens_its_meeting_and_downloads_the_minutes(live_url, page, tmp_path):
    from docx import Document

    page.goto(live_url + "/")
    page.fill("#start-suche", "Sicherheitskonzept")
    with page.expect_navigation():
        page.click("text=Suchen")
    decision = page.locator("ol.hits > li", has_text="Tagesordnungspunkt").filter(has_text="beschlossen").first
    decision.locator("a").first.click()
    page.wait_for_url("**/sitzungen/*")
    assert "Sicherheitskonzept" in page.inner_text("main")
    with page.expect_download() as download_info:
        page.click("text=Niederschrift, öffentlicher Teil (Word, DOCX)")
    download = download_info.value
    # Browsers use the UTF-8 file name (RFC 6266 filename*), e.g. Niederschrift_KA_2026-03-03_öffentlich.docx.
    assert download.suggested_filename.startswith("Niederschrift_") and download.suggested_filename.endswith("_öffentlich.docx")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "Sicherheitskonzept" in text
