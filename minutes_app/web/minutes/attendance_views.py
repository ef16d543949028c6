"""Anwesenheit: the attendance table (status, deputy, arrival, departure), guests and staff, quorum per item."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from .. import params
from ...extensions import db_session
from ...models import Attendance, AttendanceStatus, AttendeeKind, Meeting, Minutes, utc_now
from ...services import attendance, quorum
from ...services.errors import DomainError, ValidationFailed
from ...services.minutes_common import body_of
from ...services.permissions import Permission
from ..guards import load_or_404, require
from . import bp
from .common import load_meeting, load_minutes, perform, unless_draft
from .forms import ActionForm, AttendeeForm

View = str | Response | tuple[str, int]


def _render(
    meeting: Meeting, record: Minutes, *, attendee_form: AttendeeForm | None = None,
    errors: dict[str, str] | None = None, submitted: MultiDict[str, str] | None = None, status: int = 200,
) -> tuple[str, int]:
    session = db_session()
    rows = attendance.attendance_list(session, meeting)
    rule = body_of(meeting).quorum_rule
    return render_template(
        "minutes/attendance.html",
        meeting=meeting,
        minutes=record,
        rows=rows,
        roles=attendance.roles_by_person(meeting),
        deputies=attendance.deputies(meeting),
        items=meeting.agenda_items,
        statuses=list(AttendanceStatus),
        timeline=quorum.quorum_timeline(rows, meeting.agenda_items, rule),
        rule=rule,
        form=ActionForm(),
        attendee_form=attendee_form or AttendeeForm(formdata=None),
        errors=errors or {},
        submitted=submitted,
    ), status


def _optional_id(value: str | None) -> int | None:
    return params.parse_id(value)


def _entries(
    rows: list[Attendance], form: MultiDict[str, str]
) -> tuple[list[attendance.AttendanceEntry], dict[str, str]]:
    """Read one entry per row from the submitted table; unknown status values become field errors."""
    entries, errors = [], {}
    for row in rows:
        raw = form.get(f"status-{row.id}")
        if raw is None:  # a row added meanwhile by another writer is left as it is
            continue
        try:
            status = AttendanceStatus(raw)
        except ValueError:
            errors[f"status-{row.id}"] = f"Bitte wählen Sie den Status für {row.display_name}."
            continue
        entries.append(
            attendance.AttendanceEntry(
                row.id, status,
                represented_by_id=_optional_id(form.get(f"represented_by-{row.id}")),
                arrival_item_id=_optional_id(form.get(f"arrival-{row.id}")),
                departure_item_id=_optional_id(form.get(f"departure-{row.id}")),
            )
        )
    return entries, errors


@bp.route("/<int:meeting_id>/anwesenheit", methods=["GET", "POST"])
@login_required
def attendance_page(meeting_id: int) -> View:
    """Show the attendance list with the quorum per item; POST records the whole list."""
    meeting = load_meeting(meeting_id)
    user = require(Permission.MINUTES_WRITE, meeting)
    record = load_minutes(meeting)
    if (leave := unless_draft(record)) is not None:
        return leave
    if request.method == "GET" or not ActionForm().validate_on_submit():
        return _render(meeting, record)
    session = db_session()
    entries, errors = _entries(attendance.attendance_list(session, meeting), request.form)
    # The list's edit counter as loaded (every rendered form sends it); an unreadable one counts as stale.
    raw_version = request.form.get("attendance_version")
    expected = None if raw_version is None else params.parse_int(raw_version)
    if raw_version is not None and expected is None:
        expected = -1
    status = 422
    if not errors:
        try:
            attendance.record_attendance(
                session, user, record, entries, now=utc_now(), expected_version=expected
            )
        except ValidationFailed as failed:
            errors = failed.errors
            status = 409 if "attendance" in errors else 422
        except DomainError as error:
            session.rollback()
            errors = {"attendance": str(error)}
    if errors:
        session.rollback()
        return _render(meeting, record, errors=errors, submitted=request.form, status=status)
    session.commit()
    flash("Die Anwesenheit wurde gespeichert.", "success")
    return redirect(url_for("minutes.attendance_page", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/anwesenheit/hinzufuegen", methods=["POST"])
@login_required
def attendee_add(meeting_id: int) -> View:
    """Add a guest or a member of staff."""
    meeting = load_meeting(meeting_id)
    user = require(Permission.MINUTES_WRITE, meeting)
    record = load_minutes(meeting)
    form = AttendeeForm()
    if form.validate_on_submit():
        done = perform(
            lambda: attendance.add_attendee(
                db_session(), user, record, kind=AttendeeKind(form.kind.data), name=form.name.data or "",
                note=form.note.data or "",
            ),
            lambda row: f"„{row.display_name}“ wurde in die Anwesenheitsliste aufgenommen.",
            form,
        )
        if done:
            return redirect(url_for("minutes.attendance_page", meeting_id=meeting.id) + "#gaeste")
    return _render(meeting, record, attendee_form=form, status=422)


@bp.route("/<int:meeting_id>/anwesenheit/<int:attendance_id>/entfernen", methods=["POST"])
@login_required
def attendee_remove(meeting_id: int, attendance_id: int) -> Response:
    """Remove a guest or staff row."""
    meeting = load_meeting(meeting_id)
    user = require(Permission.MINUTES_WRITE, meeting)
    record = load_minutes(meeting)
    row = load_or_404(Attendance, attendance_id)
    if ActionForm().validate_on_submit():
        name = row.display_name
        perform(
            lambda: attendance.remove_attendee(db_session(), user, record, row),
            f"„{name}“ wurde aus der Anwesenheitsliste entfernt.",
        )
    return redirect(url_for("minutes.attendance_page", meeting_id=meeting.id) + "#gaeste")


@bp.route("/<int:meeting_id>/anwesenheit/ergaenzen", methods=["POST"])
@login_required
def attendance_prefill(meeting_id: int) -> Response:
    """Add members whose membership was entered after the list was prefilled."""
    meeting = load_meeting(meeting_id)
    user = require(Permission.MINUTES_WRITE, meeting)
    record = load_minutes(meeting)
    if ActionForm().validate_on_submit():
        perform(
            lambda: attendance.add_missing_members(db_session(), user, record),
            lambda added: f"{added} Mitglieder ergänzt." if added else "Alle Mitglieder stehen bereits auf der Liste.",
        )
    return redirect(url_for("minutes.attendance_page", meeting_id=meeting.id))
