"""The Sichtvermerk workflow: start, sign in order, return with a comment, recall.

Starting the sign-off freezes the content: a snapshot of the version with its
sha256 is stored and one open Sichtvermerk per chain position is created.
Positions sign strictly in order; a holder or a deputy of the position whose
turn it is signs, and the signature records who, when, in which capacity and
the sha256 of the exact content it covers. The last signature releases the
Vorlage. A return sends it back to draft with a required comment for the
author; the next round needs a new version, so signatures always cover the
content the signer saw.
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from ..models import (
    Paper,
    PaperState,
    PaperType,
    SignOff,
    SignOffCapacity,
    SignOffPositionHolder,
    SignOffState,
    User,
    utc_now,
)
from . import audit, paper_versions, permissions, sign_off_chains
from .consultations import check_for_sign_off
from .errors import InvalidTransition, NotAllowed, ValidationFailed

MAX_COMMENT_LENGTH = 5000


def due_sign_off(paper: Paper) -> SignOff | None:
    """The Sichtvermerk whose turn it is (the first open one of the current version)."""
    if paper.state is not PaperState.IN_SIGN_OFF:
        return None
    return next(
        (s for s in paper_versions.sign_offs_of_version(paper, paper.version) if s.state is SignOffState.OPEN), None
    )


def capacity_of(user: User | None, sign_off: SignOff | None) -> SignOffCapacity | None:
    """In which capacity ``user`` may sign ``sign_off`` (None: not at all)."""
    if user is None or sign_off is None or sign_off.position is None:
        return None
    holder = next((h for h in sign_off.position.holders if h.user_id == user.id), None)
    if holder is None:
        return None
    return SignOffCapacity.DEPUTY if holder.is_deputy else SignOffCapacity.OWN


def check_ready(paper: Paper) -> dict[str, str]:
    """What is missing before the Vorlage can go into sign-off (field → German message)."""
    errors: dict[str, str] = {}
    if not paper.name.strip():
        errors["name"] = "Bitte geben Sie einen Betreff an."
    if paper.paper_type is PaperType.RESOLUTION and not paper.resolution_proposal.strip():
        errors["resolution_proposal"] = "Eine Beschlussvorlage braucht einen Beschlussvorschlag."
    if not paper.reasoning.strip():
        errors["reasoning"] = "Bitte beschreiben Sie den Sachverhalt."
    errors.update(check_for_sign_off(paper))
    return errors


def start_sign_off(session: Session, actor: User | None, paper: Paper) -> list[SignOff]:
    """Entwurf → In Mitzeichnung: freeze the content and open one Sichtvermerk per position."""
    if paper.state is not PaperState.DRAFT:
        raise InvalidTransition(
            f"Nur Entwürfe können zur Mitzeichnung gegeben werden; die Vorlage ist „{paper.state.label}“."
        )
    errors = check_ready(paper)
    if errors:
        raise ValidationFailed(errors)
    chain = sign_off_chains.find_chain(session, paper)
    if chain is None or not chain.positions:
        raise InvalidTransition(
            f"Für „{paper.originator.name if paper.originator else 'ohne Federführung'}“ und die Art „{paper.paper_type.label}“ ist kein Zeichnungsweg "
            "festgelegt. Bitte wenden Sie sich an die Administration."
        )
    for position in chain.positions:
        if not any(h.user.active for h in position.holders):
            raise InvalidTransition(
                f"Die Position „{position.title}“ im Zeichnungsweg „{chain.name}“ hat niemanden, der zeichnen darf. "
                "Bitte wenden Sie sich an die Administration."
            )
    if paper_versions.is_frozen(session, paper):
        # The last round ended with a return or recall: the new round signs a new version.
        paper_versions.new_version(session, actor, paper, "erneute Mitzeichnung")
    version = paper_versions.freeze(session, actor, paper)
    created = [
        SignOff(
            paper_version=paper.version,
            order=index,
            position_id=position.id,
            position_title=position.title,
            state=SignOffState.OPEN,
        )
        for index, position in enumerate(sorted(chain.positions, key=lambda p: p.order), start=1)
    ]
    paper.sign_offs.extend(created)
    paper.state = PaperState.IN_SIGN_OFF
    paper.return_comment = ""
    session.flush()
    audit.record(
        session, actor, paper, "paper.sign_off_started",
        f"Vorlage {paper.reference} Version {paper.version} zur Mitzeichnung gegeben "
        f"(Zeichnungsweg „{chain.name}“, sha256 {version.content_hash[:12]}…)",
    )
    return created


def _turn(
    session: Session, actor: User | None, paper: Paper, expected_hash: str | None
) -> tuple[SignOff, SignOffCapacity, str]:
    """The due Sichtvermerk, the actor's capacity and the frozen hash; refuses everything else."""
    if paper.state is not PaperState.IN_SIGN_OFF:
        raise InvalidTransition(f"Die Vorlage ist nicht in der Mitzeichnung, sondern „{paper.state.label}“.")
    due = due_sign_off(paper)
    if due is None:
        raise InvalidTransition("Für diese Vorlage ist kein Sichtvermerk offen.")
    capacity = capacity_of(actor, due)
    if capacity is None or not permissions.can(actor, permissions.Permission.PAPER_SIGN, paper):
        later = any(
            capacity_of(actor, s) is not None
            for s in paper_versions.sign_offs_of_version(paper, paper.version)
            if s.state is SignOffState.OPEN and s.order > due.order
        )
        if later:
            raise NotAllowed(
                f"Die Vorlage wartet noch auf den Sichtvermerk „{due.position_title}“. "
                "Die Sichtvermerke werden in der festgelegten Reihenfolge erteilt."
            )
        raise NotAllowed(f"Sie sind für den Sichtvermerk „{due.position_title}“ nicht zeichnungsberechtigt.")
    snapshot = paper_versions.snapshot_of(session, paper)
    if snapshot is None or paper_versions.current_hash(paper) != snapshot.content_hash:
        raise InvalidTransition(
            "Der Inhalt der Vorlage weicht von der eingefrorenen Fassung ab. "
            "Bitte wenden Sie sich an die Administration."
        )
    if expected_hash is not None and expected_hash != snapshot.content_hash:
        raise InvalidTransition(
            "Die Vorlage wurde geändert, seit Sie sie geöffnet haben. Bitte prüfen Sie die aktuelle Fassung."
        )
    return due, capacity, snapshot.content_hash


def _actor_label(actor: User, capacity: SignOffCapacity) -> str:
    return actor.display_name + (" (in Vertretung)" if capacity is SignOffCapacity.DEPUTY else "")


def sign(
    session: Session, actor: User, paper: Paper, *, expected_hash: str | None = None, comment: str = ""
) -> SignOff:
    """Sign the due Sichtvermerk; the last signature releases the Vorlage (In Mitzeichnung → Freigegeben).

    ``expected_hash`` is the sha256 the signer's page showed; a mismatch refuses
    the signature, so nobody signs content they have not seen.
    """
    comment = comment.strip()
    if len(comment) > MAX_COMMENT_LENGTH:
        raise ValidationFailed({"comment": f"Der Hinweis darf höchstens {MAX_COMMENT_LENGTH} Zeichen lang sein."})
    due, capacity, content_hash = _turn(session, actor, paper, expected_hash)
    due.state = SignOffState.SIGNED
    due.signed_by_id = actor.id
    due.signed_at = utc_now()
    due.capacity = capacity
    due.comment = comment
    due.content_hash = content_hash
    session.flush()
    audit.record(
        session, actor, paper, "paper.signed",
        f"Sichtvermerk „{due.position_title}“ erteilt von {_actor_label(actor, capacity)} "
        f"für Version {paper.version} (sha256 {content_hash[:12]}…)",
    )
    if due_sign_off(paper) is None:
        paper.state = PaperState.RELEASED
        audit.record(session, actor, paper, "paper.released", f"Vorlage {paper.reference} freigegeben")
    return due


def return_paper(
    session: Session, actor: User, paper: Paper, *, comment: str, expected_hash: str | None = None
) -> SignOff:
    """Return the Vorlage to its author with a required comment (In Mitzeichnung → Entwurf)."""
    comment = comment.strip()
    if not comment:
        raise ValidationFailed(
            {"comment": "Bitte begründen Sie die Rückgabe, damit die Verfasserin oder der Verfasser sie "
                        "nachvollziehen kann."}
        )
    if len(comment) > MAX_COMMENT_LENGTH:
        raise ValidationFailed({"comment": f"Die Begründung darf höchstens {MAX_COMMENT_LENGTH} Zeichen lang sein."})
    due, capacity, content_hash = _turn(session, actor, paper, expected_hash)
    due.state = SignOffState.RETURNED
    due.signed_by_id = actor.id
    due.signed_at = utc_now()
    due.capacity = capacity
    due.comment = comment
    due.content_hash = content_hash
    _drop_open(paper)
    paper.state = PaperState.DRAFT
    paper.return_comment = comment
    session.flush()
    audit.record(
        session, actor, paper, "paper.returned",
        f"Vorlage {paper.reference} beim Sichtvermerk „{due.position_title}“ von {_actor_label(actor, capacity)} "
        f"zurückgegeben: {comment}",
    )
    return due


def recall(session: Session, actor: User | None, paper: Paper) -> None:
    """The department takes the Vorlage back out of the sign-off (In Mitzeichnung → Entwurf)."""
    if paper.state is not PaperState.IN_SIGN_OFF:
        raise InvalidTransition(f"Die Vorlage ist nicht in der Mitzeichnung, sondern „{paper.state.label}“.")
    _drop_open(paper)
    paper.state = PaperState.DRAFT
    session.flush()
    audit.record(
        session, actor, paper, "paper.sign_off_recalled", f"Mitzeichnung der Vorlage {paper.reference} zurückgeholt"
    )


def _drop_open(paper: Paper) -> None:
    """Open Sichtvermerke of a round that ended never happened; they are removed."""
    for sign_off in list(paper.sign_offs):
        if sign_off.state is SignOffState.OPEN:
            paper.sign_offs.remove(sign_off)


def waiting_clause(user: User) -> ColumnElement[bool]:
    """SQL filter: Vorlagen whose due Sichtvermerk ``user`` may sign (as holder or deputy)."""
    due = aliased(SignOff)
    earlier = aliased(SignOff)
    # Correlated to ``due`` (the enclosing query), not to Paper, so the minimum is taken per Vorlage.
    first_open = (
        select(func.min(earlier.order))
        .where(
            earlier.paper_id == due.paper_id,
            earlier.paper_version == due.paper_version,
            earlier.state == SignOffState.OPEN,
        )
        .correlate(due)
        .scalar_subquery()
    )
    return and_(
        Paper.state == PaperState.IN_SIGN_OFF,
        exists(
            select(due.id)
            .join(SignOffPositionHolder, SignOffPositionHolder.position_id == due.position_id)
            .where(
                due.paper_id == Paper.id,
                due.paper_version == Paper.version,
                due.state == SignOffState.OPEN,
                due.order == first_open,
                SignOffPositionHolder.user_id == user.id,
            )
        ),
    )


def waiting_papers(session: Session, user: User) -> list[Paper]:
    """The signer's inbox: Vorlagen waiting for their Sichtvermerk, oldest number first."""
    if not permissions.can(user, permissions.Permission.PAPER_SIGN):
        return []
    return list(
        session.scalars(
            select(Paper).where(waiting_clause(user)).order_by(Paper.reference_year, Paper.reference_number)
        )
    )


def waiting_count(session: Session, user: User | None) -> int:
    """How many Vorlagen wait for the user's Sichtvermerk (for the navigation)."""
    if user is None or not permissions.can(user, permissions.Permission.PAPER_SIGN):
        return 0
    return session.scalar(select(func.count(Paper.id)).where(waiting_clause(user))) or 0


def signed_recently(session: Session, user: User, limit: int = 20) -> list[SignOff]:
    """The user's latest Sichtvermerke and returns, newest first."""
    return list(
        session.scalars(
            select(SignOff)
            .where(SignOff.signed_by_id == user.id)
            .order_by(SignOff.signed_at.desc(), SignOff.id.desc())
            .limit(limit)
        )
    )
