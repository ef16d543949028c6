"""Beratungsfolge editing: add, change, reorder and remove consultations (no JavaScript needed)."""
from __future__ import annotations

from datetime import datetime

from flask import abort, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import or_, select
from werkzeug.wrappers import Response

from .. import params
from ...bodies.scope import scope_clause
from ...extensions import db_session
from ...models import Consultation, ConsultationRole, Meeting, Organization, OrganizationType, Paper, utc_now
from ...services import consultations, papers
from ...services.consultations import PLANNABLE_MEETING_STATES
from ...services.permissions import Permission
from ..filters import date_de
from ..guards import actor, load_or_404, require
from . import bp
from .common import perform, status_of
from .forms import ActionForm, ConsultationForm, options

View = str | Response | tuple[str, int]


def _form(consultation: Consultation | None = None) -> ConsultationForm:
    """The form with committees and upcoming meetings (grouped by committee) as choices."""
    session = db_session()
    form = ConsultationForm()
    committees = session.scalars(
        select(Organization)
        .where(
            Organization.organization_type == OrganizationType.COMMITTEE,
            scope_clause(actor(), Organization.body_id),
            or_(Organization.end_date.is_(None), Organization.end_date >= datetime.now(papers.LOCAL_TZ).date()),
        )
        .order_by(Organization.name)
    ).all()
    form.organization.choices = options([("", "– bitte wählen –"), *((c.id, c.name) for c in committees)])
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.state.in_(PLANNABLE_MEETING_STATES), Meeting.start_time >= utc_now())
        .where(Meeting.organization_id.in_(select(Organization.id).where(scope_clause(actor(), Organization.body_id))))
        .order_by(Meeting.start_time)
    ).all()
    current = consultation.meeting if consultation is not None else None
    if current is not None and current not in meetings:
        meetings = [current, *meetings]
    choices = options([("", "– noch nicht festgelegt –")])
    for meeting in sorted(meetings, key=lambda m: (m.organization.name, m.start_time)):
        choices += options(
            [(meeting.id, f"{date_de(meeting.start_time)} – {meeting.name}")], optgroup=meeting.organization.name
        )
    form.meeting.choices = choices
    if consultation is not None and request.method == "GET":
        form.organization.data = str(consultation.organization_id)
        form.role.data = consultation.role.value
        form.authoritative.data = consultation.authoritative
        form.meeting.data = str(consultation.meeting_id or "")
    return form


def _chosen(form: ConsultationForm) -> tuple[Organization | None, Meeting | None]:
    session = db_session()
    organization_id, meeting_id = form.organization.data or "", form.meeting.data or ""
    organization_key, meeting_key = params.parse_id(organization_id), params.parse_id(meeting_id)
    organization = session.get(Organization, organization_key) if organization_key else None
    meeting = session.get(Meeting, meeting_key) if meeting_key else None
    return organization, meeting


def _load(paper_id: int, consultation_id: int) -> tuple[Paper, Consultation]:
    paper = load_or_404(Paper, paper_id)
    consultation = load_or_404(Consultation, consultation_id)
    if consultation.paper_id != paper.id:
        abort(404)
    return paper, consultation


@bp.route("/<int:paper_id>/beratungsfolge", methods=["GET", "POST"])
@login_required
def consultations_page(paper_id: int) -> View:
    """The Beratungsfolge in order, with the form to add a committee."""
    paper = load_or_404(Paper, paper_id)
    user = require(Permission.PAPER_EDIT, paper)
    form = _form()
    if form.validate_on_submit():
        organization, meeting = _chosen(form)
        if perform(
            lambda: consultations.add_consultation(
                db_session(), user, paper, organization=organization, role=ConsultationRole(form.role.data),
                authoritative=form.authoritative.data, meeting=meeting,
            ),
            lambda c: f"„{c.organization.name}“ wurde in die Beratungsfolge aufgenommen.",
            form,
        ):
            return redirect(url_for("papers.consultations_page", paper_id=paper.id))
    return (
        render_template("papers/consultations.html", paper=paper, form=form, action_form=ActionForm()),
        status_of(form),
    )


@bp.route("/<int:paper_id>/beratungsfolge/<int:consultation_id>", methods=["GET", "POST"])
@login_required
def consultation_edit(paper_id: int, consultation_id: int) -> View:
    """Change one step of the Beratungsfolge."""
    paper, consultation = _load(paper_id, consultation_id)
    user = require(Permission.PAPER_EDIT, paper)
    form = _form(consultation)
    if form.validate_on_submit():
        organization, meeting = _chosen(form)
        if perform(
            lambda: consultations.update_consultation(
                db_session(), user, consultation, organization=organization, role=ConsultationRole(form.role.data),
                authoritative=form.authoritative.data, meeting=meeting,
            ),
            "Die Beratung wurde geändert.",
            form,
        ):
            return redirect(url_for("papers.consultations_page", paper_id=paper.id))
    return (
        render_template("papers/consultation_form.html", paper=paper, consultation=consultation, form=form),
        status_of(form),
    )


@bp.route("/<int:paper_id>/beratungsfolge/<int:consultation_id>/entfernen", methods=["POST"])
@login_required
def consultation_remove(paper_id: int, consultation_id: int) -> Response:
    """Take a committee out of the Beratungsfolge."""
    paper, consultation = _load(paper_id, consultation_id)
    user = require(Permission.PAPER_EDIT, paper)
    if not ActionForm().validate_on_submit():
        abort(400)
    name = consultation.organization.name
    perform(
        lambda: consultations.remove_consultation(db_session(), user, consultation),
        f"„{name}“ wurde aus der Beratungsfolge entfernt.",
    )
    return redirect(url_for("papers.consultations_page", paper_id=paper.id))


@bp.route("/<int:paper_id>/beratungsfolge/<int:consultation_id>/verschieben", methods=["POST"])
@login_required
def consultation_move(paper_id: int, consultation_id: int) -> Response:
    """Move a committee one step earlier or later."""
    paper, consultation = _load(paper_id, consultation_id)
    user = require(Permission.PAPER_EDIT, paper)
    if not ActionForm().validate_on_submit():
        abort(400)
    offset = -1 if request.form.get("richtung") == "hoch" else 1
    perform(
        lambda: consultations.move_consultation(db_session(), user, consultation, offset),
        "Die Reihenfolge wurde geändert.",
    )
    return redirect(url_for("papers.consultations_page", paper_id=paper.id))
