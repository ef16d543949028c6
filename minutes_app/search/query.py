"""The query language people type, turned into Whoosh queries; also highlighting.

Syntax: all words are required; ``"exact phrase"``; ``prefix*``; ``a OR b``
(also ``ODER``); ``-exclude`` (also ``-"phrase"``); a reference number such as
``208/2016`` puts that Vorlage first. Anything else is read as words, so a
malformed query (unbalanced quotes, a lone ``-``, ``OR`` at the end, stray
symbols) never raises.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from whoosh import query as wq

from . import analysis
from .schema import EXACT_BOOST, REFERENCE_BOOST

MAX_CLAUSES = 24
_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_REFERENCE_RE = re.compile(r"^(?:[^\W\d_]{1,8}[/.\-])?[^\W_]*\d+[/.\-][^\W_]*\d[\w/.\-]*$")
#: A whole query that is a reference number written with spaces: "2013 0240", "VO 2026 123".
_SPACED_REFERENCE_RE = re.compile(
    r"^\s*((?:(?:[A-Z]{1,4}|[A-Za-z]{1,3})\s+)?(?:(?:19|20)\d\d\s+\d{1,6}|\d{1,6}\s+(?:19|20)\d\d))\s*$")


@dataclass
class Clause:
    """One required (or excluded) element of the query."""

    kind: str  # word, phrase, prefix, reference
    words: list[str]
    raw: str
    negated: bool = False
    alternatives: list[Clause] = field(default_factory=list)


@dataclass
class ParsedQuery:
    """The parsed query: AND of clauses, each possibly an OR group, plus exclusions."""

    clauses: list[Clause]
    text: str

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def empty(self) -> bool:
        return not self.positive


def _clause(raw: str, phrase: bool, negated: bool) -> Clause | None:
    if phrase:
        words = [w for w, _s, _e in analysis.words(raw)]
        return Clause("phrase", words, raw, negated) if words else None
    stripped = raw.strip("()[]{},;:!?\"'")
    if _REFERENCE_RE.match(stripped):
        return Clause("reference", [w for w, _s, _e in analysis.words(stripped)], stripped, negated)
    if stripped.endswith("*"):
        words = [w for w, _s, _e in analysis.words(stripped.rstrip("*"))]
        if len(words) == 1 and len(words[0]) >= analysis.MIN_GRAM:
            return Clause("prefix", words, stripped, negated)
        return Clause("word", words, stripped, negated) if words else None
    words = [w for w, _s, _e in analysis.words(stripped)]
    if not words:
        return None
    if len(words) > 1:
        # "Job-Center": the pieces as a phrase, or the joined word.
        joined = Clause("word", ["".join(words)], stripped, negated)
        return Clause("phrase", words, stripped, negated, alternatives=[joined])
    return Clause("word", words, stripped, negated)


def _expand(clause: Clause, synonyms: dict[str, list[list[str]]]) -> None:
    """Add the other terms of the word's synonym groups as alternatives (one word, or a phrase)."""
    if clause.kind == "word":
        key = clause.words[0]
    elif clause.kind == "phrase" and clause.alternatives:  # a hyphenated word: its joined form
        key = "".join(clause.words)
    else:
        return
    for words in synonyms.get(key, ()):
        kind = "word" if len(words) == 1 else "phrase"
        if not any(a.words == words for a in clause.alternatives):
            clause.alternatives.append(Clause(kind, list(words), " ".join(words), clause.negated))


def parse(text: str, synonyms: dict[str, list[list[str]]] | None = None) -> ParsedQuery:
    """Parse user input; never raises. ``synonyms`` (see :mod:`.synonyms`) widens words to their group."""
    text = (text or "")[:500]
    spaced = _SPACED_REFERENCE_RE.match(text)
    if spaced:
        raw = spaced.group(1)
        words = [w for w, _s, _e in analysis.words(raw)]
        return ParsedQuery([Clause("reference", words, raw)], text)
    clauses: list[Clause] = []
    pending_or = False
    for match in _TOKEN_RE.finditer(text):
        minus, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare in ("OR", "ODER", "|"):
            pending_or = bool(clauses) and not clauses[-1].negated
            continue
        if phrase is not None:
            clause = _clause(phrase, True, bool(minus))
        else:
            negated = bare.startswith("-") and len(bare) > 1
            clause = _clause(bare[1:] if negated else bare, False, negated)
        if clause is None:
            continue
        if synonyms:
            _expand(clause, synonyms)
        if pending_or and not clause.negated:
            clauses[-1].alternatives.append(clause)
        else:
            clauses.append(clause)
        pending_or = False
        if len(clauses) >= MAX_CLAUSES:
            break
    # Function words only narrow an AND query; keep them when they are all there is.
    content = [c for c in clauses if not (c.kind == "word" and not c.alternatives and c.words[0] in analysis.STOPWORDS)]
    if any(not c.negated for c in content):
        clauses = content
    return ParsedQuery(clauses, text)


def _word_query(word: str) -> wq.Query:
    """The word exactly (boosted), or any form with its stem: inflected, or as a compound part.

    A stem equal to a document's word is only in the exact field (see
    :func:`analysis.stem_field_terms`), so the stem is looked up there too, unboosted.
    """
    exact = wq.Term("exact", word, boost=EXACT_BOOST)
    stem = analysis.query_stem(word)
    if not stem:
        return exact
    alternatives: list[wq.Query] = [exact, wq.Term("text", stem)]
    if stem != word:
        alternatives.append(wq.Term("exact", stem, boost=1 / EXACT_BOOST))
    return wq.Or(alternatives)


def _phrase(words: list[str], scoring: bool) -> wq.Query:
    """A phrase on the exact field; for ranking its words are enough (matches are phrase-checked)."""
    if len(words) == 1:
        return wq.Term("exact", words[0], boost=EXACT_BOOST)
    if scoring:
        content = [w for w in words if w not in analysis.STOPWORDS] or words
        terms = [wq.Term("exact", w, boost=EXACT_BOOST) for w in content]
        return wq.And(terms) if len(terms) > 1 else terms[0]
    return wq.Phrase("exact", words, boost=EXACT_BOOST)


def _single(clause: Clause, scoring: bool) -> wq.Query:
    if clause.kind == "word":
        return _word_query(clause.words[0])
    if clause.kind == "prefix":
        word = clause.words[0]
        if len(word) <= analysis.MAX_GRAM:
            return wq.Or([wq.Term("prefix", word), wq.Term("exact", word, boost=EXACT_BOOST)])
        # Longer prefixes expand to few terms; the stemmed field adds compound parts and stems.
        return wq.Or([wq.Prefix("exact", word, boost=EXACT_BOOST), wq.Prefix("text", word)])
    if clause.kind == "reference":
        reference = analysis.normalize_reference(clause.raw)
        return wq.Or([wq.Term("reference", reference, boost=REFERENCE_BOOST), _phrase(clause.words, scoring)])
    return _phrase(clause.words, scoring)


def clause_query(clause: Clause, scoring: bool = False) -> wq.Query:
    """The Whoosh query of one clause including its OR alternatives."""
    parts = [_single(clause, scoring), *(_single(alt, scoring) for alt in clause.alternatives)]
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def to_whoosh(parsed: ParsedQuery, scoring: bool = False) -> wq.Query:
    """AND of the positive clauses, minus the negated ones.

    ``scoring=True`` gives the cheaper ranking query (phrases as their words);
    it matches a superset, so it is only run on the already matched documents.
    """
    positive = [clause_query(c, scoring) for c in parsed.positive]
    base: wq.Query = wq.And(positive) if len(positive) > 1 else (positive[0] if positive else wq.Every())
    negative = [clause_query(c) for c in parsed.clauses if c.negated]
    if negative:
        base = wq.AndNot(base, wq.Or(negative) if len(negative) > 1 else negative[0])
    return base


# -- highlighting -----------------------------------------------------------------

@dataclass(frozen=True)
class Matchers:
    """The folded forms a text word must have to count as a hit of the query."""

    exact: frozenset[str]
    stems: frozenset[str]
    prefixes: tuple[str, ...]

    def matches(self, word: str) -> bool:
        if word in self.exact:
            return True
        if self.stems and not self.stems.isdisjoint(analysis.index_stems(word)):
            return True
        if self.prefixes:
            if word.startswith(self.prefixes):
                return True
            return any(part.startswith(self.prefixes) for part in analysis.split_compound(word))
        return False


def matchers(parsed: ParsedQuery) -> Matchers:
    """What to highlight for ``parsed`` (its positive clauses)."""
    exact: set[str] = set()
    stems: set[str] = set()
    prefixes: list[str] = []
    for clause in parsed.positive:
        for c in (clause, *clause.alternatives):
            exact.update(c.words)
            if c.kind == "prefix":
                prefixes.extend(c.words)
            elif c.kind == "word":
                stems.update(s for w in c.words if (s := analysis.query_stem(w)))
    return Matchers(frozenset(exact), frozenset(stems), tuple(prefixes))


def highlight(text: str, match: Matchers, width: int = 240) -> Markup:
    """The best fragment of ``text`` (about ``width`` characters) with every hit in ``<mark>``.

    The fragment is chosen where the most distinct query words meet; the text
    is escaped, only the ``<mark>`` tags are ours.
    """
    spans = [(s, e, w) for w, s, e in analysis.words(text) if match.matches(w)]
    if not spans:
        snippet = text[:width]
        return Markup(escape(snippet) + ("…" if len(text) > width else ""))
    best_start, best_score = spans[0][0], -1
    for i, (start, _end, _w) in enumerate(spans):
        window = {w for s, _e, w in spans[i:] if s < start + width}
        if len(window) > best_score:
            best_start, best_score = start, len(window)
    begin = max(0, best_start - width // 4)
    if begin:
        space = text.rfind(" ", 0, begin)
        begin = space + 1 if space > begin - 30 else begin
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space < end + 30 else end
    out = [Markup("…") if begin else Markup("")]
    cursor = begin
    for start, stop, _w in spans:
        if start < begin or stop > end:
            continue
        out.append(escape(text[cursor:start]))
        out.append(Markup("<mark>") + escape(text[start:stop]) + Markup("</mark>"))
        cursor = stop
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append(Markup("…"))
    return Markup("").join(out)
