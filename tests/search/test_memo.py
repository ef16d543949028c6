"""The analysis memo answers like the function it remembers and never grows past its bound."""
from __future__ import annotations

from minutes_app.search.analysis import edge_grams, stem_field_terms
from minutes_app.search.memo import memoize


def test_a_remembered_word_is_computed_once_and_the_memo_stays_bounded():
    calls: list[str] = []

    @memoize(3)
    def upper(word: str) -> str:
        calls.append(word)
        return word.upper()

    assert [upper(w) for w in ("kita", "kita", "haushalt", "kita")] == ["KITA", "KITA", "HAUSHALT", "KITA"]
    assert calls == ["kita", "haushalt"]
    for word in ("a", "b", "c", "d"):  # the fourth distinct word empties the memo first
        upper(word)
    upper("kita")
    assert calls[-1] == "kita" and len(calls) == 7


def test_the_analysis_functions_answer_the_same_when_remembered():
    first = (stem_field_terms("haushaltsvollzug"), edge_grams("haushaltsvollzug"))
    assert first == (stem_field_terms("haushaltsvollzug"), edge_grams("haushaltsvollzug"))
    assert "hau" in first[1] and "vol" in first[1]
