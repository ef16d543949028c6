"""Defect 9: the audit trail showed English actions ("Sitzung invited", "agenda item added") and ids."""
from __future__ import annotations

import re
from pathlib import Path

from minutes_app.models import MeetingState, Role
from minutes_app.secretariat.audit_labels import ACTION_LABELS, action_label
from minutes_app.services import agenda, meetings
from minutes_app.services.meetings import local_date

from ..conftest import login

SOURCE = Path(__file__).resolve().parents[2] / "minutes_app"
SUBJECTS = ("agenda", "body", "demo", "file", "legislative_term", "location", "meeting", "membership", "minutes",
            "organization", "paper", "person", "sign_off_chain", "user")


def _recorded_actions() -> set[str]:
    """Every action code the services write: literals like "meeting.invited" and the agenda's short codes."""
    found: set[str] = set()
    pattern = re.compile(r'"((?:%s)\.[a-z_]+)"' % "|".join(SUBJECTS))
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "audit" not in text:
            continue
        found.update(m for m in pattern.findall(text) if not m.startswith(("meetings.", "minutes.item_edit")))
        if path.name == "agenda.py" or path.parent.name == "secretariat":
            found.update("agenda." + m for m in re.findall(r'_record\(\s*session, actor, meeting,\s*"([a-z_]+)"', text))
    found.update({"minutes.signed_chair", "minutes.signed_recorder"})
    return {a for a in found if a.split(".")[1] not in ("id",) and not a.endswith(("_page", "_edit", "_list"))}


def test_defect_9_every_recorded_action_has_a_german_label():
    endpoints = {"minutes.overview", "minutes.read", "minutes.attendance_page", "minutes.close_page"}
    missing = sorted(a for a in _recorded_actions() - endpoints if a not in ACTION_LABELS)
    assert missing == []
    assert action_label("meeting.invited") == "Zur Sitzung eingeladen"
    assert action_label("mail.something_new") == "Änderung"  # never English


def test_defect_9_the_trail_names_actions_and_objects_in_german(client, session, factory):
    committee = factory.committee("Kreisausschuss")
    meeting = factory.meeting(committee, MeetingState.PLANNED, name="12. Sitzung")
    agenda.add_item(session, None, meeting, name="Haushalt 2027", public=True)
    meetings.issue_invitation(session, None, meeting, now=meeting.start_time.replace(month=1), late_reason="")
    admin = factory.user("admin", roles={Role.ADMIN})
    login(client, admin)
    html = client.get("/intern/verwaltung/protokoll").get_data(as_text=True).split("<tbody>", 1)[1]
    for english in ("invited", "item added", "item_added", "Sitzung invited"):
        assert english not in html
    assert "Zur Sitzung eingeladen" in html and "Tagesordnungspunkt aufgenommen" in html
    day = local_date(meeting.start_time).strftime("%d.%m.%Y")
    assert f"Sitzung Kreisausschuss vom {day}" in html
    assert f"Sitzung {meeting.id}<" not in html and f"Sitzung {meeting.id} " not in html
