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
            leaks = [f"{m.kind.value} an {m.recipient_email}: {m.subject}" for m in checked if CANARY in _mail_texts(m)]
            alerts_sent = sum(1 for m in checked if m.kind is MailKind.ALERT)
        finally:
            session.rollback()
            session.close()
    assert leaks == []
    assert len(public_meetings) > 20 and alerts_sent > len(public_meetings)
