"""``flask oparl-import`` on a generated body, from a real local HTTP server and from a folder."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from minutes_app.models import (
    AgendaItem,
    AgendaItemResult,
    AuditEvent,
    Body,
    Consultation,
    File,
    Meeting,
    MeetingState,
    Membership,
    Organization,
    OrganizationType,
    Paper,
    PaperState,
    PaperType,
    Person,
)

from .body_fixture import LATER, build, delete_paper, save_folder, serving
from .importing import by_oparl_id, count, run_import

FOLDER_BASE = "https://ris.lindenau.example/oparl"


@pytest.fixture(autouse=True)
def quick_retries(app):
    """Retries wait 0.05 s, 0.1 s, … instead of 1 s, 2 s, … (the backoff itself is what is tested)."""
    app.config["OPARL_IMPORT_BACKOFF"] = 0.05


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    """The body saved as a crawler saves it."""
    folder = tmp_path / "dump"
    save_folder(build(FOLDER_BASE), folder)
    return folder


def _check_imported(session, base: str) -> None:
    body = session.scalar(select(Body))
    assert body.name == "Landkreis Lindenau" and body.ags == "03455014" and body.oparl_id == f"{base}/body/1"
    committee = by_oparl_id(session, Organization, f"{base}/organization/2")
    assert committee.name == "Ausschuss für Schule und Kultur"
    assert committee.organization_type is OrganizationType.COMMITTEE
    assert committee.parent_id == by_oparl_id(session, Organization, f"{base}/organization/1").id
    keller = by_oparl_id(session, Person, f"{base}/person/1")
    assert (keller.title, keller.given_name, keller.family_name) == ("Dr.", "Anna", "Keller")
    chair = by_oparl_id(session, Membership, f"{base}/membership/1")
    assert chair.start_date == date(2021, 11, 1) and chair.on_behalf_of.name == "SPD-Fraktion"

    neubau = by_oparl_id(session, Paper, f"{base}/paper/1")
    assert (neubau.reference, neubau.date, neubau.paper_type) == ("2024/001", date(2024, 1, 10), PaperType.RESOLUTION)
    assert neubau.recorded_after_the_fact and neubau.state is PaperState.COMPLETED
    assert [c.organization.name for c in neubau.consultations] == ["Ausschuss für Schule und Kultur", "Kreistag"]
    antrag = by_oparl_id(session, Paper, f"{base}/paper/2")  # an OParl 1.0 object
    assert antrag.paper_type is PaperType.MOTION and antrag.related_papers == [neubau]
    assert [o.name for o in antrag.originator_organizations] == ["SPD-Fraktion"]

    kreistag = by_oparl_id(session, Meeting, f"{base}/meeting/2")
    assert kreistag.state is MeetingState.HELD and kreistag.recorded_after_the_fact
    assert kreistag.minutes is not None
    first, second, third = kreistag.agenda_items
    assert (first.number, first.result, first.result_wording) == ("Ö 1", AgendaItemResult.ADOPTED,
                                                                  "Unverändert beschlossen")
    assert first.consultation.paper_id == neubau.id
    assert second.result is AgendaItemResult.REJECTED and second.consultation.paper_id == antrag.id
    assert third.public is False

    ausschuss = by_oparl_id(session, Meeting, f"{base}/meeting/1")
    # The pseudo items "A Öffentliche Sitzung"/"B Nichtöffentliche Sitzung" became the public flags.
    assert [(i.name, i.public) for i in ausschuss.agenda_items] == [
        ("Eröffnung und Begrüßung", True), ("Neubau der Grundschule Lindenau", True),
        ("Grundstücksangelegenheit Flur 7", False)]
    assert ausschuss.location.description == "Kreishaus, Saal 1"
    # The Niederschrift delivered as an attachment is the meeting's results protocol.
    assert ausschuss.results_protocol_file.name == "Niederschrift öffentlicher Teil"


def test_folder_import_stores_the_history_and_reports_it(app, session, dump):
    result = run_import(app, str(dump))
    _check_imported(session, FOLDER_BASE)
    report = result.stdout
    assert "OParl-Import: Wahlperioden 1, Gremien/Organisationen 4" in result.stderr  # the progress line
    assert "– fertig." in result.stderr and "fertig" not in report
    assert "Vorlagen: 3 neu" in report and "Sitzungen: 2 neu" in report and "Tagesordnungspunkte: 6 neu" in report
    for quirk in ("pseudo-tagesordnungspunkt", "order-als-text", "ags-ohne-fuehrende-null", "oparl-1.0-typ",
                  "niederschrift-als-anlage", "text-mit-zeilenumbruch"):
        assert quirk in report
    assert f"{FOLDER_BASE}/person/999 (genannt in {FOLDER_BASE}/paper/2) fehlt in der Quelle" in report
    assert session.scalar(select(AuditEvent).where(
        AuditEvent.action == "oparl.imported", AuditEvent.object_type == "Paper")).summary.endswith(
        "nachträglich erfasst (OParl-Import)")


def test_http_import_walks_every_page_and_fetches_the_files(app, session):
    with serving() as server:
        result = run_import(app, f"{server.base}/system")
        _check_imported(session, server.base)
        assert any("page=2" in r for r in server.requests)  # lists of two per page were followed
    assert "Dateien: 2 neu" in result.stdout
    stored = by_oparl_id(session, File, f"{server.base}/file/vorlage-2024-001")
    assert stored.media_type == "application/pdf" and "Dreifeldturnhalle" in stored.text


def test_second_run_changes_nothing(app, session, dump):
    run_import(app, str(dump))
    rows = {m: count(session, m, deleted=True) for m in (Paper, Meeting, AgendaItem, Consultation, File, Person)}
    modified = {p.id: p.modified for p in session.scalars(select(Paper))}
    audit_rows = count(session, AuditEvent)
    second = run_import(app, str(dump)).stdout
    imported = second.split("Repariert")[0]
    assert " neu" not in imported and "aktualisiert" not in imported and "gelöscht" not in imported
    assert "Vorlagen: 3 unverändert" in second  and "Suchindex unverändert" in second
    assert {m: count(session, m, deleted=True) for m in rows} == rows
    assert {p.id: p.modified for p in session.scalars(select(Paper))} == modified
    assert count(session, AuditEvent) == audit_rows


def test_one_bad_meeting_is_skipped_whole_and_the_rest_goes_in(app, session, dump):
    report = run_import(app, str(dump)).stdout
    broken = f"{FOLDER_BASE}/meeting/3"
    assert f"Sitzungen: {broken}: nicht importiert, nichts davon gespeichert" in report
    assert by_oparl_id(session, Meeting, broken) is None
    assert by_oparl_id(session, AgendaItem, f"{FOLDER_BASE}/agendaItem/31") is None  # not half a meeting
    assert count(session, Meeting) == 2


def test_deleted_objects_are_soft_deleted(app, session, tmp_path):
    corpus = build(FOLDER_BASE)
    save_folder(corpus, tmp_path / "v1")
    run_import(app, str(tmp_path / "v1"))
    gone = delete_paper(corpus, "2024/003")
    save_folder(corpus, tmp_path / "v2")
    report = run_import(app, str(tmp_path / "v2")).stdout
    assert "Vorlagen: 2 unverändert, 1 gelöscht" in report
    paper = by_oparl_id(session, Paper, gone)
    assert paper.deleted and count(session, Paper) == 2
    assert "Vorlage als gelöscht markiert" in session.scalar(select(AuditEvent.summary).where(
        AuditEvent.action == "soft_deleted"))


def test_since_fetches_only_modified_objects_with_modified_since(app, session):
    with serving() as server:
        run_import(app, f"{server.base}/system")
        paper = server.corpus.lists["papers"][0]
        paper["name"] = "Neubau der Grundschule Lindenau mit Mensa"
        paper["modified"] = LATER
        gone = delete_paper(server.corpus, "2024/003")
        server.requests.clear()
        report = run_import(app, f"{server.base}/system", "--since", "2024-05-01T00:00:00+02:00").stdout
        list_requests = [r for r in server.requests if "/body/1/" in r]
    assert list_requests and all("modified_since=2024-05-01T00%3A00%3A00%2B02%3A00" in r for r in list_requests)
    assert "Vorlagen: 1 aktualisiert, 1 gelöscht" in report and "Sitzungen" not in report.split("Repariert")[0]
    assert by_oparl_id(session, Paper, paper["id"]).name == "Neubau der Grundschule Lindenau mit Mensa"
    assert by_oparl_id(session, Paper, gone).deleted


def test_since_in_a_folder_compares_modified(app, session, tmp_path):
    corpus = build(FOLDER_BASE)
    save_folder(corpus, tmp_path / "v1")
    run_import(app, str(tmp_path / "v1"))
    corpus.lists["meetings"][1]["name"] = "3. Sitzung des Kreistages (Haushalt)"
    corpus.lists["meetings"][1]["modified"] = LATER
    save_folder(corpus, tmp_path / "v2")
    report = run_import(app, str(tmp_path / "v2"), "--since", "2024-05-01").stdout
    assert "Sitzungen: 1 aktualisiert" in report and "Vorlagen" not in report.split("Repariert")[0]


def test_retries_after_server_errors_and_timeouts(app, session):
    with serving() as server:
        server.failures["/oparl/body/1/papers"] = 2
        server.slow["/oparl/body/1/meetings"] = 1
        report = run_import(app, f"{server.base}/system", "--timeout", "1").stdout
        assert server.requests.count("/oparl/body/1/papers") == 3
    assert "Vorlagen: 3 neu" in report and "Sitzungen: 2 neu" in report


def test_a_server_that_stays_down_stops_the_run_and_the_next_call_resumes(app, session):
    with serving() as server:
        server.fail_after = 6  # system, bodies, 2 pages of organizations, persons, 1 page of Vorlagen; then 503
        failed = run_import(app, f"{server.base}/system", "--no-files", ok=False)
        assert failed.exit_code == 1 and "ein erneuter Aufruf setzt fort" in failed.output
        assert count(session, Organization) == 4 and count(session, Paper) == 2 and count(session, Meeting) == 0
        # What the interrupted run committed is in the search index, too.
        from minutes_app.search import indexes
        from minutes_app.search.documents import key

        stored = indexes().internal.stored_hashes()
        assert {key("paper", p.id) for p in session.scalars(select(Paper))} <= set(stored)
        server.fail_after = None
        server.requests.clear()
        resumed = run_import(app, f"{server.base}/system", "--no-files")
        assert "Setze einen unterbrochenen Import fort." in resumed.output
        assert not any(r.startswith("/oparl/body/1/organizations") for r in server.requests)
        assert "/oparl/body/1/papers" not in server.requests  # on from the second page
    assert count(session, Meeting) == 2 and count(session, Paper) == 3
    assert "Gremien/Organisationen" not in resumed.stdout.split("Repariert")[0]


def test_files_are_checked_and_their_text_is_searchable_in_the_portal(app, session, client, dump):
    run_import(app, str(dump))
    page = client.get("/suche?q=Dreifeldturnhalle").get_data(as_text=True)
    assert "Neubau der Grundschule Lindenau" in page


def test_no_files_skips_downloads(app, session, dump):
    report = run_import(app, str(dump), "--no-files").stdout
    assert "Dateien nicht geladen (--no-files): 2" in report and count(session, File) == 0


def test_imported_records_appear_in_the_portal_under_their_numbers_and_dates(app, session, client, dump):
    corpus = build(FOLDER_BASE)
    corpus.lists["meetings"][1]["agendaItem"][2]["resolutionText"] = "Frau Muster wird befördert."
    save_folder(corpus, dump)
    run_import(app, str(dump))
    paper = by_oparl_id(session, Paper, f"{FOLDER_BASE}/paper/1")
    vorlage = client.get(f"/vorlagen/{paper.id}").get_data(as_text=True)
    assert "2024/001" in vorlage and "10.01.2024" in vorlage and "Neubau der Grundschule Lindenau" in vorlage
    meeting = by_oparl_id(session, Meeting, f"{FOLDER_BASE}/meeting/2")
    page = client.get(f"/sitzungen/{meeting.id}").get_data(as_text=True)
    assert "01. März 2024" in page and "Der Kreistag beschließt den Neubau" in page
    assert "Frau Muster" not in page
    assert "Frau Muster" not in client.get("/suche?q=Muster").get_data(as_text=True)
    assert client.get("/oparl/v1/agendaItem/%d" % meeting.agenda_items[2].id).get_json().get("resolutionText") is None
    unscheduled = by_oparl_id(session, Paper, f"{FOLDER_BASE}/paper/3")
    assert client.get(f"/vorlagen/{unscheduled.id}").status_code == 404


def test_into_an_existing_body_keeps_its_settings(app, session, factory, dump):
    body = factory.body
    body.slug = "teststadt"
    session.commit()
    run_import(app, str(dump), "--into", "teststadt")
    session.refresh(body)
    assert body.name == "Landkreis Teststadt" and body.oparl_id == f"{FOLDER_BASE}/body/1"
    assert count(session, Body) == 1 and by_oparl_id(session, Paper, f"{FOLDER_BASE}/paper/1").body_id == body.id


def test_bad_sources_get_a_german_message(app, tmp_path):
    missing = run_import(app, str(tmp_path / "gibt-es-nicht"), ok=False)
    assert missing.exit_code == 1 and "weder ein Ordner noch eine http(s)-Adresse" in missing.output
    (tmp_path / "leer").mkdir()
    empty = run_import(app, str(tmp_path / "leer"), ok=False)
    assert "keine Körperschaft" in empty.output
    unknown = run_import(app, str(tmp_path / "leer"), "--into", "nirgendwo", ok=False)
    assert "Kürzel „nirgendwo“ nicht gefunden" in unknown.output


def test_a_folder_with_two_bodies_imports_each_into_its_own(app, session, tmp_path):
    save_folder(build(FOLDER_BASE), tmp_path / "dump" / "lindenau")
    other = "https://ris.birkenfelde.example/oparl"
    save_folder(build(other), tmp_path / "dump" / "birkenfelde")
    chosen = run_import(app, str(tmp_path / "dump"), "--body", f"{other}/body/1").stdout
    assert "Vorlagen: 3 neu" in chosen and count(session, Body) == 1
    run_import(app, str(tmp_path / "dump"))
    bodies = {b.oparl_id: b.id for b in session.scalars(select(Body))}
    assert set(bodies) == {f"{FOLDER_BASE}/body/1", f"{other}/body/1"}
    for base, body_id in ((FOLDER_BASE, bodies[f"{FOLDER_BASE}/body/1"]), (other, bodies[f"{other}/body/1"])):
        meeting = by_oparl_id(session, Meeting, f"{base}/meeting/2")
        assert meeting.organization.body_id == body_id
        assert by_oparl_id(session, Paper, f"{base}/paper/1").body_id == body_id


def test_the_defects_of_real_servers_import_without_a_crash_and_twice_without_change(app, session, tmp_path):
    """The quirk fixtures (objects as real servers sent them) go through the whole command."""
    import shutil

    shutil.copytree(Path(__file__).parent / "fixtures" / "quirks", tmp_path / "echt")
    body = "https://ris.example.de/oparl/1.1/body/1"
    first = run_import(app, str(tmp_path / "echt"), "--body", body, "--no-files").stdout
    assert "Vorlagen: 1 neu" in first and "ags-ohne-fuehrende-null" in first
    assert "das Gremium der Sitzung fehlt in der Quelle" in first
    imported = session.scalar(select(Body).where(Body.oparl_id == body))
    assert imported.ags == "05358016" and imported.name == "Gemeinde Hürtgenwald"
    again = run_import(app, str(tmp_path / "echt"), "--body", body, "--no-files").stdout.split("Repariert")[0]
    assert " neu" not in again and "aktualisiert" not in again


def test_a_file_refused_by_the_upload_checks_is_reported_and_its_vorlage_goes_in(app, session, tmp_path):
    corpus = build(FOLDER_BASE)
    url = corpus.url("files/tarnung.pdf")
    corpus.files[url] = b"MZ\x90\x00 kein PDF, sondern ein Programm"
    corpus.lists["papers"][2]["auxiliaryFile"] = [{
        "id": corpus.url("file/tarnung"), "type": "https://schema.oparl.org/1.1/File", "name": "Anlage",
        "fileName": "tarnung.pdf", "mimeType": "application/pdf", "accessUrl": url}]
    save_folder(corpus, tmp_path / "dump")
    report = run_import(app, str(tmp_path / "dump")).stdout
    assert f"Dateien: {FOLDER_BASE}/file/tarnung: abgelehnt: Ausführbare Dateien" in report
    paper = by_oparl_id(session, Paper, f"{FOLDER_BASE}/paper/3")
    assert paper is not None and paper.files == []
    assert count(session, File) == 2
    blobs = [p for p in Path(app.config["FILE_STORE_DIR"]).rglob("*") if p.is_file()]
    assert len(blobs) == 2  # nothing of the refused file stays behind


def test_an_organization_that_holds_meetings_becomes_a_committee(app, session, tmp_path):
    corpus = build(FOLDER_BASE)
    group = corpus.lists["organizations"][1]
    group.pop("organizationType")
    group.pop("classification")
    group["name"] = "Arbeitsgruppe Schulentwicklung"
    save_folder(corpus, tmp_path / "dump")
    report = run_import(app, str(tmp_path / "dump")).stdout
    assert f"organisation-mit-sitzungen-als-gremium: {group['id']}" in report
    assert by_oparl_id(session, Organization, group["id"]).organization_type is OrganizationType.COMMITTEE
    again = run_import(app, str(tmp_path / "dump")).stdout.split("Repariert")[0]
    assert "aktualisiert" not in again  # the next run keeps it a Gremium and changes nothing


def test_objects_in_no_list_are_fetched_by_their_references(app, session):
    def without_faction_in_list(base: str):
        corpus = build(base)
        faction = corpus.lists["organizations"].pop(2)
        corpus.unlisted[faction["id"]] = faction
        return corpus

    with serving(without_faction_in_list) as server:
        faction_id = f"{server.base}/organization/3"
        report = run_import(app, f"{server.base}/system", "--no-files").stdout
        assert "/oparl/organization/3" in server.requests
    faction = by_oparl_id(session, Organization, faction_id)
    assert faction.name == "SPD-Fraktion" and faction.organization_type is OrganizationType.FACTION
    assert by_oparl_id(session, Membership, f"{server.base}/membership/1").on_behalf_of_id == faction.id
    assert "Gremien/Organisationen: 4 neu" in report
