"""The German analyzer: folding, stemming with its over-stemming guard, compounds, and precision."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_app.search import analysis
from tests.search.conftest import doc


def index_terms(text: str) -> set[str]:
    """Terms of the exact and the stemmed field together (a stem equal to the word is only in the exact one)."""
    stems = {t.text for t in analysis.StemAnalyzer()(text, mode="index")}
    return stems | {t.text for t in analysis.ExactAnalyzer()(text, mode="index")} - analysis.STOPWORDS


def query_term(word: str) -> str:
    return next(t.text for t in analysis.StemAnalyzer()(word, mode="query"))


@pytest.mark.parametrize("spelling", ["Börse", "Boerse", "borse", "BÖRSE", "BOERSE"])
def test_umlauts_and_their_ascii_spellings_fold_to_one_form(spelling):
    assert analysis.fold(spelling) == "borse"


def test_sharp_s_equals_double_s_and_accents_drop():
    assert analysis.fold("Straße") == analysis.fold("Strasse") == "strasse"
    assert analysis.fold("Café") == "cafe"


@pytest.mark.parametrize("word", ["Steuer", "Bauer", "Quelle", "Feuerwehr"])
def test_real_diphthongs_are_not_taken_for_umlauts(word):
    assert analysis.fold(word) == word.lower()


@pytest.mark.parametrize(("a", "b"), [("Schulung", "Schulungen"), ("Vorlage", "Vorlagen"),
                                      ("Ausschusses", "Ausschuss"), ("Bebauungsplanes", "Bebauungsplan")])
def test_inflected_forms_share_a_stem(a, b):
    assert query_term(a) == query_term(b)


def test_derivational_suffixes_are_kept_so_sicherheit_never_becomes_sich():
    assert query_term("Sicherheit") == "sicherheit"
    assert query_term("Sicherheiten") == "sicherheit"
    assert query_term("Zeitung") != query_term("Zeit")
    assert "sich" not in index_terms("Die Sicherheit im Jobcenter")


@pytest.mark.parametrize(("compound", "parts"), [
    ("Sicherheitskonzept", ("sicherheit", "konzept")),
    ("Sicherheitspaten", ("sicherheit", "paten")),
    ("Eingliederungsmanagement", ("eingliederung", "management")),
    ("Straßenbau", ("strasse", "bau")),
])
def test_compounds_split_into_known_parts_with_the_linking_element_removed(compound, parts):
    assert analysis.split_compound(analysis.fold(compound)) == parts


def test_the_compound_and_its_parts_are_indexed_but_a_query_is_not_split():
    terms = index_terms("Sicherheitskonzept")
    assert {query_term("Sicherheitskonzept"), query_term("Sicherheit"), query_term("Konzept")} <= terms
    assert len(list(analysis.StemAnalyzer()("Sicherheitskonzept", mode="query"))) == 1


@pytest.mark.parametrize("word", ["Urinstinkt", "Beitrag", "Antrag", "Landrat", "Tagung", "Xylofonquatsch", "Amt"])
def test_short_unknown_and_lexicalised_words_are_not_split(word):
    assert analysis.split_compound(analysis.fold(word)) == ()


def test_hyphenated_words_also_give_the_joined_form():
    assert query_term("Jobcenter") in index_terms("Job-Center")


def test_prefix_grams_cover_words_and_compound_parts():
    grams = {t.text for t in analysis.PrefixAnalyzer()("Sicherheitskonzept", mode="index")}
    assert {"sic", "sich", "kon", "konz"} <= grams


def test_precision_sicherheit_does_not_find_reflexive_sich(make_index):
    index = make_index(
        doc("paper:1", "Sicherheitskonzept", "Das Konzept regelt die Sicherheit."),
        doc("paper:2", "Neue Stelle", "Die Mitarbeiter befinden sich in Schulungen und melden sich."),
    )
    assert [h.id for h in index.search("Sicherheit").hits] == ["paper:1"]
    assert [h.id for h in index.search("sich").hits] == ["paper:2"]


def test_umlaut_spellings_find_the_same_documents(make_index):
    index = make_index(doc("paper:1", "Fahrgemeinschaften", "Die Börse für Fahrgemeinschaften"),
                       doc("paper:2", "Radweg", "Ein Radweg"))
    for spelling in ("Börse", "Boerse", "borse"):
        assert [h.id for h in index.search(spelling).hits] == ["paper:1"]


def test_stemming_and_compounds_find_documents(make_index):
    index = make_index(
        doc("paper:1", "Sicherheitskonzept für das Jobcenter", "Sicherheitspaten koordinieren die Hilfe."),
        doc("paper:2", "Eingliederungsmanagement", "Schulungen der Fallmanager im Ausschuss"),
        doc("paper:3", "Vorlagen des Ausschusses", "Bericht über die Vorlage"),
    )
    ids = lambda q: {h.id for h in index.search(q).hits}  # noqa: E731
    assert ids("Sicherheit") == {"paper:1"}
    assert ids("Konzept") == {"paper:1"}
    assert ids("Paten") == {"paper:1"}
    assert ids("Eingliederung") == {"paper:2"}
    assert ids("Schulung") == {"paper:2"}
    assert ids("Vorlage") == {"paper:3"}
    assert ids("Ausschuss") == {"paper:2", "paper:3"}


def test_exact_matches_rank_above_stemmed_and_split_ones(make_index):
    index = make_index(
        doc("paper:1", "Konzept", "Das Sicherheitskonzept des Kreises wurde beraten und beschlossen."),
        doc("paper:2", "Bericht", "Die Sicherheit des Kreises wurde beraten und beschlossen."),
        doc("paper:3", "Bericht", "Die Sicherheiten des Kreises wurden beraten und beschlossen."),
    )
    assert [h.id for h in index.search("Sicherheit").hits] == ["paper:2", "paper:3", "paper:1"]


def _joins_word_by_word(text: str) -> list[str]:
    """The definition: every word of ``WORD_RE`` with a hyphen, joined and folded."""
    return [analysis.fold(m.group().replace("-", "")) for m in analysis.WORD_RE.finditer(analysis.strip_invisible(text))
            if "-" in m.group()]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.text(alphabet="ab-_ 1ÄößØé\u00ad\u200b\u00b2.,\n", max_size=30), min_size=1, max_size=3))
def test_section_terms_are_the_words_of_section_words_and_the_joins_the_hyphenated_words(sections):
    value = analysis.SECTION_BREAK.join(sections)
    assert list(analysis.hyphen_joins(value)) == _joins_word_by_word(value)  # not analysed yet
    terms = analysis.section_terms(value)
    assert terms == [[word for word, _start, _end in words] for words in analysis.section_words(value)]
    assert list(analysis.hyphen_joins(value)) == _joins_word_by_word(value)  # remembered from section_terms


def test_hyphen_joins_of_real_text():
    text = "Das Job-Center und die E-Mail-Adresse; Recycling-\nhof; a_b-c; -x- ; Nord-Süd-Verbindung- -Ende --a-b"
    expected = ["jobcenter", "emailadresse", "bc", "nordsudverbindung", "ab"]
    assert list(analysis.hyphen_joins(text)) == _joins_word_by_word(text) == expected
    analysis.section_terms(text)
    assert list(analysis.hyphen_joins(text)) == expected
