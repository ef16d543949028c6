"""Thin views of the Beschlusskontrolle: load, authorize, validate, one service call, render."""
from __future__ import annotations

from datetime import date, datetime

from flask import abort, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from ...decisions import lists, tracking
from ...extensions import db_session
from ...models import AgendaItem, ImplementationStatus, Organization, OrganizationType, Role
from ...services.permissions import Permission, can
from ..filters import BERLIN
from ..forms import perform, status_of
from ..guards import actor, load_or_404, require
from . import bp
from .forms import INVALID_DATE, UNCHANGED, RecordForm, ReportForm, options

View = str | Response | tuple[str, int]


def _today() -> date:
    """Today in Berlin: "überfällig" counts in local days."""
    return datetime.now(BERLIN).date()


def _departments() -> list[Organization]:
    stmt = select(Organization).where(Organization.organization_type == OrganizationType.DEPARTMENT)
    return list(db_session().scalars(stmt.order_by(Organization.name)))


@bp.route("/")
@login_required
def index() -> str:
    """Followed decisions: by default the user's department's open and overdue ones."""
    user = require(Permission.DECISION_TRACK)
    raw = request.args.get("fachbereich")
    # Without a choice: the user's own department; "alle" (or anything else) shows every department.
    department_id = user.department_id if raw is None else (int(raw) if raw.isdigit() else None)
    status = request.args.get("status", "")
    status = status if status in dict(lists.STATUS_FILTERS) else ""
    pending_only = request.args.get("alle") != "1"
    entries = lists.worklist(
        db_session(), _today(), department_id=department_id, status=status, pending_only=pending_only and not status
    )
    untracked: list[AgendaItem] = []
    if can(user, Permission.DECISION_ASSIGN):
        committees = None if user.has_role(Role.ADMIN) else {c.id for c in user.committees}
        untracked = lists.untracked(db_session(), committees)
    return render_template(
        "decisions/index.html",
        entries=entries,
        untracked=untracked,
        departments=_departments(),
        department_id=department_id,
        status=status,
        pending_only=pending_only,
        status_filters=lists.STATUS_FILTERS,
    )


def _load(item_id: int) -> AgendaItem:
    item = load_or_404(AgendaItem, item_id)
    if not tracking.is_adopted(item):
        abort(404)
    return item


def _allowed(item: AgendaItem) -> tuple[bool, bool]:
    """(may assign department/due date, may report) for the acting user; 403 when neither."""
    user = actor()
    record = item.implementation
    may_assign = can(user, Permission.DECISION_ASSIGN, item)
    may_report = record is not None and can(user, Permission.DECISION_TRACK, record)
    if not (may_assign or may_report):
        abort(403)
    return may_assign, may_report


def _record_form(item: AgendaItem) -> RecordForm:
    record = item.implementation
    form = RecordForm(
        department=record.department_id if record else None,
        due_date=record.due_date if record else None,
        status=record.status.value if record else ImplementationStatus.OPEN.value,
    )
    form.department.choices = options([("", "– bitte wählen –"), *((o.id, o.name) for o in _departments())])
    return form


def _page(item: AgendaItem, record_form: RecordForm, report_form: ReportForm) -> View:
    may_assign, may_report = _allowed(item)
    status = status_of(record_form, report_form.errors)
    return render_template(
        "decisions/item.html",
        item=item,
        record=item.implementation,
        record_form=record_form,
        report_form=report_form,
        may_assign=may_assign,
        may_report=may_report,
        today=_today(),
    ), status


@bp.route("/top/<int:item_id>")
@login_required
def item(item_id: int) -> View:
    """One adopted decision: its implementation record and progress reports."""
    found = _load(item_id)
    return _page(found, _record_form(found), ReportForm(report_date=_today()))


@bp.route("/top/<int:item_id>/umsetzung", methods=["POST"])
@login_required
def save_record(item_id: int) -> View:
    """Create the implementation record, or change department, due date and status."""
    found = _load(item_id)
    record = found.implementation
    if record is None:
        require(Permission.DECISION_ASSIGN, found)
    elif not (can(actor(), Permission.DECISION_ASSIGN, found) or can(actor(), Permission.DECISION_TRACK, record)):
        abort(403)
    form = _record_form(found)
    if not form.validate_on_submit():
        if form.due_date.errors:
            form.due_date.errors = [INVALID_DATE]
        return _page(found, form, ReportForm(report_date=_today()))
    session = db_session()
    department = session.get(Organization, form.department.data) if form.department.data else None
    if record is None:
        ok = perform(
            lambda: tracking.create(session, actor(), found, department, form.due_date.data),
            "Der Beschluss ist jetzt in der Beschlusskontrolle.",
            form,
        )
    else:
        ok = perform(
            lambda: tracking.update(
                session, actor(), record, department=department, due_date=form.due_date.data,
                status=ImplementationStatus(form.status.data),
            ),
            "Die Angaben zur Umsetzung wurden gespeichert.",
            form,
        )
    if not ok:
        return _page(found, form, ReportForm(report_date=_today()))
    return redirect(url_for("decisions.item", item_id=found.id))


@bp.route("/top/<int:item_id>/sachstand", methods=["POST"])
@login_required
def add_report(item_id: int) -> View:
    """Add a dated progress report (Sachstand)."""
    found = _load(item_id)
    record = found.implementation
    if record is None:
        abort(404)
    require(Permission.DECISION_TRACK, record)
    form = ReportForm()
    if not form.validate_on_submit():
        if form.report_date.errors:
            form.report_date.errors = [INVALID_DATE]
        return _page(found, _record_form(found), form)
    new_status = ImplementationStatus(form.new_status.data) if form.new_status.data != UNCHANGED else None
    ok = perform(
        lambda: tracking.add_report(
            db_session(), actor(), record, report_date=form.report_date.data, text=form.text.data or "",
            status=new_status,
        ),
        "Der Sachstand wurde eingetragen.",
        form,
    )
    if not ok:
        return _page(found, _record_form(found), form)
    return redirect(url_for("decisions.item", item_id=found.id))
