"""Public meetings: list and month calendar with filters, and the meeting page."""
from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from flask import abort, current_app, render_template, request, send_file
from werkzeug.wrappers import Response

from ... import freshness
from ...decisions import lists
from ...extensions import db_session
from ...models import AgendaItem, Meeting, Organization
from ...services import files, public_catalog, visibility
from ..filters import BERLIN
from ..pagination import paginate
from . import bp
from .fresh import fresh_page
from .pages import body_id, current_body
from .params import date_arg, int_arg, month_arg


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=BERLIN)


@bp.route("/sitzungen")
def meetings() -> Response | str:
    """Meetings as a list (default: upcoming) or as a month calendar, filtered by committee and period.

    Anonymous visitors are answered from the lists' validator where it allows (304 or a cached copy).
    """
    return fresh_page("meetings", freshness.meeting_list_state, _meetings_page)


def _meetings_page() -> str:
    session = db_session()
    errors: list[str] = []
    view = "kalender" if request.args.get("ansicht") == "kalender" else "liste"
    committee_id = int_arg("gremium")
    committee = session.get(Organization, committee_id) if committee_id else None
    if committee is not None and committee.body_id != body_id():
        committee = None
        committee_id = None
    today = datetime.now(BERLIN).date()
    context = {"view": view, "committee": committee, "committees": public_catalog.committees(session, body_id()),
               "errors": errors}

    if view == "kalender":
        month = month_arg("monat", today)
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
        stmt = public_catalog.meetings_query(
            committee_id=committee_id, start=_start_of(weeks[0][0]), end=_start_of(weeks[-1][-1] + timedelta(days=1)),
            body_id=body_id(),
        )
        by_day: dict[date, list[Meeting]] = defaultdict(list)
        for meeting in session.scalars(stmt):
            by_day[meeting.start_time.astimezone(BERLIN).date()].append(meeting)
        previous = (month - timedelta(days=1)).replace(day=1)
        following = (month + timedelta(days=32)).replace(day=1)
        return render_template(
            "portal/meetings.html", month=month, weeks=weeks, by_day=by_day, previous=previous, following=following,
            today=today, **context,
        )

    start = date_arg("von", errors, "Von")
    end = date_arg("bis", errors, "Bis")
    if start and end and end < start:
        errors.append("„Bis“ darf nicht vor „Von“ liegen.")
        end = None
    filtered = bool(start or end)
    if not filtered:
        start = today
    stmt = public_catalog.meetings_query(
        committee_id=committee_id,
        start=_start_of(start) if start else None,
        end=_start_of(end + timedelta(days=1)) if end else None,
        newest_first=filtered and start is None,
        body_id=body_id(),
    )
    page = paginate(stmt, per_page=25)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("portal/meetings.html", page=page, args=args, start=start, end=end, **context)


@bp.route("/sitzungen/<int:meeting_id>")
def meeting(meeting_id: int) -> Response | str:
    """One meeting: date, place, committees and the public agenda (results once minutes are published).

    Anonymous visitors are answered from the page's validator where it allows (304 or a cached copy).
    """
    return fresh_page(("meeting", meeting_id),
                      lambda connection: freshness.meeting_page_state(connection, meeting_id),
                      lambda: _meeting_page(meeting_id))


def _meeting_page(meeting_id: int) -> str:
    session = db_session()
    found = public_catalog.load_public_meeting(session, meeting_id, body_id())
    body = current_body()
    if found is None or body is None:
        abort(404)
    agenda = visibility.public_agenda(found, body)
    today = datetime.now(BERLIN).date()
    return render_template(
        "portal/meeting.html",
        meeting=found,
        agenda=agenda,
        implementations=lists.public_statuses(session, body, [i.id for i in agenda if i.public]),
        report_entries=(
            lists.committee_report(session, found.organization, today, public=True, body=body)
            if any(i.implementation_report for i in agenda) else []
        ),
        today=today,
        files=visibility.public_files(found.files),
        minutes_published=visibility.minutes_are_published(found.minutes, body),
    )


@bp.route("/tagesordnungspunkte/<int:item_id>/tischvorlagen/<int:file_id>")
def item_file(item_id: int, file_id: int) -> Response:
    """Download a public Tischvorlage of a public agenda item of an announced meeting; anything else is 404."""
    session = db_session()
    item = session.get(AgendaItem, item_id)
    if item is None or not visibility.agenda_item_is_public(item):
        abort(404)
    record = next((f for f in visibility.public_files(item.files) if f.id == file_id), None)
    if record is None:
        abort(404)
    path = files.blob_path(current_app.config["FILE_STORE_DIR"], record.storage_key)
    if not path.exists():
        abort(404)
    return send_file(path, mimetype=record.media_type, as_attachment=True, download_name=record.file_name,
                     etag=record.sha256)
