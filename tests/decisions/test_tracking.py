"""Beschlusskontrolle: records, statuses, overdue, reports, audit, staff pages and the policy."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from minutes_app.decisions import lists, tracking
from minutes_app.models import AuditEvent, ImplementationStatus, Role
from minutes_app.services.errors import InvalidTransition, ValidationFailed

from ..conftest import login
from ..minutes_fixtures import build_scene, complete

TODAY = date(2026, 4, 1)


@pytest.fixture
def scene(session, factory):
    scene = build_scene(factory)
    complete(session, scene)
    session.commit()
    return scene


def test_only_adopted_items_can_be_followed_once(session, factory, scene):
    department = factory.department("Jobcenter")
    with pytest.raises(InvalidTransition, match="Nur beschlossene"):
        tracking.create(session, scene.secretary, scene.opening, department, None)
    tracking.create(session, scene.secretary, scene.paper_item, department, TODAY)
    with pytest.raises(InvalidTransition, match="bereits"):
        tracking.create(session, scene.secretary, scene.paper_item, department, TODAY)
    with pytest.raises(ValidationFailed) as failed:
        tracking.create(session, scene.secretary, scene.secret_item, scene.committee, None)
    assert "Fachbereich" in failed.value.errors["department"]


def test_overdue_is_computed_from_due_date_and_status(session, factory, scene):
    department = factory.department("Jobcenter")
    record = tracking.create(session, scene.secretary, scene.paper_item, department, TODAY - timedelta(days=1))
    assert record.is_overdue(TODAY) and record.status_label(TODAY) == "überfällig"
    assert not record.is_overdue(TODAY - timedelta(days=1))
    assert [e.item for e in lists.worklist(session, TODAY, status=lists.OVERDUE)] == [scene.paper_item]
    assert lists.worklist(session, TODAY, status="open") == []
    tracking.update(session, scene.secretary, record, department=department, due_date=record.due_date,
                    status=ImplementationStatus.DONE)
    assert not record.is_overdue(TODAY) and record.status_label(TODAY) == "umgesetzt"
    assert lists.counts_for_department(session, department.id, TODAY) == (0, 0)


def test_reports_are_dated_validated_and_audited(session, factory, scene):
    department = factory.department("Jobcenter")
    record = tracking.create(session, scene.secretary, scene.paper_item, department, TODAY)
    with pytest.raises(ValidationFailed) as failed:
        tracking.add_report(session, scene.secretary, record, report_date=None, text=" ")
    assert set(failed.value.errors) == {"report_date", "text"}
    tracking.add_report(session, scene.secretary, record, report_date=TODAY, text="Ausschreibung läuft.",
                        status=ImplementationStatus.IN_PROGRESS)
    assert record.status is ImplementationStatus.IN_PROGRESS and record.reports[0].text == "Ausschreibung läuft."
    statement = select(AuditEvent.summary).where(AuditEvent.object_type == "DecisionImplementation")
    summaries = list(session.scalars(statement))
    assert any("angelegt" in s and "Jobcenter" in s for s in summaries)
    assert any("Sachstand vom 01.04.2026" in s and "„in Umsetzung“" in s for s in summaries)


def test_staff_see_their_department_and_report(app, session, factory, scene, client):
    department = factory.department("Jobcenter")
    other = factory.department("Bauamt")
    editor = factory.user("sachb", roles={Role.EDITOR}, department=department)
    stranger = factory.user("fremd", roles={Role.EDITOR}, department=other)
    tracking.create(session, scene.secretary, scene.paper_item, department, date(2020, 1, 1))
    session.commit()
    login(client, editor)
    page = client.get("/intern/").get_data(as_text=True)
    assert "1 offene Beschlüsse Ihres Fachbereichs, davon 1 überfällig" in page
    listing = client.get("/intern/beschluesse/").get_data(as_text=True)
    assert scene.paper_item.name in listing and "überfällig" in listing
    response = client.post(f"/intern/beschluesse/top/{scene.paper_item.id}/sachstand",
                           data={"report_date": "2026-04-01", "text": "", "new_status": ""})
    assert response.status_code == 422 and "Bitte beschreiben Sie den Sachstand." in response.get_data(as_text=True)
    response = client.post(f"/intern/beschluesse/top/{scene.paper_item.id}/sachstand",
                           data={"report_date": "2026-04-01", "text": "Erledigt.", "new_status": "done"})
    assert response.status_code == 302
    detail = client.get(f"/intern/beschluesse/top/{scene.paper_item.id}").get_data(as_text=True)
    assert "Stand vom 01.04.2026" in detail and "umgesetzt" in detail
    client.get("/abmelden")
    login(client, stranger)
    assert client.get(f"/intern/beschluesse/top/{scene.paper_item.id}").status_code == 403
    assert scene.paper_item.name not in client.get("/intern/beschluesse/").get_data(as_text=True)


def test_secretary_assigns_department_and_due_date(app, session, factory, scene, client):
    department = factory.department("Jobcenter")
    session.commit()
    login(client, scene.secretary)
    listing = client.get("/intern/beschluesse/?fachbereich=alle").get_data(as_text=True)
    assert "Beschlüsse ohne Beschlusskontrolle" in listing and scene.paper_item.name in listing
    response = client.post(f"/intern/beschluesse/top/{scene.paper_item.id}/umsetzung",
                           data={"department": "", "due_date": "kein Datum"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Bitte ein gültiges Datum angeben" in body
    response = client.post(f"/intern/beschluesse/top/{scene.paper_item.id}/umsetzung",
                           data={"department": str(department.id), "due_date": "2026-06-30"})
    assert response.status_code == 302
    session.expire_all()
    assert scene.paper_item.implementation.due_date == date(2026, 6, 30)
