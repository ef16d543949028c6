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
