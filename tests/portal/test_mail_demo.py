"""The demo after `make run`: a realistic Postausgang and a task list for each demo role."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from .conftest import CANARY


@pytest.fixture
def browser(demo_site):  # type: ignore[no-untyped-def]
    client = demo_site.app.test_client()

    def login(name: str):  # type: ignore[no-untyped-def]
        response = client.post("/anmelden", data={"login": name, "password": "demo"})
        assert response.status_code == 302
        return client

    return login


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        ("schriftfuehrung", "Niederschriften"),
        ("zeichnung", "Vorlagen zeichnen"),
        ("sachbearbeitung", "Zurückgegebene Vorlagen"),
    ],
)
def test_each_demo_role_sees_its_work_with_direct_links(browser, login, expected):
    page = browser(login).get("/intern/").get_data(as_text=True)
    assert "Ihre Aufgaben (" in page and expected in page
    section = page.split('id="aufgaben"')[1].split("</section>")[0]
    links = re.findall(r'<a href="(/intern/[^"]+)"', section)
    assert links
    for link in links[:5]:
        assert browser(login).get(link).status_code == 200


def test_demo_postausgang_shows_the_latest_invitations_with_the_right_document(browser):
    admin = browser("admin")
    page = admin.get("/intern/postausgang/?status=queued").get_data(as_text=True)
    assert "Es ist kein Mailserver eingestellt" in page and "Einladung: " in page
    ids = re.findall(r'href="/intern/postausgang/(\d+)"', page)
    found = {}
    for message_id in ids:
        detail = admin.get(f"/intern/postausgang/{message_id}").get_data(as_text=True)
        version = "intern" if "_intern.docx" in detail else "öffentlich" if "_öffentlich.docx" in detail else None
        if version and version not in found:
            attachment = re.search(rf'href="(/intern/postausgang/{message_id}/anhang/\d+)">[^<]+\.docx', detail)
            assert attachment is not None
            data = admin.get(attachment.group(1)).data
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                found[version] = "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    assert set(found) == {"intern", "öffentlich"}
    assert "Vollständige Fassung" in found["intern"] and "Öffentliche Fassung" in found["öffentlich"]
    assert CANARY not in found["öffentlich"]


def test_mail_pages_are_valid_html(demo_site, browser, tmp_path):
    from sqlalchemy import select

    from minutes_app.extensions import database
    from minutes_app.models import MailDispatch, MailMessage, Meeting, MeetingState

    from .test_html_valid import VNU, shutil, subprocess

    if not VNU.exists() or shutil.which("java") is None:
        pytest.fail("Nu Html Checker fehlt: `make test` installiert Java und vnu-jar (.tools/)")
    with demo_site.app.app_context():
        session = database().session(read_only=True)
        dispatch = session.scalars(select(MailDispatch).order_by(MailDispatch.id)).first()
        message_id = session.scalar(select(MailMessage.id).order_by(MailMessage.id))
        committee_id = session.scalar(select(Meeting.organization_id).where(Meeting.id == dispatch.meeting_id))
        planned = session.scalars(
            select(Meeting).where(Meeting.state == MeetingState.PLANNED, Meeting.organization_id == committee_id)
        ).first()
        session.close()
    pages = {
        "admin": ["/intern/", "/intern/postausgang/", f"/intern/postausgang/{message_id}"],
        "schriftfuehrung": [
            "/intern/",
            f"/intern/sitzungen/{dispatch.meeting_id}/versand",
            "/intern/profil/benachrichtigungen",
            f"/intern/sitzungen/{planned.id}/einladen",
        ],
    }
    written = []
    for account, urls in pages.items():
        client = browser(account)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            path = tmp_path / f"{account}-{len(written)}.html"
            path.write_bytes(response.get_data())
            written.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *written],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
