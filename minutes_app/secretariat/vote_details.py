"""Votes beyond one overall count: per Fraktion (a table with totals) and separate votes on parts of an item.

How the two ways of recording relate (decided as a Sitzungsdienst expects):

* When single members' votes are recorded (namentliche Abstimmung), the table per
  Fraktion is derived from them (each member counts for the Fraktion of their
  membership, members without one as "fraktionslos") and shown once they cover
  every counted vote. A table entered by hand must then agree with them.
* Otherwise the table is entered directly; its column totals must equal the
  item's counted Ja / Nein / Enthaltungen, so a vote per Fraktion needs counts
  (not just "einstimmig" or "mehrheitlich").
* Separate votes on parts of one item (Teilabstimmungen, "Nr. 1+2", "Nr. 3") carry
  their own result and vote, checked like an item's vote against the members
  present. An item voted on in parts needs no overall vote of its own.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    AgendaItem,
    AgendaItemResult,
    FactionVote,
    MemberVote,
    Organization,
    OrganizationType,
    User,
    VoteChoice,
    VotePart,
)
from ..services import attendance, audit, quorum, votes
from ..services.errors import ValidationFailed
from ..services.minutes_common import minutes_of, require_draft, void_signatures

NO_FACTION = "fraktionslos"
MAX_PART_LABEL = 100
MAX_WORDING = 200


@dataclass(frozen=True)
class FactionRow:
    """One line of the table: a Fraktion and its Ja / Nein / Enthaltungen."""

    name: str
    yes: int
    no: int
    abstain: int


@dataclass(frozen=True)
class FactionTable:
    """The table Fraktion × Ja/Nein/Enthaltung with its totals; ``derived`` when built from single votes."""

    rows: list[FactionRow]
    derived: bool

    @property
    def totals(self) -> tuple[int, int, int]:
        """Column sums (Ja, Nein, Enthaltungen)."""
        return (sum(r.yes for r in self.rows), sum(r.no for r in self.rows), sum(r.abstain for r in self.rows))


@dataclass(frozen=True)
class PartOutcome:
    """A separate vote on a part of the item, as the minutes print it."""

    label: str
    result_label: str
    vote_label: str

    @property
    def text(self) -> str:
        """E.g. "Nr. 1+2: beschlossen (einstimmig)"."""
        outcome = f"{self.result_label} ({self.vote_label})" if self.vote_label else self.result_label
        return f"{self.label}: {outcome}"


@dataclass(frozen=True)
class VoteDetails:
    """Everything beyond the overall vote that the minutes show for one item."""

    parts: list[PartOutcome] = field(default_factory=list)
    factions: FactionTable | None = None


@dataclass(frozen=True)
class PartInput:
    """A Teilabstimmung as entered."""

    label: str
    result: AgendaItemResult | None
    vote: votes.Vote
    result_wording: str = ""


def faction_choices(session: Session) -> list[Organization]:
    """The Fraktionen a table may name."""
    return list(
        session.scalars(
            select(Organization)
            .where(Organization.organization_type == OrganizationType.FACTION)
            .order_by(Organization.name)
        )
    )


def _faction_of(item: AgendaItem) -> dict[int, str]:
    """Person id → name of the Fraktion they sit for at this meeting."""
    found = {}
    for membership in attendance.active_memberships(item.meeting):
        if membership.on_behalf_of is not None:
            org = membership.on_behalf_of
            found.setdefault(membership.person_id, org.short_name or org.name)
    return found


def derived_table(session: Session, item: AgendaItem) -> FactionTable | None:
    """The table built from recorded single votes (None without any)."""
    rows = session.scalars(select(MemberVote).where(MemberVote.agenda_item_id == item.id)).all()
    if not rows:
        return None
    factions = _faction_of(item)
    tally: dict[str, Counter[VoteChoice]] = {}
    for row in rows:
        tally.setdefault(factions.get(row.person_id, NO_FACTION), Counter())[row.vote] += 1
    lines = [
        FactionRow(name, c[VoteChoice.YES], c[VoteChoice.NO], c[VoteChoice.ABSTAIN])
        for name, c in sorted(tally.items(), key=lambda kv: (kv[0] == NO_FACTION, kv[0]))
    ]
    return FactionTable(lines, derived=True)


def _label(org: Organization) -> str:
    return org.short_name or org.name


def details_of(session: Session, item: AgendaItem) -> VoteDetails:
    """The parts and the table per Fraktion of one item, ready to print."""
    parts = [PartOutcome(p.label, p.result_label, p.vote_label) for p in item.vote_parts]
    table: FactionTable | None = None
    derived = derived_table(session, item)
    counts = (item.votes_yes, item.votes_no, item.votes_abstain)
    if derived is not None and None not in counts and derived.totals == counts:
        table = derived  # the single votes cover the whole vote
    elif item.faction_votes:
        rows = sorted(item.faction_votes, key=lambda f: _label(f.organization))
        table = FactionTable([FactionRow(_label(f.organization), f.yes, f.no, f.abstain) for f in rows], False)
    return VoteDetails(parts, table)


def _check_table(
    session: Session, item: AgendaItem, table: dict[int, tuple[int, int, int]]
) -> tuple[dict[int, tuple[int, int, int]], dict[str, str]]:
    rows = {org_id: counts for org_id, counts in table.items() if any(counts)}
    if not rows:
        return rows, {}
    allowed = {o.id: o for o in faction_choices(session)}
    if set(rows) - set(allowed):
        return rows, {"factions": "Abstimmungen nach Fraktionen können nur für Fraktionen erfasst werden."}
    if any(v < 0 for counts in rows.values() for v in counts):
        return rows, {"factions": "Stimmenzahlen dürfen nicht negativ sein."}
    if item.votes_yes is None:
        return rows, {
            "factions": "Für eine Abstimmung nach Fraktionen bitte zuerst beim Tagesordnungspunkt die Stimmen "
            "zählen (Ja, Nein, Enthaltungen)."
        }
    totals = tuple(sum(c[i] for c in rows.values()) for i in range(3))
    expected = (item.votes_yes, item.votes_no or 0, item.votes_abstain or 0)
    if totals != expected:
        return rows, {
            "factions": f"Die Summen nach Fraktionen ({totals[0]} Ja, {totals[1]} Nein, {totals[2]} Enthaltungen) "
            f"stimmen nicht mit dem Gesamtergebnis ({expected[0]} Ja, {expected[1]} Nein, "
            f"{expected[2]} Enthaltungen) überein."
        }
    derived = derived_table(session, item)
    if derived is not None:
        entered = {_label(allowed[o]): c for o, c in rows.items()}
        for line in derived.rows:
            if line.name != NO_FACTION and entered.get(line.name, (0, 0, 0)) < (line.yes, line.no, line.abstain):
                return rows, {
                    "factions": f"Die Einzelstimmen der Fraktion {line.name} ({line.yes} Ja, {line.no} Nein, "
                    f"{line.abstain} Enthaltungen) passen nicht zur Tabelle nach Fraktionen."
                }
    return rows, {}


def _check_parts(session: Session, item: AgendaItem, parts: list[PartInput]) -> dict[str, str]:
    voters = quorum.voters_at(attendance.attendance_list(session, item.meeting), item)
    seen: set[str] = set()
    for index, part in enumerate(parts, 1):
        key = f"part-{index}"
        if not part.label:
            return {key: f"Teilabstimmung {index}: Bitte geben Sie an, worüber abgestimmt wurde (z. B. „Nr. 1+2“)."}
        if len(part.label) > MAX_PART_LABEL or len(part.result_wording) > MAX_WORDING:
            return {key: f"Teilabstimmung {index}: Die Angabe ist zu lang."}
        if part.label in seen:
            return {key: f"Teilabstimmung „{part.label}“ ist doppelt erfasst."}
        seen.add(part.label)
        if part.result is None:
            return {key: f"Teilabstimmung „{part.label}“: Bitte geben Sie das Ergebnis an."}
        errors = votes.check_vote(part.result, part.vote, voters, f"{item.number} ({part.label})")
        if errors:
            return {key: f"Teilabstimmung „{part.label}“: {next(iter(errors.values()))}"}
    return {}


def save_vote_details(
    session: Session, actor: User | None, item: AgendaItem,
    factions: dict[int, tuple[int, int, int]], parts: list[PartInput],
) -> None:
    """Replace the item's table per Fraktion and its Teilabstimmungen after checking both."""
    minutes = minutes_of(item.meeting)
    require_draft(minutes)
    parts = [PartInput(" ".join(p.label.split()), p.result, p.vote.normalized(), " ".join(p.result_wording.split()))
             for p in parts if p.label.strip() or p.result is not None or p.vote.given]
    rows, errors = _check_table(session, item, factions)
    errors.update(_check_parts(session, item, parts))
    if errors:
        raise ValidationFailed(errors)
    item.faction_votes.clear()
    item.vote_parts.clear()
    session.flush()
    for org_id, (yes, no, abstain) in sorted(rows.items()):
        item.faction_votes.append(FactionVote(organization_id=org_id, yes=yes, no=no, abstain=abstain))
    for position, part in enumerate(parts, 1):
        v = part.vote
        item.vote_parts.append(VotePart(
            position=position, label=part.label, result=part.result, result_wording=part.result_wording,
            votes_yes=v.yes if v.counted else None, votes_no=v.no if v.counted else None,
            votes_abstain=v.abstain if (v.counted or v.unanimous) else None,
            unanimous=v.unanimous, majority=v.majority and not v.unanimous,
        ))
    session.flush()
    void_signatures(session, actor, minutes)
    summary = f"{item.number}: Abstimmung gespeichert – {len(rows)} Fraktionen, {len(parts)} Teilabstimmungen"
    audit.record(session, actor, item, "minutes.votes_saved", summary)
