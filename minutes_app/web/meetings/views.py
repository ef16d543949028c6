"""Meeting views: list, month calendar, planning (single and series), the meeting page and its transitions."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from .. import params
from ...extensions import db_session
from ...mail import invitations, notices
from ...models import Meeting, MeetingState, Organization
from ...services import meeting_series, meetings, visibility
from ...secretariat.documents import meeting_documents
from ...services.agenda_outline import agenda_parts
from ...services.minutes_common import body_of
from ...services.errors import InvalidTransition, ValidationFailed
from ...services.meetings import LOCAL_TZ, MeetingData
from ...services.permissions import Permission
from ..guards import require
from ..mail.common import letterhead_of, mail_settings
from ..pagination import paginate
from . import bp, common
from .common import committee_choices, load_meeting, location_choices, show_errors, status_of
from .forms import CancelForm, InvitationForm, MeetingForm, MoveForm, SeriesForm, options

View = str | Response | tuple[str, int]
PERIODS = {"kommend": "Kommende Sitzungen", "vergangen": "Vergangene Sitzungen", "alle": "Alle Sitzungen"}
MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
WEEKDAYS = [
    ("Mo", "Montag"),
    ("Di", "Dienstag"),
    ("Mi", "Mittwoch"),
    ("Do", "Donnerstag"),
    ("Fr", "Freitag"),
    ("Sa", "Samstag"),
    ("So", "Sonntag"),
]


def _scope() -> tuple[list[Organization], Organization | None, list[int]]:
    """The user's committees, the one chosen in ``?gremium=`` (if it is one of them) and the ids to show."""
    user = require(Permission.MEETING_READ_INTERNAL)
    committees = meetings.committees_for(db_session(), user)
    chosen = next((c for c in committees if str(c.id) == request.args.get("gremium", "")), None)
    return committees, chosen, [chosen.id] if chosen else [c.id for c in committees]


@bp.route("/")
@login_required
def meeting_list() -> str:
    """Meetings of the committees the user works for, filtered by committee, period and state."""
    committees, chosen, ids = _scope()
    period = request.args.get("zeitraum", "kommend")
    period = period if period in PERIODS else "kommend"
    state = next((s for s in MeetingState if s.value == request.args.get("status")), None)
    start_of_today = datetime.combine(common.now().astimezone(LOCAL_TZ).date(), time(0), tzinfo=LOCAL_TZ)
    stmt = meetings.meetings_query(
        ids,
        state=state,
        newest_first=period == "vergangen",
        since=start_of_today if period == "kommend" else None,
        until=start_of_today if period == "vergangen" else None,
    )
    args = {
        k: v
        for k, v in {
            "gremium": chosen.id if chosen else None,
            "zeitraum": period,
            "status": state.value if state else None,
        }.items()
        if v
    }
    return render_template(
        "meetings/list.html",
        page=paginate(stmt),
        committees=committees,
        chosen=chosen,
        period=period,
        periods=PERIODS,
        state=state,
        states=list(MeetingState),
        args=args,
    )


def _month() -> date:
    """The first day of the month named in ``?monat=YYYY-MM`` (default: this month)."""
    return params.month_arg("monat", common.now().astimezone(LOCAL_TZ).date())


@bp.route("/kalender")
@login_required
def meeting_calendar() -> str:
    """A month calendar of the meetings of the user's committees."""
    committees, chosen, ids = _scope()
    first = _month()
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    since = datetime.combine(weeks[0][0], time(0), tzinfo=LOCAL_TZ)
    until = datetime.combine(weeks[-1][-1] + timedelta(days=1), time(0), tzinfo=LOCAL_TZ)
    by_day: dict[date, list[object]] = {}
    for meeting in db_session().scalars(meetings.meetings_query(ids, since=since, until=until)):
        by_day.setdefault(meetings.local_date(meeting.start_time), []).append(meeting)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render_template(
        "meetings/calendar.html",
        weeks=weeks,
        by_day=by_day,
        first=first,
        month_name=MONTHS[first.month - 1],
        previous=previous,
        following=following,
        weekdays=WEEKDAYS,
        committees=committees,
        chosen=chosen,
        today=common.now().astimezone(LOCAL_TZ).date(),
    )


def _meeting_form(form: MeetingForm, committees: list[Organization], lead_id: int | None = None) -> MeetingForm:
    form.organization_id.choices = options((c.id, c.name) for c in committees)
    form.location_id.choices = location_choices()
    form.joint_organization_ids.choices = committee_choices(exclude=lead_id)
    return form


def _save(form: FlaskForm, action: Callable[[], Meeting], template: str, success: str, **context: object) -> View:
    """Validate, call the service once, commit and go to the meeting; else re-render with the input kept."""
    if form.validate_on_submit():
        try:
            meeting = action()
        except (ValidationFailed, InvalidTransition) as failed:
            db_session().rollback()
            _report(form, failed)
        else:
            db_session().commit()
            breach = _notice_breach(meeting)
            if breach:
                flash(f"{success} {breach}", "warning")
            else:
                flash(success, "success")
            return redirect(url_for("meetings.meeting_detail", meeting_id=meeting.id))
    return render_template(template, form=form, **context), status_of(form)


def _notice_breach(meeting: Meeting) -> str:
    """A warning when a planned meeting can no longer be invited within its Ladungsfrist (else empty)."""
    if meeting.state is not MeetingState.PLANNED:
        return ""
    check = meetings.notice_check(meeting, common.now().astimezone(LOCAL_TZ).date())
    if check.on_time:
        return ""
    return (
        "Achtung: Die Ladungsfrist ist für diesen Termin nicht mehr einzuhalten – "
        f"die Einladung hätte spätestens am {meetings.format_day(check.latest_dispatch_date)} versandt werden müssen. "
        "Eine Einladung ist nur noch mit Begründung der Dringlichkeit möglich."
    )


def _report(form: FlaskForm, failed: Exception) -> None:
    """A validation error goes onto the fields, a refused transition into a message."""
    if isinstance(failed, ValidationFailed):
        show_errors(form, failed)
    else:
        flash(str(failed), "error")


@bp.route("/neu", methods=["GET", "POST"])
@login_required
def meeting_new() -> View:
    """Plan a single meeting of one of the secretary's committees."""
    user = require(Permission.MEETING_MANAGE)
    committees = meetings.managed_committees(user)
    form = _meeting_form(MeetingForm(), committees)
    if request.method == "GET" and len(committees) == 1:
        form.organization_id.data = committees[0].id
    return _save(
        form,
        lambda: meetings.create_meeting(db_session(), user, form.to_data()),
        "meetings/form.html",
        "Die Sitzung wurde geplant.",
        title="Neue Sitzung",
        meeting=None,
        committees=committees,
    )


@bp.route("/reihe", methods=["GET", "POST"])
@login_required
def series_new() -> View:
    """Plan the regular meetings of a committee for up to a year at once."""
    user = require(Permission.MEETING_MANAGE)
    committees = meetings.managed_committees(user)
    form = SeriesForm()
    form.organization_id.choices = options((c.id, c.name) for c in committees)
    form.location_id.choices = location_choices()
    if request.method == "GET" and len(committees) == 1:
        form.organization_id.data = committees[0].id
    if form.validate_on_submit():
        try:
            result = meeting_series.create_series(db_session(), user, form.to_data())
        except ValidationFailed as failed:
            db_session().rollback()
            show_errors(form, failed)
        else:
            db_session().commit()
            message = f"{len(result.meetings)} Sitzungen wurden geplant."
            if result.skipped:
                message += f" Ausgelassen: {meeting_series.describe_dates(result.skipped)}."
            flash(message, "success")
            if result.not_in_series:
                flash(
                    f"Diese Tage gehören nicht zur Reihe und wurden nicht berücksichtigt: "
                    f"{meeting_series.describe_dates(result.not_in_series)}.",
                    "info",
                )
            chosen = result.meetings[0].organization_id
            return redirect(url_for("meetings.meeting_list", gremium=chosen))
    return render_template("meetings/series.html", form=form, committees=committees), status_of(form)


@bp.route("/<int:meeting_id>")
@login_required
def meeting_detail(meeting_id: int) -> str:
    """The meeting with both parts of its agenda, the linked Vorlagen and their states."""
    meeting, _user = load_meeting(meeting_id, Permission.MEETING_READ_INTERNAL)
    today = common.now().astimezone(LOCAL_TZ).date()
    # Once invited, the Ladungsfrist is judged by the recorded dispatch time, not by today.
    dispatched = meetings.local_date(meeting.invitation_sent_at) if meeting.invitation_sent_at else today
    return render_template(
        "meetings/detail.html",
        meeting=meeting,
        parts=agenda_parts(meeting),
        notice=meetings.notice_check(meeting, dispatched),
        moves=meetings.move_history(db_session(), meeting),
        started=meeting.start_time <= common.now(),
        is_public=visibility.meeting_is_public(meeting),
        documents=meeting_documents(meeting, body_of(meeting), _user),
    )


def _prefill(form: MeetingForm | MoveForm, meeting: Meeting) -> None:
    """Local date and clock times of the stored meeting for an edit form shown for the first time."""
    start = meeting.start_time.astimezone(LOCAL_TZ)
    form.day.data, form.start.data = start.date(), start.time()
    form.end.data = meeting.end_time.astimezone(LOCAL_TZ).time() if meeting.end_time else None


@bp.route("/<int:meeting_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def meeting_edit(meeting_id: int) -> View:
    """Change title, number, times (until the invitation), place and joint committees."""
    meeting, user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    form = _meeting_form(MeetingForm(obj=meeting), [meeting.organization], meeting.organization_id)
    # The leading committee stays; the page shows it as text, so whatever arrives is replaced.
    form.organization_id.data = meeting.organization_id
    if request.method == "GET":
        form.joint_organization_ids.data = [o.id for o in meeting.joint_organizations]
        _prefill(form, meeting)

    def save() -> Meeting:
        data = replace(form.to_data(), organization_id=meeting.organization_id)
        return meetings.update_meeting(db_session(), user, meeting, data)

    return _save(
        form,
        save,
        "meetings/form.html",
        "Die Sitzung wurde gespeichert.",
        title=f"{meeting.name} bearbeiten",
        meeting=meeting,
        committees=[meeting.organization],
    )


@bp.route("/<int:meeting_id>/verlegen", methods=["GET", "POST"])
@login_required
def meeting_move(meeting_id: int) -> View:
    """Verlegung to a new date and time, with the reason recorded."""
    meeting, user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    form = MoveForm()
    if request.method == "GET":
        _prefill(form, meeting)
    if form.validate_on_submit():
        data = MeetingData(day=form.day.data, start=form.start.data, end=form.end.data)
        try:
            check = notices.move_and_notify(
                db_session(), mail_settings(), user, meeting, data, form.reason.data or "", now=common.now(),
                correction=bool(form.correction.data),
            )
        except (ValidationFailed, InvalidTransition) as failed:
            db_session().rollback()
            _report(form, failed)
        else:
            db_session().commit()
            flash("Der Termin wurde berichtigt." if form.correction.data else "Die Sitzung wurde verlegt.", "success")
            if check is not None and not check.on_time:
                flash(
                    "Für den neuen Termin ist die Ladungsfrist nicht mehr eingehalten "
                    f"(Einladung hätte spätestens am {meetings.format_day(check.latest_dispatch_date)} "
                    "erfolgen müssen). "
                    "Bitte informieren Sie die Mitglieder umgehend.",
                    "error",
                )
            return redirect(url_for("meetings.meeting_detail", meeting_id=meeting.id))
    return render_template("meetings/move.html", form=form, meeting=meeting), status_of(form)


@bp.route("/<int:meeting_id>/absagen", methods=["GET", "POST"])
@login_required
def meeting_cancel(meeting_id: int) -> View:
    """Absage with a reason."""
    meeting, user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            notices.cancel_and_notify(
                db_session(), mail_settings(), user, meeting, form.reason.data or "", now=common.now()
            )
        except (ValidationFailed, InvalidTransition) as failed:
            db_session().rollback()
            _report(form, failed)
        else:
            db_session().commit()
            flash("Die Sitzung wurde abgesagt.", "success")
            return redirect(url_for("meetings.meeting_detail", meeting_id=meeting.id))
    return render_template("meetings/cancel.html", form=form, meeting=meeting), status_of(form)


@bp.route("/<int:meeting_id>/einladen", methods=["GET", "POST"])
@login_required
def meeting_invite(meeting_id: int) -> View:
    """Issue the Einladung: the Ladungsfrist is checked, a late invitation needs a reason."""
    meeting, user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    form = InvitationForm()
    if form.validate_on_submit():
        try:
            check, dispatch = invitations.send_invitation(
                db_session(), mail_settings(), user, meeting, now=common.now(),
                letterhead=letterhead_of(meeting.organization.body),
                late_reason=form.late_reason.data or "", extra_recipients=form.extra_recipients.data or "",
            )
        except (ValidationFailed, InvalidTransition) as failed:
            db_session().rollback()
            _report(form, failed)
        else:
            db_session().commit()
            note = "" if check.on_time else " Die verkürzte Ladungsfrist und ihre Begründung sind vermerkt."
            flash(
                f"Die Einladung wurde an {len(dispatch.messages)} Empfängerinnen und Empfänger per E-Mail versandt; "
                f"die öffentliche Tagesordnung ist veröffentlicht.{note}",
                "success",
            )
            if dispatch.note:
                flash(dispatch.note, "info")
            return redirect(url_for("mail.dispatch_log", meeting_id=meeting.id))
    today = common.now().astimezone(LOCAL_TZ).date()
    return render_template(
        "meetings/invite.html",
        form=form,
        meeting=meeting,
        notice=meetings.notice_check(meeting, today),
        parts=agenda_parts(meeting),
        plan=invitations.plan(db_session(), meeting),
    ), status_of(form)


@bp.route("/<int:meeting_id>/durchgefuehrt", methods=["POST"])
@login_required
def meeting_held(meeting_id: int) -> Response:
    """Mark the meeting as held (Durchgeführt) once it has begun."""
    meeting, user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    try:
        meetings.mark_held(db_session(), user, meeting, now=common.now())
    except InvalidTransition as error:
        db_session().rollback()
        flash(str(error), "error")
    else:
        db_session().commit()
        flash("Die Sitzung ist als durchgeführt vermerkt.", "success")
    return redirect(url_for("meetings.meeting_detail", meeting_id=meeting.id))
