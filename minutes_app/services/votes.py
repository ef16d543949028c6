"""Abstimmungen: the vote on an agenda item, checked against the members present at that item.

A vote is counted (Ja / Nein / Enthaltung), "einstimmig" (possibly "bei n
Enthaltungen") or "mehrheitlich" without counting. The counts
may not exceed the voting members present at the item (deputies sitting in
count, members who left before it or arrived after it do not). The result must
fit the counts: "beschlossen" needs more Ja than Nein, "abgelehnt" does not.
Single members may have their vote recorded; a recorded vote must come from a
voting member present at the item and fit the counts.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AgendaItem, AgendaItemResult, MemberVote, Person, VoteChoice

#: Results that are resolutions and therefore need a vote in the minutes.
RESOLUTION_RESULTS = (AgendaItemResult.ADOPTED, AgendaItemResult.ADOPTED_AMENDED, AgendaItemResult.REJECTED)
ADOPTING_RESULTS = (AgendaItemResult.ADOPTED, AgendaItemResult.ADOPTED_AMENDED)


@dataclass(frozen=True)
class Vote:
    """The vote as entered: counts (blank = not entered) or unanimous, and single recorded votes."""

    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    unanimous: bool = False
    #: person id → vote, for members who asked to have their vote recorded.
    members: dict[int, VoteChoice] = field(default_factory=dict)
    #: "mehrheitlich" without counting.
    majority: bool = False

    @property
    def counted(self) -> bool:
        """Whether a count was entered ("einstimmig bei 1 Enthaltung" counts only its abstentions)."""
        if self.unanimous:
            return any(v is not None for v in (self.yes, self.no))
        return any(v is not None for v in (self.yes, self.no, self.abstain))

    @property
    def given(self) -> bool:
        """Whether the vote is recorded at all."""
        return self.unanimous or self.majority or self.counted

    def normalized(self) -> Vote:
        """Blank Nein/Enthaltung count as 0 once Ja-Stimmen are counted; no abstention is blank (as stored)."""
        if self.unanimous and not self.counted:
            return Vote(None, None, self.abstain or None, True, dict(self.members), self.majority)
        if not self.counted or self.yes is None:
            return self
        return Vote(self.yes, self.no or 0, self.abstain or 0, self.unanimous, dict(self.members), self.majority)

    @classmethod
    def of(cls, item: AgendaItem, members: dict[int, VoteChoice] | None = None) -> Vote:
        """The vote currently stored on ``item``."""
        return cls(
            item.votes_yes, item.votes_no, item.votes_abstain, item.unanimous, members or {}, item.majority
        )


def _check_counts(
    result: AgendaItemResult | None, vote: Vote, voters: list[Person], number: str, parts: bool = False
) -> dict[str, str]:
    errors: dict[str, str] = {}
    for key, value in (("votes_yes", vote.yes), ("votes_no", vote.no), ("votes_abstain", vote.abstain)):
        if value is not None and value < 0:
            errors[key] = "Stimmenzahlen dürfen nicht negativ sein."
    if errors:
        return errors
    if vote.unanimous and vote.majority:
        return {"majority": "Bitte entweder „einstimmig“ oder „mehrheitlich“ ankreuzen, nicht beides."}
    if vote.unanimous and vote.counted:
        return {"unanimous": "Bitte entweder „einstimmig“ ankreuzen oder die Stimmen zählen, nicht beides."}
    if vote.unanimous and not voters:
        return {
            "unanimous": f"Bei {number} ist kein stimmberechtigtes Mitglied anwesend; "
            "„einstimmig“ ist nicht möglich."
        }
    if vote.unanimous and vote.abstain is not None and vote.abstain >= len(voters):
        # "einstimmig bei n Enthaltungen" needs at least one Ja-Stimme among those present.
        return {
            "votes_abstain": f"Bei {number} waren {len(voters)} stimmberechtigte Mitglieder anwesend; "
            f"„einstimmig bei {vote.abstain} Enthaltungen“ ist so nicht möglich."
        }
    if vote.majority and not vote.counted and result not in RESOLUTION_RESULTS:
        return {"majority": "„mehrheitlich“ passt nur zu „beschlossen“, „geändert beschlossen“ oder „abgelehnt“."}
    if vote.counted:
        yes, no, abstain = vote.yes or 0, vote.no or 0, vote.abstain or 0
        total = yes + no + abstain
        if vote.yes is None:
            errors["votes_yes"] = "Bitte geben Sie die Ja-Stimmen an (auch 0)."
        elif total > len(voters):
            errors["votes_yes"] = (
                f"Es wurden {total} Stimmen gezählt, bei {number} waren aber nur {len(voters)} "
                "stimmberechtigte Mitglieder anwesend."
            )
        elif total == 0:
            errors["votes_yes"] = "Es wurde keine Stimme gezählt; bitte prüfen Sie die Zahlen."
        elif result in ADOPTING_RESULTS and yes <= no:
            errors["result"] = (
                f"Bei {yes} Ja- und {no} Nein-Stimmen ist der Antrag nicht angenommen "
                f"(„{result.label}“ passt nicht)."
            )
        elif result is AgendaItemResult.REJECTED and yes > no:
            errors["result"] = f"Bei {yes} Ja- und {no} Nein-Stimmen ist der Antrag angenommen, nicht abgelehnt."
    if result in RESOLUTION_RESULTS and not vote.given and not parts and "votes_yes" not in errors:
        errors["votes_yes"] = (
            f"Für das Ergebnis „{result.label}“ bitte das Abstimmungsergebnis angeben (Stimmen, einstimmig "
            "oder mehrheitlich) oder zuerst die Teilabstimmungen erfassen."
        )
    return errors


def _check_members(result: AgendaItemResult | None, vote: Vote, voters: list[Person], number: str) -> dict[str, str]:
    if not vote.members:
        return {}
    voter_ids = {p.id for p in voters}
    strangers = [pid for pid in vote.members if pid not in voter_ids]
    if strangers:
        return {
            "member_votes": "Einzelstimmen können nur stimmberechtigte Mitglieder abgeben, "
            f"die bei {number} anwesend sind."
        }
    if not vote.given:
        return {"member_votes": "Bitte geben Sie zu den Einzelstimmen auch das Gesamtergebnis an."}
    tally = Counter(vote.members.values())
    if vote.unanimous:
        expected = VoteChoice.NO if result is AgendaItemResult.REJECTED else VoteChoice.YES
        allowed = {expected, VoteChoice.ABSTAIN} if vote.abstain else {expected}
        if set(tally) - allowed:
            return {"member_votes": f"Bei einstimmigem Ergebnis lauten alle Einzelstimmen „{expected.label}“."}
        if tally.get(VoteChoice.ABSTAIN, 0) > (vote.abstain or 0):
            return {"member_votes": "Es sind mehr Einzelstimmen „Enthaltung“ festgehalten als Enthaltungen gezählt."}
        return {}
    if not vote.counted:  # "mehrheitlich" without counts: nothing to compare
        return {}
    counts = {VoteChoice.YES: vote.yes or 0, VoteChoice.NO: vote.no or 0, VoteChoice.ABSTAIN: vote.abstain or 0}
    for choice, recorded in tally.items():
        if recorded > counts[choice]:
            return {
                "member_votes": f"{recorded} Einzelstimmen „{choice.label}“ sind mehr "
                f"als die gezählten {counts[choice]}."
            }
    return {}


def check_vote(
    result: AgendaItemResult | None, vote: Vote, voters: list[Person], number: str, *, parts: bool = False
) -> dict[str, str]:
    """German messages (by form field) for what is wrong with the vote on item ``number``; empty if fine.

    ``parts``: the item was voted on in parts (Teilabstimmungen), which carry the votes,
    so a resolution result needs no overall vote.
    """
    return _check_counts(result, vote, voters, number, parts) or _check_members(result, vote, voters, number)


def member_votes_of(session: Session, item: AgendaItem) -> dict[int, VoteChoice]:
    """The recorded single votes of an item, by person id."""
    rows = session.scalars(select(MemberVote).where(MemberVote.agenda_item_id == item.id))
    return {row.person_id: row.vote for row in rows}


def store_vote(session: Session, item: AgendaItem, vote: Vote) -> None:
    """Write the (already checked) vote onto the item and replace its recorded single votes."""
    item.unanimous = vote.unanimous
    item.majority = vote.majority and not vote.unanimous
    if vote.counted:
        item.votes_yes, item.votes_no, item.votes_abstain = vote.yes or 0, vote.no or 0, vote.abstain or 0
    elif vote.unanimous:
        item.votes_yes = item.votes_no = None
        item.votes_abstain = vote.abstain or None
    else:
        item.votes_yes = item.votes_no = item.votes_abstain = None
    current = {
        row.person_id: row for row in session.scalars(select(MemberVote).where(MemberVote.agenda_item_id == item.id))
    }
    for person_id, row in current.items():
        if person_id not in vote.members:
            session.delete(row)
        else:
            row.vote = vote.members[person_id]
    for person_id, choice in vote.members.items():
        if person_id not in current:
            session.add(MemberVote(agenda_item_id=item.id, person_id=person_id, vote=choice))
    session.flush()
