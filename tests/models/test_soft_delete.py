"""Soft-deleted objects vanish from pages, lists and search, but stay loadable as deleted."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from minutes_app.models import AgendaItem, AuditEvent, Consultation, Meeting, Paper
from minutes_app.records.deletion import soft_delete
from minutes_app.search import indexes
from tests.search.conftest import decision


def _public_decision(session, factory, name):
    paper, item, meeting = decision(factory, name=name, text="Radwegenetz an der Küste", day=date(2024, 3, 12))
    session.commit()
    return paper, item, meeting


def _search_ids(app, word):
    with app.app_context():
        return {hit["id"] for hit in indexes().public.search_all(word)}


def test_deleted_paper_leaves_portal_list_detail_docx_and_search(app, client, session, factory):
    paper, _item, meeting = _public_decision(session, factory, "Radwegekonzept Nordküste")
    assert client.get(f"/vorlagen/{paper.id}").status_code == 200
    assert "Radwegekonzept Nordküste" in client.get("/vorlagen").get_data(as_text=True)
    assert "Radwegekonzept" in client.get("/suche?q=Radwegekonzept").get_data(as_text=True).split("</form>", 1)[1]

    soft_delete(session, None, paper, reason="Doppelt erfasst")
    session.commit()

    assert client.get(f"/vorlagen/{paper.id}").status_code == 404
    assert client.get(f"/vorlagen/{paper.id}.docx").status_code == 404
    assert "Radwegekonzept Nordküste" not in client.get("/vorlagen").get_data(as_text=True)
    hits = client.get("/suche?q=Radwegekonzept").get_data(as_text=True).split("</form>", 1)[1]
    assert f"/vorlagen/{paper.id}" not in hits
    # The meeting stays; its agenda no longer links the deleted Vorlage.
    assert f"/vorlagen/{paper.id}" not in client.get(f"/sitzungen/{meeting.id}").get_data(as_text=True)


def test_deleted_meeting_and_its_items_leave_every_list(app, client, session, factory):
    _paper, item, meeting = _public_decision(session, factory, "Küstenschutz Deichlinie")
    soft_delete(session, None, meeting)
    session.commit()
    assert client.get(f"/sitzungen/{meeting.id}").status_code == 404
    assert client.get(f"/sitzungen/{meeting.id}/einladung.docx").status_code == 404
    assert "Küstenschutz" not in client.get("/suche?q=Deichlinie").get_data(as_text=True).split("</form>", 1)[1]
    assert session.scalar(select(func.count()).select_from(AgendaItem).where(AgendaItem.id == item.id)) == 0


def test_deleted_objects_stay_loadable_with_type_dates_and_deleted_flag(session, factory):
    paper, item, meeting = decision(factory, name="Altlast")
    meeting_id = meeting.id
    created = paper.created
    soft_delete(session, None, paper, reason="Fehlerfassung")
    session.commit()
    session.expunge_all()

    assert session.get(Paper, paper.id) is None
    assert session.scalars(select(Consultation).where(Consultation.paper_id == paper.id)).all() == []
    kept = session.get(Paper, paper.id, execution_options={"include_deleted": True})
    assert kept is not None and kept.deleted and kept.created == created and kept.modified == kept.deleted_at
    assert all(c.deleted for c in session.scalars(
        select(Consultation).where(Consultation.paper_id == paper.id).execution_options(include_deleted=True)))
    session.expunge_all()
    # The agenda item survives without the deleted Beratung; a many-to-one reference to a deleted
    # object still loads, so no page loses a required link.
    kept_item = session.get(AgendaItem, item.id)
    assert kept_item is not None and kept_item.consultation is None
    soft_delete(session, None, session.get(Meeting, meeting_id).organization)
    session.commit()
    session.expunge_all()
    assert session.get(Meeting, meeting_id).organization.deleted
    summaries = session.scalars(select(AuditEvent.summary).where(AuditEvent.action == "soft_deleted")).all()
    assert "Vorlage als gelöscht markiert: Fehlerfassung" in summaries
