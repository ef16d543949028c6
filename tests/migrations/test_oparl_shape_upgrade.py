"""Upgrading a database made by the previous head carries every row over unchanged.

The database is built at ``5219b589e9ab`` (the head before the OParl data shape),
filled with one object of every OParl type through plain SQL, and upgraded to
head; the rows must keep their values and read back through the models.
"""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from minutes_app import migrate
from minutes_app.models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    MembershipRole,
    Organization,
    Paper,
    PaperType,
    Person,
)

# The old database is a SQLite file of a revision before PostgreSQL was supported (rows in SQLite's literal forms).
pytestmark = pytest.mark.sqlite_only(
    reason="Upgrade einer SQLite-Datenbank aus der Zeit vor der PostgreSQL-Unterstützung"
)
PREVIOUS_HEAD = "5219b589e9ab"
CREATED = "2025-03-04 09:30:00.000000"
MODIFIED = "2025-05-06 10:45:00.000000"

ROWS = [
    ("bodies", {"id": 1, "name": "Landkreis Friesland", "short_name": "Friesland", "website": "https://friesland.de",
                "contact_email": "ris@friesland.de", "paper_reference_format": "{number:03d}/{year}",
                "notice_period_days": 7, "notice_counts_dispatch_day": 0, "notice_counts_meeting_day": 0,
                "quorum_rule": "more_than_half", "minutes_publication": "on_closed", "max_upload_mb": 20,
                "imprint_text": "", "privacy_text": "", "accessibility_text": ""}),
    ("organizations", {"id": 10, "body_id": 1, "name": "Kreistag", "short_name": "KT",
                       "organization_type": "committee", "website": ""}),
    ("organizations", {"id": 11, "body_id": 1, "name": "Fachbereich Soziales", "short_name": "FB 50",
                       "organization_type": "department", "website": ""}),
    ("persons", {"id": 20, "body_id": 1, "family_name": "Keller", "given_name": "Anna", "form_of_address": "Frau",
                 "title": "Dr.", "affix": "KTA", "email": "keller@example.org", "phone": "04461 1234"}),
    ("memberships", {"id": 30, "person_id": 20, "organization_id": 10, "role": "chair", "voting_right": 1,
                     "start_date": "2021-11-01"}),
    ("legislative_terms", {"id": 40, "body_id": 1, "name": "2021–2026", "start_date": "2021-11-01"}),
    ("locations", {"id": 50, "body_id": 1, "description": "Kreishaus", "room": "Sitzungssaal",
                   "street_address": "Lindenallee 1", "postal_code": "26441", "locality": "Jever"}),
    ("meetings", {"id": 60, "organization_id": 10, "name": "3. Sitzung des Kreistages", "number": "3/2025",
                  "start_time": "2025-03-20 15:00:00.000000", "location_id": 50, "location_text": "",
                  "state": "held", "cancellation_reason": "", "late_invitation_reason": ""}),
    ("agenda_items", {"id": 70, "meeting_id": 60, "number": "Ö 1", "order": 1, "public": 1,
                      "name": "Haushalt 2025", "public_name": "", "is_supplement": 0, "minutes_text": "<p>Aussprache</p>",
                      "resolution_text": "<p>Beschlossen.</p>", "result": "adopted", "votes_yes": 30, "votes_no": 2,
                      "votes_abstain": 1, "unanimous": 0, "version": 3}),
    ("papers", {"id": 80, "body_id": 1, "reference": "007/2025", "reference_year": 2025, "reference_number": 7,
                "name": "Haushaltssatzung 2025", "paper_type": "resolution", "date": "2025-02-10", "public": 1,
                "state": "completed", "originator_id": 11, "resolution_proposal": "<p>Der Kreistag beschließt.</p>",
                "reasoning": "", "financial_impact": "", "version": 2, "return_comment": ""}),
    ("consultations", {"id": 90, "paper_id": 80, "organization_id": 10, "position": 1, "role": "decision",
                       "authoritative": 1, "meeting_id": 60, "agenda_item_id": 70, "result": "adopted",
                       "result_note": ""}),
    ("files", {"id": 100, "name": "Haushaltsplan", "file_name": "haushaltsplan.pdf",
               "media_type": "application/pdf", "size": 1234, "sha256": "ab" * 32, "storage_key": "k100",
               "text": "Haushaltsplan 2025", "public": 1}),
    ("paper_files", {"paper_id": 80, "file_id": 100}),
]
TIMESTAMPED = {"bodies", "organizations", "persons", "memberships", "legislative_terms", "locations", "meetings",
               "agenda_items", "papers", "consultations"}


@pytest.fixture()
def upgraded(tmp_path):
    """A database made at the previous head, filled, then upgraded to head."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate.upgrade(url, PREVIOUS_HEAD)
    engine = create_engine(url)
    with engine.begin() as connection:
        for table, values in ROWS:
            row = dict(values)
            if table in TIMESTAMPED:
                row |= {"created": CREATED, "modified": MODIFIED}
            elif table == "files":
                row |= {"created": CREATED}
            columns = ", ".join(f'"{c}"' for c in row)
            marks = ", ".join(f":{c}" for c in row)
            connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks})"), row)
    engine.dispose()
    migrate.upgrade(url)
    engine = create_engine(url)
    yield engine
    engine.dispose()


def test_raw_rows_keep_their_values(upgraded):
    with upgraded.connect() as connection:
        for table, values in ROWS:
            columns = list(values)
            where = " AND ".join(f'"{c}" = :{c}' for c in columns)
            count = connection.execute(text(f"SELECT COUNT(*) FROM {table} WHERE {where}"), values).scalar()
            assert count == 1, f"{table} row changed: {values}"
            if table in TIMESTAMPED:
                stamps = connection.execute(
                    text(f"SELECT created, modified FROM {table} WHERE id = :id"), {"id": values["id"]}
                ).one()
                assert tuple(stamps) == (CREATED, MODIFIED)


def test_models_read_the_upgraded_rows_with_neutral_new_fields(upgraded):
    when_created = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
    with Session(upgraded) as session:
        for model in (Body, Organization, Person, Membership, LegislativeTerm, Location, Meeting, AgendaItem,
                      Paper, Consultation, File):
            objects = session.scalars(select(model)).all()
            assert objects, model
            for obj in objects:
                assert obj.deleted is False and obj.oparl_id is None and obj.keywords == []
                assert obj.created == when_created
        file = session.get(File, 100)
        # A file never changed after upload: its modification time is its upload time.
        assert file.modified == when_created and file.date is None and file.file_license == ""
        paper = session.get(Paper, 80)
        assert paper.reference == "007/2025" and paper.reference_number == 7
        assert [o.name for o in paper.under_direction_of] == ["Fachbereich Soziales"]
        assert paper.main_file is None and paper.auxiliary_files == [file]
        assert paper.recorded_after_the_fact is False and paper.recorded_signatures == ""
        assert paper.originator_persons == [] and paper.subordinated_papers == [] and paper.related_papers == []
        item = session.get(AgendaItem, 70)
        assert item.result_label == "beschlossen" and item.vote_label == "30 Ja, 2 Nein, 1 Enthaltung"
        person = session.get(Person, 20)
        assert person.emails == ["keller@example.org"] and person.phones == ["04461 1234"]
        assert person.titles == ["Dr."] and person.gender == "" and person.status == []
        body = session.get(Body, 1)
        assert (body.ags, body.rgs, body.equivalent, body.contact_name) == ("", "", [], "")
        meeting = session.get(Meeting, 60)
        assert meeting.recorded_after_the_fact is False and meeting.place.startswith("Kreishaus")
        assert session.get(Membership, 30).start_date == date(2021, 11, 1)


def test_new_enum_values_and_free_references_are_accepted_after_upgrade(upgraded):
    with Session(upgraded) as session:
        membership = session.get(Membership, 30)
        membership.role = MembershipRole.SECOND_DEPUTY_MAYOR
        session.add(Paper(
            body_id=1, reference="2013/0240", reference_year=2013, reference_number=None,
            name="Änderungsantrag der Fraktion", paper_type=PaperType.AMENDMENT, date=date(2013, 4, 2),
            originator_id=None, recorded_after_the_fact=True,
        ))
        session.commit()
        assert session.get(Membership, 30).role.label == "2. stellv. Bürgermeister/in"
        recorded = session.scalars(select(Paper).where(Paper.reference == "2013/0240")).one()
        assert recorded.originator is None and recorded.under_direction_of == []
