"""Defect 7: agenda editing. Fewer buttons per row, drag and drop as a progressive enhancement
(the position endpoint also works as a plain form), and Tischvorlagen on an item."""
from __future__ import annotations

import io
import re

from minutes_app.models import MeetingState, Role
from minutes_app.services import agenda

from ..conftest import login
from ..papers_support import pdf_bytes


def _setup(client, session, factory, state=MeetingState.PLANNED):
    committee = factory.committee("Kreisausschuss")
    meeting = factory.meeting(committee, state)
    items = [agenda.add_item(session, None, meeting, name=n, public=True) for n in ("Eins", "Zwei", "Drei")]
    secretary = factory.user("schrift", roles={Role.SECRETARY}, committees=[committee])
    login(client, secretary)
    return meeting, items


def _row(html: str, item_id: int) -> str:
    return html.split(f'<tr id="top-{item_id}"', 1)[1].split("</tr>", 1)[0]


def test_defect_7_a_row_shows_at_most_three_buttons_and_the_rest_behind_a_disclosure(client, session, factory):
    meeting, items = _setup(client, session, factory)
    html = client.get(f"/intern/sitzungen/{meeting.id}/tagesordnung").get_data(as_text=True)
    row = _row(html, items[1].id)
    visible = row.split("<details", 1)[0]
    assert len(re.findall(r'<button type="submit"|class="button secondary" href', visible)) == 3
    assert "<summary>Weitere Aktionen" in row and "Entfernen" in row.split("<details", 1)[1]
    assert f'data-move-url="/intern/sitzungen/{meeting.id}/tagesordnung/{items[1].id}/position"' in row
    assert '<script src="/static/agenda-order.js" defer></script>' in html
    with client.get("/static/agenda-order.js") as script:
        assert script.status_code == 200 and b"dragstart" in script.data and b"http" not in script.data


def test_defect_7_the_position_endpoint_reorders_with_or_without_javascript(client, session, factory):
    meeting, items = _setup(client, session, factory)
    response = client.post(f"/intern/sitzungen/{meeting.id}/tagesordnung/{items[2].id}/position",
                           data={"position": "1"}, follow_redirects=True)
    assert "„Drei“ ist jetzt Ö 1." in response.get_data(as_text=True)
    assert [i.name for i in sorted(meeting.agenda_items, key=lambda i: i.order)] == ["Drei", "Eins", "Zwei"]
    bad = client.post(f"/intern/sitzungen/{meeting.id}/tagesordnung/{items[2].id}/position",
                      data={"position": "9"}, follow_redirects=True)
    assert "Bitte eine Position zwischen 1 und 3 angeben." in bad.get_data(as_text=True)
    # The buttons stay the no-JavaScript path.
    client.post(f"/intern/sitzungen/{meeting.id}/tagesordnung/{items[2].id}/runter")
    assert [i.name for i in sorted(meeting.agenda_items, key=lambda i: i.order)] == ["Eins", "Drei", "Zwei"]


def test_defect_7_tischvorlagen_are_checked_files_non_public_by_default(client, session, factory):
    meeting, items = _setup(client, session, factory, MeetingState.INVITED)
    url = f"/intern/sitzungen/{meeting.id}/tagesordnung/{items[0].id}/tischvorlagen"
    page = client.get(url).get_data(as_text=True)
    assert 'name="public" type="checkbox" value="y">' in page and "checked" not in page.split('name="public"')[1][:40]
    refused = client.post(url, data={"file": (io.BytesIO(b"MZ\x90\x00"), "tool.exe")},
                          content_type="multipart/form-data")
    assert refused.status_code == 422 and "nicht zulässig" in refused.get_data(as_text=True)
    done = client.post(url, data={"file": (io.BytesIO(pdf_bytes("Kostenaufstellung")), "kosten.pdf"),
                                  "title": "Kostenaufstellung"},
                       content_type="multipart/form-data", follow_redirects=True)
    assert "Die Tischvorlage „Kostenaufstellung“ zu Ö 1 wurde hochgeladen." in done.get_data(as_text=True)
    record = items[0].files[0]
    assert record.public is False
    client.post("/abmelden")
    portal = client.get(f"/sitzungen/{meeting.id}").get_data(as_text=True)
    assert "Kostenaufstellung" not in portal
    assert client.get(f"/tagesordnungspunkte/{items[0].id}/tischvorlagen/{record.id}").status_code == 404
    login(client, "schrift")
    client.post(f"{url}/{record.id}/oeffentlich")
    client.post("/abmelden")
    portal = client.get(f"/sitzungen/{meeting.id}").get_data(as_text=True)
    assert f'href="/tagesordnungspunkte/{items[0].id}/tischvorlagen/{record.id}">Kostenaufstellung</a>' in portal
    with client.get(f"/tagesordnungspunkte/{items[0].id}/tischvorlagen/{record.id}") as download:
        assert download.status_code == 200 and download.data.startswith(b"%PDF")
