"""German text analysis, the same for indexing and for queries.

Every word goes through one pipeline:

1. **tokenize**: runs of letters and digits; hyphenated words additionally yield
   their joined form ("Job-Center" also gives "jobcenter");
2. **fold**: lower case, ``ß`` → ``ss``, umlauts and their ASCII spellings to the
   base vowel (``Börse``, ``Boerse`` and ``borse`` all become ``borse``), other
   accents dropped;
3. **decompound** (index mode only): a compound whose parts are all known words
   of the lexicon (:mod:`.lexicon`, from Debian's German hunspell dictionary,
   plus the curated ``wordlist_de.txt``) yields the compound *and* its parts,
   with the linking ``s``/``es``/``n``/``en`` removed (``Sicherheitskonzept`` →
   ``sicherheitskonzept``, ``sicherheit``, ``konzept``). Words of their own
   (``Staubecken``, ``Bürgermeister``), unknown and short words are never split;
4. **stem** with Snowball (PyStemmer), guarded against over-stemming: derivational
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
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from itertools import chain

import Stemmer
from whoosh.analysis import Analyzer, Token

from . import lexicon

#: Smallest part a compound may be split into (shorter heads need to be listed in SHORT_PARTS).
MIN_PART = 4
#: Well-known three-letter heads and modifiers that are safe compound parts.
SHORT_PARTS = frozenset({"amt", "rat", "tag", "weg", "hof", "ort", "bad", "see", "zug", "bau", "not", "bus", "kur",
                         "rad"})
#: Linking elements (Fugenelemente) that may follow a non-final part.
LINKING = ("es", "en", "s", "n")
#: Edge n-gram lengths of the prefix field; longer prefixes fall back to a lexicon expansion.
MIN_GRAM = 3
MAX_GRAM = 4

#: Weight of a word in the Betreff relative to one in the text.
TITLE_BOOST = 2.0
#: Weight of boilerplate (committee and meeting names) relative to a word in the text.
BOILER_BOOST = 0.2
#: Separates title and text in a field value; phrases never span it.
SECTION_BREAK = "\x1e"
WORD_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_VOWELS = "aeiouäöüy"
_DIGRAPH_RE = re.compile(r"(?<![aeiouäöüy])(ae|oe|(?<!q)ue)")
_DIGRAPH_MAP = {"ae": "a", "oe": "o", "ue": "u"}
_DERIVED_RE = re.compile(r"^(.{3,}?(?:heit|keit|schaft|ung|lich|isch|ig|ion|tat|ismus))(?:en|er|es|em|e|n|s)?$")
_PLURAL_NIS_RE = re.compile(r"^(.{3,}nis)(?:sen|ses|se)?$")

STOPWORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf aus bei
    bin bis bist da damit dann das dass dem den denn der des dessen die dies diese diesem diesen dieser dieses
    doch dort du durch ein eine einem einen einer eines er es euer eure fur hat hatte hatten hier hin hinter ich
    ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes
    kann kein keine keinem keinen keiner man mein meine mit muss nach nicht noch nun nur ob oder ohne sehr sein
    seine seinem seinen seiner sich sie sind so solche soll sollte sondern sonst uber um und uns unser unsere
    unter vom von vor war waren warst was weg weil weiter welche welchem welchen welcher welches wenn wer werde
    werden wie wieder will wir wird wirst wo wollen wurde wurden zu zum zur zwar zwischen
    """.split()  # noqa: SIM905 - a word list reads better as text
)


#: Letters that Unicode does not decompose into a base letter and an accent (NFKD leaves them alone).
_SPECIAL_LETTERS = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d",
                                  "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n", "ẞ": "ss"})
#: Soft hyphens, zero-width spaces and joiners, word joiner, byte-order mark: invisible, never word breaks.
INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def strip_invisible(text: str) -> str:
    """``text`` without soft hyphens and zero-width characters (PDF extraction leaves them inside words)."""
    return INVISIBLE_RE.sub("", text) if text else text


_REFERENCE_SEPARATORS_RE = re.compile(r"[\s/._\-]+")


def normalize_reference(reference: str) -> str:
    """One spelling of a reference number: "VO-2026-123", "vo/2026/123" and "VO 2026 0123" become "vo/2026/123".

    Separators (slash, hyphen, dot, space) are unified and leading zeros of
    numbers dropped, so a citizen finds the Vorlage however it was written.
    """
    pieces = [p for p in _REFERENCE_SEPARATORS_RE.split(reference.strip().lower()) if p]
    return "/".join(str(int(p)) if p.isdigit() else fold(p) for p in pieces)


@lru_cache(maxsize=300_000)
def fold(word: str) -> str:
    """Lower-case ``word`` and fold ß, umlauts (also written ae/oe/ue) and accents to plain letters.

    Letters without a decomposition are mapped by hand: "Høyem" is found as
    "Hoyem", "Łódź" as "Lodz", "Æbeltoft" as "Aebeltoft".
    """
    word = word.lower().translate(_SPECIAL_LETTERS)
    if "e" in word:
        # "ue" after a vowel is a real diphthong (Steuer, Bauer), after q it is "Quelle": keep those.
        word = _DIGRAPH_RE.sub(lambda m: _DIGRAPH_MAP[m.group(1)], word)
    if not word.isascii():
        word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return word


_stemmer = Stemmer.Stemmer("german")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of a folded word, without Snowball's derivational over-stemming.

    Snowball German strips ``-heit``, ``-ung``, ``-lich`` and the like, which
    turns ``Sicherheit`` into ``sich`` and ``Zeitung`` into ``zeit``. Words with
    such a suffix keep it and only lose their inflection ending.
    """
    if len(word) <= 3 or word.isdigit():
        return word
    derived = _DERIVED_RE.match(word) or _PLURAL_NIS_RE.match(word)
    if derived:
        return derived.group(1)
    result = _stemmer.stemWord(word)
    if result in STOPWORDS and word not in STOPWORDS:
        return word
    return result


def _load_dictionary() -> tuple[frozenset[str], frozenset[str]]:
    """(curated words, the lexicalised ones among them that are never split)."""
    text = resources.files(__package__).joinpath("wordlist_de.txt").read_text(encoding="utf-8")
    words: set[str] = set()
    whole: set[str] = set()
    target = words
    for line in text.splitlines():
        content = line.split("#", 1)[0].strip()
        if content == "[ganz]":
            target = whole
            continue
        target.update(fold(word) for word in content.split())
    return frozenset(words | whole), frozenset(whole)


#: The curated council words (compound parts) and the lexicalised ones (Haushalt, Bürgermeister).
DICTIONARY, _CURATED_WHOLE = _load_dictionary()
_DICTIONARY_STEMS = frozenset(stem(w) for w in DICTIONARY)
_LEXICON = lexicon.load(fold)
#: Lexicalised words that are never split (the curated "[ganz]" list: Haushalt, Bürgermeister).
KEEP_WHOLE = _CURATED_WHOLE
#: Words the dictionary lists as roots; one of them is split only where the split is unambiguous
#: ("Parkplatz" is, "Staubecken" is not: Stau|becken or Staub|ecken).
ROOTS = frozenset(w for w, r in _LEXICON.items() if "k" in r)
#: Nouns that may end a compound.
HEADS = DICTIONARY | frozenset(w for w, r in _LEXICON.items() if "h" in r)
#: Forms that may begin a compound, often with their linking element ("haushalts").
MODIFIERS = frozenset(w for w, r in _LEXICON.items() if "m" in r)
#: Endings of derivation that look like nouns ("Wissen|schaft", "Früh|ling"): never a head.
FALSE_HEADS = frozenset({"schaft", "schaften", "ling", "linge", "lingen", "tum", "tums", "nis", "nisse"})
#: Inflection endings a head may carry ("Ecke" → "ecken", "Konzept" → "konzepte").
_INFLECTIONS = ("e", "en", "n", "s", "es", "er", "ern", "nen")


def _known_head(part: str) -> bool:
    """A final part: a head of the lexicon in any inflected form, or a curated word."""
    if len(part) < MIN_PART and part not in SHORT_PARTS:
        return False
    if part in FALSE_HEADS:
        return False
    if part in HEADS or part in ROOTS or any(
            part.endswith(e) and (part[: -len(e)] in HEADS or part[: -len(e)] in ROOTS) for e in _INFLECTIONS):
        return True
    # Curated words also match through their stem, as before the lexicon.
    return stem(part) in _DICTIONARY_STEMS


def _base(part: str) -> str:
    """A modifier without its linking element where the base is a known word ("haushalts" → "haushalt")."""
    for link in ("n", "s", "en", "es"):  # shortest first: "strassen" is "strasse", not "strass"
        base = part[: -len(link)]
        if link == "n" and not base.endswith("e"):  # "turn" is not "Tür" + n
            continue
        if part.endswith(link) and len(base) >= 3 and (base in HEADS or base in ROOTS):
            return base
    return part


def _known_modifier(part: str) -> str | None:
    """A non-final part without its linking element, if the lexicon or the curated list knows it."""
    if len(part) < MIN_PART and part not in SHORT_PARTS:
        return None
    if part in MODIFIERS:
        return _base(part)
    if part in DICTIONARY:
        return part
    for link in LINKING:
        base = part[: -len(link)]
        if not part.endswith(link):
            continue
        if (base in DICTIONARY and (len(base) >= MIN_PART or base in SHORT_PARTS)) or (
                len(base) >= 5 and base in ROOTS):
            return base
    return None


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a folded compound, or ``()`` when it is not a known compound.

    A word of its own (curated or a root of the dictionary, e.g.
    ``haushalt``, ``staubecken``) stays whole; otherwise the split with the
    fewest parts, all of them known, wins, and between equally short ones the
    longer head ("wach|stube" before "wachs|tube"). The final part keeps its
    inflection so ``-konzepte`` is found.
    """
    found = _split_at(word)
    return tuple(part for part, _start in found)


@lru_cache(maxsize=200_000)
def _split_at(word: str) -> tuple[tuple[str, int], ...]:
    if len(word) < 2 * 3 or word in KEEP_WHOLE or not word.isalpha():
        return ()
    best = _split(word, 0, 0)
    if not best or len(best) < 2:
        return ()
    if word in ROOTS and _ambiguous(word, best[1][1]):
        return ()
    return tuple((part, start) for part, start, _attested in best)


def _ambiguous(word: str, cut: int) -> bool:
    """Whether ``word`` also reads as two known parts cut elsewhere ("stau|becken" and "staub|ecken")."""
    return any(c != cut and (_known_modifier(word[:c]) is not None or word[:c] in ROOTS) and _known_head(word[c:])
               for c in range(3, len(word) - 2))


def compound_tails(word: str) -> tuple[str, ...]:
    """The compound heads of three-part compounds as written ("haushaltsvollzug" → "vollzug" from "voll|zug")."""
    found = _split_at(word)
    return tuple(word[start:] for _part, start in found[1:-1])


def _rank(split: list[tuple[str, int, bool]]) -> tuple[int, int, int]:
    """Fewest parts; then most modifiers the dictionary attests as compound starts; then the longest head."""
    return len(split), -sum(attested for _p, _o, attested in split), -len(split[-1][0])


def _split(word: str, offset: int, depth: int) -> list[tuple[str, int, bool]] | None:
    # The word itself is no split; a remainder that is a known word ends one.
    if depth > 0 and _known_head(word):
        return [(word, offset, False)]
    if depth >= 3:
        return None
    best: list[tuple[str, int, bool]] | None = None
    for cut in range(len(word) - 3, 2, -1):
        modifier = _known_modifier(word[:cut])
        if modifier is None:
            continue
        rest = _split(word[cut:], offset + cut, depth + 1)
        if rest is None:
            continue
        candidate = [(modifier, offset, word[:cut] in MODIFIERS), *rest]
        if best is None or _rank(candidate) < _rank(best):
            best = candidate
    return best


@lru_cache(maxsize=200_000)
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


@lru_cache(maxsize=200_000)
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


@lru_cache(maxsize=200_000)
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


_last_analyzed: tuple[str, list[list[tuple[str, int, int]]]] = ("", [])


def section_words(value: str) -> list[list[tuple[str, int, int]]]:
    """The words of each section of a field value, remembered for the next call with the same string.

    Whoosh hands the same document text to the exact, stemmed and prefix
    analyzers one after the other; tokenizing it once saves two thirds of the work.
    """
    global _last_analyzed
    cached_value, cached = _last_analyzed
    if cached_value is value:
        return cached
    result = [list(words(section)) for section in value.split(SECTION_BREAK)]
    _last_analyzed = (value, result)
    return result


def hyphen_joins(text: str) -> Iterator[str]:
    """The joined, folded form of each hyphenated word ("Job-Center" → "jobcenter")."""
    for match in WORD_RE.finditer(strip_invisible(text)):
        chunk = match.group()
        if "-" in chunk:
            yield fold(chunk.replace("-", ""))


def _section_boost(index: int, sections: list[list[tuple[str, int, int]]]) -> float:
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
            boost = _section_boost(index, sections)
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
            # A gap, so no phrase matches across the end of the Betreff and the start of the text.
            pos += 10
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
            token.boost = _section_boost(index, sections)
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
