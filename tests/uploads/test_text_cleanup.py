"""Cleaning of extracted document text: hyphenation, soft hyphens, bullets, page furniture, tables."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_app.uploads.text_cleanup import (
    clean_pdf_pages,
    clean_text,
    is_table_row,
    looks_multicolumn,
    looks_tabular,
)


@pytest.mark.parametrize(("raw", "expected"), [
    # Words broken at the line end are joined.
    ("Der Neubau des Recycling-\nhofs wird geprüft.", "Der Neubau des Recyclinghofs wird geprüft."),
    ("Die Kreisverwal-\ntung legt vor.", "Die Kreisverwaltung legt vor."),
    ("Beschluss über die Haushalts-\nsatzung 2026", "Beschluss über die Haushaltssatzung 2026"),
    ("Schüler-\nbeförderung im Landkreis", "Schülerbeförderung im Landkreis"),
    ("Die Straßen-\nausbaubeitrags-\nsatzung wird aufgehoben.", "Die Straßenausbaubeitragssatzung wird aufgehoben."),
    ("der Bürger-\nmeister erläutert,", "der Bürgermeister erläutert,"),
    # Unicode hyphen and the "¬" some producers print at a break.
    ("Flüchtlings\u2010\nunterkunft", "Flüchtlingsunterkunft"),
    ("Kinderbetreuungs¬\nplätze", "Kinderbetreuungsplätze"),
    # Soft hyphens: inside a word invisible, at the line end a break.
    ("Die Audio\u00adaufnahme wird gelöscht.", "Die Audioaufnahme wird gelöscht."),
    ("Die Audio\u00ad\naufnahme wird gelöscht.", "Die Audioaufnahme wird gelöscht."),
    ("Die Audio\u00ad \nAufnahme", "Die AudioAufnahme"),
    # Real hyphens stay: Ergänzungsstrich before und/oder/bzw., compounds with capitals, abbreviations.
    ("Der Haushalts- und Finanzausschuss tagt.", "Der Haushalts- und Finanzausschuss tagt."),
    ("Rückfragen per E-Mail an die Bau-\nund Umweltverwaltung.",
     "Rückfragen per E-Mail an die Bau- und Umweltverwaltung."),
    ("Sport-\noder Kulturvereine", "Sport- oder Kulturvereine"),
    ("Straßen-\nbzw. Wegebau", "Straßen- bzw. Wegebau"),
    ("Antworten per E-\nMail", "Antworten per E-Mail"),
    ("im Rhein-\nNeckar-Kreis", "im Rhein-Neckar-Kreis"),
    ("Zeitraum 2013-\n2014", "Zeitraum 2013-2014"),
    ("das ÖPNV-\nangebot", "das ÖPNV-angebot"),
    ("Die Vorlage - \nwie besprochen - gilt.", "Die Vorlage -\nwie besprochen - gilt."),
    # Bullets from symbol fonts and Unicode bullets become "- ".
    ("\uf0b7\tKosten laut Vorlage", "- Kosten laut Vorlage"),
    ("\uf0a7 Förderung durch das Land", "- Förderung durch das Land"),
    ("\uf076 Zeitplan", "- Zeitplan"),
    ("\uf0d8 Beschlussvorschlag", "- Beschlussvorschlag"),
    ("\uf0fc erledigt", "- erledigt"),
    ("• Ausbau der Radwege\n▪ Sanierung der Brücke", "- Ausbau der Radwege\n- Sanierung der Brücke"),
    ("o Unterpunkt der Liste", "- Unterpunkt der Liste"),
    ("Preis \uf0e0 Angebot", "Preis Angebot"),
    # Page numbers alone on a line are dropped, numbers in the text stay.
    ("Ende der Seite.\n- 3 -\nNächste Seite", "Ende der Seite.\nNächste Seite"),
    ("Text\nSeite 3 von 12\nweiter", "Text\nweiter"),
    ("Text\n– 12 –\nweiter", "Text\nweiter"),
    ("Siehe Seite 3 von 12 der Vorlage.", "Siehe Seite 3 von 12 der Vorlage."),
    ("Anlage 3\n2026", "Anlage 3\n2026"),
    # Spacing: non-breaking and zero-width characters, trailing spaces, runs of blank lines.
    ("Sitzung\u00a0am 3.\u00a0Mai\u200b 2026   \n\n\n\nTOP 2", "Sitzung am 3. Mai 2026\n\nTOP 2"),
])
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected
    assert clean_text(expected) == expected


def test_table_rows_keep_their_columns_and_are_not_joined() -> None:
    raw = ("Haushaltsjahr        Ansatz            Ergebnis\n"
           "2025                 1.200.000 €       1.150.000 €\n"
           "Investitions-        300.000 €         -\n"
           "zuschuss             20.000 €          -")
    assert clean_text(raw) == raw
    assert is_table_row("2025                 1.200.000 €       1.150.000 €")
    assert not is_table_row("Der Kreistag beschließt die Haushaltssatzung.")


def test_layout_indentation_of_prose_is_removed() -> None:
    assert clean_text("        TOP 3 Neubau des Recyclinghofs\n   Der Ausschuss berät.") == (
        "TOP 3 Neubau des Recyclinghofs\nDer Ausschuss berät.")


def _pages(count: int, body: list[str]) -> list[str]:
    return [f"Landkreis Teststadt – Niederschrift KT/2026/4\n{body[n]}\n- {n + 1} -" for n in range(count)]


def test_running_header_is_kept_once_and_page_numbers_go() -> None:
    body = ["TOP 1 Eröffnung", "TOP 2 Haushalt", "TOP 3 Recyclinghof", "TOP 4 Verschiedenes"]
    text = clean_pdf_pages(_pages(4, body))
    assert text == "Landkreis Teststadt – Niederschrift KT/2026/4\n" + "\n".join(body)


def test_running_footer_with_changing_page_number_is_dropped() -> None:
    pages = [f"TOP {n}: Bericht {n}\nDrucksache 2026/0240 – Seite {n} von 5" for n in range(1, 6)]
    assert clean_pdf_pages(pages) == "TOP 1: Bericht 1\nDrucksache 2026/0240 – Seite 1 von 5\n" + "\n".join(
        f"TOP {n}: Bericht {n}" for n in range(2, 6))


def test_lines_repeated_inside_pages_are_content_not_headers() -> None:
    pages = ["Abstimmung: einstimmig\nTOP 1\nAbstimmung: einstimmig\nTOP 2\nAbstimmung: einstimmig"] * 4
    assert clean_pdf_pages(pages).count("Abstimmung: einstimmig") == 12


def test_two_pages_keep_their_headers() -> None:
    pages = ["Einladung Kreistag\nTOP 1", "Einladung Kreistag\nTOP 2"]
    assert clean_pdf_pages(pages) == "Einladung Kreistag\nTOP 1\nEinladung Kreistag\nTOP 2"


def test_a_word_broken_across_pages_is_joined() -> None:
    pages = ["Vorlage 2026/17\nDer Neubau des Recycling-\n3", "Vorlage 2026/17\nhofs wird beschlossen.\n4",
             "Vorlage 2026/17\nEnde\n5"]
    assert clean_pdf_pages(pages) == "Vorlage 2026/17\nDer Neubau des Recyclinghofs wird beschlossen.\nEnde"


def test_two_column_prose_is_recognised_but_a_table_is_not() -> None:
    columns = "\n".join(
        ["Der Kreistag beschließt die          Haushaltssatzung in der vorgelegten"] * 10)
    table = "\n".join(["2025          1.200.000 €          1.150.000 €"] * 10)
    assert looks_multicolumn(columns)
    assert not looks_multicolumn(table)
    assert not looks_multicolumn("Der Kreistag beschließt.\n" * 20)


def test_rows_of_figures_mark_a_page_worth_reading_in_layout_mode() -> None:
    assert looks_tabular("Haushaltsjahr Ansatz Ergebnis\n2025 1.200.000 € 1.150.000 €\n2026 1.300.000 € -")
    assert looks_tabular("Abstimmung\nJa 23\nNein 20\nEnthaltung 2")
    assert not looks_tabular("Der Kreistag hat am 12.03.2026 um 18:00 Uhr 1.200.000 € bewilligt.\n"
                             "Die Sitzung endete am 12.03.2026 um 21:15 Uhr.")
    assert not looks_tabular("2026")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"ab AZÄ-\n\t\u00ad\uf0b7•o3.–¬€", "und", "Seite", "von", "E", "   "]), max_size=40))
def test_cleaning_clean_text_changes_nothing(pieces: list[str]) -> None:
    raw = "".join(pieces)
    once = clean_text(raw)
    assert clean_text(once) == once
    assert "\u00ad" not in once and "\uf0b7" not in once
