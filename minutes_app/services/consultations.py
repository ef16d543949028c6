"""Beratungsfolge: the ordered committees that consult a Vorlage.

Editable while the Vorlage may be edited (a change to frozen content starts a
new version). At most one consultation is authoritative (maßgeblich); marking
another one moves the flag. The agenda and minutes later fill in meeting,
agenda item and result; those fields are not part of the signed content.
"""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from ..models import Consultation, ConsultationRole, Meeting, MeetingState, Organization, Paper, PaperType, User
from . import audit, paper_versions
from .errors import InvalidTransition, ValidationFailed

PLANNABLE_MEETING_STATES = (MeetingState.PLANNED, MeetingState.INVITED)


def renumber(session: Session, rows: Sequence[object], attr: str = "position") -> None:
    """Give ``rows`` the positions 1..n in the given order without tripping a unique (parent, position) constraint.

    The rows first move to negative positions in one flush, then to their final ones.
    """
    for index, row in enumerate(rows, start=1):
        setattr(row, attr, -index)
    session.flush()
    for index, row in enumerate(rows, start=1):
        setattr(row, attr, index)
    session.flush()


def _validate(paper: Paper, organization: Organization | None, meeting: Meeting | None) -> None:
    errors: dict[str, str] = {}
    if organization is None or not organization.is_committee:
        errors["organization"] = "Bitte wählen Sie ein Gremium."
    elif organization.body_id != paper.body_id:
        # A Vorlage is consulted only by the committees of its own body.
        errors["organization"] = "Bitte wählen Sie ein Gremium der Körperschaft dieser Vorlage."
    elif meeting is not None:
        if organization.id not in {o.id for o in meeting.organizations}:
            errors["meeting"] = f"Die Sitzung gehört nicht zum Gremium „{organization.name}“."
        elif meeting.state not in PLANNABLE_MEETING_STATES:
            errors["meeting"] = f"Die Sitzung ist „{meeting.state.label}“ und kann nicht mehr eingeplant werden."
    if errors:
        raise ValidationFailed(errors)


def _set_authoritative(paper: Paper, consultation: Consultation, authoritative: bool) -> None:
    if authoritative:
        for other in paper.consultations:
            if other is not consultation:
                other.authoritative = False
    consultation.authoritative = authoritative


def _describe(consultation: Consultation) -> str:
    text = f"{consultation.organization.name} ({consultation.role.label}"
    return text + (", maßgeblich)" if consultation.authoritative else ")")


def add_consultation(
    session: Session,
    actor: User | None,
    paper: Paper,
    *,
    organization: Organization | None,
    role: ConsultationRole,
    authoritative: bool = False,
    meeting: Meeting | None = None,
) -> Consultation:
    """Append a committee to the Beratungsfolge."""
    _validate(paper, organization, meeting)
    assert organization is not None
    with paper_versions.changing(session, actor, paper, "Beratungsfolge geändert"):
        consultation = Consultation(
            paper=paper,
            organization=organization,
            role=role,
            position=max((c.position for c in paper.consultations), default=0) + 1,
            meeting=meeting,
        )
        session.add(consultation)
        _set_authoritative(paper, consultation, authoritative)
    audit.record(
        session, actor, paper, "paper.consultation_added", f"Beratungsfolge: {_describe(consultation)} ergänzt"
    )
    return consultation


def update_consultation(
    session: Session,
    actor: User | None,
    consultation: Consultation,
    *,
    organization: Organization | None,
    role: ConsultationRole,
    authoritative: bool,
    meeting: Meeting | None,
) -> None:
    """Change committee, role, authoritative flag or planned meeting of one step."""
    if consultation.agenda_item_id is not None:
        raise InvalidTransition(
            "Diese Beratung steht bereits auf einer Tagesordnung und kann hier nicht geändert werden."
        )
    _validate(consultation.paper, organization, meeting)
    assert organization is not None
    paper = consultation.paper
    with paper_versions.changing(session, actor, paper, "Beratungsfolge geändert"):
        consultation.organization = organization
        consultation.role = role
        consultation.meeting = meeting
        _set_authoritative(paper, consultation, authoritative)
    audit.record(
        session, actor, paper, "paper.consultation_changed", f"Beratungsfolge: {_describe(consultation)} geändert"
    )


def remove_consultation(session: Session, actor: User | None, consultation: Consultation) -> None:
    """Take a step out of the Beratungsfolge; the later steps move up."""
    if consultation.agenda_item_id is not None:
        raise InvalidTransition("Diese Beratung steht bereits auf einer Tagesordnung und kann nicht entfernt werden.")
    paper = consultation.paper
    description = _describe(consultation)
    with paper_versions.changing(session, actor, paper, "Beratungsfolge geändert"):
        paper.consultations.remove(consultation)
        session.flush()
        renumber(session, sorted(paper.consultations, key=lambda c: c.position))
    audit.record(session, actor, paper, "paper.consultation_removed", f"Beratungsfolge: {description} entfernt")


def move_consultation(session: Session, actor: User | None, consultation: Consultation, offset: int) -> None:
    """Move a step up (``-1``) or down (``+1``) in the Beratungsfolge."""
    paper = consultation.paper
    ordered = sorted(paper.consultations, key=lambda c: c.position)
    index = ordered.index(consultation)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(ordered):
        return
    with paper_versions.changing(session, actor, paper, "Beratungsfolge geändert"):
        ordered[index], ordered[target] = ordered[target], ordered[index]
        renumber(session, ordered)
    audit.record(
        session, actor, paper, "paper.consultation_moved",
        f"Beratungsfolge: {consultation.organization.name} an Position {consultation.position} verschoben",
    )


def check_for_sign_off(paper: Paper) -> dict[str, str]:
    """Problems of the Beratungsfolge that block the sign-off (empty if none)."""
    if not paper.consultations:
        return {"consultations": "Bitte legen Sie die Beratungsfolge fest (mindestens ein Gremium)."}
    authoritative = [c for c in paper.consultations if c.authoritative]
    if paper.paper_type is PaperType.RESOLUTION and len(authoritative) != 1:
        return {"consultations": "Eine Beschlussvorlage braucht genau eine maßgebliche (beschließende) Beratung."}
    return {}
