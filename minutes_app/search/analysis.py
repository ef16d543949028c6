"""German text analysis, the same for indexing and for queries.

Every word goes through one pipeline:

1. **tokenize**: runs of letters and digits; hyphenated words additionally yield
   their joined form ("Job-Center" also gives "jobcenter");
2. **fold** (:mod:`.folding`): lower case, ``ß`` → ``ss``, umlauts and their ASCII
   spellings to the base vowel (``Börse``, ``Boerse`` and ``borse`` all become
   ``borse``), other accents and letters such as ``ø`` folded, soft hyphens dropped;
3. **decompound** (:mod:`.compounds`, index mode only): a compound whose parts are
   all known words of the lexicon (:mod:`.lexicon`, from Debian's German hunspell
   dictionary, plus the curated ``wordlist_de.txt``) yields the compound *and* its parts,
   with the linking ``s``/``es``/``n``/``en`` removed (``Sicherheitskonzept`` →
   ``sicherheitskonzept``, ``sicherheit``, ``konzept``). Words of their own
   (``Staubecken``, ``Bürgermeister``), unknown and short words are never split;
4. **stem** (:mod:`.folding`) with Snowball (PyStemmer), guarded against over-stemming: derivational
   suffixes such as ``-heit``, ``-keit``, ``-ung`` keep their base
   (``Sicherheit`` stays ``sicherheit`` and never becomes ``sich``), and a stem
   that collides with a function word is rejected.

Three analyzers feed the three text fields of the schema: the exact field
(folded words with positions, for phrases and the highest boost), the stemmed
field (stems plus compound parts) and the prefix field (edge n-grams, so that
``prefix*`` is one term lookup instead of a lexicon expansion).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

from whoosh.analysis import Analyzer, Token

from .compounds import (  # noqa: F401  (re-exported: the analysis vocabulary in one place)
    DICTIONARY,
    HEADS,
    KEEP_WHOLE,
    LINKING,
    MIN_PART,
    MODIFIERS,
    ROOTS,
    SHORT_PARTS,
    compound_tails,
    split_compound,
)
from .folding import (  # noqa: F401
    INVISIBLE_RE,
    STOPWORDS,
    fold,
    normalize_reference,
    stem,
    strip_invisible,
)
from .memo import memoize

#: Edge n-gram lengths of the prefix field; longer prefixes fall back to a lexicon expansion.
MIN_GRAM = 3
MAX_GRAM = 4

#: Weight of a word in the Betreff relative to one in the text.
TITLE_BOOST = 2.0
#: Weight of boilerplate (committee and meeting names) relative to a word in the text.
BOILER_BOOST = 0.2
#: Separates title and text in a field value; phrases never span it.
SECTION_BREAK = "\x1e"
#: Positions skipped between sections, so no phrase matches across the end of the Betreff and the start of the text.
SECTION_GAP = 10
WORD_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
#: A run of letters and digits: a word of ``WORD_RE``, or a piece of a hyphenated one.
_RUN_RE = re.compile(r"[^\W_]+")

@memoize(200_000)
def index_stems(word: str) -> tuple[str, ...]:
    """The stemmed-field terms of one folded word: its stem and the stems of its compound parts."""
    if word in STOPWORDS:
        return ()
    terms = [stem(word)]
    for part in (*split_compound(word), *compound_tails(word)):
        part_stem = stem(part)
        if part_stem not in terms:
            terms.append(part_stem)
    return tuple(terms)


@memoize(200_000)
def stem_field_terms(word: str) -> tuple[str, ...]:
    """What the stemmed field indexes for a word: its stems that differ from the word itself.

    A stem equal to the word is already in the exact field, and queries look
    there too (see :func:`minutes_app.search.query._word_query`); leaving it
    out saves about a third of the stemmed field's postings.
    """
    return tuple(term for term in index_stems(word) if term != word)


def query_stem(word: str) -> str | None:
    """The stemmed-field term of one folded query word (no splitting: the compound itself is indexed)."""
    if word in STOPWORDS:
        return None
    return stem(word)


@memoize(200_000)
def edge_grams(word: str) -> tuple[str, ...]:
    """Leading n-grams of a folded word and of its compound parts, for the prefix field."""
    if len(word) < MIN_GRAM or word in STOPWORDS or word.isdigit():
        return ()
    grams = {word[:n] for n in range(MIN_GRAM, min(len(word), MAX_GRAM) + 1)}
    for part in split_compound(word):
        grams.update(part[:n] for n in range(MIN_GRAM, min(len(part), MAX_GRAM) + 1))
    return tuple(grams)


def words(text: str) -> Iterator[tuple[str, int, int]]:
    """(folded word, start, end) for each word of ``text``; hyphenated words give each piece.

    Indexed texts are stripped of invisible characters beforehand (see
    :func:`strip_invisible`), so offsets stay true for highlighting; anything
    else (a query) is stripped here.
    """
    if INVISIBLE_RE.search(text):
        text = strip_invisible(text)
    for match in WORD_RE.finditer(text):
        chunk = match.group()
        if "-" not in chunk:
            yield fold(chunk), match.start(), match.end()
            continue
        offset = match.start()
        for piece in chunk.split("-"):
            yield fold(piece), offset, offset + len(piece)
            offset += len(piece) + 1


_last_analyzed: tuple[str, list[list[tuple[str, int, int]]]] = ("", [[]])  # the words of "": one empty section


def section_words(value: str) -> list[list[tuple[str, int, int]]]:
    """The words of each section of a field value with their offsets, remembered for the next call with the same string.

    The analyzers (queries, highlighting) call it; indexing needs no offsets
    and calls :func:`section_terms`.
    """
    global _last_analyzed
    cached_value, cached = _last_analyzed
    if cached_value is value:
        return cached
    result = [list(words(section)) for section in value.split(SECTION_BREAK)]
    _last_analyzed = (value, result)
    return result


#: The last value :func:`section_terms` analysed: (value, folded words of each section, its hyphen joins).
_last_terms: tuple[str, list[list[str]], list[str]] = ("", [[]], [])


def section_terms(value: str) -> list[list[str]]:
    """The folded words of each section of a field value (the words of :func:`section_words`, without offsets).

    Each field writing a document's text (exact, stemmed) asks for the same
    string one after the other; it is split once, and the hyphen joins of
    :func:`hyphen_joins` are found in the same step. Every run of letters and
    digits is a word, which is what ``WORD_RE`` and splitting at hyphens give
    (test); finding them without match objects and offsets takes two fifths
    less time, and the words were a tenth of a rebuild.
    """
    global _last_terms
    if _last_terms[0] is value:
        return _last_terms[1]
    text = strip_invisible(value) if INVISIBLE_RE.search(value) else value
    sections = [list(map(fold, _RUN_RE.findall(section))) for section in text.split(SECTION_BREAK)]
    _last_terms = (value, sections, _joins(text))
    return sections


def hyphen_joins(text: str) -> Iterator[str]:
    """The joined, folded form of each hyphenated word ("Job-Center" → "jobcenter")."""
    if _last_terms[0] is text:
        return iter(_last_terms[2])
    return iter(_joins(strip_invisible(text)))


def _joins(text: str) -> list[str]:
    """The hyphen joins of a text without invisible characters, found from its hyphens rather than from every word.

    A word of ``WORD_RE`` holding a hyphen starts with the run of letters
    and digits before its first hyphen; matching there gives the whole word,
    and the search goes on after it.
    """
    found = []
    hyphen = text.find("-")
    while hyphen != -1:
        start = hyphen
        while start > 0 and text[start - 1].isalnum():  # ``[^\W_]`` is exactly ``str.isalnum``
            start -= 1
        match = WORD_RE.match(text, start) if start < hyphen else None
        if match is not None and match.end() > hyphen:
            found.append(fold(match.group().replace("-", "")))
            hyphen = text.find("-", match.end())
        else:
            hyphen = text.find("-", hyphen + 1)
    return found


def section_boost(index: int, sections: list[list[tuple[str, int, int]]]) -> float:
    """Words of the first section (the Betreff) count ``TITLE_BOOST`` times, of the third (boilerplate) less."""
    if index == 0 and len(sections) > 1:
        return TITLE_BOOST
    return BOILER_BOOST if index == 2 else 1.0


class _FastAnalyzer(Analyzer):
    """Base of the three analyzers: one reused token, no filter chain (indexing speed matters)."""

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def _token(self, positions: bool, chars: bool, mode: str, kwargs: dict[str, object]) -> Token:
        return Token(positions=positions, chars=chars, removestops=False, mode=mode, **kwargs)


class ExactAnalyzer(_FastAnalyzer):
    """Folded, unstemmed words with positions: phrases and exact matches."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: object) -> Iterator[Token]:
        token = self._token(positions, chars, mode, kwargs)
        pos = start_pos
        offset = start_char
        sections = section_words(value)
        for index, (section, section_list) in enumerate(zip(value.split(SECTION_BREAK), sections, strict=True)):
            boost = section_boost(index, sections)
            for word, start, end in section_list:
                token.text = word
                token.boost = boost
                token.stopped = False
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar, token.endchar = offset + start, offset + end
                pos += 1
                yield token
            pos += SECTION_GAP
            offset += len(section) + len(SECTION_BREAK)


class StemAnalyzer(_FastAnalyzer):
    """Stems of words and, when indexing, of their compound parts and hyphen-joined forms."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: object) -> Iterator[Token]:
        token = self._token(positions, chars, mode, kwargs)
        indexing = mode != "query"
        sections = section_words(value)
        for index, section_list in enumerate(sections):
            token.boost = section_boost(index, sections)
            for word, _start, _end in section_list:
                for term in stem_field_terms(word) if indexing else (query_stem(word),):
                    if term:
                        token.text = term
                        token.stopped = False
                        yield token
        token.boost = 1.0
        if indexing:
            for joined in hyphen_joins(value):
                for term in index_stems(joined):
                    token.text = term
                    yield token


class PrefixAnalyzer(_FastAnalyzer):
    """Each distinct leading n-gram of the document's words once (the field stores presence only)."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: object) -> Iterator[Token]:
        token = self._token(positions, chars, mode, kwargs)
        if mode == "query":
            for word, _start, _end in chain.from_iterable(section_words(value)):
                token.text = word[:MAX_GRAM]
                yield token
            return
        seen_words: set[str] = set()
        grams: set[str] = set()
        for word, _start, _end in chain.from_iterable(section_words(value)):
            if word not in seen_words:
                seen_words.add(word)
                grams.update(edge_grams(word))
        for gram in grams:
            token.text = gram
            token.boost = 1.0
            token.stopped = False
            yield token
