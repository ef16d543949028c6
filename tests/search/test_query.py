"""Query syntax, filters, facets, highlighting, sorting, paging and suggestions on a small index."""
from __future__ import annotations

from datetime import date

import pytest

from minutes_app.search import Filters
from minutes_app.search.query import highlight, matchers, parse
from tests.search.conftest import doc

DOCS = (
    doc("paper:1", "Sanierung der Turnhalle in Preetz", "Die Kosten der Sanierung betragen 400.000 Euro.",
        committee=["1"], type="resolution", result=["adopted"], date=date(2016, 4, 1), reference="208/2016"),
    doc("paper:2", "Radweg nach Preetz", "Der Radweg wird saniert. Die Turnhalle bleibt geschlossen.",
        committee=["2"], type="communication", result=["rejected"], date=date(2018, 6, 1), reference="12/2018"),
    doc("agenda_item:3", "Kosten der Unterkunft", "Die Kosten für die Unterkunft steigen.",
        committee=["1"], type="agenda_item", result=["adopted"], date=date(2020, 2, 3)),
    doc("meeting:4", "Sitzung des Schulausschusses", "Schulausschuss, Kreishaus Plön", committee=["3"],
        type="meeting", date=date(2021, 9, 9)),
    doc("paper:5", "Kita-Bedarfsplanung", "Krippenplätze und Kitaplätze in Plön, Vorlage 208/2016 wird ergänzt.",
        committee=["3"], type="resolution", date=date(2022, 1, 1), reference="7/2022"),
)


@pytest.fixture
def index(make_index):
    return make_index(*DOCS)


def ids(index, text, **kw):
    return [h.id for h in index.search(text, **kw).hits]


def test_all_words_are_required(index):
    assert ids(index, "Radweg Turnhalle") == ["paper:2"]
    assert ids(index, "Radweg Kita") == []


def test_quoted_phrase_matches_only_the_exact_word_order(index):
    assert ids(index, '"Kosten der Unterkunft"') == ["agenda_item:3"]
    assert ids(index, '"Unterkunft Kosten"') == []


def test_prefix_search(index):
    assert set(ids(index, "Sanier*")) == {"paper:1", "paper:2"}
    assert ids(index, "Schulaus*") == ["meeting:4"]
    assert ids(index, "Krip*") == ["paper:5"]


def test_or_and_exclusion(index):
    assert set(ids(index, "Radweg OR Kita")) == {"paper:2", "paper:5"}
    assert set(ids(index, "Preetz -Radweg")) == {"paper:1"}
    assert set(ids(index, "-Preetz")) == {"agenda_item:3", "meeting:4", "paper:5"}


def test_reference_number_finds_that_vorlage_first(index):
    assert ids(index, "208/2016") == ["paper:1", "paper:5"]


@pytest.mark.parametrize("text", ['"', '"Kosten der', "-", "OR", "Radweg OR", "* ** ***", "((((", "a" * 600,
                                  "208/", "/2016", "Kosten -", '-"', "\x00", "ODER ODER Radweg"])
def test_malformed_queries_never_raise(index, text):
    results = index.search(text)
    assert results.total >= 0


def test_filters_committee_type_result_and_date(index):
    assert set(ids(index, "Kosten", filters=Filters(committee="1"))) == {"paper:1", "agenda_item:3"}
    assert ids(index, "Preetz", filters=Filters(type="communication")) == ["paper:2"]
    assert ids(index, "Preetz", filters=Filters(result="adopted")) == ["paper:1"]
    in_2018 = Filters(date_from=date(2018, 1, 1), date_to=date(2018, 12, 31))
    assert ids(index, "Preetz", filters=in_2018) == ["paper:2"]
    assert set(ids(index, "", filters=Filters(committee="3"))) == {"meeting:4", "paper:5"}


def test_facet_counts_for_committee_type_and_year(index):
    facets = index.search("Preetz OR Plön").facets
    assert dict(facets["committee"]) == {"1": 1, "2": 1, "3": 2}
    assert dict(facets["type"]) == {"resolution": 2, "communication": 1, "meeting": 1}
    assert dict(facets["year"]) == {"2016": 1, "2018": 1, "2021": 1, "2022": 1}


def test_sort_by_date_and_pagination(index):
    newest_first = ids(index, "Preetz OR Plön", sort="date")
    assert newest_first == ["paper:5", "meeting:4", "paper:2", "paper:1"]
    page2 = index.search("Preetz OR Plön", sort="date", page=2, per_page=3)
    assert [h.id for h in page2.hits] == ["paper:1"] and page2.pages == 2 and page2.total == 4


def test_highlighting_marks_exact_stemmed_split_and_prefix_hits_and_escapes():
    text = "Das Sicherheitskonzept <b> regelt die Sicherheit und Schulungen & mehr."
    html = str(highlight(text, matchers(parse("Sicherheit Schulung"))))
    assert "<mark>Sicherheitskonzept</mark>" in html and "<mark>Sicherheit</mark>" in html
    assert "<mark>Schulungen</mark>" in html
    assert "&lt;b&gt;" in html and "&amp;" in html and "<b>" not in html
    assert "<mark>Sicherheitskonzept</mark>" in str(highlight(text, matchers(parse("Konz*"))))


def test_hits_carry_highlighted_title_and_snippet(index):
    loaded = {d["id"]: d for d in DOCS}
    results = index.search("Turnhalle", load=lambda ids_: {i: loaded.get(i) for i in ids_})
    assert "<mark>Turnhalle</mark>" in str(results.hits[0].title_html)
    assert "<mark>Turnhalle</mark>" in str(results.hits[1].snippet)


def test_loader_drops_hits_that_are_gone(index):
    results = index.search("Preetz", load=lambda ids_: dict.fromkeys(ids_))
    assert results.hits == [] and results.total == 0


def test_did_you_mean_when_nothing_is_found(index):
    results = index.search("Turnhale")
    assert results.total == 0 and results.suggestion == "turnhalle"
    assert index.search("Radwgg Preetz").suggestion == "radweg Preetz"
    assert index.search("Turnhalle").suggestion is None


def test_empty_query_without_filters_searches_nothing(index):
    results = index.search("   ")
    assert results.total == 0 and results.hits == []
