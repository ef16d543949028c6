"""Content versions of a Vorlage: canonical content, its sha256, frozen snapshots, new versions.

What a Sichtvermerk covers is the *content* of a Vorlage: Betreff, Art,
Status, Federführend, Beteiligt, the three texts, the Beratungsfolge (committee,
role, authoritative; not the later meeting or result) and the attachments
(name, sha256, public flag). :func:`content_of` renders it as plain JSON,
:func:`content_hash` hashes its canonical serialization.

A version is *frozen* once a snapshot (:class:`PaperVersion`) of it exists,
which happens when the sign-off starts. Changing frozen content raises the
version number and voids the signatures of older versions (:func:`changing`).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Paper, PaperState, PaperVersion, SignOff, SignOffState, User
from . import audit
from .errors import InvalidTransition

#: Keys of the content that are shown but not hashed (names may be renamed by an administrator).
LABEL_KEY = "labels"
EDITABLE_STATES = (PaperState.DRAFT, PaperState.RELEASED)


def content_of(paper: Paper) -> dict[str, Any]:
    """The Vorlage's current content as JSON-serializable data (ids hashed, names kept as labels)."""
    consultations = sorted(paper.consultations, key=lambda c: c.position)
    files = sorted(paper.files, key=lambda f: f.id)
    organizations = {paper.originator, *paper.participants, *(c.organization for c in consultations)}
    return {
        "name": paper.name,
        "paper_type": paper.paper_type.value,
        "public": paper.public,
        "originator_id": paper.originator_id,
        "participant_ids": sorted(o.id for o in paper.participants),
        "resolution_proposal": paper.resolution_proposal,
        "reasoning": paper.reasoning,
        "financial_impact": paper.financial_impact,
        "consultations": [
            {"organization_id": c.organization_id, "role": c.role.value, "authoritative": c.authoritative}
            for c in consultations
        ],
        "files": [{"name": f.name, "file_name": f.file_name, "sha256": f.sha256, "public": f.public} for f in files],
        LABEL_KEY: {"organizations": {str(o.id): o.name for o in organizations if o is not None}},
    } | _originators_of(paper)


def _originators_of(paper: Paper) -> dict[str, Any]:
    """Further lead departments and originators, only when set: the hashes of Vorlagen without them
    stay what they were before these fields existed."""
    extra: dict[str, Any] = {}
    if paper.further_leads:
        extra["further_lead_ids"] = sorted(o.id for o in paper.further_leads)
    if paper.originator_organizations:
        extra["originator_organization_ids"] = sorted(o.id for o in paper.originator_organizations)
    if paper.originator_persons:
        extra["originator_person_ids"] = sorted(p.id for p in paper.originator_persons)
    return extra


def canonical_json(content: dict[str, Any]) -> bytes:
    """The hashed serialization: sorted keys, no whitespace, UTF-8, labels left out."""
    hashed = {key: value for key, value in content.items() if key != LABEL_KEY}
    return json.dumps(hashed, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def content_hash(content: dict[str, Any]) -> str:
    """sha256 (hex) of the canonical content."""
    return hashlib.sha256(canonical_json(content)).hexdigest()


def current_hash(paper: Paper) -> str:
    """sha256 of the Vorlage's content as it is now."""
    return content_hash(content_of(paper))


def snapshot_of(session: Session, paper: Paper, version: int | None = None) -> PaperVersion | None:
    """The frozen snapshot of ``version`` (default: the current one), if any."""
    return session.scalar(
        select(PaperVersion).where(
            PaperVersion.paper_id == paper.id, PaperVersion.version == (version or paper.version)
        )
    )


def is_frozen(session: Session, paper: Paper) -> bool:
    """Whether the current version was frozen by a sign-off (changes need a new version)."""
    return snapshot_of(session, paper) is not None


def freeze(session: Session, actor: User | None, paper: Paper) -> PaperVersion:
    """Store the snapshot of the current version (when the sign-off starts)."""
    content = content_of(paper)
    version = PaperVersion(
        paper_id=paper.id,
        version=paper.version,
        content=content,
        content_hash=content_hash(content),
        created_by_id=actor.id if actor else None,
    )
    session.add(version)
    session.flush()
    session.expire(paper, ["versions"])
    return version


def new_version(session: Session, actor: User | None, paper: Paper, reason: str) -> None:
    """Start version n+1: signatures of older versions become void; a released Vorlage returns to draft."""
    old = paper.version
    paper.version = old + 1
    voided = 0
    for sign_off in paper.sign_offs:
        if sign_off.paper_version <= old and sign_off.state in (SignOffState.SIGNED, SignOffState.OPEN):
            sign_off.state = SignOffState.VOID
            voided += 1
    was_released = paper.state is PaperState.RELEASED
    if was_released:
        paper.state = PaperState.DRAFT
    summary = f"Version {paper.version} begonnen ({reason})"
    if voided:
        summary += f"; {voided} Sichtvermerk(e) der Version {old} ungültig"
    if was_released:
        summary += "; Freigabe aufgehoben, erneute Mitzeichnung nötig"
    audit.record(session, actor, paper, "paper.new_version", summary)


def ensure_editable(paper: Paper) -> None:
    """Raise :class:`InvalidTransition` unless the Vorlage's state allows content changes."""
    if paper.state is PaperState.IN_SIGN_OFF:
        raise InvalidTransition(
            "Die Vorlage ist in der Mitzeichnung; ihr Inhalt ist eingefroren. "
            "Holen Sie die Mitzeichnung zurück, um sie zu ändern."
        )
    if paper.state not in EDITABLE_STATES:
        raise InvalidTransition(f"Eine Vorlage im Zustand „{paper.state.label}“ kann nicht mehr geändert werden.")


@dataclass
class Change:
    """Outcome of a :func:`changing` block."""

    changed: bool = False
    new_version: bool = False


@contextmanager
def changing(session: Session, actor: User | None, paper: Paper, reason: str = "Änderung") -> Iterator[Change]:
    """Wrap a content change: checks the state before, starts a new version after if frozen content changed.

    Changes that leave the hashed content alone (e.g. the planned meeting of a
    consultation) never create a version.
    """
    ensure_editable(paper)
    before = current_hash(paper)
    outcome = Change()
    yield outcome
    session.flush()
    session.expire(paper, ["consultations", "files", "participants", "further_leads", "originator_organizations",
                           "originator_persons"])
    if current_hash(paper) == before:
        return
    outcome.changed = True
    if is_frozen(session, paper):
        new_version(session, actor, paper, reason)
        outcome.new_version = True


def versions_for_display(session: Session, paper: Paper) -> list[PaperVersion]:
    """The frozen snapshots, oldest first."""
    return list(
        session.scalars(select(PaperVersion).where(PaperVersion.paper_id == paper.id).order_by(PaperVersion.version))
    )


def sign_offs_of_version(paper: Paper, version: int) -> list[SignOff]:
    """The Sichtvermerke of one version in chain order."""
    return sorted((s for s in paper.sign_offs if s.paper_version == version), key=lambda s: s.order)
