"""What the Word document of a Vorlage shows, per audience (see :mod:`documents`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import object_session

from .. import redaction
from ..models import Body, Paper, PaperState, SignOffCapacity, SignOffState
from . import markup, public_catalog, visibility
from .documents import NOT_PUBLISHED, Audience, person_name
from .errors import NotFound


@dataclass(frozen=True)
class ConsultationRow:
    """One step of the Beratungsfolge."""

    committee: str
    role: str
    meeting_start: datetime | None
    item_number: str
    result: str


@dataclass(frozen=True)
class SignOffRow:
    """One Sichtvermerk: position, who signed (or who is to sign) and when."""

    position: str
    name: str
    signed_at: datetime | None
    deputy: bool
    #: Set only for a return ("zurückgegeben"); open positions show a signature line.
    state_label: str


@dataclass(frozen=True)
class PaperView:
    """Vorlage like the printed original: facts, Beratungsfolge, texts, Anlagen, Sichtvermerke."""

    audience: Audience
    body_name: str
    reference: str
    title: str
    type_label: str
    paper_date: date
    public: bool
    state_label: str
    draft: bool
    version: int
    originator: str
    participants: tuple[str, ...]
    consultations: tuple[ConsultationRow, ...]
    resolution_proposal: str
    reasoning: str
    financial_impact: str
    files: tuple[tuple[str, bool], ...]
    sign_offs: tuple[SignOffRow, ...]
    #: Signatures of a Vorlage recorded after the fact, as they stand on the original.
    recorded_signatures: tuple[str, ...] = ()


def _full_consultations(paper: Paper) -> tuple[ConsultationRow, ...]:
    rows = []
    for step in paper.consultations:
        meeting = step.agenda_item.meeting if step.agenda_item is not None else step.meeting
        result = step.result.label if step.result else ""
        if step.result_note:
            result = f"{result} ({step.result_note})" if result else step.result_note
        rows.append(
            ConsultationRow(
                step.organization.name,
                step.role.label,
                meeting.start_time if meeting else None,
                step.agenda_item.number if step.agenda_item is not None else "",
                result,
            )
        )
    return tuple(rows)


def _sign_offs(paper: Paper, audience: Audience) -> tuple[SignOffRow, ...]:
    rows = []
    for sign_off in paper.sign_offs:
        if sign_off.paper_version != paper.version or sign_off.state is SignOffState.VOID:
            continue
        if audience is Audience.PUBLIC and sign_off.state is not SignOffState.SIGNED:
            continue
        if sign_off.state is SignOffState.SIGNED:
            name = person_name(sign_off.signed_by)
        else:
            holders = sign_off.position.holders if sign_off.position is not None else []
            name = ", ".join(person_name(h.user) for h in holders if not h.is_deputy)
        rows.append(
            SignOffRow(
                sign_off.position_title,
                name,
                sign_off.signed_at,
                sign_off.capacity is SignOffCapacity.DEPUTY,
                sign_off.state.label if sign_off.state is SignOffState.RETURNED else "",
            )
        )
    return tuple(rows)


def paper_view(paper: Paper, body: Body, audience: Audience) -> PaperView:
    """The Vorlage; the public version exists for public, released Vorlagen on a public agenda.

    Sign-off comments belong to the workflow, not to the document: no version carries them.
    """
    if audience is Audience.PUBLIC:
        if not visibility.paper_is_public(paper):
            raise NotFound(NOT_PUBLISHED)
        consultations = tuple(
            ConsultationRow(
                step.committee.name,
                step.role_label,
                step.meeting.start_time if step.meeting else None,
                step.item_number,
                step.result_label,
            )
            for step in public_catalog.public_consultations(paper, body)
        )
        attachments = tuple((f.name, True) for f in visibility.public_files(paper.files))
        session = object_session(paper)
        texts = [redaction.public_text(session, t) if session is not None else markup.redact_source(t)
                 for t in (paper.resolution_proposal, paper.reasoning, paper.financial_impact)]
    else:
        consultations = _full_consultations(paper)
        attachments = tuple((f.name, f.public) for f in paper.files)
        texts = [paper.resolution_proposal, paper.reasoning, paper.financial_impact]
    return PaperView(
        audience=audience,
        body_name=body.name,
        reference=paper.reference,
        title=paper.name,
        type_label=paper.paper_type.label,
        paper_date=paper.date,
        public=paper.public,
        state_label=paper.state.label,
        draft=paper.state in (PaperState.DRAFT, PaperState.IN_SIGN_OFF),
        version=paper.version,
        originator=", ".join(o.name for o in paper.under_direction_of),
        participants=tuple(o.name for o in paper.participants),
        consultations=consultations,
        resolution_proposal=texts[0],
        reasoning=texts[1],
        financial_impact=texts[2],
        files=attachments,
        sign_offs=_sign_offs(paper, audience),
        recorded_signatures=tuple(paper.recorded_signatures.splitlines()),
    )


def public_sign_offs(paper: Paper) -> tuple[SignOffRow, ...]:
    """The Sichtvermerke of the public version: the public DOCX, the Vorlage page and OParl show these."""
    return _sign_offs(paper, Audience.PUBLIC)
