"""The demo county (``flask seed-demo``) and the synthetic benchmark Vorlagen.

The county is loaded once for the module (it takes a few seconds); tests that
write use their own app.
"""
from __future__ import annotations

import hashlib
import html
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minutes_app import create_app
from minutes_app.demo import county, municipality, synthetic
from minutes_app.extensions import database
from minutes_app.models import (
    AgendaItem,
    Attendance,
    Base,
    Consultation,
    File,
    Meeting,
    MeetingState,
    Membership,
    MembershipRole,
    Minutes,
    MinutesState,
    Organization,
    OrganizationType,
    Paper,
    PaperReferenceCounter,
    PaperState,
    PaperVersion,
    Person,
    Role,
    SignOff,
    SignOffPositionHolder,
    SignOffState,
    User,
)
from minutes_app.services import files, paper_versions

from .databases import new_database_url

COUNTED = (Organization, Person, Membership, User, Meeting, AgendaItem, Paper, Consultation, SignOff, File, Minutes,
           Attendance)
DEMO_ROLES = {
    "admin": Role.ADMIN, "schriftfuehrung": Role.SECRETARY, "sachbearbeitung": Role.EDITOR,
    "zeichnung": Role.SIGNER, "mitglied": Role.MEMBER,
}


def make_app(root: Path) -> Flask:
    """An app on its own database; search indexing after commits is off (it has its own tests)."""
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": new_database_url(root, "demo"),
        "SEARCH_INDEX_DIR": str(root / "search_index"), "SEARCH_AUTO_INDEX": False,
        "FILE_STORE_DIR": str(root / "files"), "INSTANCE_PATH": str(root / "instance"), "WTF_CSRF_ENABLED": False,
    })
    Base.metadata.create_all(app.extensions["minutes_database"].write_engine)
    return app


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = make_app(tmp_path_factory.mktemp("demo"))
    with app.app_context():
        session = database().session()
        assert county.load_demo_county(session, Path(app.config["FILE_STORE_DIR"])) is True
        session.commit()
        # As `flask seed-demo` does: the Gemeinde served by the county, as the second body.
        assert municipality.load_demo_municipality(session, Path(app.config["FILE_STORE_DIR"])) is True
        session.commit()
        session.close()
    yield app
    app.extensions["minutes_database"].dispose()


@pytest.fixture
def db(demo_app: Flask) -> Iterator[Session]:
    """A read-only session on the demo database."""
    with demo_app.app_context():
        session = database().session(read_only=True)
        yield session
        session.close()


def counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        session = database().session(read_only=True)
        try:
            return {m.__name__: session.scalar(select(func.count()).select_from(m)) or 0 for m in COUNTED}
        finally:
            session.close()


def of_type(session: Session, kind: OrganizationType) -> list[Organization]:
    return list(session.scalars(select(Organization).where(Organization.organization_type == kind)))


def test_county_has_committees_departments_factions_and_members(db: Session) -> None:
    committees = {o.name for o in of_type(db, OrganizationType.COMMITTEE)}
    assert len(committees) >= 6
    assert {"Kreistag", "Kreisausschuss", "Ausschuss für Arbeit und Soziales", "Jugendhilfeausschuss"} <= committees
    departments = of_type(db, OrganizationType.DEPARTMENT)
    assert len(departments) >= 5
    assert any(d.name == "Jobcenter Landkreis Lindenau" and d.parent is not None for d in departments)
    assert len(of_type(db, OrganizationType.FACTION)) >= 4
    assert db.scalar(select(func.count()).select_from(Person)) >= 60
    assert db.scalar(select(func.count()).where(Person.affix == "KTA")) >= 40
    roles = set(db.scalars(select(Membership.role)))
    # The county uses every committee role; the municipal roles (Bürgermeister/in, Ortsvorsteher/in, …)
    # and Sachkundige Bürger/innen came with real records (issue 11) and are not part of this county.
    assert roles == {MembershipRole.CHAIR, MembershipRole.VICE_CHAIR, MembershipRole.MEMBER,
                     MembershipRole.DEPUTY_MEMBER, MembershipRole.ADVISORY}
    on_behalf = db.scalars(select(Membership).where(Membership.on_behalf_of_id.is_not(None))).all()
    assert on_behalf and all(m.on_behalf_of.organization_type is OrganizationType.FACTION for m in on_behalf)
    assert db.scalar(select(func.count()).where(Membership.end_date.is_not(None))) > 0  # a member left the Kreistag
    body = county.demo_body(db)
    assert body is not None and body.contact_email and "Landkreis Lindenau" in body.imprint_text
    assert "Barrierefreiheit" in body.accessibility_text and "Datenschutz" in body.privacy_text


def test_papers_cover_every_state_with_consistent_numbers(db: Session) -> None:
    papers = db.scalars(select(Paper)).all()
    assert len(papers) >= 150
    assert {p.state for p in papers} == set(PaperState)
    assert any(not p.public for p in papers)
    references = [p.reference for p in papers]
    assert len(set(references)) == len(references)
    numbers = Counter((p.body_id, p.reference_year) for p in papers)
    for counter in db.scalars(select(PaperReferenceCounter)):
        # Per body and year: the next Vorlage continues without a gap.
        assert counter.last_number == numbers[counter.body_id, counter.year]
    text = " ".join(f"{p.name} {p.reasoning} {p.resolution_proposal}" for p in papers)
    for word in ("Sicherheitskonzept", "Sicherheitspaten", "Eingliederungsmanagement", "Ausbildungsplatzbörse",
                 "Schulungen"):
        assert text.count(word) >= 2, word
    assert any("## I. Ausgangssituation" in p.reasoning and "\n- " in p.reasoning for p in papers)
    assert all(p.consultations for p in papers)
    completed = [p for p in papers if p.state is PaperState.COMPLETED]
    assert all(p.authoritative_consultation.result.is_final for p in completed)  # type: ignore[union-attr]


def test_signatures_cover_the_current_content(db: Session) -> None:
    frozen = db.scalars(select(Paper).where(Paper.state != PaperState.DRAFT)).all()
    for paper in frozen:
        snapshot = db.scalar(select(PaperVersion).where(PaperVersion.paper_id == paper.id,
                                                        PaperVersion.version == paper.version))
        assert snapshot is not None and snapshot.content_hash == paper_versions.current_hash(paper)
        signed = [s for s in paper.sign_offs if s.paper_version == paper.version and s.state is SignOffState.SIGNED]
        assert all(s.content_hash == snapshot.content_hash and s.signed_by_id for s in signed)
    in_sign_off = [p for p in frozen if p.state is PaperState.IN_SIGN_OFF]
    assert any(any(s.state is SignOffState.SIGNED for s in p.sign_offs) for p in in_sign_off)
    assert all(any(s.state is SignOffState.OPEN for s in p.sign_offs) for p in in_sign_off)
    assert db.scalar(select(func.count()).where(SignOff.state == SignOffState.VOID)) > 0  # a reworked Vorlage
    returned = db.scalars(select(Paper).where(Paper.return_comment != "")).all()
    assert returned and all(p.state is PaperState.DRAFT for p in returned)


def test_meetings_span_two_years_with_agendas_and_minutes(db: Session) -> None:
    now = datetime.now(UTC)
    meetings = db.scalars(select(Meeting).order_by(Meeting.start_time)).all()
    assert meetings[0].start_time < now - timedelta(days=700)
    assert meetings[-1].start_time > now + timedelta(days=30)
    states = Counter(m.state for m in meetings)
    assert states[MeetingState.HELD] >= 60 and states[MeetingState.INVITED] >= 1 and states[MeetingState.PLANNED] >= 1
    for meeting in meetings:
        orders = [i.order for i in meeting.agenda_items]
        assert len(orders) == len(set(orders))
        parts = [i.public for i in meeting.agenda_items]
        assert parts == sorted(parts, reverse=True)  # public part first
        if meeting.state is MeetingState.HELD:
            assert meeting.invitation_sent_at is not None and meeting.minutes is not None
            assert meeting.agenda_items[0].number == "Ö 1" and meeting.agenda_items[0].name.startswith("Eröffnung")
    minutes_states = set(db.scalars(select(Minutes.state)))
    assert minutes_states == set(MinutesState)
    approved = db.scalars(select(Minutes).where(Minutes.state == MinutesState.APPROVED)).all()
    assert all(m.approved_in_agenda_item.name.startswith("Genehmigung der Niederschrift") for m in approved)  # type: ignore[union-attr]
    hidden = db.scalars(select(AgendaItem).where(AgendaItem.public.is_(False), AgendaItem.result.is_not(None))).all()
    assert hidden and any(i.public_name == "Grundstücksangelegenheit" for i in hidden)
    voted = db.scalars(select(AgendaItem).where(AgendaItem.votes_yes.is_not(None))).all()
    assert any(i.unanimous for i in voted) and any(i.votes_no for i in voted)
    assert any("KTA " in i.minutes_text and " antwortet, dass " in i.minutes_text for i in voted)
    assert db.scalar(select(func.count()).select_from(Attendance)) > 1000


def test_attachments_are_real_docx_files_in_the_store(demo_app: Flask, db: Session) -> None:
    stored = db.scalars(select(File)).all()
    assert len(stored) >= 20
    assert any(not f.public for f in stored)
    for record in stored[:5]:
        blob = files.blob_path(demo_app.config["FILE_STORE_DIR"], record.storage_key).read_bytes()
        assert blob.startswith(b"PK") and hashlib.sha256(blob).hexdigest() == record.sha256
        assert record.size == len(blob) and record.media_type == files.DOCX.media_type and record.text


def test_demo_accounts_sign_in_with_demo_and_hold_their_roles(demo_app: Flask, db: Session) -> None:
    for login, role in DEMO_ROLES.items():
        client = demo_app.test_client()
        response = client.post("/anmelden", data={"login": login, "password": "demo"})
        assert response.status_code == 302, login
        user = db.scalars(select(User).where(User.login == login)).one()
        assert role in user.roles
    users = {u.login: u for u in db.scalars(select(User).where(User.login.in_(DEMO_ROLES)))}
    assert {"Kreistag", "Ausschuss für Arbeit und Soziales"} <= {c.name for c in users["schriftfuehrung"].committees}
    assert users["sachbearbeitung"].department.name == "Jobcenter Landkreis Lindenau"  # type: ignore[union-attr]
    member = users["mitglied"].person
    assert member is not None
    committees = {m.organization.name for m in member.memberships if m.organization.is_committee}
    assert 2 <= len(committees) <= 4 and "Kreistag" in committees
    holders = db.scalars(select(SignOffPositionHolder).where(SignOffPositionHolder.user_id == users["zeichnung"].id))
    assert {h.is_deputy for h in holders} == {False, True}


def test_signer_finds_waiting_vorlagen_in_the_inbox(demo_app: Flask, db: Session) -> None:
    client = demo_app.test_client()
    assert client.post("/anmelden", data={"login": "zeichnung", "password": "demo"}).status_code == 302
    page = client.get("/intern/zeichnung/").get_data(as_text=True)
    waiting = db.scalars(select(Paper).where(Paper.state == PaperState.IN_SIGN_OFF)).all()
    assert sum(html.escape(p.name, quote=False) in page for p in waiting) >= 2


def test_portal_shows_public_vorlagen_and_hides_non_public_ones(demo_app: Flask, db: Session) -> None:
    client = demo_app.test_client()
    public = db.scalars(select(Paper).where(Paper.state == PaperState.COMPLETED, Paper.public.is_(True))).first()
    hidden = db.scalars(select(Paper).where(Paper.public.is_(False))).first()
    assert public is not None and hidden is not None
    response = client.get(f"/vorlagen/{public.id}")
    assert response.status_code == 200 and html.escape(public.name, quote=False) in response.get_data(as_text=True)
    assert client.get(f"/vorlagen/{hidden.id}").status_code == 404


def test_loading_twice_does_not_duplicate(demo_app: Flask) -> None:
    before = counts(demo_app)
    with demo_app.app_context():
        session = database().session()
        assert county.load_demo_county(session) is False
        session.rollback()
        session.close()
    runner = demo_app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "bereits vorhanden" in result.output
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0 and "enthält bereits Daten" in result.output
    assert counts(demo_app) == before


def test_seed_demo_with_scale_adds_synthetic_vorlagen(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    try:
        result = app.test_cli_runner().invoke(args=["seed-demo", "--scale", "300"])
        assert result.exit_code == 0, result.output
        assert "Demo-Landkreis geladen." in result.output and "300 synthetische Vorlagen erzeugt." in result.output
        with app.app_context():
            session = database().session()
            archive_year = datetime.now(UTC).year - 3
            archive = select(Paper).where(Paper.reference_year <= archive_year)
            assert len(session.scalars(archive).all()) == 300
            assert synthetic.generate(session, 300) == 300  # a second run continues the numbers
            papers = session.scalars(archive).all()
            assert len(papers) == 600 and len({p.reference for p in papers}) == 600
            numbers = Counter(p.reference_year for p in papers)
            counters = {c.year: c.last_number for c in session.scalars(select(PaperReferenceCounter))}
            assert all(counters[year] == count for year, count in numbers.items())
            sample = papers[::50]
            assert all(len(p.reasoning.split()) >= 80 and p.consultations for p in sample)
            for paper in sample:
                item = paper.consultations[-1].agenda_item
                assert item is not None and item.result is not None
                assert item.meeting.minutes is not None and item.meeting.minutes.state is MinutesState.APPROVED
            session.close()
    finally:
        app.extensions["minutes_database"].dispose()


def test_demo_signer_can_take_the_demo_editors_vorlagen_through_the_whole_chain(db: Session) -> None:
    from minutes_app.models import SignOffChain, User

    editor = db.scalar(select(User).where(User.login == "sachbearbeitung"))
    chains = db.scalars(select(SignOffChain)).all()
    chain = next(ch for ch in chains if any(rule.department_id == editor.department_id for rule in ch.rules))
    for position in chain.positions:
        assert "zeichnung" in {holder.user.login for holder in position.holders}, position.title


def test_second_body_has_its_own_portal_numbers_letterhead_and_accounts(demo_app: Flask, db: Session) -> None:
    from minutes_app.models import SignOffChain

    gemeinde = municipality.demo_municipality(db)
    lindenau = county.demo_body(db)
    assert gemeinde is not None and lindenau is not None and lindenau.id < gemeinde.id
    assert (lindenau.slug, gemeinde.slug) == ("lindenau", "birkenfelde")
    references = db.scalars(select(Paper.reference).where(Paper.body_id == gemeinde.id)).all()
    year = datetime.now(UTC).year
    assert len(references) == 6 and all(r.startswith(f"BF/{year}/") or r.startswith(f"BF/{year - 1}/") for r in references)
    assert gemeinde.letterhead_file is not None and lindenau.letterhead_file is None
    assert gemeinde.minutes_publication is not lindenau.minutes_publication
    assert {c.name for c in db.scalars(select(SignOffChain).where(SignOffChain.body_id == gemeinde.id))}
    client = demo_app.test_client()
    start = client.get("/").get_data(as_text=True)
    assert 'href="/birkenfelde/"' in start and 'href="/lindenau/"' in start
    portal = client.get("/birkenfelde/sitzungen?von=2000-01-01").get_data(as_text=True)
    assert "Gemeindevertretung Birkenfelde" in portal and "Kreistag" not in portal
    papers_page = client.get("/birkenfelde/vorlagen").get_data(as_text=True)
    assert "Bebauungsplan Nr. 7" in papers_page and "Grundstücksangelegenheit Flurstück" not in papers_page
    plan = db.scalars(select(Paper).where(Paper.body_id == gemeinde.id, Paper.name.like("Bebauungsplan%"))).one()
    document = client.get(f"/birkenfelde/vorlagen/{plan.id}.docx")
    assert document.status_code == 200 and b"Birkenfelde" in zipfile_text(document.get_data())
    assert client.get(f"/vorlagen/{plan.id}").status_code == 404  # the first body's address
    for login in ("gemeinde-admin", "gemeinde-schrift"):
        user = db.scalars(select(User).where(User.login == login)).one()
        assert [b.id for b in user.bodies] == [gemeinde.id]
        staff = demo_app.test_client()
        assert staff.post("/anmelden", data={"login": login, "password": "demo"}).status_code == 302
        assert "Gemeinde Birkenfelde" in staff.get("/intern/").get_data(as_text=True)
    output = demo_app.test_cli_runner().invoke(args=["welcome"]).output
    assert "gemeinde-admin" in output and "/birkenfelde/" in output


def test_if_empty_adds_the_gemeinde_to_a_demo_database_from_before(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    try:
        with app.app_context():
            session = database().session()
            assert county.load_demo_county(session) is True
            session.commit()
            session.close()
        result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
        assert result.exit_code == 0 and "Demo-Gemeinde Gemeinde Birkenfelde ergänzt" in result.output
        again = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
        assert again.exit_code == 0 and "ergänzt" not in again.output
        with app.app_context():
            session = database().session(read_only=True)
            assert municipality.demo_municipality(session) is not None
            session.close()
    finally:
        app.extensions["minutes_database"].dispose()


def zipfile_text(data: bytes) -> bytes:
    """All XML parts of a DOCX, concatenated."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist() if name.endswith(".xml"))


@pytest.mark.parametrize("today", [(2026, 12, 5, 0, 45), (2027, 2, 17, 9, 0)])
def test_the_schriftfuehrung_account_has_a_niederschrift_to_write_whatever_the_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: tuple[int, ...]
) -> None:
    # On 5 December 2026 its committees had last met 16 days before: every draft belonged to another recorder.
    from minutes_app.demo import schedule
    from minutes_app.services.permissions import Permission, can

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):  # datetime's own signature
            return datetime(*today, tzinfo=schedule.LOCAL).astimezone(tz)

    monkeypatch.setattr(county, "datetime", Frozen)
    app = make_app(tmp_path)
    with app.app_context():
        session = database().session()
        assert county.load_demo_county(session, Path(app.config["FILE_STORE_DIR"])) is True
        session.commit()
        secretary = session.scalars(select(User).where(User.login == "schriftfuehrung")).one()
        drafts = session.scalars(select(Minutes).where(Minutes.state == MinutesState.DRAFT)).all()
        assert [d for d in drafts
                if d.recorder_id == secretary.id and can(secretary, Permission.MINUTES_WRITE, d.meeting)]
        session.close()
    app.extensions["minutes_database"].dispose()
