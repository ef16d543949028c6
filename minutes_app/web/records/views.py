"""Record a past Vorlage or a past meeting: thin views over :mod:`minutes_app.records`."""
from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from ...extensions import db_session
from ...models import (
    Body,
    ConsultationRole,
    Meeting,
    MinutesState,
    Organization,
    OrganizationType,
    Paper,
    PaperType,
    Person,
    User,
)
from ...records import history, history_meetings, lines
from ...services.errors import ValidationFailed
from ...services.meetings import local_datetime
from ...services.permissions import Permission, can
from ..forms import perform, status_of
from ..guards import require
from . import bp
from .forms import STEPS, RecordedMeetingForm, RecordedPaperForm, options

View = str | Response | tuple[str, int]


def _body(user: User) -> Body:
    """The body the secretary works for: that of their committees (the first body otherwise)."""
    committee = next(iter(user.committees), None)
    if committee is not None:
        return committee.body
    body = db_session().scalar(select(Body).order_by(Body.id))
    assert body is not None
    return body


def _organizations(body: Body, *kinds: OrganizationType) -> list[Organization]:
    return list(db_session().scalars(
        select(Organization).where(Organization.body_id == body.id, Organization.organization_type.in_(kinds))
        .order_by(Organization.name)))


def _persons(body: Body) -> list[Person]:
    return list(db_session().scalars(
        select(Person).where(Person.body_id == body.id).order_by(Person.family_name, Person.given_name)))


@bp.route("/")
@login_required
def index() -> str:
    """What was recorded after the fact, newest first, and the ways to record more."""
    require(Permission.MEETING_MANAGE)
    session = db_session()
    papers = session.scalars(select(Paper).where(Paper.recorded_after_the_fact.is_(True))
                             .order_by(Paper.date.desc(), Paper.id.desc()).limit(50)).all()
    meetings = session.scalars(select(Meeting).where(Meeting.recorded_after_the_fact.is_(True))
                               .order_by(Meeting.start_time.desc()).limit(50)).all()
    return render_template("records/index.html", papers=papers, meetings=meetings)


def _paper_form(body: Body) -> tuple[RecordedPaperForm, dict[int, Organization], dict[int, Person]]:
    form = RecordedPaperForm()
    departments = _organizations(body, OrganizationType.DEPARTMENT)
    groups = _organizations(body, OrganizationType.FACTION, OrganizationType.OTHER, OrganizationType.COMMITTEE)
    committees = [o for o in groups if o.is_committee]
    persons = _persons(body)
    form.under_direction_of.choices = options((d.id, d.name) for d in departments)
    form.originator_organizations.choices = options((o.id, o.name) for o in groups if not o.is_committee) + options(
        (o.id, o.name) for o in committees)
    form.originator_persons.choices = options((p.id, p.sort_name) for p in persons)
    for n in range(1, STEPS + 1):
        form[f"step_{n}_organization"].choices = options([("", "–"), *((c.id, c.name) for c in committees)])
    organizations = {o.id: o for o in (*departments, *groups)}
    return form, organizations, {p.id: p for p in persons}


def _papers_by_reference(body: Body, text: str, field: str) -> list[Paper]:
    references = [r.strip() for r in text.split(",") if r.strip()]
    found = []
    for reference in references:
        paper = db_session().scalar(select(Paper).where(Paper.body_id == body.id, Paper.reference == reference))
        if paper is None:
            raise ValidationFailed({field: f"Eine Vorlage {reference} gibt es nicht."})
        found.append(paper)
    return found


def _steps(form: RecordedPaperForm, organizations: dict[int, Organization]) -> list[history.ConsultationStep]:
    steps: list[history.ConsultationStep] = []
    for n in range(1, STEPS + 1):
        org_id, role = form[f"step_{n}_organization"].data, form[f"step_{n}_role"].data
        if not org_id:
            continue
        role_value = ConsultationRole(role) if role else ConsultationRole.PRELIMINARY
        deciding = role_value is ConsultationRole.DECISION and not any(s.authoritative for s in steps)
        steps.append(history.ConsultationStep(organizations[int(org_id)], role_value, deciding))
    return steps


@bp.route("/vorlage", methods=["GET", "POST"])
@login_required
def record_paper() -> View:
    """Record a past Vorlage under its original number, date and signatures."""
    user = require(Permission.MEETING_MANAGE)
    body = _body(user)
    form, organizations, persons = _paper_form(body)
    if form.validate_on_submit():
        created: list[Paper] = []

        def action() -> Paper:
            data = history.RecordedPaper(
                reference=form.reference.data or "", paper_date=form.paper_date.data,
                name=form.name.data or "", paper_type=PaperType(form.paper_type.data), public=form.public.data == "1",
                under_direction_of=[organizations[i] for i in form.under_direction_of.data or []],
                originator_organizations=[organizations[i] for i in form.originator_organizations.data or []],
                originator_persons=[persons[i] for i in form.originator_persons.data or []],
                resolution_proposal=form.resolution_proposal.data or "", reasoning=form.reasoning.data or "",
                financial_impact=form.financial_impact.data or "", signatures=form.signatures.data or "",
                consultations=_steps(form, organizations),
                superordinated=_papers_by_reference(body, form.superordinated.data or "", "superordinated"),
                related=_papers_by_reference(body, form.related.data or "", "related"),
            )
            paper = history.record_paper(db_session(), user, body, data)
            created.append(paper)
            return paper

        if perform(action, lambda p: f"Vorlage {p.reference} wurde nachträglich erfasst.", form):
            return redirect(url_for("papers.detail", paper_id=created[0].id))
    return render_template("records/paper_form.html", form=form, steps=range(1, STEPS + 1)), status_of(form)


@bp.route("/sitzung", methods=["GET", "POST"])
@login_required
def record_meeting() -> View:
    """Record a past meeting with its agenda, results, attendance and minutes."""
    user = require(Permission.MEETING_MANAGE)
    body = _body(user)
    form = RecordedMeetingForm()
    committees = [c for c in sorted(user.committees, key=lambda c: c.name) if can(user, Permission.MEETING_MANAGE, c)]
    persons = {p.id: p for p in _persons(body)}
    form.organization.choices = options([("", "– bitte wählen –"), *((c.id, c.name) for c in committees)])
    form.chair.choices = options([("", "–"), *((p.id, p.sort_name) for p in persons.values())])
    if form.validate_on_submit():
        created: list[Meeting] = []
        committee = next((c for c in committees if str(c.id) == form.organization.data), None)

        def action() -> Meeting:
            if committee is None:
                raise ValidationFailed({"organization": "Bitte wählen Sie eines Ihrer Gremien."})
            try:
                items = lines.parse_items(db_session(), body, form.items.data or "")
            except lines.LineErrors as errors:
                raise ValidationFailed({"items": " ".join(errors.messages)}) from errors
            try:
                attendance = lines.parse_attendance(db_session(), body, form.attendance.data or "")
            except lines.LineErrors as errors:
                raise ValidationFailed({"attendance": " ".join(errors.messages)}) from errors
            day = form.day.data
            end = local_datetime(day, form.end.data) if form.end.data else None
            approved_on = form.approved_on.data
            meeting = history_meetings.record_meeting(db_session(), user, history_meetings.RecordedMeeting(
                organization=committee, name=form.name.data or "", number=form.number.data or "",
                start=local_datetime(day, form.start.data), end=end, location_text=form.location_text.data or "",
                items=items, attendance=attendance,
                minutes_state=MinutesState(form.minutes_state.data) if form.minutes_state.data else None,
                chair=persons.get(int(form.chair.data)) if form.chair.data else None,
                minutes_signatures=form.minutes_signatures.data or "",
                minutes_approved_at=local_datetime(approved_on, form.start.data) if approved_on else None,
            ))
            created.append(meeting)
            return meeting

        if perform(action, lambda m: f"Die Sitzung „{m.name}“ wurde nachträglich erfasst.", form):
            return redirect(url_for("meetings.meeting_detail", meeting_id=created[0].id))
    return render_template("records/meeting_form.html", form=form, committees=committees), status_of(form)
