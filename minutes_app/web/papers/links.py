"""The OParl fields of the Vorlage form: choices, prefill and reading them back as :class:`papers.Links`."""
from __future__ import annotations

from flask import request
from sqlalchemy import select

from ...extensions import db_session
from ...models import Organization, OrganizationType, Paper, Person
from ...services.errors import ValidationFailed
from ...services.papers import Links
from .forms import PaperForm, options


def _groups() -> list[Organization]:
    """Who may submit a Vorlage besides a department: Fraktionen, other groups, committees."""
    return list(db_session().scalars(
        select(Organization).where(Organization.organization_type != OrganizationType.DEPARTMENT)
        .order_by(Organization.organization_type, Organization.name)))


def _persons() -> list[Person]:
    return list(db_session().scalars(select(Person).order_by(Person.family_name, Person.given_name)))


def set_choices(form: PaperForm, paper: Paper | None, departments: list[Organization], lead_id: int | None) -> None:
    """Fill the choices of the OParl fields and, on a fresh edit page, the paper's current values."""
    form.further_leads.choices = options((d.id, d.name) for d in departments if d.id != lead_id)
    form.originator_organizations.choices = options((o.id, o.name) for o in _groups())
    form.originator_persons.choices = options((p.id, p.sort_name) for p in _persons())
    if paper is not None and request.method == "GET":
        form.paper_date.data = paper.date
        form.further_leads.data = [o.id for o in paper.further_leads]
        form.originator_organizations.data = [o.id for o in paper.originator_organizations]
        form.originator_persons.data = [p.id for p in paper.originator_persons]
        form.superordinated.data = ", ".join(p.reference for p in paper.superordinated_papers)
        form.related.data = ", ".join(p.reference for p in paper.related_to)


def _papers(body_id: int, text: str, field: str) -> list[Paper]:
    found = []
    for reference in (r.strip() for r in text.split(",")):
        if not reference:
            continue
        paper = db_session().scalar(select(Paper).where(Paper.body_id == body_id, Paper.reference == reference))
        if paper is None:
            raise ValidationFailed({field: f"Eine Vorlage {reference} gibt es nicht."})
        found.append(paper)
    return found


def links_of(form: PaperForm, body_id: int, departments: list[Organization]) -> Links:
    """The links the form names; raises :class:`ValidationFailed` for an unknown Vorlagen-Nr."""
    groups = {o.id: o for o in _groups()}
    persons = {p.id: p for p in _persons()}
    by_id = {d.id: d for d in departments}
    return Links(
        further_leads=[by_id[i] for i in form.further_leads.data or [] if i in by_id],
        originator_organizations=[groups[i] for i in form.originator_organizations.data or [] if i in groups],
        originator_persons=[persons[i] for i in form.originator_persons.data or [] if i in persons],
        superordinated=_papers(body_id, form.superordinated.data or "", "superordinated"),
        related=_papers(body_id, form.related.data or "", "related"),
    )
