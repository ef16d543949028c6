"""Finding 5 of issue 17: two people saving the same thing at once — the later save is refused, its input kept."""
from __future__ import annotations

import re

from sqlalchemy import select

from minutes_app.extensions import db_session
from minutes_app.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingState,
    Paper,
    PaperState,
    User,
    utc_now,
)

from .conftest import demo_client, secretary_draft


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    assert match, name
    return match.group(1)


def _attendance_form(html: str) -> dict[str, str]:
    """Every select of the attendance table with its selected value, plus the hidden fields."""
    data = {"attendance_version": _hidden(html, "attendance_version")}
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option[^>]*value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    return data


def test_second_attendance_save_is_refused_and_keeps_its_input(demo_app):
    with demo_app.app_context():
        record = secretary_draft()
        meeting_id = record.meeting_id
        rows = db_session().scalars(select(Attendance).where(Attendance.meeting_id == meeting_id)).all()
        first, second = rows[0].id, rows[1].id
    url = f"/intern/niederschriften/{meeting_id}/anwesenheit"
    alice, bob = demo_client(demo_app, "schriftfuehrung"), demo_client(demo_app, "schriftfuehrung")
    form_a, form_b = _attendance_form(alice.get(url).get_data(as_text=True)), _attendance_form(
        bob.get(url).get_data(as_text=True)
    )
    form_a[f"status-{first}"] = "excused"
    assert alice.post(url, data=form_a).status_code == 302
    form_b[f"status-{second}"] = "absent"
    response = bob.post(url, data=form_b)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "inzwischen von jemand anderem gespeichert" in html
    assert re.search(rf'name="status-{second}".*?value="absent"[^>]*selected', html, re.S)
    with demo_app.app_context():
        saved = {r.id: r.status for r in db_session().scalars(select(Attendance).where(Attendance.meeting_id == meeting_id))}
    assert saved[first] is AttendanceStatus.EXCUSED  # Alice's entry was not undone
    assert saved[second] is not AttendanceStatus.ABSENT or form_a[f"status-{second}"] == "absent"
    # Bob saves again, now based on the list he has seen: accepted.
    again = _attendance_form(html)
    assert bob.post(url, data=again).status_code == 302


def test_second_title_save_is_refused_and_keeps_its_input(demo_app):
    with demo_app.app_context():
        secretary = db_session().scalars(select(User).where(User.login == "schriftfuehrung")).one()
        ids = {c.id for c in secretary.committees}
        item = db_session().scalars(
            select(AgendaItem).join(Meeting).where(Meeting.state.in_((MeetingState.PLANNED, MeetingState.INVITED)), Meeting.organization_id.in_(ids))
        ).first()
        meeting_id, item_id, public = item.meeting_id, item.id, item.public
    url = f"/intern/sitzungen/{meeting_id}/tagesordnung/{item_id}/bearbeiten"
    alice, bob = demo_client(demo_app, "schriftfuehrung"), demo_client(demo_app, "schriftfuehrung")
    version_a = _hidden(alice.get(url).get_data(as_text=True), "title_version")
    version_b = _hidden(bob.get(url).get_data(as_text=True), "title_version")
    extra = {} if public else {"public_name": ""}
    assert alice.post(url, data={"name": "Titel von Alice", "title_version": version_a, **extra}).status_code == 302
    response = bob.post(url, data={"name": "Titel von Bob", "title_version": version_b, **extra})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "inzwischen von jemand anderem geändert" in html and "Titel von Bob</textarea>" in html
    with demo_app.app_context():
        assert db_session().get(AgendaItem, item_id).name == "Titel von Alice"


def test_two_vorlage_saves_in_one_second_do_not_lose_one(demo_app):
    with demo_app.app_context():
        editor = db_session().scalars(select(User).where(User.login == "sachbearbeitung")).one()
        paper = db_session().scalars(
            select(Paper).where(Paper.state == PaperState.DRAFT, Paper.originator_id == editor.department_id)
        ).first()
        paper_id, paper_type, name = paper.id, paper.paper_type.value, paper.name
    url = f"/intern/vorlagen/{paper_id}/bearbeiten"
    alice, bob = demo_client(demo_app, "sachbearbeitung"), demo_client(demo_app, "sachbearbeitung")
    # Both forms are loaded in the same second in which Alice then saves (the old check compared whole
    # seconds of the modification time, so Bob's stale form passed and overwrote Alice's text).
    second = utc_now().replace(microsecond=100_000)
    with demo_app.app_context():
        db_session().get(Paper, paper_id).modified = second
        db_session().commit()
    page_a, page_b = alice.get(url).get_data(as_text=True), bob.get(url).get_data(as_text=True)

    def form(page: str, reasoning: str) -> dict[str, str]:
        return {
            "name": name,
            "paper_type": paper_type,
            "public": "1", "resolution_proposal": "Kenntnisnahme.", "reasoning": reasoning, "financial_impact": "",
            "based_on": _hidden(page, "based_on"),
        }

    assert alice.post(url, data=form(page_a, "Fassung von Alice")).status_code == 302
    with demo_app.app_context():
        db_session().get(Paper, paper_id).modified = second.replace(microsecond=600_000)
        db_session().commit()
    response = bob.post(url, data=form(page_b, "Fassung von Bob"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "inzwischen von jemand anderem geändert" in html and "Fassung von Bob</textarea>" in html
    with demo_app.app_context():
        assert "Fassung von Alice" in db_session().get(Paper, paper_id).reasoning
