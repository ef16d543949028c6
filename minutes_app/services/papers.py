"""Vorlagen: creation with an automatic reference number."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ..models import Body, Organization, OrganizationType, Paper, PaperType, User
from . import audit, numbering
from .errors import ValidationFailed

MAX_TITLE_LENGTH = 500


def create_paper(
    session: Session,
    actor: User | None,
    *,
    body: Body,
    name: str,
    paper_type: PaperType,
    originator: Organization,
    public: bool = True,
    paper_date: date | None = None,
    participants: list[Organization] | None = None,
    resolution_proposal: str = "",
    reasoning: str = "",
    financial_impact: str = "",
) -> Paper:
    """Create a draft Vorlage and give it the next reference number of its year."""
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = "Bitte geben Sie einen Betreff an."
    elif len(name) > MAX_TITLE_LENGTH:
        errors["name"] = f"Der Betreff darf höchstens {MAX_TITLE_LENGTH} Zeichen lang sein."
    if originator.organization_type is not OrganizationType.DEPARTMENT:
        errors["originator"] = "Federführend kann nur ein Fachbereich oder Dezernat sein."
    if errors:
        raise ValidationFailed(errors)
    paper_date = paper_date or date.today()
    number = numbering.next_reference_number(session, body, paper_date.year)
    paper = Paper(
        body_id=body.id,
        reference=numbering.format_reference(body.paper_reference_format, number, paper_date.year),
        reference_year=paper_date.year,
        reference_number=number,
        name=name,
        paper_type=paper_type,
        date=paper_date,
        public=public,
        originator=originator,
        participants=[p for p in (participants or []) if p.id != originator.id],
        author_id=actor.id if actor else None,
        resolution_proposal=resolution_proposal,
        reasoning=reasoning,
        financial_impact=financial_impact,
    )
    session.add(paper)
    session.flush()
    audit.record(session, actor, paper, "paper.created", f"Vorlage {paper.reference} angelegt: {name}")
    return paper
