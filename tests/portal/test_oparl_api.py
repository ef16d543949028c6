"""The OParl API of the demo county: a crawler follows every URL from /oparl/v1/system.

Each answer must resolve, every object must validate against the OParl 1.1
schema, the planted canary must never appear, the API must hold exactly the
meetings and Vorlagen the portal shows (and every committee and public
attachment), and a list page must cost the same number of SQL statements
whatever its size.
"""
from __future__ import annotations

import json
from collections import deque
from urllib.parse import urlsplit

import pytest
from sqlalchemy import event, select

from minutes_app.extensions import db_session
from minutes_app.models import Body, File, Meeting, Organization, Paper

from ..oparl.validation import problems
from .conftest import CANARY
from .test_never_leaks import _text_of

ROOT = "http://localhost/oparl/v1/system"
MAX_URLS = 20000


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _urls(node: object) -> list[str]:
    if isinstance(node, dict):
        return [u for v in node.values() for u in _urls(v)]
    if isinstance(node, list):
        return [u for v in node for u in _urls(v)]
    if isinstance(node, str) and node.startswith("http://localhost/oparl/"):
        return [node]
    return []


def _objects(document: dict) -> list[dict]:  # type: ignore[type-arg]
    return document["data"] if {"data", "pagination", "links"} <= set(document) else [document]


@pytest.fixture(scope="module")
def crawl(demo_site):  # type: ignore[no-untyped-def]
    """Every URL reachable from the System object: url → (status, headers, text, JSON or None)."""
    client = demo_site.app.test_client()
    seen, queue, answers = {ROOT}, deque([ROOT]), {}
    while queue and len(seen) < MAX_URLS:
        url = queue.popleft()
        with client.get(_path(url)) as response:
            text = _text_of(response)
            document = json.loads(text) if response.mimetype == "application/json" else None
            answers[url] = (response.status_code, dict(response.headers), text, document)
        for found in _urls(document) if document is not None else []:
            if found not in seen:
                seen.add(found)
                queue.append(found)
    assert len(seen) < MAX_URLS, "Crawl nicht beendet"
    return answers


def test_every_url_resolves_and_every_object_validates(crawl):
    failures = {}
    for url, (status, headers, _text, document) in crawl.items():
        if status != 200:
            failures[url] = status
            continue
        assert headers["Access-Control-Allow-Origin"] == "*"
        if document is None:
            continue
        assert headers["Content-Type"] == "application/json; charset=utf-8"
        for obj in _objects(document):
            if found := problems(obj):
                failures[obj["id"]] = found[:3]
    assert failures == {}
    kinds = {o["type"].rsplit("/", 1)[1] for _s, _h, _t, d in crawl.values() if d for o in _objects(d) if "type" in o}
    assert kinds >= {"System", "Body", "LegislativeTerm", "Organization", "Person", "Membership", "Meeting",
                     "AgendaItem", "Paper", "Consultation", "File", "Location"}


def test_files_are_served_inline_and_as_download(crawl):
    access = [u for u in crawl if u.endswith("/access")]
    download = [u for u in crawl if u.endswith("/download")]
    assert access and len(access) == len(download)
    for url in access:
        assert "attachment" not in crawl[url][1].get("Content-Disposition", "")
    for url in download:
        assert crawl[url][1]["Content-Disposition"].startswith("attachment")


def test_crawl_never_sees_the_canary(crawl):
    assert [url for url, (_s, _h, text, _d) in crawl.items() if CANARY in text] == []


def _served_ids(crawl, type_name: str) -> set[int]:  # type: ignore[no-untyped-def]
    prefix = f"http://localhost/oparl/v1/{type_name[0].lower() + type_name[1:]}/"
    return {
        int(url.removeprefix(prefix)) for url, (status, _h, _t, document) in crawl.items()
        if status == 200 and url.startswith(prefix) and url.removeprefix(prefix).isdigit()
        and not document.get("deleted")
    }


def test_api_holds_exactly_the_meetings_and_papers_of_the_portal(demo_site, crawl):
    client = demo_site.app.test_client()
    with demo_site.app.app_context():
        session = db_session()
        meeting_ids = list(session.scalars(select(Meeting.id)))
        paper_ids = list(session.scalars(select(Paper.id)))
        organization_ids = list(session.scalars(select(Organization.id)))
        attachments = [(p.id, f.id) for p in session.scalars(select(Paper)) for f in p.files]
    portal_meetings = {i for i in meeting_ids if client.get(f"/sitzungen/{i}").status_code == 200}
    portal_papers = {i for i in paper_ids if client.get(f"/vorlagen/{i}").status_code == 200}
    assert portal_meetings and portal_papers
    assert _served_ids(crawl, "Meeting") == portal_meetings
    assert _served_ids(crawl, "Paper") == portal_papers
    committees = {i for i in organization_ids if client.get(f"/gremien/{i}").status_code == 200}
    assert committees <= _served_ids(crawl, "Organization")
    shown_files = set()
    for paper_id, file_id in attachments:
        with client.get(f"/vorlagen/{paper_id}/anlagen/{file_id}") as response:
            if response.status_code == 200:
                shown_files.add(file_id)
    assert shown_files and shown_files <= _served_ids(crawl, "File")


def test_every_id_of_every_type_never_shows_canary(demo_site):
    client = demo_site.app.test_client()
    with demo_site.app.app_context():
        session = db_session()
        urls = [f"/oparl/v1/file/{i}/{how}" for i in session.scalars(select(File.id)) for how in ("access", "download")]
        urls += [f"/oparl/v1/file/{i}" for i in session.scalars(select(File.id))]
        urls += [f"/oparl/v1/meeting/{i}" for i in session.scalars(select(Meeting.id))]
        urls += [f"/oparl/v1/paper/{i}" for i in session.scalars(select(Paper.id))]
        body_id = session.scalar(select(Body.id))
    statuses = {}
    for url in urls + [f"/oparl/v1/body/{body_id}/papers?modified_since=2000-01-01T00:00:00%2B00:00"]:
        with client.get(url) as response:
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            assert CANARY not in _text_of(response), url
    assert set(statuses) <= {200, 404} and statuses[404] > 10


@pytest.mark.parametrize("segment", ["papers", "meetings", "agendaItems", "consultations", "files", "persons",
                                     "memberships", "organizations"])
def test_list_pages_cost_the_same_statements_whatever_their_size(demo_site, segment):
    app = demo_site.app
    engine = app.extensions["minutes_database"].read_engine
    counts = {}
    with app.app_context():
        body_id = db_session().scalar(select(Body.id))
    client = app.test_client()
    url = f"/oparl/v1/body/{body_id}/{segment}"
    total = client.get(f"{url}?limit=1").get_json()["pagination"]["totalElements"]
    large = min(total, 80)
    small = large // 4
    assert small >= 5, (segment, total)
    for limit in (small, large):
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            with client.get(f"{url}?limit={limit}") as response:
                assert response.status_code == 200
                assert len(response.get_json()["data"]) == limit
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        counts[limit] = len(statements)
    # Eager loading fetches related rows in chunks of 500 keys (80 meetings have about 800 agenda
    # items): one more statement per chunk, never one per object.
    assert counts[large] <= counts[small] + 2, counts
