"""History recorded after the fact: the 2013 Vorlage 2013/0240 with its 2013 meeting, end to end."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from minutes_app.models import (
    AgendaItemResult,
    AttendanceStatus,
    AuditEvent,
    ConsultationRole,
    MeetingState,
    MinutesState,
    OrganizationType,
    PaperState,
    PaperType,
    SignOff,
)
from minutes_app.records.history import ConsultationStep, RecordedPaper, record_paper
from minutes_app.records.history_meetings import RecordedAttendance, RecordedItem, RecordedMeeting, record_meeting
from minutes_app.services.errors import ValidationFailed
from tests.export.reading import body_text, open_docx

SIGNATURES = "gez. Dr. Bernd Sommer, Landrat, 04.02.2013\ngez. i. V. Karin Lüders, Dezernentin, 01.02.2013"


def _record_2013(session, factory):
    """The issue's case: Vorlage 2013/0240 of 4 Feb 2013, decided by the Kreistag on 14 Mar 2013."""
    body = factory.body
    kreistag = factory.committee("Kreistag")
    finance = factory.committee("Finanzausschuss")
    building = factory.department("Fachbereich Bauen")
    roads = factory.department("Fachbereich Straßen")
    chair = factory.person("Hansen", given_name="Ute")
    member = factory.person("Meyer", given_name="Jan")
    paper = record_paper(session, None, body, RecordedPaper(
        reference="2013/0240", paper_date=date(2013, 2, 4), name="Neubau der Kreisstraße K 12 bei Lindholz",
        paper_type=PaperType.RESOLUTION, under_direction_of=[building, roads],
        resolution_proposal="Der Kreistag beschließt den Neubau der Kreisstraße K 12.",
        reasoning="Die Kreisstraße K 12 ist seit 1987 nicht erneuert worden.", signatures=SIGNATURES,
        consultations=[ConsultationStep(finance, ConsultationRole.PRELIMINARY),
                       ConsultationStep(kreistag, ConsultationRole.DECISION, authoritative=True)],
    ))
    meeting = record_meeting(session, None, RecordedMeeting(
        organization=kreistag, name="12. Sitzung des Kreistages", number="12/2013",
        start=datetime(2013, 3, 14, 16, 0, tzinfo=UTC), end=datetime(2013, 3, 14, 19, 30, tzinfo=UTC),
        location_text="Kreishaus Lindenau, Großer Sitzungssaal", chair=chair,
        items=[
            RecordedItem(name="Eröffnung und Feststellung der Beschlussfähigkeit", number="1."),
            RecordedItem(name="Neubau der Kreisstraße K 12 bei Lindholz", number="2.", paper=paper,
                         result=AgendaItemResult.ADOPTED, result_text="Unverändert beschlossen",
                         resolution_text="Der Kreistag beschließt den Neubau der Kreisstraße K 12.",
                         votes_yes=38, votes_no=4, votes_abstain=2),
            RecordedItem(name="Grundstücksangelegenheit", number="3.", public=False,
                         resolution_text="Vertraulicher Beschluss", result=AgendaItemResult.ADOPTED),
        ],
        attendance=[RecordedAttendance(person=chair), RecordedAttendance(person=member, status=AttendanceStatus.EXCUSED),
                    RecordedAttendance(name="Heike Brandt", note="Presse")],
        minutes_state=MinutesState.APPROVED, minutes_signatures="gez. Ute Hansen, Vorsitzende\ngez. Olaf Ries, Protokollführer",
        minutes_approved_at=datetime(2013, 5, 2, 16, tzinfo=UTC),
    ))
    session.commit()
    return paper, meeting


def test_recorded_vorlage_keeps_its_number_date_and_signatures_without_sign_off(session, factory):
    paper, meeting = _record_2013(session, factory)
    assert (paper.reference, paper.reference_number, paper.reference_year) == ("2013/0240", None, 2013)
    assert paper.date == date(2013, 2, 4)
    assert [o.name for o in paper.under_direction_of] == ["Fachbereich Bauen", "Fachbereich Straßen"]
    assert session.scalars(select(SignOff).where(SignOff.paper_id == paper.id)).all() == []
    assert paper.state is PaperState.COMPLETED
    decided = paper.authoritative_consultation
    assert decided.meeting_id == meeting.id and decided.agenda_item.number == "2."
    assert decided.result is AgendaItemResult.ADOPTED
    assert meeting.state is MeetingState.HELD and meeting.minutes.state is MinutesState.APPROVED
    assert meeting.minutes.approved_at == datetime(2013, 5, 2, 16, tzinfo=UTC)
    assert meeting.minutes.closed_at == datetime(2013, 3, 14, 19, 30, tzinfo=UTC)
    summaries = session.scalars(select(AuditEvent.summary)).all()
    assert "Vorlage 2013/0240 vom 04.02.2013 nachträglich erfasst: Neubau der Kreisstraße K 12 bei Lindholz" in summaries
    assert any(s.startswith("Sitzung „12. Sitzung des Kreistages“ vom 14.03.2013 (Durchgeführt) nachträglich erfasst")
               for s in summaries)
    assert any("nachträglich erfasst: Unverändert beschlossen; Vorlage jetzt „Erledigt“" in s for s in summaries)


def test_recorded_2013_vorlage_appears_in_the_portal_under_its_real_number_and_date(client, session, factory):
    paper, meeting = _record_2013(session, factory)
    listing = client.get("/vorlagen").get_data(as_text=True)
    assert "2013/0240" in listing and "Neubau der Kreisstraße K 12" in listing

    page = client.get(f"/vorlagen/{paper.id}").get_data(as_text=True)
    assert "Vorlage 2013/0240" in page and "04.02.2013" in page
    assert "gez. Dr. Bernd Sommer, Landrat, 04.02.2013" in page
    assert "Fachbereich Bauen, Fachbereich Straßen" in page and "Unverändert beschlossen" in page

    meeting_page = client.get(f"/sitzungen/{meeting.id}").get_data(as_text=True)
    assert "14. März 2013" in meeting_page and "Vertraulicher Beschluss" not in meeting_page
    assert "38 Ja, 4 Nein, 2 Enthaltung" in meeting_page

    hits = client.get("/suche?q=Kreisstraße").get_data(as_text=True).split("</form>", 1)[1]
    assert f"/vorlagen/{paper.id}" in hits and "2013/0240" in hits

    response = client.get(f"/vorlagen/{paper.id}.docx")
    assert response.status_code == 200
    text = body_text(open_docx(response.data))
    assert "2013/0240" in text and "04.02.2013" in text
    assert "gez. Dr. Bernd Sommer, Landrat, 04.02.2013" in text
    assert "gez. i. V. Karin Lüders, Dezernentin, 01.02.2013" in text
    today = datetime.now(UTC).date()
    for day in (today - timedelta(days=1), today, today + timedelta(days=1)):
        assert day.strftime("%d.%m.%Y") not in text

    minutes = client.get(f"/sitzungen/{meeting.id}/niederschrift.docx")
    assert minutes.status_code == 200
    minutes_text = body_text(open_docx(minutes.data))
    assert "gez. Ute Hansen, Vorsitzende" in minutes_text and "Vertraulicher Beschluss" not in minutes_text
    assert today.strftime("%d.%m.%Y") not in minutes_text


def test_reference_stays_unique_per_body_and_bad_input_is_refused_in_german(session, factory):
    department = factory.department()
    generated = factory.paper(originator=department, paper_date=date(2013, 1, 10))
    with pytest.raises(ValidationFailed) as taken:
        record_paper(session, None, factory.body, RecordedPaper(
            reference=generated.reference, paper_date=date(2013, 1, 1), name="Doppelt", paper_type=PaperType.MOTION,
            under_direction_of=[department]))
    assert taken.value.errors["reference"] == f"Die Vorlage {generated.reference} gibt es in dieser Körperschaft schon."
    with pytest.raises(ValidationFailed) as bad:
        record_paper(session, None, factory.body, RecordedPaper(
            reference=" ", paper_date=date.today() + timedelta(days=3), name="", paper_type=PaperType.MOTION))
    assert set(bad.value.errors) == {"reference", "paper_date", "name", "under_direction_of"}
    assert "Zukunft" in bad.value.errors["paper_date"]


def test_antrag_of_a_fraktion_needs_no_department_and_amendment_links_to_its_vorlage(session, factory):
    faction = factory.organization("Fraktion Bündnis Nord", kind=OrganizationType.FACTION)
    department = factory.department()
    petitioner = factory.person("Kruse", given_name="Lea")
    vorlage = record_paper(session, None, factory.body, RecordedPaper(
        reference="2013/0240", paper_date=date(2013, 2, 4), name="Kreisstraße K 12",
        paper_type=PaperType.RESOLUTION, under_direction_of=[department]))
    amendment = record_paper(session, None, factory.body, RecordedPaper(
        reference="2013/0240-1", paper_date=date(2013, 3, 1), name="Änderungsantrag: Radweg an der K 12",
        paper_type=PaperType.AMENDMENT, originator_organizations=[faction], originator_persons=[petitioner],
        superordinated=[vorlage]))
    session.commit()
    assert amendment.originator is None and amendment.under_direction_of == []
    assert vorlage.subordinated_papers == [amendment] and amendment.superordinated_papers == [vorlage]
    assert [o.name for o in amendment.originator_organizations] == ["Fraktion Bündnis Nord"]


def test_a_recorded_meeting_must_lie_in_the_past_and_results_need_a_held_meeting(session, factory):
    committee = factory.committee()
    with pytest.raises(ValidationFailed) as future:
        record_meeting(session, None, RecordedMeeting(
            organization=committee, name="Sitzung", start=datetime.now(UTC) + timedelta(days=2)))
    assert future.value.errors["start"] == "Eine nachträglich erfasste Sitzung muss in der Vergangenheit liegen."
    with pytest.raises(ValidationFailed) as invited:
        record_meeting(session, None, RecordedMeeting(
            organization=committee, name="Sitzung", start=datetime(2014, 1, 1, 10, tzinfo=UTC),
            state=MeetingState.INVITED, minutes_state=None,
            items=[RecordedItem(name="TOP", result=AgendaItemResult.ADOPTED)]))
    assert "nur für durchgeführte Sitzungen" in invited.value.errors["state"]


def test_a_generated_number_skips_a_reference_recorded_after_the_fact(session, factory):
    department = factory.department()
    record_paper(session, None, factory.body, RecordedPaper(
        reference="001/2013", paper_date=date(2013, 1, 3), name="Altvorlage", paper_type=PaperType.RESOLUTION,
        under_direction_of=[department]))
    drawn = factory.paper(originator=department, paper_date=date(2013, 1, 10))
    assert drawn.reference == "002/2013" and drawn.reference_number == 2
