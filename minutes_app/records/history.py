"""Vorlagen recorded after the fact ("Altbestand"), as they were.

A county that switches to this product brings years of records. They enter the
database as they happened: under their original reference number (no number
is drawn, the per-body uniqueness still holds), with their original date, and
with the signatures as they stand on the paper (no sign-off chain is run). The
Vorlage reaches the state its history gives it (freigegeben, then in Beratung
or erledigt once :mod:`.history_meetings` records its consultation) and
becomes public by the one visibility rule, like everything else.

This is the API the OParl importer calls; the secretary's history screens call
it too. Every write is marked "nachträglich erfasst" in the audit trail.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    Body,
    Consultation,
    ConsultationRole,
    Organization,
    OrganizationType,
    Paper,
    PaperState,
    PaperType,
    Person,
    User,
)
from ..services import audit, markup, paper_versions
from ..services.errors import ValidationFailed
from ..services.papers import LOCAL_TZ, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH

RECORDED = "nachträglich erfasst"
MAX_REFERENCE_LENGTH = 40
MAX_SIGNATURES_LENGTH = 5000


@dataclass(frozen=True)
class ConsultationStep:
    """One step of a recorded Beratungsfolge (the meeting and result come with the meeting)."""

    organization: Organization
    role: ConsultationRole
    authoritative: bool = False


@dataclass
class RecordedPaper:
    """Everything a recorded Vorlage may carry; only reference, date, name and type are required."""

    reference: str
    paper_date: date
    name: str
    paper_type: PaperType
    public: bool = True
    #: OParl ``underDirectionOf``: lead departments, the first one is Federführend (may be empty).
    under_direction_of: Sequence[Organization] = ()
    participants: Sequence[Organization] = ()
    originator_persons: Sequence[Person] = ()
    originator_organizations: Sequence[Organization] = ()
    resolution_proposal: str = ""
    reasoning: str = ""
    financial_impact: str = ""
    #: Signatures as they stand on the original, one per line.
    signatures: str = ""
    consultations: Sequence[ConsultationStep] = ()
    superordinated: Sequence[Paper] = ()
    related: Sequence[Paper] = ()
    oparl_id: str | None = None
    keywords: Sequence[str] = field(default_factory=tuple)


def reference_taken(session: Session, body: Body, reference: str, *, except_id: int | None = None) -> bool:
    """Whether the body already has a Vorlage with this reference (soft-deleted ones count: the row exists)."""
    stmt = select(Paper.id).where(Paper.body_id == body.id, Paper.reference == reference)
    if except_id is not None:
        stmt = stmt.where(Paper.id != except_id)
    return session.scalar(stmt.execution_options(include_deleted=True).limit(1)) is not None


def _today() -> date:
    return datetime.now(LOCAL_TZ).date()


def validate_originators(under_direction_of: Sequence[Organization], participants: Sequence[Organization],
                         persons: Sequence[Person], organizations: Sequence[Organization]) -> dict[str, str]:
    """The rules on who a Vorlage comes from, shared by recording and editing."""
    errors: dict[str, str] = {}
    if any(o.organization_type is not OrganizationType.DEPARTMENT for o in under_direction_of):
        errors["under_direction_of"] = "Federführend können nur Fachbereiche oder Dezernate sein."
    if any(o.organization_type is not OrganizationType.DEPARTMENT for o in participants):
        errors["participants"] = "Beteiligt sein können nur Fachbereiche oder Dezernate."
    if not under_direction_of and not persons and not organizations:
        errors["under_direction_of"] = (
            "Bitte geben Sie an, von wem die Vorlage stammt: einen federführenden Fachbereich, "
            "eine Fraktion oder Gruppe oder eine Person."
        )
    return errors


def _validate(session: Session, body: Body, data: RecordedPaper) -> dict[str, str]:
    errors: dict[str, str] = {}
    reference = data.reference.strip()
    if not reference:
        errors["reference"] = "Bitte geben Sie das Aktenzeichen (Vorlagen-Nr.) an, wie es auf der Vorlage steht."
    elif len(reference) > MAX_REFERENCE_LENGTH:
        errors["reference"] = f"Das Aktenzeichen darf höchstens {MAX_REFERENCE_LENGTH} Zeichen lang sein."
    elif reference_taken(session, body, reference):
        errors["reference"] = f"Die Vorlage {reference} gibt es in dieser Körperschaft schon."
    if data.paper_date > _today():
        errors["paper_date"] = "Eine nachträglich erfasste Vorlage kann kein Datum in der Zukunft haben."
    name = " ".join(data.name.split())
    if not name:
        errors["name"] = "Bitte geben Sie einen Betreff an."
    elif len(name) > MAX_TITLE_LENGTH:
        errors["name"] = f"Der Betreff darf höchstens {MAX_TITLE_LENGTH} Zeichen lang sein."
    for key in ("resolution_proposal", "reasoning", "financial_impact"):
        if len(getattr(data, key)) > MAX_TEXT_LENGTH:
            errors[key] = f"Der Text darf höchstens {MAX_TEXT_LENGTH:,} Zeichen lang sein.".replace(",", ".")
    if len(data.signatures) > MAX_SIGNATURES_LENGTH:
        errors["signatures"] = f"Die Unterschriften dürfen höchstens {MAX_SIGNATURES_LENGTH} Zeichen lang sein."
    errors |= validate_originators(data.under_direction_of, data.participants, data.originator_persons,
                                   data.originator_organizations)
    if any(not step.organization.is_committee for step in data.consultations):
        errors["consultations"] = "In der Beratungsfolge stehen nur Gremien."
    if sum(1 for step in data.consultations if step.authoritative) > 1:
        errors["consultations"] = "Nur eine Beratung der Beratungsfolge kann maßgeblich sein."
    if any(p.body_id != body.id for p in (*data.superordinated, *data.related)):
        errors["superordinated"] = "Verknüpfte Vorlagen müssen zur selben Körperschaft gehören."
    return errors


def normalize_signatures(text: str) -> str:
    """One signature per line, without blank lines or surrounding spaces."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def record_paper(session: Session, actor: User | None, body: Body, data: RecordedPaper) -> Paper:
    """Enter a past Vorlage as it was: its own number and date, signatures as text, no sign-off chain.

    It is stored as freigegeben (released when it was written); recording its
    meeting moves it on. Raises :class:`ValidationFailed` with German messages;
    nothing is written then.
    """
    errors = _validate(session, body, data)
    if errors:
        raise ValidationFailed(errors)
    leads = list(dict.fromkeys(data.under_direction_of))
    paper = Paper(
        body_id=body.id,
        reference=data.reference.strip(),
        reference_year=data.paper_date.year,
        reference_number=None,
        name=" ".join(data.name.split()),
        paper_type=data.paper_type,
        date=data.paper_date,
        public=data.public,
        state=PaperState.RELEASED,
        originator=leads[0] if leads else None,
        further_leads=leads[1:],
        participants=[p for p in dict.fromkeys(data.participants) if p not in leads],
        originator_persons=list(dict.fromkeys(data.originator_persons)),
        originator_organizations=list(dict.fromkeys(data.originator_organizations)),
        resolution_proposal=markup.normalize(data.resolution_proposal),
        reasoning=markup.normalize(data.reasoning),
        financial_impact=markup.normalize(data.financial_impact),
        recorded_after_the_fact=True,
        recorded_signatures=normalize_signatures(data.signatures),
        superordinated_papers=list(dict.fromkeys(data.superordinated)),
        related_to=list(dict.fromkeys(data.related)),
        oparl_id=data.oparl_id,
        keywords=list(data.keywords),
    )
    for position, step in enumerate(data.consultations, start=1):
        paper.consultations.append(Consultation(
            organization=step.organization, role=step.role, authoritative=step.authoritative, position=position,
        ))
    session.add(paper)
    session.flush()
    # The recorded content is the released version: later edits are versioned like any other.
    paper_versions.freeze(session, actor, paper)
    audit.record(
        session, actor, paper, "paper.recorded",
        f"Vorlage {paper.reference} vom {paper.date:%d.%m.%Y} {RECORDED}: {paper.name}",
    )
    return paper
