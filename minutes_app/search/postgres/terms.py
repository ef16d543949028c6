"""Our German analysis as PostgreSQL text: a tsvector literal per entry, a tsquery per query.

PostgreSQL never analyses anything itself (no stemming, no dictionary): the
terms come from :mod:`minutes_app.search.analysis`, exactly as Whoosh gets
them, and are written as a ``tsvector`` literal. The three Whoosh fields
become three kinds of lexemes in one vector, told apart by a first character
no folded word can have:

* ``haushalt`` – a folded word with its positions (phrases) and a weight for its
  section: A for the Betreff, B for the text, C for boilerplate;
* ``~haushalt`` – a stem or compound part (the stemmed field), at the position
  of the word it comes from;
* ``>haus`` – an edge n-gram (the prefix field), presence only.

A query becomes a ``tsquery`` over the same lexemes (see :func:`clause_query`);
reference numbers additionally match the ``reference`` column.
"""
from __future__ import annotations

from typing import Any, NamedTuple

from .. import analysis
from ..analysis import SECTION_BREAK
from ..query import Clause, ParsedQuery

STEM = "~"
GRAM = ">"
#: PostgreSQL keeps positions up to 16383; later words are kept without a position (found, not in phrases).
MAX_POSITION = 16383
#: A tsvector must stay below 1 MB; a giant attachment keeps its first words (each word is a few bytes).
MAX_LEXEMES = 60_000
#: Gap between sections, so no phrase spans the end of the Betreff and the start of the text.
SECTION_GAP = 10
_WEIGHTS = ("A", "B", "C")
#: The weights of ``head``: the Betreff and the boilerplate, a few words each.
HEAD_WEIGHTS = ("A", "C")


def quote(lexeme: str) -> str:
    """A lexeme as tsvector/tsquery literal text."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def content(doc: dict[str, Any]) -> str:
    """Title, text and boilerplate as sections, as the Whoosh fields get them."""
    return SECTION_BREAK.join((doc.get("heading", doc["title"]), doc["body"], doc.get("boiler", "")))


class Terms(NamedTuple):
    """What an entry's row holds of its text."""

    #: Every lexeme (words, stems, grams) as a tsvector literal.
    tsv: str
    #: The lexemes of the Betreff and boilerplate (weights A and C) with their positions: what ranks a match.
    head: str
    #: Number of words, for the ranking's length normalisation.
    size: int
    #: The distinct folded words (for "Meinten Sie").
    words: set[str]


def document_terms(doc: dict[str, Any]) -> Terms:
    """The tsvector literals, size and distinct folded words of a search document."""
    positions: dict[str, list[str]] = {}
    value = content(doc)
    sections = analysis.section_terms(value)
    position = 1
    words: set[str] = set()
    for index, section in enumerate(sections):
        weight = _WEIGHTS[min(index, 2)] if len(sections) > 1 else "B"
        for word in section:
            if word not in words:
                if len(positions) >= MAX_LEXEMES:
                    continue
                words.add(word)
                positions.setdefault(word, [])
                for term in analysis.stem_field_terms(word):
                    positions.setdefault(STEM + term, [])
                for gram in analysis.edge_grams(word):
                    positions.setdefault(GRAM + gram, [])
            if position <= MAX_POSITION:
                entry = f"{position}{weight}"
                for lexeme in (word, *(STEM + term for term in analysis.stem_field_terms(word))):
                    where = positions[lexeme]
                    if len(where) < 256:  # PostgreSQL keeps at most 256 positions of a lexeme
                        where.append(entry)
            position += 1
        position += SECTION_GAP
    for joined in analysis.hyphen_joins(value):
        for term in analysis.index_stems(joined):
            positions.setdefault(STEM + term, [])
    parts, head = [], []
    for lexeme, where in positions.items():
        parts.append(f"{quote(lexeme)}:{','.join(where)}" if where else quote(lexeme))
        ranked = [p for p in where if p[-1] in HEAD_WEIGHTS]
        if ranked:
            head.append(f"{quote(lexeme)}:{','.join(ranked)}")
    return Terms(" ".join(parts), " ".join(head), sum(len(section) for section in sections), words)


# -- queries --------------------------------------------------------------------------------

def _or(parts: list[str]) -> str:
    unique = list(dict.fromkeys(parts))
    return unique[0] if len(unique) == 1 else "(" + " | ".join(unique) + ")"


def _word(word: str) -> str:
    """The word exactly, or any form with its stem (inflected, or as a compound part), as Whoosh's ``_word_query``."""
    stem = analysis.query_stem(word)
    if not stem:
        return quote(word)
    return _or([quote(word), quote(STEM + stem), quote(stem)])


def _phrase(words: list[str]) -> str:
    if len(words) == 1:
        return quote(words[0])
    return "(" + " <-> ".join(quote(w) for w in words) + ")"


def _single(clause: Clause) -> str:
    if clause.kind == "word":
        return _word(clause.words[0])
    if clause.kind == "prefix":
        word = clause.words[0]
        if len(word) <= analysis.MAX_GRAM:
            return _or([quote(GRAM + word), quote(word)])
        return _or([quote(word) + ":*", quote(STEM + word) + ":*"])
    return _phrase(clause.words)


def clause_query(clause: Clause) -> tuple[str, str | None]:
    """(tsquery text, normalised reference number or None) of a clause with its OR alternatives.

    A reference clause also matches entries whose ``reference`` column equals
    the number, so the caller ORs that in.
    """
    parts = [_single(c) for c in (clause, *clause.alternatives) if c.words]
    references = [analysis.normalize_reference(c.raw) for c in (clause, *clause.alternatives) if c.kind == "reference"]
    return (_or(parts) if parts else ""), (references[0] if references else None)


def references(parsed: ParsedQuery) -> list[str]:
    """The reference numbers of the positive clauses (they put their Vorlage first)."""
    return [ref for clause in parsed.positive if (ref := clause_query(clause)[1])]
