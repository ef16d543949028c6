"""Nothing non-public ever reaches an anonymous client, through any channel.

With a canary planted in every non-public field of the demo county, an
anonymous client crawls every page reachable from the start page, requests
every id of every object type directly, searches for the canary, downloads
every public DOCX and iCal feed and provokes the error pages. The canary must
appear nowhere.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections import deque
from datetime import date
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from sqlalchemy import select

from minutes_app.extensions import db_session
from minutes_app.models import AgendaItem, File, Meeting, Organization, Paper

from .conftest import CANARY

LINK = re.compile(r'(?:href|src|action)="([^"#]+)')
MAX_PAGES = 6000
MAX_MONTHS_AWAY = 30


def _text_of(response) -> str:  # type: ignore[no-untyped-def]
    """The response as text; DOCX and other ZIP containers are unpacked so their XML is searched too."""
    data = response.get_data()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return data.decode("utf-8", "replace")


def _follow(url: str) -> bool:
    """Same-site GET links, without running off into endless calendar months."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return False
    if parts.path.startswith(("/static/", "/intern", "/abmelden")):
        return False
    month = parse_qs(parts.query).get("monat", [""])[0]
    if re.fullmatch(r"\d{4}-\d{2}", month):
        year, number = (int(x) for x in month.split("-"))
        today = date.today()
        if abs((year - today.year) * 12 + number - today.month) > MAX_MONTHS_AWAY:
            return False
    return True


@pytest.fixture(scope="module")
def anonymous(demo_site):
    return demo_site.app.test_client()


def test_crawl_from_start_page_never_shows_canary(anonymous):
    seen, queue, leaks = {"/"}, deque(["/"]), []
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        with anonymous.get(url) as response:
            text, mimetype = _text_of(response), response.mimetype
        if CANARY in text:
            leaks.append(url)
        if mimetype == "text/html":
            for link in LINK.findall(text):
                target = urljoin(url, link.replace("&amp;", "&"))
                if _follow(target) and target not in seen:
                    seen.add(target)
                    queue.append(target)
    assert leaks == []
    assert len(seen) < MAX_PAGES, "crawl did not finish"
    assert len(seen) > 100  # the crawl really reached the meetings, Vorlagen and committees


def _all_ids(demo_site, model):  # type: ignore[no-untyped-def]
    with demo_site.app.app_context():
        return list(db_session().scalars(select(model.id)))


def _direct_urls(demo_site) -> list[str]:  # type: ignore[no-untyped-def]
    # Queries use the lowercase canary: the page may echo the query, a hit would show the stored uppercase text.
    urls = ["/kalender.ics", "/suche?q=" + CANARY.lower(), "/intern/suche?q=" + CANARY.lower(), "/gibt-es-nicht", "/vorlagen/0"]
    for meeting_id in _all_ids(demo_site, Meeting):
        urls += [f"/sitzungen/{meeting_id}", f"/sitzungen/{meeting_id}/einladung.docx",
                 f"/sitzungen/{meeting_id}/niederschrift.docx", f"/sitzungen/{meeting_id}/niederschrift",
                 f"/sitzungen/{meeting_id}/einladung.docx?fassung=intern",
                 f"/sitzungen/{meeting_id}/niederschrift.docx?fassung=intern"]
    for paper_id in _all_ids(demo_site, Paper):
        urls += [f"/vorlagen/{paper_id}", f"/vorlagen/{paper_id}.docx", f"/vorlagen/{paper_id}.docx?fassung=intern"]
    for item_id in _all_ids(demo_site, AgendaItem):
        urls += [f"/tagesordnungspunkte/{item_id}/beschlussauszug.docx"]
    for org_id in _all_ids(demo_site, Organization):
        urls += [f"/gremien/{org_id}", f"/gremien/{org_id}/kalender.ics"]
    with demo_site.app.app_context():
        session = db_session()
        for paper in session.scalars(select(Paper)):
            urls += [f"/vorlagen/{paper.id}/anlagen/{f.id}" for f in paper.files]
        urls += [f"/vorlagen/1/anlagen/{file_id}" for file_id in session.scalars(select(File.id))]
        for item in session.scalars(select(AgendaItem).where(AgendaItem.files.any())):
            urls += [f"/tagesordnungspunkte/{item.id}/tischvorlagen/{f.id}" for f in item.files]
    return urls


def test_every_id_of_every_object_type_never_shows_canary(demo_site, anonymous):
    leaks = []
    statuses: dict[int, int] = {}
    for url in _direct_urls(demo_site):
        with anonymous.get(url) as response:
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if CANARY in _text_of(response):
                leaks.append(url)
    assert leaks == []
    assert 500 not in statuses
    assert statuses.get(200, 0) > 50 and statuses.get(404, 0) > 10


def test_public_search_for_canary_finds_nothing(anonymous):
    # The analyzer folds case, so the lowercase query would find the planted uppercase canary.
    with anonymous.get(f"/suche?q={CANARY.lower()}") as response:
        assert response.status_code == 200
        assert CANARY not in _text_of(response)


@pytest.mark.parametrize(
    ("method", "url"),
    [("GET", "/nicht/vorhanden"), ("POST", "/"), ("GET", "/sitzungen/999999"), ("GET", "/intern/verwaltung/"),
     ("POST", "/anmelden"), ("GET", "/vorlagen/abc")],
)
def test_error_pages_never_show_canary(anonymous, method, url):
    with anonymous.open(url, method=method) as response:
        assert response.status_code in (302, 400, 403, 404, 405, 200)
        assert CANARY not in _text_of(response)
