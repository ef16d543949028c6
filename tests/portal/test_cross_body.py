"""Two bodies on one installation: nothing of body A ever reaches body B, in any channel.

Body B (the first body, served at the stable addresses and at ``/<b>/…``) is a
small county built with the factory; body A is the demo's Gemeinde Birkenfelde
at ``/birkenfelde/…``. A canary is planted in every text, title and file of A,
public or not. B's portal pages, search, DOCX and iCal feeds (crawled under
both of B's addresses) never show it; A's objects requested at B's addresses
answer 404; B's staff cannot reach A's internal pages; A's public content is
visible in A's own portal.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections import deque
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import docx
import pytest
from sqlalchemy import select, update

from minutes_app.demo import municipality
from minutes_app.models import (
    AgendaItem,
    Body,
    File,
    Meeting,
    Membership,
    Minutes,
    Organization,
    Paper,
    Person,
    Role,
    SignOff,
    SignOffChain,
)
from minutes_app.services import files
from tests.conftest import login
from tests.search.conftest import decision

CANARY = "KRZBODYCANARY5519"
LINK = re.compile(r'(?:href|src|action)="([^"#]+)')
A_WORDS = ("Mühlenteich", "Dorfstraße", "Hundesteuersatzung", "Flurstück", "Verkehrszählung", "Birkenfelde")


def _text(response) -> str:  # type: ignore[no-untyped-def]
    data = response.get_data()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return data.decode("utf-8", "replace")


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _plant(session, body: Body, store: Path) -> None:  # type: ignore[no-untyped-def]
    """The canary in every title and text of body A, public or not, and in a public and a secret file."""
    mark = f" {CANARY}"
    org_ids = select(Organization.id).where(Organization.body_id == body.id)
    meeting_ids = select(Meeting.id).where(Meeting.organization_id.in_(org_ids))
    paper_ids = select(Paper.id).where(Paper.body_id == body.id)
    session.execute(update(Organization).where(Organization.body_id == body.id).values(name=Organization.name + mark))
    session.execute(update(Person).where(Person.body_id == body.id).values(family_name=Person.family_name + mark))
    session.execute(update(Meeting).where(Meeting.id.in_(meeting_ids)).values(name=Meeting.name + mark))
    session.execute(update(AgendaItem).where(AgendaItem.meeting_id.in_(meeting_ids)).values(
        name=AgendaItem.name + mark, resolution_text=AgendaItem.resolution_text + mark,
        minutes_text=AgendaItem.minutes_text + mark, public_name=AgendaItem.public_name + mark))
    session.execute(update(Paper).where(Paper.body_id == body.id).values(
        name=Paper.name + mark, reasoning=Paper.reasoning + mark, resolution_proposal=Paper.resolution_proposal + mark,
        financial_impact=Paper.financial_impact + mark))
    session.execute(update(SignOff).where(SignOff.paper_id.in_(paper_ids)).values(comment=SignOff.comment + mark))
    session.execute(update(Minutes).where(Minutes.meeting_id.in_(meeting_ids)).values(
        approval_note=Minutes.approval_note + mark))
    plan = session.scalars(select(Paper).where(Paper.body_id == body.id, Paper.name.like("Bebauungsplan%"))).one()
    gv = select(Organization.id).where(Organization.body_id == body.id, Organization.short_name == "GV")
    meeting = session.scalars(select(Meeting).where(Meeting.organization_id.in_(gv), Meeting.number == "5/2026")).one()
    for owner, public in ((plan, True), (plan, False), (meeting, True), (meeting, False)):
        record = files.store_upload(session, None, stream=io.BytesIO(_docx(f"Lageplan {CANARY}")),
                                    file_name=f"Anlage-{CANARY}.docx", store_dir=store, max_mb=5,
                                    title=f"Anlage {CANARY}", public=public)
        record.text = f"Lageplan {CANARY}"
        owner.files.append(record)
    session.flush()


@pytest.fixture
def bodies(app, session, factory):  # type: ignore[no-untyped-def]
    """Body B (first, factory-built, with public decisions) and body A (the demo Gemeinde, canary planted)."""
    b = factory.body
    committee = factory.committee("Kreisausschuss Teststadt")
    b_paper, b_item, b_meeting = decision(factory, name="Radwegekonzept Teststadt", committee=committee,
                                          day=date.today())
    store = Path(app.config["FILE_STORE_DIR"])
    assert municipality.load_demo_municipality(session, store)
    a = municipality.demo_municipality(session)
    _plant(session, a, store)
    b_staff = factory.user("b-staff", roles={Role.ADMIN, Role.SECRETARY, Role.EDITOR, Role.MEMBER})
    b_staff.bodies.append(b)
    b_staff.committees.append(committee)
    session.commit()
    result = app.test_cli_runner().invoke(args=["search-rebuild"])
    assert result.exit_code == 0, result.output
    return {"a": a, "b": b, "b_paper": b_paper, "b_item": b_item, "b_meeting": b_meeting, "b_staff": b_staff,
            "b_committee": committee}


def _a_objects(session, a: Body) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    org_ids = select(Organization.id).where(Organization.body_id == a.id)
    meetings = session.scalars(select(Meeting.id).where(Meeting.organization_id.in_(org_ids))).all()
    return {
        "papers": session.scalars(select(Paper.id).where(Paper.body_id == a.id)).all(),
        "meetings": meetings,
        "items": session.scalars(select(AgendaItem.id).where(AgendaItem.meeting_id.in_(meetings))).all(),
        "committees": session.scalars(org_ids).all(),
        "persons": session.scalars(select(Person.id).where(Person.body_id == a.id)).all(),
        "chains": session.scalars(select(SignOffChain.id).where(SignOffChain.body_id == a.id)).all(),
        "files": session.scalars(select(File.id).where(File.name.like(f"%{CANARY}%"))).all(),
        "memberships": session.scalars(select(Membership.id).where(Membership.organization_id.in_(org_ids))).all(),
    }


def _crawl(client, starts: list[str], avoid: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Every same-site page reachable from ``starts`` that does not lead into body A's prefix."""
    seen: dict[str, str] = {}
    queue = deque(starts)
    while queue and len(seen) < 800:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        seen[url] = _text(response)
        if "html" not in response.content_type:
            continue
        for link in LINK.findall(response.get_data(as_text=True)):
            target = urljoin(url, link.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(
                    ("/static/", "/intern", "/abmelden", "/anmelden", avoid)) or "monat=" in parts.query:
                continue
            if target not in seen:
                queue.append(target)
    return seen


def test_a_public_content_is_visible_in_a_portal(client, bodies):  # type: ignore[no-untyped-def]
    a = bodies["a"]
    start = client.get(f"/{a.slug}/").get_data(as_text=True)
    assert CANARY in start and "Gemeinde Birkenfelde" in start
    papers = client.get(f"/{a.slug}/vorlagen").get_data(as_text=True)
    assert "Bebauungsplan" in papers and CANARY in papers and "BF/" in papers  # its own number format
    hits = client.get(f"/{a.slug}/suche?q=Mühlenteich").get_data(as_text=True)
    assert CANARY in hits and "Keine Treffer" not in hits
    calendar = client.get(f"/{a.slug}/kalender.ics").get_data(as_text=True)
    assert CANARY in calendar and f"/{a.slug}/sitzungen/" in calendar
    plan_id = re.search(rf'href="/{a.slug}/vorlagen/(\d+)"[^>]*>[^<]*Bebauungsplan', papers)
    assert plan_id is not None
    document = client.get(f"/{a.slug}/vorlagen/{plan_id.group(1)}.docx")
    assert document.status_code == 200 and CANARY in _text(document) and "Birkenfelde" in _text(document)
    # The portal start lists both bodies.
    listing = client.get("/").get_data(as_text=True)
    assert f'href="/{a.slug}/"' in listing and f'href="/{bodies["b"].slug}/"' in listing


def test_nothing_of_a_reaches_b_portal_search_docx_or_feeds(client, bodies):  # type: ignore[no-untyped-def]
    a, b = bodies["a"], bodies["b"]
    starts = []
    for prefix in ("", f"/{b.slug}"):
        starts += [f"{prefix}/sitzungen", f"{prefix}/sitzungen?von=2000-01-01", f"{prefix}/sitzungen?ansicht=kalender",
                   f"{prefix}/vorlagen", f"{prefix}/gremien", f"{prefix}/kalender.ics",
                   f"{prefix}/sitzungen/{bodies['b_meeting'].id}", f"{prefix}/vorlagen/{bodies['b_paper'].id}"]
        starts += [f"{prefix}/suche?q={word}" for word in (*A_WORDS, "Radwegekonzept")]
    starts.append(f"/{b.slug}/")
    pages = _crawl(client, starts, avoid=f"/{a.slug}")
    assert any(url.endswith(".docx") for url in pages) and any("Radwegekonzept" in text for text in pages.values())
    for url, text in pages.items():
        assert CANARY not in text, url
    for prefix in ("", f"/{b.slug}"):
        for word in A_WORDS:
            assert "Keine Treffer" in pages[f"{prefix}/suche?q={word}"], (prefix, word)
    # The alert subscription page offers each portal's own committees only.
    assert "Kreisausschuss Teststadt" in pages["/benachrichtigungen/"]
    own = client.get(f"/{a.slug}/benachrichtigungen/").get_data(as_text=True)
    assert CANARY in own and "Kreisausschuss Teststadt" not in own


def test_a_objects_at_b_addresses_answer_404(client, session, bodies):  # type: ignore[no-untyped-def]
    ids = _a_objects(session, bodies["a"])
    for prefix in ("", f"/{bodies['b'].slug}"):
        urls = [f"{prefix}/gremien/{i}" for i in ids["committees"]]
        urls += [f"{prefix}/gremien/{i}/kalender.ics" for i in ids["committees"]]
        for meeting_id in ids["meetings"]:
            urls += [f"{prefix}/sitzungen/{meeting_id}", f"{prefix}/sitzungen/{meeting_id}/niederschrift",
                     f"{prefix}/sitzungen/{meeting_id}/einladung.docx",
                     f"{prefix}/sitzungen/{meeting_id}/niederschrift.docx"]
        for paper_id in ids["papers"]:
            urls += [f"{prefix}/vorlagen/{paper_id}", f"{prefix}/vorlagen/{paper_id}.docx"]
            urls += [f"{prefix}/vorlagen/{paper_id}/anlagen/{file_id}" for file_id in ids["files"]]
        urls += [f"{prefix}/tagesordnungspunkte/{i}/beschlussauszug.docx" for i in ids["items"]]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404, url
            assert CANARY not in _text(response), url
    assert client.get("/gibt-es-nicht/sitzungen").status_code == 404


def test_b_staff_cannot_reach_a_internal_pages(client, session, bodies):  # type: ignore[no-untyped-def]
    ids = _a_objects(session, bodies["a"])
    login(client, bodies["b_staff"])
    urls = [f"/intern/vorlagen/{i}" for i in ids["papers"]] + [f"/intern/vorlagen/{i}/bearbeiten" for i in ids["papers"]]
    urls += [f"/intern/sitzungen/{i}" for i in ids["meetings"]] + [f"/intern/niederschriften/{i}" for i in ids["meetings"]]
    urls += [f"/intern/verwaltung/gremien/{i}" for i in ids["committees"]]
    urls += [f"/intern/verwaltung/personen/{i}" for i in ids["persons"]]
    urls += [f"/intern/verwaltung/mitgliedschaften/{i}" for i in ids["memberships"]]
    urls += [f"/intern/verwaltung/zeichnungswege/{i}" for i in ids["chains"]]
    urls += [f"/vorlagen/{i}.docx?fassung=intern" for i in ids["papers"]]
    urls += [f"/sitzungen/{i}/niederschrift.docx?fassung=intern" for i in ids["meetings"]]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert CANARY not in _text(response), url
    for url in ("/intern/", "/intern/vorlagen/", "/intern/sitzungen/", "/intern/niederschriften/",
                "/intern/verwaltung/", "/intern/verwaltung/gremien", "/intern/verwaltung/personen",
                "/intern/verwaltung/benutzer", "/intern/verwaltung/protokoll", "/intern/verwaltung/zeichnungswege",
                "/intern/verwaltung/orte", *(f"/intern/suche?q={word}" for word in A_WORDS)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert CANARY not in response.get_data(as_text=True), url
        assert "gemeinde-admin" not in response.get_data(as_text=True), url
    # B's staff cannot switch to body A either.
    assert client.post("/intern/koerperschaft", data={"koerperschaft": str(bodies["a"].id)}).status_code == 404


def test_a_admin_administers_a_only(client, session, bodies):  # type: ignore[no-untyped-def]
    ids = _a_objects(session, bodies["a"])
    login(client, "gemeinde-admin", municipality.PASSWORD)
    assert client.get(f"/intern/verwaltung/gremien/{ids['committees'][0]}").status_code == 200
    assert client.get(f"/intern/verwaltung/gremien/{bodies['b_committee'].id}").status_code == 404
    assert client.get(f"/intern/vorlagen/{bodies['b_paper'].id}").status_code in (403, 404)
    users = client.get("/intern/verwaltung/benutzer").get_data(as_text=True)
    assert "gemeinde-schrift" in users and "b-staff" not in users
    assert client.get(f"/intern/verwaltung/benutzer/{bodies['b_staff'].id}").status_code == 404
    settings = client.get("/intern/verwaltung/einstellungen").get_data(as_text=True)
    assert "Gemeinde Birkenfelde" in settings and "Landkreis Teststadt" not in settings
    trail = client.get("/intern/verwaltung/protokoll").get_data(as_text=True)
    assert "Demo-Gemeinde" in trail and "Radwegekonzept" not in trail


def test_an_installation_wide_admin_adds_a_body_with_its_own_kuerzel(client, session, factory, bodies):  # type: ignore[no-untyped-def]
    wide = factory.user("landesweit", roles={Role.ADMIN})
    session.commit()
    login(client, wide)
    form = {"name": "Gemeinde Drittdorf", "slug": "Drittdorf!", "paper_reference_format": "{number:03d}/{year}",
            "notice_period_days": "7", "max_upload_mb": "20", "quorum_rule": "more_than_half",
            "minutes_publication": "on_closed"}
    refused = client.post("/intern/verwaltung/koerperschaften/neu", data=form)
    assert refused.status_code == 422 and "Kleinbuchstaben" in refused.get_data(as_text=True)
    assert 'value="Gemeinde Drittdorf"' in refused.get_data(as_text=True)
    taken = client.post("/intern/verwaltung/koerperschaften/neu", data={**form, "slug": "birkenfelde"})
    assert taken.status_code == 422 and "bereits eine andere Körperschaft" in taken.get_data(as_text=True)
    created = client.post("/intern/verwaltung/koerperschaften/neu", data={**form, "slug": "drittdorf"})
    assert created.status_code == 302
    assert "Gemeinde Drittdorf" in client.get("/intern/verwaltung/einstellungen").get_data(as_text=True)
    assert client.get("/drittdorf/sitzungen").status_code == 200
    # A body's own administrator may not add bodies.
    other = client.application.test_client()
    login(other, "gemeinde-admin", municipality.PASSWORD)
    assert other.get("/intern/verwaltung/koerperschaften/neu").status_code == 403


def test_a_body_host_name_serves_its_portal_at_the_stable_addresses(client, session, bodies):  # type: ignore[no-untyped-def]
    a = bodies["a"]
    a.host_name = "ris.birkenfelde.example"
    session.commit()
    start = client.get("/", base_url="http://ris.birkenfelde.example").get_data(as_text=True)
    assert "Gemeinde Birkenfelde" in start and CANARY in start and 'href="/lk-test/"' not in start
    assert "Radwegekonzept" not in client.get("/vorlagen", base_url="http://ris.birkenfelde.example").get_data(as_text=True)
    # Any other host name still lists the bodies and serves the first body at the stable addresses.
    assert 'href="/birkenfelde/"' in client.get("/").get_data(as_text=True)
    assert CANARY not in client.get("/vorlagen").get_data(as_text=True)


def test_new_pages_are_valid_html(client, session, factory, bodies, tmp_path):  # type: ignore[no-untyped-def]
    from .test_html_valid import VNU

    if not VNU.exists() or shutil.which("java") is None:
        pytest.fail("Nu Html Checker fehlt: `make test` installiert Java und vnu-jar (.tools/)")
    wide = factory.user("landesweit", roles={Role.ADMIN})
    session.commit()
    pages = {"koerperschaften": client.get("/"), "start-gemeinde": client.get("/birkenfelde/"),
             "suche-gemeinde": client.get("/birkenfelde/suche?q=Dorfstraße")}
    login(client, wide)
    pages.update({"verwaltung": client.get("/intern/verwaltung/"), "intern": client.get("/intern/"),
                  "neue-koerperschaft": client.get("/intern/verwaltung/koerperschaften/neu"),
                  "einstellungen": client.get("/intern/verwaltung/einstellungen")})
    assert "Wechseln" in pages["verwaltung"].get_data(as_text=True)
    written = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.get_data())
        written.append(str(path))
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *written],
                            capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_oparl_web_links_of_a_open_a_own_portal_pages(client, bodies):  # type: ignore[no-untyped-def]
    """Every object of the second body links (OParl ``web``) to a page of its own portal that shows it."""
    a = bodies["a"]
    body = client.get(f"/oparl/v1/body/{a.id}").get_json()
    assert urlsplit(body["web"]).path == f"/{a.slug}/"
    checked = 0
    for segment in ("papers", "meetings", "organizations"):
        data = client.get(f"/oparl/v1/body/{a.id}/{segment}").get_json()["data"]
        for entry in data:
            if "web" not in entry:
                continue
            path = urlsplit(entry["web"]).path
            assert path.startswith(f"/{a.slug}/"), entry["web"]
            assert client.get(path).status_code == 200, path
            checked += 1
    assert checked >= 5
