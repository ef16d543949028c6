"""Defect 8: the internal header named the portal, mixed portal and internal links and had "Sitzungen" twice."""
from __future__ import annotations

import re

from minutes_app.models import Role

from ..conftest import login


def _nav_links(html: str) -> list[tuple[str, str]]:
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', header)


def test_defect_8_the_internal_header_is_the_sitzungsdienst_with_one_link_to_the_portal(client, session, factory):
    committee = factory.committee("Kreisausschuss")
    secretary = factory.user("schrift", roles={Role.SECRETARY}, committees=[committee])
    login(client, secretary)
    html = client.get("/intern/sitzungen/").get_data(as_text=True)
    assert "– Sitzungsdienst</title>" in html
    links = _nav_links(html)
    labels = [label for _href, label in links]
    assert labels.count("Sitzungen") == 1
    assert ("/intern/sitzungen/", "Sitzungen") in links
    assert ("/intern/niederschriften/", "Niederschriften") in links
    portal = [label for href, label in links if not href.startswith("/intern")]
    assert portal == ["Zum Bürgerinformationssystem"]
    assert "Bürgerinformationssystem</a>" not in html.split("<nav", 1)[0]  # the brand is the Sitzungsdienst

    public = client.get("/").get_data(as_text=True)
    public_links = _nav_links(public)
    assert [label for _h, label in public_links].count("Sitzungen") == 1
    assert "Interner Bereich" in [label for _h, label in public_links]
