"""The internal search finds everything the public search finds, plus what the user's permissions add."""
from __future__ import annotations

import re
from datetime import date

import pytest

from minutes_app.models import MinutesState, Role
from tests.conftest import login
from tests.search.conftest import decision


def hit_titles(client, url):
    """The titles of the hits (the links in the result headings), in order."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True).split("</form>", 1)[1]
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r'<li class="hit">\s*<h3><a [^>]*>(.*?)</a>', html, re.S)]


def total(client, url):
    html = client.get(url).get_data(as_text=True)
    found = re.search(r"(\d+) Treffer</h2>", html)
    return int(found.group(1)) if found else 0


@pytest.fixture
def draft_minutes(session, factory):
    """A public Vorlage decided in a meeting whose minutes are still a draft, and a second committee."""
    traffic = factory.committee("Ausschuss für Umwelt, Bau und Verkehr")
    social = factory.committee("Sozialausschuss")
    paper, item, meeting = decision(
        factory, name="Radwegekonzept Nordstadt", text="Ein durchgehender Radweg entlang der Bahntrasse.",
        committee=traffic, minutes_state=MinutesState.DRAFT, minutes_text="Aussprache zum Radwegekonzept.",
        day=date(2026, 2, 3))
    session.commit()
    return {"traffic": traffic, "social": social, "paper": paper, "item": item, "meeting": meeting}


def _member_of(factory, committee):
    person = factory.person()
    factory.membership(person, committee)
    user = factory.user(roles={Role.MEMBER}, person=person)
    factory.session.commit()
    return user


def test_the_public_finds_the_decision_while_its_minutes_are_drafts(client, draft_minutes):
    titles = hit_titles(client, "/suche?q=Radwegekonzept")
    assert "Radwegekonzept Nordstadt" in titles


@pytest.mark.parametrize("who", ["other_member", "editor", "secretary_elsewhere"])
def test_staff_and_other_members_find_at_least_what_the_public_finds(client, factory, draft_minutes, who):
    public_total = total(client, "/suche?q=Radwegekonzept")
    public_titles = hit_titles(client, "/suche?q=Radwegekonzept")
    if who == "other_member":
        user = _member_of(factory, draft_minutes["social"])
    elif who == "editor":
        user = factory.user(roles={Role.EDITOR}, department=factory.department("Fachbereich Soziales"))
    else:
        user = factory.user(roles={Role.SECRETARY})
        user.committees.append(draft_minutes["social"])
    factory.session.commit()
    login(client, user)
    internal_titles = hit_titles(client, "/intern/suche?q=Radwegekonzept")
    assert total(client, "/intern/suche?q=Radwegekonzept") >= public_total
    assert set(public_titles) <= set(internal_titles)


def test_the_committee_still_finds_the_draft_minutes_text_others_do_not(app, client, factory, draft_minutes):
    outsider = _member_of(factory, draft_minutes["social"])
    member = _member_of(factory, draft_minutes["traffic"])
    login(client, outsider)
    # The draft minutes' text is not public: an outsider finds nothing for it, a member does.
    assert total(client, "/intern/suche?q=Aussprache") == 0
    member_client = app.test_client()
    login(member_client, member)
    assert "Radwegekonzept Nordstadt" in hit_titles(member_client, "/intern/suche?q=Aussprache")
    # The member gets the internal entry of the item only, not its public entry beside it.
    public_count = total(client, "/intern/suche?q=Radwegekonzept")
    assert total(member_client, "/intern/suche?q=Radwegekonzept") == public_count
