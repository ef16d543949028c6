"""Precision and recall of the compound splitter on a hand-written list of council compounds and traps."""
from __future__ import annotations

from pathlib import Path

import pytest

from minutes_app.search import analysis, lexicon

DATA = Path(__file__).with_name("data") / "compounds_de.txt"


def cases() -> list[tuple[str, tuple[str, ...]]]:
    """(word, expected parts); no parts means the word must stay whole."""
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, _, parts = line.partition(":")
        out.append((word.strip(), () if parts.strip() == "=" else tuple(parts.split())))
    return out


def score(split) -> dict[str, float]:
    """Precision and recall over parts (compared by stem), and the share of traps left whole."""
    produced = expected = correct = traps = traps_whole = 0
    for word, parts in cases():
        got = {analysis.stem(p) for p in split(analysis.fold(word))}
        want = {analysis.stem(analysis.fold(p)) for p in parts}
        produced += len(got)
        expected += len(want)
        correct += len(got & want)
        if not parts:
            traps += 1
            traps_whole += not got
    return {"precision": correct / produced, "recall": correct / expected, "traps": traps_whole / traps,
            "words": len(cases())}


def test_the_list_is_large_enough_and_holds_traps():
    words = cases()
    assert len(words) >= 200
    assert sum(1 for _w, parts in words if not parts) >= 25


def test_the_lexicon_comes_from_the_debian_dictionary():
    assert lexicon.GENERATED.exists() or lexicon.HUNSPELL_DIC.exists(), "make install erzeugt das Lexikon"
    assert len(analysis.HEADS) > 15_000 and len(analysis.MODIFIERS) > 3_000


def test_precision_and_recall_of_the_splitter():
    result = score(analysis.split_compound)
    print(f"Kompositazerlegung: {result}")
    assert result["precision"] >= 0.92
    assert result["recall"] >= 0.90
    assert result["traps"] >= 0.95


@pytest.mark.parametrize(("word", "parts"), [
    ("Haushaltsvollzug", ("haushalt", "vollzug")), ("Finanzhaushalt", ("finanz", "haushalt")),
    ("Wachstube", ("wach", "stube")), ("Druckerzeugnis", ("druck", "erzeugnis")),
])
def test_known_splits_including_ambiguous_ones(word, parts):
    assert analysis.split_compound(analysis.fold(word)) == parts


@pytest.mark.parametrize("word", ["Staubecken", "Sicherheit", "Bürgermeister", "Wissenschaft", "Handlung"])
def test_traps_stay_whole(word):
    assert analysis.split_compound(analysis.fold(word)) == ()


def test_vollzug_finds_haushaltsvollzug_and_haushalt_finds_finanzhaushalt(make_index):
    from tests.search.conftest import doc

    index = make_index(doc("paper:1", "Bericht zum Haushaltsvollzug 2025", "Der Finanzhaushalt schließt ausgeglichen."),
                       doc("paper:2", "Meisterschaft", "Der Bürgermeister gratuliert der Sicherheitswacht."))
    assert [h.id for h in index.search("Vollzug").hits] == ["paper:1"]
    assert [h.id for h in index.search("Haushalt").hits] == ["paper:1"]
    assert [h.id for h in index.search("Meister").hits] == []
    assert [h.id for h in index.search("sich").hits] == []
