"""Folding and stemming of single German words, shared by the analyzers, the splitter and the queries.

``fold`` lower-cases and removes what people type differently (ß/ss, umlauts
and their ae/oe/ue spellings, accents, letters such as ø or ł); ``stem`` is
Snowball German guarded against derivational over-stemming ("Sicherheit" never
becomes "sich"). Also: invisible characters and reference-number spellings.
"""
from __future__ import annotations

import re
import unicodedata

import Stemmer

from .memo import memoize

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


@memoize(300_000)
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


@memoize(200_000)
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

