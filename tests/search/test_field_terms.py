"""The three text fields compute what Whoosh's analysis path gives, directly: same terms, weights and positions."""
from __future__ import annotations

import random

import pytest
from whoosh.fields import FieldType

from minutes_app.search.analysis import SECTION_BREAK
from minutes_app.search.schema import build_schema
from tests.search.test_postings_writer import WORDS

EXTRA = ("Job-Center", "Kita-Ausbau", "E-Mail-Adresse", "Sicherheits­konzept", "Straßen-", "2026", "§ 34", "ÖPNV-Linie",
         "Bürgermeister", "Haushaltsvollzug", "Staubecken", "der", "und", "Ergebnis:", "Høyem-Straße")


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [*WORDS, *EXTRA]
    texts = ["", "der die das", SECTION_BREAK.join(["Titel", "", "Ausschuss für Umwelt"])]
    for _ in range(count):
        sections = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 40)))
                    for _ in range(rng.randint(1, 3))]
        texts.append(SECTION_BREAK.join(sections))
    return texts


@pytest.mark.parametrize("name", ["exact", "text", "prefix"])
def test_a_field_s_terms_are_whooshs_for_every_text(name):
    field = build_schema()[name]
    for text in _texts(300, 21):
        assert sorted(field.terms(text)) == sorted(FieldType.index(field, text)), text


def test_a_repeated_word_keeps_every_position_and_sums_its_weights():
    field = build_schema()["exact"]
    text = SECTION_BREAK.join(["Radweg Radweg", "Der Radweg führt zum Radweg"])
    terms = {term: (frequency, weight) for term, frequency, weight, _value in field.terms(text)}
    assert terms[b"radweg"] == (4, (2.0 + 2.0 + 1.0 + 1.0) * field.format.field_boost)
    positions = {term: field.format.decode_positions(value) for term, _f, _w, value in field.terms(text)}
    assert positions[b"radweg"] == [0, 1, 13, 16]  # the section gap of 10 after the title's two words
