"""Results without counts and with the minutes' own wording, as real minutes record them."""
from __future__ import annotations

import pytest

from minutes_app.models import AgendaItemResult
from minutes_app.services import minutes as minutes_service
from minutes_app.services.errors import ValidationFailed
from minutes_app.services.votes import Vote

from ..minutes_fixtures import build_scene, start


def _save(session, scene, item, result, vote, wording=""):
    return minutes_service.save_item(
        session, scene.secretary, item,
        minutes_service.ItemInput(item.version, "", "Beschlusstext.", result, vote, wording),
    )


@pytest.mark.parametrize(
    ("result", "vote", "wording", "shown"),
    [
        (AgendaItemResult.ADOPTED, Vote(majority=True), "", ("beschlossen", "mehrheitlich")),
        (AgendaItemResult.REJECTED, Vote(majority=True), "", ("abgelehnt", "mehrheitlich")),
        (AgendaItemResult.ADOPTED, Vote(unanimous=True, abstain=1), "", ("beschlossen", "einstimmig bei 1 Enthaltung")),
        (AgendaItemResult.ADOPTED, Vote(unanimous=True), "Empfehlung an den Rat", ("Empfehlung an den Rat", "einstimmig")),
        (AgendaItemResult.NOTED, Vote(), "mit Stellungnahme einverstanden", ("mit Stellungnahme einverstanden", "")),
        (AgendaItemResult.ADOPTED, Vote(3, 1, 1), "Mehrheitliche Zustimmung",
         ("Mehrheitliche Zustimmung", "3 Ja, 1 Nein, 1 Enthaltung")),
    ],
)
def test_results_are_recorded_as_worded(session, factory, result, vote, wording, shown):
    scene = build_scene(factory)
    start(session, scene)
    assert _save(session, scene, scene.paper_item, result, vote, wording).saved
    assert (scene.paper_item.result_label, scene.paper_item.vote_label) == shown
    note = scene.consultation.result_note
    assert all(part in note for part in shown[1:] if part) and (not wording or wording in note)


@pytest.mark.parametrize(
    ("vote", "field", "message"),
    [
        (Vote(unanimous=True, majority=True), "majority", "nicht beides"),
        (Vote(unanimous=True, abstain=5), "votes_abstain", "einstimmig bei 5 Enthaltungen"),
        (Vote(3, 1, 0, unanimous=True), "unanimous", "nicht beides"),
    ],
)
def test_contradicting_votes_are_refused_in_german(session, factory, vote, field, message):
    scene = build_scene(factory)
    start(session, scene)
    with pytest.raises(ValidationFailed) as failed:
        _save(session, scene, scene.paper_item, AgendaItemResult.ADOPTED, vote)
    assert message in failed.value.errors[field]


def test_majority_only_fits_a_resolution(session, factory):
    scene = build_scene(factory)
    start(session, scene)
    with pytest.raises(ValidationFailed) as failed:
        _save(session, scene, scene.communications, AgendaItemResult.NOTED, Vote(majority=True))
    assert "passt nur zu" in failed.value.errors["majority"]


def test_faction_table_is_derived_from_single_votes_and_an_entered_one_must_agree(session, factory):
    from minutes_app.models import OrganizationType, VoteChoice
    from minutes_app.secretariat import vote_details

    scene = build_scene(factory)
    start(session, scene)
    cdu = factory.organization("CDU", OrganizationType.FACTION, short_name="CDU")
    spd = factory.organization("SPD", OrganizationType.FACTION, short_name="SPD")
    for membership in scene.committee.memberships:
        membership.on_behalf_of = cdu if membership.person in (scene.chair, scene.members[0]) else spd
    session.flush()
    chair, m0, m1, m2, m3 = scene.chair, *scene.members
    singles = {chair.id: VoteChoice.YES, m0.id: VoteChoice.YES, m1.id: VoteChoice.NO, m2.id: VoteChoice.YES,
               m3.id: VoteChoice.ABSTAIN}
    assert _save(session, scene, scene.paper_item, AgendaItemResult.ADOPTED, Vote(3, 1, 1, members=singles)).saved
    table = vote_details.details_of(session, scene.paper_item).factions
    assert table is not None and table.derived
    assert [(r.name, r.yes, r.no, r.abstain) for r in table.rows] == [("CDU", 2, 0, 0), ("SPD", 1, 1, 1)]
    with pytest.raises(ValidationFailed) as failed:  # totals fit, but not the single votes
        vote_details.save_vote_details(session, scene.secretary, scene.paper_item,
                                       {cdu.id: (1, 1, 0), spd.id: (2, 0, 1)}, [])
    assert "Einzelstimmen der Fraktion CDU" in failed.value.errors["factions"]
    vote_details.save_vote_details(session, scene.secretary, scene.paper_item,
                                   {cdu.id: (2, 0, 0), spd.id: (1, 1, 1)}, [])
    assert len(scene.paper_item.faction_votes) == 2
