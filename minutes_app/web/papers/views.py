"""Vorlagen: list, create, detail page, edit, delete an unused draft."""
from __future__ import annotations


from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import params
from ...bodies.scope import scope_clause
from ...extensions import db_session
from ...models import AuditEvent, Organization, OrganizationType, Paper, PaperState, PaperType, SignOff, SignOffState
from ...services import files, paper_lists, paper_versions, papers, sign_offs
from ...services.permissions import Permission, can, sees_paper_internals
from ..guards import actor, load_or_404, require
from . import bp, links
from .common import PER_PAGE, paginate, perform, status_of
from .forms import ActionForm, FilterForm, PaperForm, options

View = str | Response | tuple[str, int]


def _departments() -> list[Organization]:
    return list(
        db_session().scalars(
            select(Organization)
            .where(Organization.organization_type == OrganizationType.DEPARTMENT)
            .where(scope_clause(actor(), Organization.body_id))
            .order_by(Organization.name)
        )
    )


def _paper_form(paper: Paper | None, originator_id: int | None) -> PaperForm:
    form = PaperForm(obj=paper) if paper is not None else PaperForm()
    form.participants.choices = options((d.id, d.name) for d in _departments() if d.id != originator_id)
    if paper is not None and request.method == "GET":
        form.public.data = "1" if paper.public else "0"
        form.paper_type.data = paper.paper_type.value
        form.participants.data = [p.id for p in paper.participants]
        form.based_on.data = str(paper.lock_version)
    links.set_choices(form, paper, _departments(), originator_id)
    lead = paper.originator if paper is not None else next((d for d in _departments() if d.id == originator_id), None)
    form.originator.choices = options([
        *([("department", lead.name)] if lead is not None else []),
        ("none", "keiner (Antrag oder Anfrage einer Fraktion, Gruppe oder Person; bitte unten angeben, von wem)"),
    ])
    if paper is not None:
        # The Federführung is fixed once drafted; PaperForm(obj=paper) filled in the Organization itself.
        form.originator.data = "department" if paper.originator is not None else "none"
    return form


def _selected_departments(form: PaperForm) -> list[Organization]:
    ids = set(form.participants.data or [])
    return [d for d in _departments() if d.id in ids]


def _filters(form: FilterForm) -> paper_lists.PaperFilters:
    def enum_or_none(enum_cls, value):  # type: ignore[no-untyped-def]
        try:
            return enum_cls(value) if value else None
        except ValueError:
            return None

    def int_or_none(value: str | None) -> int | None:
        return params.parse_int(value) if value else None

    return paper_lists.PaperFilters(
        text=form.q.data or "",
        state=enum_or_none(PaperState, form.state.data),
        paper_type=enum_or_none(PaperType, form.paper_type.data),
        department_id=int_or_none(form.department.data),
        year=int_or_none(form.year.data),
        mine=bool(form.mine.data),
        waiting=bool(form.waiting.data),
        sort=form.sort.data or "nummer",
        descending=form.order.data != "auf",
    )


@bp.route("/")
@login_required
def index() -> View:
    """The Vorlagen the user may read, with filters, sorting and pages."""
    user = require(Permission.PAPER_READ)
    form = FilterForm(request.args)
    years, departments = paper_lists.filter_choices(db_session(), actor())
    form.year.choices = options([("", "alle"), *((y, str(y)) for y in years)])
    form.department.choices = options([("", "alle"), *((d.id, d.name) for d in departments)])
    form.validate()
    page = paginate(paper_lists.papers_query(user, _filters(form)), per_page=PER_PAGE)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("papers/list.html", form=form, page=page, args=args)


@bp.route("/neu", methods=["GET", "POST"])
@login_required
def create() -> View:
    """Draft a new Vorlage for the user's department."""
    user = require(Permission.PAPER_CREATE)
    department = user.department
    if department is None or not can(user, Permission.PAPER_CREATE, department):
        flash(
            "Ihrem Benutzerkonto ist kein Fachbereich zugeordnet; bitte wenden Sie sich an die Administration.",
            "error",
        )
        return redirect(url_for("papers.index"))
    form = _paper_form(None, department.id)
    if form.validate_on_submit():
        created: list[Paper] = []

        def action() -> Paper:
            paper = papers.create_paper(
                db_session(), user, body=department.body, name=form.name.data or "",
                paper_type=PaperType(form.paper_type.data),
                originator=None if form.originator.data == "none" else department, public=form.public.data == "1",
                paper_date=form.paper_date.data,
                participants=_selected_departments(form), resolution_proposal=form.resolution_proposal.data or "",
                reasoning=form.reasoning.data or "", financial_impact=form.financial_impact.data or "",
                links=links.links_of(form, department.body_id, _departments()),
            )
            created.append(paper)
            return paper

        if perform(action, lambda p: f"Vorlage {p.reference} wurde als Entwurf angelegt.", form):
            return redirect(url_for("papers.detail", paper_id=created[0].id))
    return render_template("papers/form.html", form=form, paper=None, department=department), status_of(form)


@bp.route("/<int:paper_id>")
@login_required
def detail(paper_id: int) -> str:
    """The whole record of a Vorlage, laid out like the printed Vorlage."""
    paper = load_or_404(Paper, paper_id)
    user = require(Permission.PAPER_READ, paper)
    session = db_session()
    versions = paper_versions.versions_for_display(session, paper)
    due = sign_offs.due_sign_off(paper)
    internals = sees_paper_internals(user, paper)
    events = (
        list(
            session.scalars(
                select(AuditEvent)
                .where(AuditEvent.object_type == "Paper", AuditEvent.object_id == paper.id)
                .order_by(AuditEvent.created, AuditEvent.id)
            )
        )
        if internals
        else []
    )
    rounds = sorted({s.paper_version for s in paper.sign_offs}, reverse=True)
    return render_template(
        "papers/detail.html",
        paper=paper,
        versions=versions,
        due=due,
        may_sign=sign_offs.capacity_of(user, due) is not None and can(user, Permission.PAPER_SIGN, paper),
        internals=internals,
        events=events,
        rounds=[(v, paper_versions.sign_offs_of_version(paper, v)) for v in rounds],
        missing=sign_offs.check_ready(paper) if paper.state is PaperState.DRAFT else {},
        last_return=_last_return(paper),
        size_label=files.size_label,
        kind_label=files.kind_label,
        action_form=ActionForm(),
    )


def _last_return(paper: Paper) -> SignOff | None:
    """The latest return (its comment is shown to the author while the Vorlage is a draft)."""
    returned = [s for s in paper.sign_offs if s.state is SignOffState.RETURNED]
    return max(returned, key=lambda s: s.paper_version) if returned else None


@bp.route("/<int:paper_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(paper_id: int) -> View:
    """Change a draft (or a released Vorlage, which then needs a new sign-off)."""
    paper = load_or_404(Paper, paper_id)
    user = require(Permission.PAPER_EDIT, paper)
    form = _paper_form(paper, paper.originator_id)
    if form.validate_on_submit():
        # The edit counter the form was loaded with; an unreadable one counts as stale (-1 never matches).
        raw_version = form.based_on.data or ""
        expected = (params.parse_int(raw_version) if raw_version else None)
        if raw_version and expected is None:
            expected = -1

        def action() -> paper_versions.Change:
            return papers.update_paper(
                db_session(), user, paper, name=form.name.data or "", paper_type=PaperType(form.paper_type.data),
                public=form.public.data == "1", participants=_selected_departments(form),
                resolution_proposal=form.resolution_proposal.data or "", reasoning=form.reasoning.data or "",
                financial_impact=form.financial_impact.data or "", expected_version=expected,
                paper_date=form.paper_date.data, links=links.links_of(form, paper.body_id, _departments()),
            )

        def message(change: paper_versions.Change) -> str:
            if change.new_version:
                return (
                    f"Die Änderungen wurden als Version {paper.version} gespeichert. Die bisherigen Sichtvermerke "
                    "sind ungültig; die Vorlage muss erneut gezeichnet werden."
                )
            return "Die Änderungen wurden gespeichert." if change.changed else "Es gab nichts zu ändern."

        if perform(action, message, form):
            return redirect(url_for("papers.detail", paper_id=paper.id))
        if papers.EDIT_CONFLICT in form.name.errors:
            # The typed texts stay in the form; saving again deliberately builds on the version stored now.
            form.based_on.data = str(paper.lock_version)
    return render_template("papers/form.html", form=form, paper=paper, department=paper.originator), status_of(form)


@bp.route("/<int:paper_id>/loeschen", methods=["POST"])
@login_required
def delete(paper_id: int) -> Response:
    """Delete a draft that never went into sign-off (its number is not reused)."""
    paper = load_or_404(Paper, paper_id)
    user = require(Permission.PAPER_EDIT, paper)
    if not ActionForm().validate_on_submit():
        abort(400)
    reference = paper.reference
    keys: list[str] = []

    def action() -> None:
        keys.extend(papers.delete_draft(db_session(), user, paper))

    if not perform(action, f"Der Entwurf {reference} wurde gelöscht. Seine Nummer wird nicht erneut vergeben."):
        return redirect(url_for("papers.detail", paper_id=paper_id))
    for key in keys:
        files.delete_blob(current_app.config["FILE_STORE_DIR"], key)
    return redirect(url_for("papers.index"))

