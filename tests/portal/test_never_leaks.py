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

from .conftest import CANARY, NAME_CANARY, VISIBLE_MARK

#: Every string no anonymous channel may show: non-public text, redacted passages (inside
#: ``[[schwärzen: …]]`` with the canary), and the name on the body's always-redact list.
FORBIDDEN = (CANARY, NAME_CANARY)


def _leaked(text: str) -> bool:
    return any(word in text for word in FORBIDDEN)

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
        if _leaked(text):
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
            if _leaked(_text_of(response)):
                leaks.append(url)
    assert leaks == []
    assert 500 not in statuses
    assert statuses.get(200, 0) > 50 and statuses.get(404, 0) > 10


def test_public_search_for_canary_finds_nothing(anonymous):
    # The analyzer folds case, so the lowercase query would find the planted uppercase canary.
    with anonymous.get(f"/suche?q={CANARY.lower()}") as response:
        assert response.status_code == 200
        assert not _leaked(_text_of(response))
    with anonymous.get("/suche?q=qwnamecanary") as response:
        assert response.status_code == 200
        text = _text_of(response)
        assert not _leaked(text) and "Keine Treffer" in text


@pytest.mark.parametrize(
    ("method", "url"),
    [("GET", "/nicht/vorhanden"), ("POST", "/"), ("GET", "/sitzungen/999999"), ("GET", "/intern/verwaltung/"),
     ("POST", "/anmelden"), ("GET", "/vorlagen/abc")],
)
def test_error_pages_never_show_canary(anonymous, method, url):
    with anonymous.open(url, method=method) as response:
        assert response.status_code in (302, 400, 403, 404, 405, 200)
        assert not _leaked(_text_of(response))


def _mail_texts(message) -> str:  # type: ignore[no-untyped-def]
    """Subject, text and every attachment (DOCX unpacked) of an outbox row."""
    parts = [message.subject, message.text]
    for attachment in message.attachments:
        data = attachment.content
        if data[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                parts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
        else:
            parts.append(data.decode("utf-8", "replace"))
    return "\n".join(parts)


def test_alert_mails_and_public_invitation_copies_never_show_canary(demo_site):
    """Every public meeting announced to subscribers of every committee, every public Vorlage to a Vorlagen
    and a saved-search subscription, every invitation's public copy (press): the canary appears in none."""
    import secrets as _secrets

    from minutes_app.export import docx as docx_export
    from minutes_app.extensions import database
    from minutes_app.mail import MailSettings, alerts, invitations
    from minutes_app.models import AlertSubscription, AlertTopic, Body, MailKind, MailMessage, OrganizationType
    from minutes_app.services import visibility

    with demo_site.app.app_context():
        session = database().session()
        try:
            now = session.scalar(select(Meeting.start_time).order_by(Meeting.start_time.desc()))
            body = session.scalar(select(Body))
            settings = MailSettings()
            letterhead = docx_export.letterhead_for(body, None)
            committees = session.scalars(
                select(Organization).where(Organization.organization_type == OrganizationType.COMMITTEE)
            )
            for committee in committees:
                session.add(AlertSubscription(email=f"abo{committee.id}@beispiel.example", topic=AlertTopic.COMMITTEE,
                                              organization_id=committee.id, nonce=_secrets.token_hex(8),
                                              confirmed_at=now))
            session.add(AlertSubscription(email="vorlagen@beispiel.example", topic=AlertTopic.PAPERS,
                                          nonce=_secrets.token_hex(8), confirmed_at=now))
            session.add(AlertSubscription(email="suche@beispiel.example", topic=AlertTopic.SEARCH, query="Kreis",
                                          nonce=_secrets.token_hex(8), confirmed_at=now))
            session.flush()
            public_meetings = [m for m in session.scalars(select(Meeting)) if visibility.meeting_is_public(m)]
            for meeting in public_meetings:
                invitations.queue_invitation(session, settings, None, meeting, now=now, letterhead=letterhead,
                                             extra=["presse@beispiel.example"])
            assert alerts.send_paper_alerts(session, settings, body) == 2
            session.flush()
            checked = [
                m for m in session.scalars(select(MailMessage))
                if m.kind is MailKind.ALERT or m.version_label == invitations.PUBLIC_LABEL
            ]
            leaks = [f"{m.kind.value} an {m.recipient_email}: {m.subject}" for m in checked if _leaked(_mail_texts(m))]
            alerts_sent = sum(1 for m in checked if m.kind is MailKind.ALERT)
        finally:
            session.rollback()
            session.close()
    assert leaks == []
    assert len(public_meetings) > 20 and alerts_sent > len(public_meetings)


def test_redacted_public_text_keeps_its_visible_rest_in_every_channel(demo_site, anonymous):
    """Around the redacted canaries the text stays public: page, DOCX and search show it with the placeholder."""
    with demo_site.app.app_context():
        session = db_session()
        item = session.scalars(select(AgendaItem).where(AgendaItem.minutes_text.contains(VISIBLE_MARK))).first()
        assert item is not None
        meeting_id, item_id = item.meeting_id, item.id
    with anonymous.get(f"/sitzungen/{meeting_id}") as response:
        page = _text_of(response)
    assert VISIBLE_MARK in page and "[geschwärzt]" in page and not _leaked(page)
    for url in (f"/sitzungen/{meeting_id}/niederschrift.docx", f"/tagesordnungspunkte/{item_id}/beschlussauszug.docx"):
        with anonymous.get(url) as response:
            document = _text_of(response)
        assert response.status_code == 200 and VISIBLE_MARK in document and "[geschwärzt]" in document
        assert not _leaked(document)
    with anonymous.get(f"/suche?q={VISIBLE_MARK.lower()}") as response:
        hits = _text_of(response)
    assert "Treffer" in hits and VISIBLE_MARK in hits and not _leaked(hits)


def test_public_attachment_with_redacted_copy_serves_only_the_copy(demo_site, anonymous):
    with demo_site.app.app_context():
        session = db_session()
        original = session.scalars(select(File).where(File.public_copy_id.is_not(None))).first()
        assert original is not None
        paper = next(p for p in session.scalars(select(Paper)) if original in p.files)
        paper_id, original_id, copy_id = paper.id, original.id, original.public_copy_id
    with anonymous.get(f"/vorlagen/{paper_id}") as response:
        page = _text_of(response)
    assert f"/anlagen/{copy_id}" in page and f"/anlagen/{original_id}\"" not in page
    with anonymous.get(f"/vorlagen/{paper_id}/anlagen/{original_id}") as response:
        assert response.status_code == 404
    with anonymous.get(f"/vorlagen/{paper_id}/anlagen/{copy_id}") as response:
        assert response.status_code == 200 and _text_of(response) == VISIBLE_MARK
