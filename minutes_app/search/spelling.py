"""Did-you-mean: the most frequent indexed word within one or two edits of an unknown word."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import analysis

if TYPE_CHECKING:
    from .query import ParsedQuery


def suggest(reader: Any, word: str) -> str | None:
    """The most frequent word of the exact field near ``word``; None when it is known or nothing is near.

    Candidates one edit away are looked up in the term dictionary (a few
    hundred lookups); two edits only for words of 6 to 16 letters and only
    through deletions and swaps, which keeps the cost at a few milliseconds.
    """
    folded = analysis.fold(word)
    if not 3 <= len(folded) <= 30 or not folded.isalpha() or reader.doc_frequency("exact", folded):
        return None
    best, best_df = None, 0
    first = _edits(folded)
    for candidate in first:
        df = reader.doc_frequency("exact", candidate)
        if df > best_df:
            best, best_df = candidate, df
    if best is None and 6 <= len(folded) <= 16:
        seen = set(first)
        for near in first:
            for candidate in _deletes_and_swaps(near):
                if candidate not in seen:
                    seen.add(candidate)
                    df = reader.doc_frequency("exact", candidate)
                    if df > best_df:
                        best, best_df = candidate, df
    return best


_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _ALPHABET}
    return (deletes | swaps | replaces | inserts) - {word}


def _deletes_and_swaps(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {a + b[1:] for a, b in splits if b} | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}


def suggest_query(parsed: ParsedQuery, suggest_word: Callable[[str], str | None]) -> str | None:
    """The query with each unknown word replaced by ``suggest_word``'s suggestion (any engine's), or None."""
    changed = False
    out = []
    for clause in parsed.clauses:
        raw = clause.raw
        if clause.kind == "word" and not clause.negated and len(clause.words) == 1:
            better = suggest_word(clause.words[0])
            if better:
                raw, changed = better, True
        out.append(("-" if clause.negated else "") + (f'"{raw}"' if clause.kind == "phrase" else raw))
    return " ".join(out) if changed else None
