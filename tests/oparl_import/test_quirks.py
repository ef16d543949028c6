"""Repairs of real OParl server defects: each fixture reproduces a quirk, each test checks value and report."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from minutes_app.oparl_import.quirks import (
    Repair,
    is_pseudo_agenda_item,
    repair_agenda,
    repair_meeting,
    repair_object,
)

FIXTURES = Path(__file__).parent / "fixtures" / "quirks"
V11 = "https://schema.oparl.org/1.1/"


def load(name: str) -> dict:
    """One fixture file as the server sent it."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def quirks(repairs: list[Repair]) -> set[str]:
    return {repair.quirk for repair in repairs}


def by_quirk(repairs: list[Repair], quirk: str) -> list[Repair]:
    return [repair for repair in repairs if repair.quirk == quirk]


# --- OParl 1.0 and 1.1 side by side -------------------------------------------------------------

def test_oparl_1_0_paper_reads_like_its_1_1_twin() -> None:
    old, old_repairs = repair_object(load("paper-oparl-1.0.json"), "Paper")
    new, new_repairs = repair_object(load("paper-oparl-1.1.json"), "Paper")
    assert new_repairs == []
    for field in ("type", "name", "reference", "date", "paperType", "keyword"):
        assert old[field] == new[field], field
    assert old["location"][0]["geojson"] == new["location"][0]["geojson"]
    assert old["consultation"][0]["authoritative"] is False
    assert old["consultation"][0]["organization"] == ["https://ris.example.de/oparl/1.0/organization/3"]
    assert old["mainFile"]["type"] == V11 + "File"
    assert {"oparl-1.0-typ", "text-mit-zeilenumbruch", "text-mit-leerzeichen", "datum-deutsches-format",
            "schlagwort-als-text", "einzelwert-statt-liste", "koordinaten-vertauscht",
            "koordinaten-als-text", "geojson-ohne-feature", "wahrheitswert-als-text",
            "zeitpunkt-mit-sekundenbruchteil"} <= quirks(old_repairs)


def test_repair_does_not_touch_the_input_and_is_idempotent() -> None:
    raw = load("meeting-pseudo-items.json")
    before = copy.deepcopy(raw)
    repaired, _ = repair_object(raw, "Meeting")
    assert raw == before
    again, repairs = repair_object(repaired, "Meeting")
    assert again == repaired
    assert quirks(repairs) <= {"datei-ohne-groesse"}


def test_type_from_bare_name_and_http_schema() -> None:
    bare, repairs = repair_object({"id": "https://x/p/1", "type": "Paper"}, None)
    assert bare["type"] == V11 + "Paper"
    assert quirks(repairs) == {"typ-ohne-schema-url"}
    http, repairs = repair_object({"id": "https://x/p/1", "type": "http://schema.oparl.org/1.0/Paper"}, None)
    assert http["type"] == V11 + "Paper"
    assert quirks(repairs) == {"oparl-1.0-typ"}


# --- deleted stubs ------------------------------------------------------------------------------

def test_deleted_stub_without_type_gets_the_expected_type() -> None:
    stub, second = load("deleted-stubs.json")["data"]
    repaired, repairs = repair_object(stub, "https://schema.oparl.org/1.1/Paper")
    assert repaired == {**stub, "type": V11 + "Paper"}
    assert quirks(repairs) == {"geloeschtes-objekt-ohne-typ"}
    repaired, repairs = repair_object(second, "Paper")
    assert repaired["deleted"] is True
    assert repaired["type"] == V11 + "Paper"
    assert "created" not in repaired
    assert repaired["modified"] == "2014-01-11T09:00:00+01:00"
    assert {"geloeschtes-objekt-ohne-typ", "wahrheitswert-als-text", "leerer-wert",
            "zeitpunkt-ohne-zeitzone"} <= quirks(repairs)


def test_deleted_file_stub_is_not_reported_for_missing_metadata() -> None:
    _, repairs = repair_object({"id": "https://x/f/1", "deleted": True}, "File")
    assert quirks(repairs) == {"geloeschtes-objekt-ohne-typ"}


def test_object_without_type_and_without_expectation_stays_untyped() -> None:
    repaired, repairs = repair_object({"id": "https://x/1", "name": "Rat "}, None)
    assert "type" not in repaired
    assert repaired["name"] == "Rat "
    assert repairs == []


# --- pseudo agenda items, order, Niederschrift --------------------------------------------------

def test_pseudo_items_are_removed_and_set_public() -> None:
    meeting, repairs = repair_meeting(load("meeting-pseudo-items.json"))
    items = meeting["agendaItem"]
    assert [item["name"] for item in items] == [
        "Eröffnung und Feststellung der Beschlussfähigkeit", "Neubau des Recyclinghofs",
        "Grundstücksangelegenheiten", "Personalangelegenheiten"]
    assert [item["public"] for item in items] == [True, True, False, False]
    assert [item["order"] for item in items] == [0, 1, 2, 3]
    assert [item["number"] for item in items] == ["1", "2", "3", "4"]
    removed = by_quirk(repairs, "pseudo-tagesordnungspunkt")
    assert [r.object_id for r in removed] == ["https://ris.example.de/oparl/1.1/agendaitem/70",
                                              "https://ris.example.de/oparl/1.1/agendaitem/73"]
    assert len(by_quirk(repairs, "oeffentlichkeit-aus-pseudo-tagesordnungspunkt")) == 4
    assert {"order-als-text", "order-nicht-eindeutig"} <= quirks(repairs)


def test_niederschrift_and_einladung_leave_the_attachments() -> None:
    meeting, repairs = repair_meeting(load("meeting-pseudo-items.json"))
    assert meeting["resultsProtocol"]["name"] == "Niederschrift öffentlicher Teil"
    assert meeting["invitation"]["fileName"] == "einladung.pdf"
    assert [f["name"] for f in meeting["auxiliaryFile"]] == ["Lageplan Recyclinghof"]
    assert {"niederschrift-als-anlage", "einladung-als-anlage"} <= quirks(repairs)


def test_wortprotokoll_becomes_verbatim_protocol_and_extracts_stay() -> None:
    meeting = {"id": "m", "auxiliaryFile": [
        {"name": "Wortprotokoll der Sitzung", "accessUrl": "https://x/1"},
        {"name": "Auszug aus der Niederschrift TOP 3", "accessUrl": "https://x/2"},
    ]}
    repaired, repairs = repair_meeting(meeting)
    assert repaired["verbatimProtocol"]["accessUrl"] == "https://x/1"
    assert "resultsProtocol" not in repaired
    assert [f["accessUrl"] for f in repaired["auxiliaryFile"]] == ["https://x/2"]
    assert quirks(repairs) == {"wortprotokoll-als-anlage"}


def test_existing_protocol_is_not_replaced() -> None:
    meeting = {"id": "m", "resultsProtocol": {"accessUrl": "https://x/0"},
               "auxiliaryFile": [{"name": "Ergebnisprotokoll", "accessUrl": "https://x/1"}]}
    repaired, repairs = repair_meeting(meeting)
    assert repaired == meeting
    assert repairs == []


def test_two_protocol_candidates_are_left_alone() -> None:
    files = [{"fileName": "Protokoll_Teil1.pdf"}, {"fileName": "Protokoll_Teil2.pdf"}]
    repaired, repairs = repair_meeting({"id": "m", "auxiliaryFile": files})
    assert repaired["auxiliaryFile"] == files
    assert repairs == []


def test_start_after_end_on_the_same_evening_is_swapped() -> None:
    meeting, repairs = repair_meeting(load("meeting-pseudo-items.json"))
    assert (meeting["start"], meeting["end"]) == ("2013-05-02T17:00:00+02:00", "2013-05-02T19:30:00+02:00")
    assert len(by_quirk(repairs, "beginn-nach-ende")) == 1


def test_end_days_before_start_is_dropped() -> None:
    meeting, repairs = repair_meeting(load("meeting-duplicate-order.json"))
    assert meeting["start"] == "2019-03-19T15:30:00+01:00"
    assert "end" not in meeting
    assert by_quirk(repairs, "ende-vor-beginn")[0].object_id == "https://ris.example.de/oparl/1.1/meeting/8"


def test_duplicate_and_float_orders_become_unique_keeping_numbers() -> None:
    meeting, repairs = repair_object(load("meeting-duplicate-order.json"), "Meeting")
    items = meeting["agendaItem"]
    assert [item["order"] for item in items] == [0, 1, 2, 3, 4]
    assert [item["number"] for item in items] == ["1.", "2.", "3.", "4", "Ö 5"]
    assert items[4]["public"] is True
    assert {"order-als-kommazahl", "order-als-text", "order-nicht-eindeutig",
            "oeffentlichkeit-aus-nummer"} <= quirks(repairs)


def test_agenda_is_sorted_by_order_when_the_list_is_not() -> None:
    items = [{"id": "b", "name": "Zweiter", "order": 2}, {"id": "a", "name": "Erster", "order": 1}]
    repaired, repairs = repair_agenda(items)
    assert [(i["id"], i["order"], i["number"]) for i in repaired] == [("a", 0, "1"), ("b", 1, "2")]
    assert {"agenda-umsortiert", "order-nicht-fortlaufend"} == quirks(repairs)
    assert items[0]["order"] == 2


def test_spec_conforming_agenda_is_unchanged() -> None:
    items = [{"id": "a", "name": "Eröffnung", "order": 0, "public": True},
             {"id": "b", "name": "Haushalt", "order": 1, "public": True}]
    assert repair_agenda(items) == (items, [])


@pytest.mark.parametrize(("name", "number", "public"), [
    ("Öffentliche Sitzung", None, True),
    ("A Öffentliche Sitzung", None, True),
    ("Öffentlicher Teil", "I.", True),
    ("- Öffentlicher Teil -", None, True),
    ("B Nichtöffentliche Sitzung", None, False),
    ("Nichtöffentliche Sitzung:", "B", False),
    ("Nicht öffentlicher Teil", None, False),
    ("nicht-öffentlicher Teil der Sitzung", "II", False),
    ("Nichtöffentlich", None, False),
    ("Teil B: Nichtöffentliche Sitzung", None, False),
])
def test_pseudo_item_variants(name: str, number: str | None, public: bool) -> None:
    marker = {"id": "p", "name": name, **({"number": number} if number else {})}
    items, repairs = repair_agenda([marker, {"id": "x", "name": "Bauantrag Flurstück 12", "order": 1}])
    assert [item["id"] for item in items] == ["x"]
    assert items[0]["public"] is public
    assert "pseudo-tagesordnungspunkt" in quirks(repairs)


@pytest.mark.parametrize("name", ["Öffentliche Bekanntmachungen", "Bericht zur nichtöffentlichen Sitzung",
                                  "Nichtöffentliche Sitzung des Jugendhilfeausschusses vom 3. Mai"])
def test_real_items_that_mention_publicity_stay(name: str) -> None:
    items, repairs = repair_agenda([{"id": "x", "name": name, "order": 0}])
    assert items == [{"id": "x", "name": name, "order": 0}]
    assert repairs == []


def test_marker_with_a_consultation_is_a_real_item() -> None:
    item = {"id": "x", "name": "Öffentliche Sitzung", "order": 0, "consultation": "https://x/c/1"}
    assert repair_agenda([item]) == ([item], [])


def test_stated_public_is_not_overridden_by_a_marker() -> None:
    items, _ = repair_agenda([{"name": "B Nichtöffentliche Sitzung", "order": 0},
                              {"id": "x", "name": "Bericht", "order": 1, "public": True}])
    assert items[0]["public"] is True


# --- keys, coordinates, names, files, odd values ------------------------------------------------

def test_ags_and_regionalschluessel_get_their_leading_zero() -> None:
    body, repairs = repair_object(load("body-keys.json"), "Body")
    assert body["ags"] == "05358016"
    assert body["rgs"] == "053580016016"
    assert {"ags-ohne-fuehrende-null", "regionalschluessel-als-zahl",
            "regionalschluessel-ohne-fuehrende-null"} <= quirks(repairs)


def test_ags_with_an_appended_zero_loses_it() -> None:
    body, repairs = repair_object(load("body-ags-extra-digit.json"), "Body")
    assert body["ags"] == "05114000"
    assert quirks(repairs) == {"ags-mit-zusatzziffer"}


def test_invalid_ags_is_kept_and_reported() -> None:
    body, repairs = repair_object({"id": "b", "type": V11 + "Body", "ags": "99123456"}, None)
    assert body["ags"] == "99123456"
    assert quirks(repairs) == {"ags-unlesbar"}


def test_body_names_license_urls_and_embedded_location() -> None:
    body, repairs = repair_object(load("body-keys.json"), "Body")
    assert body["name"] == "Gemeinde Hürtgenwald"
    assert body["shortName"] == "Hürtgenwald"
    assert "license" not in body
    assert body["licenseText"] == "Nutzung nur nach Genehmigung."
    assert body["website"] == "https://www.huertgenwald.de"
    assert body["legislativeTerm"][0]["endDate"] == "2020-05-31"
    assert body["location"]["geojson"]["geometry"]["coordinates"] == [6.3796, 50.7108]
    assert "created" not in body and "modified" not in body
    assert {"text-mit-unsichtbaren-zeichen", "text-mit-leerzeichen", "lizenz-als-freitext", "url-mit-leerzeichen",
            "einzelwert-statt-liste", "datum-deutsches-format", "geojson-als-text", "koordinaten-vertauscht",
            "leerer-wert", "null-wert"} <= quirks(repairs)


def test_coordinates_inside_germany_are_not_swapped() -> None:
    location = {"id": "l", "geojson": {"type": "Feature", "geometry": {"type": "Point", "coordinates": [8.4, 49.0]}}}
    assert repair_object(location, "Location") == ({**location, "type": V11 + "Location"},
                                                   [Repair("objekt-ohne-typ", "l",
                                                           "Objekt ohne Typ als Location übernommen.")])


def test_coordinates_outside_germany_both_ways_stay() -> None:
    geo = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.35, 48.85]}}
    repaired, repairs = repair_object({"id": "l", "type": V11 + "Location", "geojson": geo}, None)
    assert repaired["geojson"] == geo
    assert repairs == []


def test_swapped_polygon_is_turned_round_as_a_whole() -> None:
    ring = [[49.0, 8.4], [49.1, 8.4], [49.1, 8.5], [49.0, 8.4]]
    geo = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}}
    repaired, repairs = repair_object({"id": "l", "type": V11 + "Location", "geojson": geo}, None)
    assert repaired["geojson"]["geometry"]["coordinates"][0][0] == [8.4, 49.0]
    assert geo["geometry"]["coordinates"][0][0] == [49.0, 8.4]
    assert quirks(repairs) == {"koordinaten-vertauscht"}


def test_person_names_with_line_breaks_spaces_and_invisible_characters() -> None:
    person, repairs = repair_object(load("person-names.json"), "Person")
    assert person["name"] == "Dr. Erika Mustermann"
    assert person["familyName"] == "Mustermann"
    assert person["givenName"] == "Erika"
    assert person["title"] == ["Dr."]
    assert person["status"] == ["Ratsmitglied"]
    assert "email" not in person
    membership = person["membership"][0]
    assert membership["votingRight"] is True
    assert membership["startDate"] == "2014-06-01"
    assert membership["type"] == V11 + "Membership"
    assert {"text-mit-unsichtbaren-zeichen", "text-mit-zeilenumbruch", "text-mit-leerzeichen",
            "einzelwert-statt-liste", "leerer-wert", "wahrheitswert-als-text", "datum-mit-uhrzeit",
            "eingebettetes-objekt-ohne-typ"} <= quirks(repairs)


def test_file_without_metadata_gets_what_can_be_inferred() -> None:
    file, repairs = repair_object(load("file-without-metadata.json"), "File")
    assert file["accessUrl"] == file["downloadUrl"]
    assert file["fileName"] == "Protokoll Bauausschuss.docx"
    assert file["name"] == "Protokoll Bauausschuss"
    assert file["mimeType"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert file["date"] == "2013-05-06"
    assert "size" not in file
    assert quirks(repairs) == {"datei-ohne-zugriffs-url", "datei-ohne-dateiname", "datei-ohne-namen",
                               "datei-ohne-mimetyp", "datei-ohne-datum", "datei-ohne-groesse"}


def test_agenda_item_with_odd_values() -> None:
    item, repairs = repair_object(load("agendaitem-spaced-heading.json"), "AgendaItem")
    assert item["name"] == "Anträge"
    assert item["order"] == 12
    assert item["public"] is True
    assert item["start"] == "2013-05-02T00:00:00+02:00"
    assert item["web"] == "https://ris.example.de/to0050.asp?__ksinr=7%20&toplfdnr=99"
    file = item["auxiliaryFile"][0]
    assert file["name"] == 'Antrag "Radweg"'
    assert file["size"] == 20480
    assert file["date"] == "2013-04-29"
    assert file["mimeType"] == "application/pdf"
    assert {"text-gesperrt", "order-als-text", "wahrheitswert-als-text", "zeitpunkt-nur-datum",
            "url-mit-leerzeichen", "einzelwert-statt-liste", "text-mit-html-entitaet", "groesse-als-text",
            "datum-mit-uhrzeit", "datei-mimetyp-unbestimmt"} <= quirks(repairs)


@pytest.mark.parametrize(("raw", "expected", "quirk"), [
    ("2013-05-02 10:00:00", "2013-05-02T10:00:00+02:00", "zeitpunkt-ohne-zeitzone"),
    ("2013-01-15T10:00:00", "2013-01-15T10:00:00+01:00", "zeitpunkt-ohne-zeitzone"),
    ("02.05.2013 19:30 Uhr", "2013-05-02T19:30:00+02:00", "datum-deutsches-format"),
    ("2013-05-02T10:00:00.123+02:00", "2013-05-02T10:00:00+02:00", "zeitpunkt-mit-sekundenbruchteil"),
    ("2013-05-02T10:00:00+0200", "2013-05-02T10:00:00+02:00", "zeitpunkt-format"),
    ("gestern", None, "datum-unlesbar"),
    ("31.02.2013", None, "datum-unlesbar"),
])
def test_date_time_notations(raw: str, expected: str | None, quirk: str) -> None:
    meeting, repairs = repair_object({"id": "m", "type": V11 + "Meeting", "start": raw}, None)
    assert meeting.get("start") == expected
    assert quirk in quirks(repairs)


@pytest.mark.parametrize(("raw", "expected", "quirk"), [
    ("02.05.2013", "2013-05-02", "datum-deutsches-format"),
    ("2.5.2013", "2013-05-02", "datum-deutsches-format"),
    ("2013-05-02 10:00:00", "2013-05-02", "datum-mit-uhrzeit"),
    ("", None, "leerer-wert"),
    ("2013-13-45", None, "datum-unlesbar"),
])
def test_date_notations(raw: str, expected: str | None, quirk: str) -> None:
    paper, repairs = repair_object({"id": "p", "type": V11 + "Paper", "date": raw}, None)
    assert paper.get("date") == expected
    assert quirk in quirks(repairs)


@pytest.mark.parametrize(("raw", "expected", "quirk"), [
    ("false", False, "wahrheitswert-als-text"),
    ("Ja", True, "wahrheitswert-als-text"),
    (0, False, "wahrheitswert-als-text"),
    ("vielleicht", None, "wert-unlesbar"),
])
def test_booleans(raw: object, expected: bool | None, quirk: str) -> None:
    meeting, repairs = repair_object({"id": "m", "type": V11 + "Meeting", "cancelled": raw}, None)
    assert meeting.get("cancelled") is expected
    assert quirks(repairs) == {quirk}


def test_unknown_vendor_fields_pass_untouched() -> None:
    raw = {"id": "p", "type": V11 + "Paper", "Acme:votes": {"yes": "23"}, "Acme:note": "  frei  "}
    assert repair_object(raw, None) == (raw, [])


def test_location_as_plain_text_becomes_a_description() -> None:
    meeting, repairs = repair_object({"id": "m", "type": V11 + "Meeting", "location": "Rathaus, Saal 2"}, None)
    assert meeting["location"]["description"] == "Rathaus, Saal 2"
    assert "ort-als-text" in quirks(repairs)


def test_files_sharing_one_id_get_their_own_and_relative_urls_are_resolved() -> None:
    meeting, repairs = repair_object(load("meeting-shared-file-id.json"), "Meeting")
    ids = [meeting["invitation"]["id"], meeting["resultsProtocol"]["id"], meeting["auxiliaryFile"][0]["id"]]
    base = "https://ris.example.de/oparl/1.1/file/57737"
    assert ids == [base, f"{base}#datei-2", f"{base}#datei-3"]
    assert meeting["resultsProtocol"]["accessUrl"] == "https://ris.example.de/files/protokoll.pdf"
    assert meeting["modified"] == "2012-01-06T12:01:00+01:00"
    assert len(by_quirk(repairs, "datei-id-mehrfach")) == 2
    assert {"relative-url", "aenderungsdatum-fehlt"} <= quirks(repairs)
    again, _ = repair_object(meeting, "Meeting")
    assert again == meeting


def test_person_with_1_0_location_and_german_gender() -> None:
    person, repairs = repair_object(load("person-1.0-location.json"), "Person")
    assert person["gender"] == "male"
    assert person["location"] == "https://ris.example.de/oparl/1.0/location/3"
    assert person["locationObject"]["persons"] == ["https://ris.example.de/oparl/1.0/person/6"]
    assert person["locationObject"]["type"] == V11 + "Location"
    assert {"oparl-1.0-typ", "geschlecht-nicht-englisch", "person-ort-eingebettet", "ortsbezug-einzahl",
            "aenderungsdatum-fehlt"} <= quirks(repairs)


def test_mime_type_with_parameters_and_capitals() -> None:
    file, repairs = repair_object({"id": "https://x/f/1", "type": V11 + "File", "accessUrl": "https://x/f/1.pdf",
                                   "size": 10, "date": "2020-01-01", "fileName": "a.pdf", "name": "A",
                                   "mimeType": "Application/PDF; charset=binary"}, None)
    assert file["mimeType"] == "application/pdf"
    assert quirks(repairs) == {"mimetyp-uneinheitlich"}


def test_pseudo_items_are_recognised_standalone() -> None:
    assert is_pseudo_agenda_item({"name": "B Nichtöffentliche Sitzung", "order": 4})
    assert not is_pseudo_agenda_item({"name": "Grundstücksangelegenheiten", "order": 5})


def test_the_file_named_after_its_role_wins_over_one_that_mentions_it() -> None:
    files = [{"name": "Lageplan, erläutert in der Niederschrift", "accessUrl": "https://x/1"},
             {"name": "Ergebnisprotokoll 12. Sitzung", "accessUrl": "https://x/2"}]
    repaired, repairs = repair_meeting({"id": "m", "auxiliaryFile": files})
    assert repaired["resultsProtocol"]["accessUrl"] == "https://x/2"
    assert [f["accessUrl"] for f in repaired["auxiliaryFile"]] == ["https://x/1"]
    assert quirks(repairs) == {"niederschrift-als-anlage"}


@pytest.mark.parametrize(("state", "cancelled"), [("abgesagt", True), ("Ausgefallen", True), ("eingeladen", None)])
def test_cancellation_only_in_the_meeting_state(state: str, cancelled: bool | None) -> None:
    meeting, repairs = repair_meeting({"id": "m", "meetingState": state})
    assert meeting.get("cancelled") is cancelled
    assert ("absage-nur-im-status" in quirks(repairs)) is bool(cancelled)


def test_embedded_objects_where_references_belong_give_their_id() -> None:
    organization = {"id": "https://x/org/3", "type": V11 + "Organization", "name": "Kreistag"}
    meeting, repairs = repair_object({"id": "https://x/m/1", "type": V11 + "Meeting",
                                      "organization": [organization], "participant": [17]}, None)
    assert meeting["organization"] == ["https://x/org/3"]
    assert meeting["participant"] == []
    assert quirks(repairs) == {"objekt-statt-url", "wert-unlesbar"}


@pytest.mark.parametrize(("raw", "expected", "quirk"), [
    ("www.steinhagen.de", "https://www.steinhagen.de", "url-ohne-schema"),
    ("ratsinfo.erkelenz.de/bi/", "https://ratsinfo.erkelenz.de/bi/", "url-ohne-schema"),
    ("Sitzungsmanagementsystem Session  Copyright SOMACOS GmbH & Co. KG http://www.somacos.de", None,
     "url-als-freitext"),
    (" https://www.krefeld.de ", "https://www.krefeld.de", "url-mit-leerzeichen"),
])
def test_website_urls_as_real_servers_send_them(raw: str, expected: str | None, quirk: str) -> None:
    system, repairs = repair_object({"id": "https://x/oparl", "type": V11 + "System", "website": raw}, None)
    assert system.get("website") == expected
    assert quirks(repairs) == {quirk}


def test_odd_ids_are_kept_as_they_identify_the_object() -> None:
    paper, repairs = repair_object({"id": "paper 17", "type": V11 + "Paper"}, None)
    assert paper["id"] == "paper%2017"
    assert quirks(repairs) == {"url-mit-leerzeichen"}
