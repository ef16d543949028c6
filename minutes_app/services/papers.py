"""Vorlagen: drafting, attachments and the lifecycle transitions outside the sign-off.

Lifecycle (DESIGN §4): Entwurf → In Mitzeichnung → Freigegeben → In Beratung
→ Erledigt, or Zurückgezogen. The sign-off transitions live in
:mod:`sign_offs`; this module has creation, editing, deletion of unused drafts,
withdrawal, and the two transitions the agenda and minutes call
(:func:`mark_in_consultation`, :func:`complete_paper`). Every transition checks
the current state, raises :class:`InvalidTransition` with a German message and
writes an audit event.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import redaction
from ..models import (
    Body,
    File,
    Organization,
    OrganizationType,
    Paper,
    PaperState,
    PaperType,
    Person,
    SignOffState,
    User,
    utc_now,
)
from . import audit, edit_locks, files, markup, numbering, paper_versions
from .errors import InvalidTransition, ValidationFailed

MAX_TITLE_LENGTH = 500
MAX_TEXT_LENGTH = 200_000
TEXT_FIELDS = ("resolution_proposal", "reasoning", "financial_impact")
#: The Vorlage's date (and so its number's year) is the date in the county, not in UTC.
LOCAL_TZ = ZoneInfo("Europe/Berlin")
#: Papers that may come from a Fraktion, group or person alone, without a lead department.
WITHOUT_LEAD_TYPES = (PaperType.MOTION, PaperType.INQUIRY, PaperType.AMENDMENT, PaperType.SUPPLEMENTARY_MOTION)
WITHDRAWABLE_STATES = (PaperState.DRAFT, PaperState.IN_SIGN_OFF, PaperState.RELEASED, PaperState.IN_CONSULTATION)


@dataclass(frozen=True)
class Links:
    """The OParl links of a Vorlage a form edits; ``None`` leaves a link unchanged."""

    further_leads: list[Organization] | None = None
    originator_organizations: list[Organization] | None = None
    originator_persons: list[Person] | None = None
    superordinated: list[Paper] | None = None
    related: list[Paper] | None = None


def _validate(name: str, texts: dict[str, str], participants: list[Organization]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Bitte geben Sie einen Betreff an."
    elif len(name) > MAX_TITLE_LENGTH:
        errors["name"] = f"Der Betreff darf höchstens {MAX_TITLE_LENGTH} Zeichen lang sein."
    for field, text in texts.items():
        if len(text) > MAX_TEXT_LENGTH:
            errors[field] = f"Der Text darf höchstens {MAX_TEXT_LENGTH:,} Zeichen lang sein.".replace(",", ".")
    if any(p.organization_type is not OrganizationType.DEPARTMENT for p in participants):
        errors["participants"] = "Beteiligt sein können nur Fachbereiche oder Dezernate."
    return errors


def _validate_origin(
    paper: Paper | None,
    paper_type: PaperType,
    originator: Organization | None,
    links: Links,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if originator is None:
        if paper_type not in WITHOUT_LEAD_TYPES:
            errors["originator"] = f"Eine Vorlage der Art „{paper_type.label}“ braucht einen federführenden Fachbereich."
        elif not links.originator_organizations and not links.originator_persons:
            errors["originator_organizations"] = (
                "Ohne federführenden Fachbereich geben Sie bitte an, von welcher Fraktion, Gruppe oder Person "
                "die Vorlage stammt."
            )
    elif originator.organization_type is not OrganizationType.DEPARTMENT:
        errors["originator"] = "Federführend kann nur ein Fachbereich oder Dezernat sein."
    if any(o.organization_type is not OrganizationType.DEPARTMENT for o in links.further_leads or ()):
        errors["further_leads"] = "Federführend können nur Fachbereiche oder Dezernate sein."
    if paper is not None and any(p.id == paper.id for p in (*(links.superordinated or ()), *(links.related or ()))):
        errors["superordinated"] = "Eine Vorlage kann sich nicht auf sich selbst beziehen."
    return errors


def _apply_links(paper: Paper, links: Links) -> None:
    """Set the OParl links that were given (``None`` leaves a link as it is)."""
    if links.further_leads is not None:
        paper.further_leads = [o for o in dict.fromkeys(links.further_leads) if o.id != paper.originator_id]
    if links.originator_organizations is not None:
        paper.originator_organizations = list(dict.fromkeys(links.originator_organizations))
    if links.originator_persons is not None:
        paper.originator_persons = list(dict.fromkeys(links.originator_persons))
    if links.superordinated is not None:
        paper.superordinated_papers = list(dict.fromkeys(links.superordinated))
    if links.related is not None:
        # Links the other Vorlage made stay; this Vorlage's own list is replaced.
        paper.related_to = [p for p in dict.fromkeys(links.related) if p not in paper.related_from]


def _free_reference(session: Session, body: Body, year: int) -> tuple[int, str]:
    """The next running number whose reference no Vorlage recorded after the fact already carries."""
    while True:
        number = numbering.next_reference_number(session, body, year)
        reference = numbering.format_reference(body.paper_reference_format, number, year)
        taken = select(Paper.id).where(Paper.body_id == body.id, Paper.reference == reference)
        if session.scalar(taken.execution_options(include_deleted=True).limit(1)) is None:
            return number, reference


def create_paper(
    session: Session,
    actor: User | None,
    *,
    body: Body,
    name: str,
    paper_type: PaperType,
    originator: Organization | None,
    public: bool = True,
    paper_date: date | None = None,
    participants: list[Organization] | None = None,
    resolution_proposal: str = "",
    reasoning: str = "",
    financial_impact: str = "",
    links: Links | None = None,
) -> Paper:
    """Create a draft Vorlage and give it the next reference number of its year.

    ``originator`` (Federführend) may be empty for an Antrag or Anfrage of a
    Fraktion, group or person named in ``links``.
    """
    links = links or Links()
    name = " ".join(name.split())
    texts = {
        "resolution_proposal": markup.normalize(resolution_proposal),
        "reasoning": markup.normalize(reasoning),
        "financial_impact": markup.normalize(financial_impact),
    }
    participants = list(participants or [])
    errors = _validate(name, texts, participants) | _validate_origin(None, paper_type, originator, links)
    if errors:
        raise ValidationFailed(errors)
    paper_date = paper_date or datetime.now(LOCAL_TZ).date()
    number, reference = _free_reference(session, body, paper_date.year)
    paper = Paper(
        body_id=body.id,
        reference=reference,
        reference_year=paper_date.year,
        reference_number=number,
        name=name,
        paper_type=paper_type,
        date=paper_date,
        public=public,
        originator=originator,
        participants=[p for p in participants if originator is None or p.id != originator.id],
        author_id=actor.id if actor else None,
        **texts,
    )
    session.add(paper)
    session.flush()
    _apply_links(paper, links)
    session.flush()
    audit.record(session, actor, paper, "paper.created", f"Vorlage {paper.reference} angelegt: {name}")
    for field, text in texts.items():
        redaction.record_changes(session, actor, paper, TEXT_LABELS[field], "", text)
    return paper


EDIT_CONFLICT = (
    "Die Vorlage wurde inzwischen von jemand anderem geändert. Bitte laden Sie sie neu und "
    "übertragen Sie Ihre Änderungen."
)


#: German names of the long texts, for audit entries.
TEXT_LABELS = {
    "resolution_proposal": "Beschlussvorschlag",
    "reasoning": "Sachverhalt/Begründung",
    "financial_impact": "Finanzierung und Folgekosten",
}


def update_paper(
    session: Session,
    actor: User | None,
    paper: Paper,
    *,
    name: str,
    paper_type: PaperType,
    public: bool,
    participants: list[Organization],
    resolution_proposal: str,
    reasoning: str,
    financial_impact: str,
    paper_date: date | None = None,
    links: Links | None = None,
    expected_version: int | None = None,
) -> paper_versions.Change:
    """Change the header fields and texts of a draft or released Vorlage.

    ``expected_version`` is the edit counter (``lock_version``) the editor's
    form was based on; if someone saved in between, nothing is overwritten and
    the editor is told so (optimistic locking). Changing frozen
    content starts a new version (see :func:`paper_versions.changing`).
    """
    paper_versions.ensure_editable(paper)
    if expected_version is not None:
        edit_locks.claim(session, paper, "lock_version", expected_version, field="name", message=EDIT_CONFLICT)
    name = " ".join(name.split())
    texts = {
        "resolution_proposal": markup.normalize(resolution_proposal),
        "reasoning": markup.normalize(reasoning),
        "financial_impact": markup.normalize(financial_impact),
    }
    links = links or Links()
    errors = _validate(name, texts, participants) | _validate_origin(paper, paper_type, paper.originator, links)
    if paper_date is not None and paper_date > datetime.now(LOCAL_TZ).date() + timedelta(days=366):
        errors["paper_date"] = "Bitte prüfen Sie das Datum; es liegt mehr als ein Jahr in der Zukunft."
    if errors:
        raise ValidationFailed(errors)
    # The date and the links to other Vorlagen are facts about the Vorlage, not signed content.
    facts_before = (paper.date, [p.id for p in paper.superordinated_papers], [p.id for p in paper.related_papers])
    old_texts = {field: getattr(paper, field) for field in texts}
    with paper_versions.changing(session, actor, paper) as change:
        paper.name = name
        paper.paper_type = paper_type
        paper.public = public
        paper.participants = [p for p in participants if p.id != paper.originator_id]
        for field, text in texts.items():
            setattr(paper, field, text)
        if paper_date is not None:
            paper.date = paper_date
        _apply_links(paper, links)
    session.flush()
    session.expire(paper, ["superordinated_papers", "related_to", "related_from"])
    facts_after = (paper.date, [p.id for p in paper.superordinated_papers], [p.id for p in paper.related_papers])
    change.changed = change.changed or facts_after != facts_before
    if change.changed:
        # Association changes (Beteiligt) do not touch the row; the edit lock relies on ``modified``.
        paper.modified = utc_now()
        if expected_version is None:
            paper.lock_version += 1
        audit.record(session, actor, paper, "paper.updated", f"Vorlage {paper.reference} geändert")
        for field, text in texts.items():
            redaction.record_changes(session, actor, paper, TEXT_LABELS[field], old_texts[field], text)
    return change


def delete_draft(session: Session, actor: User | None, paper: Paper) -> list[str]:
    """Delete a draft that never went into sign-off; its number stays used.

    Returns the storage keys of the deleted attachments; the caller removes the
    blobs after the commit.
    """
    if paper.state is not PaperState.DRAFT or paper_versions.versions_for_display(session, paper):
        raise InvalidTransition(
            "Nur Entwürfe, die noch nie in der Mitzeichnung waren, können gelöscht werden. "
            "Ziehen Sie die Vorlage stattdessen zurück."
        )
    attachments = list(paper.files)
    audit.record(session, actor, paper, "paper.deleted", f"Entwurf {paper.reference} gelöscht: {paper.name}")
    paper.files = []
    session.delete(paper)
    session.flush()
    return [files.delete_file(session, actor, record) for record in attachments]


def withdraw_paper(session: Session, actor: User | None, paper: Paper, reason: str) -> None:
    """Zurückziehen: the Vorlage ends without a decision; open Sichtvermerke are dropped."""
    if paper.state not in WITHDRAWABLE_STATES:
        raise InvalidTransition(f"Eine Vorlage im Zustand „{paper.state.label}“ kann nicht zurückgezogen werden.")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": "Bitte geben Sie an, warum die Vorlage zurückgezogen wird."})
    for sign_off in list(paper.sign_offs):
        if sign_off.state is SignOffState.OPEN:
            paper.sign_offs.remove(sign_off)
    paper.state = PaperState.WITHDRAWN
    audit.record(session, actor, paper, "paper.withdrawn", f"Vorlage {paper.reference} zurückgezogen: {reason}")


def mark_in_consultation(session: Session, actor: User | None, paper: Paper) -> None:
    """Freigegeben → In Beratung (called when the Vorlage is put on an agenda)."""
    if paper.state is PaperState.IN_CONSULTATION:
        return
    if paper.state is not PaperState.RELEASED:
        raise InvalidTransition(
            f"Nur freigegebene Vorlagen können beraten werden; Vorlage {paper.reference} ist „{paper.state.label}“."
        )
    paper.state = PaperState.IN_CONSULTATION
    audit.record(session, actor, paper, "paper.in_consultation", f"Vorlage {paper.reference} in Beratung")


def consultations_settled(paper: Paper) -> bool:
    """Whether the authoritative consultation (or, without one, every consultation) has a final result."""
    authoritative = paper.authoritative_consultation
    deciding = [authoritative] if authoritative else list(paper.consultations)
    return bool(deciding) and all(c.result is not None and c.result.is_final for c in deciding)


def complete_paper(session: Session, actor: User | None, paper: Paper) -> None:
    """In Beratung → Erledigt, once :func:`consultations_settled` holds."""
    if paper.state is not PaperState.IN_CONSULTATION:
        raise InvalidTransition(f"Nur Vorlagen in Beratung können erledigt werden; diese ist „{paper.state.label}“.")
    if not consultations_settled(paper):
        raise InvalidTransition("Die Vorlage ist erst erledigt, wenn die maßgebliche Beratung ein Ergebnis hat.")
    paper.state = PaperState.COMPLETED
    audit.record(session, actor, paper, "paper.completed", f"Vorlage {paper.reference} erledigt")


def reopen_consultation(session: Session, actor: User | None, paper: Paper, reason: str) -> None:
    """Erledigt → In Beratung, when the deciding result was corrected in the minutes."""
    if paper.state is not PaperState.COMPLETED:
        raise InvalidTransition(f"Nur erledigte Vorlagen können wieder in Beratung gehen; diese ist „{paper.state.label}“.")
    paper.state = PaperState.IN_CONSULTATION
    audit.record(session, actor, paper, "paper.reopened", f"Vorlage {paper.reference} wieder in Beratung: {reason}")


def end_consultation(session: Session, actor: User | None, paper: Paper) -> None:
    """In Beratung → Freigegeben, when no step of the Beratungsfolge is scheduled or has a result any more."""
    if paper.state is not PaperState.IN_CONSULTATION:
        raise InvalidTransition(f"Nur Vorlagen in Beratung können wieder freigegeben werden; diese ist „{paper.state.label}“.")
    if any(c.agenda_item is not None or c.result is not None for c in paper.consultations):
        raise InvalidTransition("Die Vorlage steht noch auf einer Tagesordnung oder hat bereits ein Ergebnis.")
    paper.state = PaperState.RELEASED
    audit.record(
        session, actor, paper, "paper.released",
        f"Vorlage {paper.reference} steht auf keiner Tagesordnung mehr und ist wieder freigegeben",
    )


def attach_file(session: Session, actor: User | None, paper: Paper, record: File) -> paper_versions.Change:
    """Add an uploaded file to the Vorlage's Anlagen."""
    with paper_versions.changing(session, actor, paper, "Anlage hinzugefügt") as change:
        paper.files.append(record)
    audit.record(session, actor, paper, "paper.file_added", f"Anlage „{record.name}“ ({record.file_name}) hinzugefügt")
    return change


def remove_file(session: Session, actor: User | None, paper: Paper, record: File) -> str | None:
    """Remove an Anlage; returns the storage key to delete unless a frozen version still refers to it."""
    with paper_versions.changing(session, actor, paper, "Anlage entfernt"):
        paper.files.remove(record)
    audit.record(session, actor, paper, "paper.file_removed", f"Anlage „{record.name}“ ({record.file_name}) entfernt")
    # A file that a frozen version covered stays stored: it is part of what was signed.
    referenced = any(
        f.get("sha256") == record.sha256
        for version in paper_versions.versions_for_display(session, paper)
        for f in version.content.get("files", [])
    )
    if referenced:
        return None
    return files.delete_file(session, actor, record)


def set_file_public(session: Session, actor: User | None, paper: Paper, record: File, public: bool) -> None:
    """Mark an Anlage öffentlich or nichtöffentlich (public channels only ever show public files)."""
    if record.public == public:
        return
    with paper_versions.changing(session, actor, paper, "Anlage geändert"):
        record.public = public
    label = "öffentlich" if public else "nichtöffentlich"
    audit.record(session, actor, paper, "paper.file_changed", f"Anlage „{record.name}“ ist jetzt {label}")
