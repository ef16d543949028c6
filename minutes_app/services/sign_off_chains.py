"""Configuration of the Sichtvermerk chains (administration).

A chain is an ordered list of positions (e.g. Geschäftsbereichsleitung →
Dezernat → Landrat); each position is held by one or more users with the
signer role, some of them as deputies. Rules say which chain applies to a
department (Federführend) and paper type; the most specific rule wins, and a
department without a rule of its own inherits its parent's (its Dezernat).
Positions and holders that a running sign-off waits for cannot be removed, so
no Vorlage is left without anyone who may sign it.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..bodies.scope import works_for
from ..models import (
    Body,
    Organization,
    OrganizationType,
    Paper,
    PaperState,
    PaperType,
    Role,
    SignOff,
    SignOffChain,
    SignOffChainRule,
    SignOffPosition,
    SignOffPositionHolder,
    SignOffState,
    User,
)
from . import audit
from .consultations import renumber
from .errors import InvalidTransition, ValidationFailed

MAX_NAME_LENGTH = 200


def _clean_name(name: str, field: str, what: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed({field: f"Bitte geben Sie {what} an."})
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationFailed({field: f"Höchstens {MAX_NAME_LENGTH} Zeichen."})
    return name


def _running_sign_offs(session: Session, positions: list[SignOffPosition]) -> list[SignOff]:
    """Open Sichtvermerke of Vorlagen in sign-off that wait on one of ``positions``."""
    if not positions:
        return []
    return list(
        session.scalars(
            select(SignOff)
            .join(Paper, SignOff.paper_id == Paper.id)
            .where(
                SignOff.position_id.in_([p.id for p in positions]),
                SignOff.state == SignOffState.OPEN,
                Paper.state == PaperState.IN_SIGN_OFF,
            )
        )
    )


def _refuse_if_running(session: Session, positions: list[SignOffPosition], what: str) -> None:
    running = _running_sign_offs(session, positions)
    if running:
        references = ", ".join(sorted({s.paper.reference for s in running}))
        raise InvalidTransition(f"{what} wird in einer laufenden Mitzeichnung gebraucht (Vorlage {references}).")


def create_chain(session: Session, actor: User | None, *, body: Body, name: str) -> SignOffChain:
    """Create an empty chain."""
    chain = SignOffChain(body_id=body.id, name=_clean_name(name, "name", "einen Namen"))
    session.add(chain)
    session.flush()
    audit.record(session, actor, chain, "sign_off_chain.created", f"Zeichnungsweg „{chain.name}“ angelegt")
    return chain


def rename_chain(session: Session, actor: User | None, chain: SignOffChain, name: str) -> None:
    """Rename a chain."""
    chain.name = _clean_name(name, "name", "einen Namen")
    audit.record(session, actor, chain, "sign_off_chain.renamed", f"Zeichnungsweg in „{chain.name}“ umbenannt")


def delete_chain(session: Session, actor: User | None, chain: SignOffChain) -> None:
    """Delete a chain with its positions and rules, unless a running sign-off uses it."""
    _refuse_if_running(session, list(chain.positions), f"Der Zeichnungsweg „{chain.name}“")
    audit.record(session, actor, chain, "sign_off_chain.deleted", f"Zeichnungsweg „{chain.name}“ gelöscht")
    session.delete(chain)
    session.flush()


def add_position(session: Session, actor: User | None, chain: SignOffChain, title: str) -> SignOffPosition:
    """Append a position at the end of the chain."""
    position = SignOffPosition(
        chain=chain,
        title=_clean_name(title, "title", "eine Bezeichnung"),
        order=max((p.order for p in chain.positions), default=0) + 1,
    )
    session.add(position)
    session.flush()
    audit.record(session, actor, chain, "sign_off_chain.position_added", f"Position „{position.title}“ ergänzt")
    return position


def rename_position(session: Session, actor: User | None, position: SignOffPosition, title: str) -> None:
    """Change a position's title (running sign-offs keep the title they started with)."""
    position.title = _clean_name(title, "title", "eine Bezeichnung")
    audit.record(
        session, actor, position.chain, "sign_off_chain.position_renamed", f"Position in „{position.title}“ umbenannt"
    )


def move_position(session: Session, actor: User | None, position: SignOffPosition, offset: int) -> None:
    """Move a position one step up (-1) or down (+1); running sign-offs keep their order."""
    chain = position.chain
    ordered = sorted(chain.positions, key=lambda p: p.order)
    index = ordered.index(position)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    renumber(session, ordered, "order")
    session.expire(chain, ["positions"])
    audit.record(
        session, actor, chain, "sign_off_chain.position_moved",
        f"Position „{position.title}“ an Stelle {position.order}",
    )


def remove_position(session: Session, actor: User | None, position: SignOffPosition) -> None:
    """Remove a position unless a running sign-off waits on it."""
    _refuse_if_running(session, [position], f"Die Position „{position.title}“")
    chain = position.chain
    chain.positions.remove(position)
    session.flush()
    renumber(session, sorted(chain.positions, key=lambda p: p.order), "order")
    audit.record(session, actor, chain, "sign_off_chain.position_removed", f"Position „{position.title}“ entfernt")


def add_holder(
    session: Session, actor: User | None, position: SignOffPosition, user: User | None, *, is_deputy: bool
) -> SignOffPositionHolder:
    """Let ``user`` sign at ``position``, in their own right or as deputy."""
    if user is None or not user.active or not user.has_role(Role.SIGNER):
        raise ValidationFailed({"user": "Bitte wählen Sie ein aktives Benutzerkonto mit der Rolle „Sichtvermerk“."})
    if any(h.user_id == user.id for h in position.holders):
        raise ValidationFailed({"user": f"{user.display_name} ist für diese Position bereits eingetragen."})
    holder = SignOffPositionHolder(position=position, user=user, is_deputy=is_deputy)
    session.add(holder)
    session.flush()
    capacity = "als Vertretung" if is_deputy else "als Inhaber/in"
    audit.record(
        session, actor, position.chain, "sign_off_chain.holder_added",
        f"{user.display_name} {capacity} für „{position.title}“ eingetragen",
    )
    return holder


def remove_holder(session: Session, actor: User | None, position: SignOffPosition, user_id: int) -> None:
    """Take a user off a position; the last holder of a position a sign-off waits on stays."""
    holder = next((h for h in position.holders if h.user_id == user_id), None)
    if holder is None:
        return
    if len(position.holders) == 1:
        _refuse_if_running(
            session, [position], f"Die letzte zeichnungsberechtigte Person der Position „{position.title}“"
        )
    name = holder.user.display_name
    position.holders.remove(holder)
    session.flush()
    audit.record(
        session, actor, position.chain, "sign_off_chain.holder_removed", f"{name} für „{position.title}“ ausgetragen"
    )


def add_rule(
    session: Session,
    actor: User | None,
    chain: SignOffChain,
    *,
    department: Organization | None,
    paper_type: PaperType | None,
) -> SignOffChainRule:
    """Apply ``chain`` to a department and paper type (None: any)."""
    if department is not None and department.organization_type is not OrganizationType.DEPARTMENT:
        raise ValidationFailed({"department": "Bitte wählen Sie einen Fachbereich oder ein Dezernat."})
    existing = session.scalar(
        select(SignOffChainRule).where(
            SignOffChainRule.department_id.is_(None)
            if department is None
            else SignOffChainRule.department_id == department.id,
            SignOffChainRule.paper_type.is_(None) if paper_type is None else SignOffChainRule.paper_type == paper_type,
        )
    )
    if existing is not None:
        raise ValidationFailed(
            {"department": f"Für diese Kombination gilt bereits der Zeichnungsweg „{existing.chain.name}“."}
        )
    rule = SignOffChainRule(chain=chain, department=department, paper_type=paper_type)
    session.add(rule)
    session.flush()
    audit.record(session, actor, chain, "sign_off_chain.rule_added", f"Regel ergänzt: {rule_label(rule)}")
    return rule


def remove_rule(session: Session, actor: User | None, rule: SignOffChainRule) -> None:
    """Delete a rule (running sign-offs are not affected)."""
    chain = rule.chain
    label = rule_label(rule)
    chain.rules.remove(rule)
    session.flush()
    audit.record(session, actor, chain, "sign_off_chain.rule_removed", f"Regel entfernt: {label}")


def rule_label(rule: SignOffChainRule) -> str:
    """E.g. "Fachbereich Soziales × Beschlussvorlage" or "alle Fachbereiche × alle Arten"."""
    department = rule.department.name if rule.department else "alle Fachbereiche"
    paper_type = rule.paper_type.label if rule.paper_type else "alle Arten"
    return f"{department} × {paper_type}"


def find_chain(session: Session, paper: Paper) -> SignOffChain | None:
    """The chain for the Vorlage: department and type, then department, then its Dezernat, then the defaults."""
    rules = list(session.scalars(select(SignOffChainRule)))
    department: Organization | None = paper.originator
    seen: set[int] = set()
    candidates: list[Organization | None] = []
    while department is not None and department.id not in seen:
        seen.add(department.id)
        candidates.append(department)
        department = department.parent
    candidates.append(None)
    for candidate in candidates:
        candidate_id = candidate.id if candidate else None
        for paper_type in (paper.paper_type, None):
            for rule in rules:
                matches = rule.department_id == candidate_id and rule.paper_type == paper_type
                if matches and rule.chain.body_id == paper.body_id:
                    return rule.chain
    return None


def chains_of(session: Session, body: Body) -> list[SignOffChain]:
    """The body's chains by name."""
    return list(
        session.scalars(select(SignOffChain).where(SignOffChain.body_id == body.id).order_by(SignOffChain.name))
    )


def eligible_signers(session: Session, body_id: int | None = None) -> list[User]:
    """Active users with the signer role (who work for body ``body_id``), for the holder picker."""
    users = session.scalars(select(User).where(User.active.is_(True)).order_by(User.display_name))
    return [u for u in users if u.has_role(Role.SIGNER) and (body_id is None or works_for(u, body_id))]
