"""Vote extensions of a public agenda item: the result, single members' votes, the result per Fraktion.

Only items the public sees with their result (public item, public meeting,
published minutes) carry them, exactly as the public Niederschrift prints them.
The model records no result per Fraktion, so it is derived from the recorded
single votes and each voter's Fraktion on the meeting day.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from ..models import AgendaItem, Meeting, MemberVote, Organization, OrganizationType, Person, VoteChoice
from ..services import visibility
from ..services.markup import to_plain
from .context import Context
from .extensions import PREFIX
from .formats import BERLIN, compact

NO_FACTION = "fraktionslos"


def faction_of(person: Person, meeting: Meeting) -> Organization | None:
    """The Fraktion the person sat for in the meeting's committee that day, else their Fraktion that day."""
    day = meeting.start_time.astimezone(BERLIN).date()
    committees = {o.id for o in meeting.organizations}
    seats = [m for m in person.memberships if not m.deleted and m.is_active_on(day)]
    for seat in seats:
        if seat.organization_id in committees and seat.on_behalf_of is not None:
            return seat.on_behalf_of
    for seat in seats:
        if seat.organization.organization_type is OrganizationType.FACTION:
            return seat.organization
    return None


def _faction_votes(ctx: Context, votes: list[MemberVote], meeting: Meeting) -> list[dict[str, Any]]:
    tallies: dict[int | None, Counter[VoteChoice]] = {}
    names: dict[int | None, Organization | None] = {}
    for vote in votes:
        faction = faction_of(vote.person, meeting)
        if faction is not None and (faction.deleted or not visibility.organization_is_public(faction)):
            faction = None
        key = faction.id if faction is not None else None
        names[key] = faction
        tallies.setdefault(key, Counter())[vote.vote] += 1
    rows = []
    for key, tally in tallies.items():
        faction = names[key]
        rows.append(compact({
            "organization": ctx.urls.of("Organization", faction.id) if faction is not None else None,
            "name": faction.name if faction is not None else NO_FACTION,
            "yes": tally[VoteChoice.YES],
            "no": tally[VoteChoice.NO],
            "abstain": tally[VoteChoice.ABSTAIN],
        }))
    return sorted(rows, key=lambda r: (r["name"] == NO_FACTION, r["name"]))


def vote_extensions(ctx: Context, item: AgendaItem, entry: visibility.PublicAgendaItem) -> dict[str, Any]:
    """The extension fields of a public item whose minutes are published; empty otherwise."""
    meeting = item.meeting
    if not entry.public or not ctx.minutes_published(meeting):
        return {}
    out: dict[str, Any] = {}
    if entry.minutes_text:
        out[f"{PREFIX}minutesText"] = to_plain(entry.minutes_text)
    if entry.vote_label:
        out[f"{PREFIX}voteResult"] = compact({
            "yes": item.votes_yes, "no": item.votes_no, "abstain": item.votes_abstain,
            "unanimous": item.unanimous, "text": entry.vote_label,
        })
    votes = [v for v in ctx.votes.get(item.id, []) if v.person_id in ctx.public_persons]
    if votes:
        out[f"{PREFIX}votes"] = [
            {"person": ctx.urls.of("Person", v.person_id), "name": v.person.name, "vote": v.vote.value}
            for v in sorted(votes, key=lambda v: (v.person.sort_name, v.person_id))
        ]
        out[f"{PREFIX}factionVotes"] = _faction_votes(ctx, votes, meeting)
    return out

