"""The Vorlage form edits the OParl fields: date, several lead departments, originators, linked Vorlagen."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from minutes_app.models import OrganizationType, Paper, PaperState
from tests.conftest import login
from tests.papers_support import build_world, fast_passwords  # noqa: F401


@pytest.fixture
def world(factory, session):
    world = build_world(factory, session)
    world.faction = factory.organization("Fraktion Bündnis Nord", kind=OrganizationType.FACTION)
    world.roads = factory.department("Fachbereich Straßen")
    world.petitioner = factory.person("Kruse", given_name="Lea")
    session.commit()
    return world


def _form(**overrides):
    data = {"paper_type": "motion", "name": "Radweg an der K 12", "public": "1",
            "resolution_proposal": "Der Kreistag möge beschließen.", "reasoning": "", "financial_impact": ""}
    data.update(overrides)
    return data


def test_antrag_of_a_fraktion_is_drafted_without_lead_department_and_amends_a_vorlage(client, session, world, factory):
    vorlage = factory.paper(world.department, name="Kreisstraße K 12", paper_date=date(2026, 2, 2))
    session.commit()
    login(client, world.editor)
    response = client.post("/intern/vorlagen/neu", data=_form(
        originator="none", originator_organizations=[str(world.faction.id)],
        originator_persons=[str(world.petitioner.id)], superordinated=vorlage.reference, paper_date="2026-02-20",
    ))
    assert response.status_code == 302, response.get_data(as_text=True)
    amendment = session.scalars(select(Paper).where(Paper.name == "Radweg an der K 12")).one()
    assert amendment.originator is None and amendment.date == date(2026, 2, 20)
    assert amendment.superordinated_papers == [vorlage] and vorlage.subordinated_papers == [amendment]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Fraktion Bündnis Nord, Lea Kruse" in page and f"Vorlage {vorlage.reference}" in page
    # The author's department still handles it: the editor may edit the draft.
    assert client.get(f"/intern/vorlagen/{amendment.id}/bearbeiten").status_code == 200


def test_a_beschlussvorlage_still_needs_its_lead_department(client, session, world):
    login(client, world.editor)
    response = client.post("/intern/vorlagen/neu", data=_form(paper_type="resolution", originator="none",
                                                              originator_organizations=[str(world.faction.id)]))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Eine Vorlage der Art „Beschlussvorlage“ braucht einen federführenden Fachbereich." in html
    assert "Radweg an der K 12" in html
    response = client.post("/intern/vorlagen/neu", data=_form(originator="none"))
    assert response.status_code == 422
    assert "von welcher Fraktion, Gruppe oder Person" in response.get_data(as_text=True)


def test_editing_sets_date_further_lead_departments_and_related_vorlagen(client, session, world, factory):
    other = factory.paper(world.department, name="Radverkehrskonzept")
    paper = factory.paper(world.department, actor=world.editor, name="Kreisstraße K 12")
    session.commit()
    login(client, world.editor)
    page = client.get(f"/intern/vorlagen/{paper.id}/bearbeiten").get_data(as_text=True)
    assert "Ebenfalls federführend" in page and "Datum der Vorlage" in page
    response = client.post(f"/intern/vorlagen/{paper.id}/bearbeiten", data=_form(
        paper_type="resolution", name="Kreisstraße K 12", paper_date="2026-01-15",
        further_leads=[str(world.roads.id)], related=other.reference,
    ))
    assert response.status_code == 302, response.get_data(as_text=True)
    session.expire_all()
    paper = session.get(Paper, paper.id)
    assert paper.date == date(2026, 1, 15) and paper.state is PaperState.DRAFT
    assert [o.name for o in paper.under_direction_of] == ["Fachbereich Soziales", "Fachbereich Straßen"]
    assert paper.related_papers == [session.get(Paper, other.id)]
    assert session.get(Paper, other.id).related_papers == [paper]
    detail = client.get(f"/intern/vorlagen/{paper.id}").get_data(as_text=True)
    assert "Fachbereich Soziales, Fachbereich Straßen" in detail and "15.01.2026" in detail

    unknown = client.post(f"/intern/vorlagen/{paper.id}/bearbeiten", data=_form(
        paper_type="resolution", name="Kreisstraße K 12", related="1999/0001"))
    assert unknown.status_code == 422 and "Eine Vorlage 1999/0001 gibt es nicht." in unknown.get_data(as_text=True)
