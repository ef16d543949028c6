"""Compound splitting (Komposita) with the lexicon from Debian's hunspell dictionary and the curated list.

A compound yields its parts only when every part is known: heads (words that
may end a compound), modifiers (words or linking forms that may begin one) and
the curated council words of ``wordlist_de.txt``. Lexicalised words (the
list's ``[ganz]`` section) and dictionary roots with two readings
("Staubecken") stay whole. See :mod:`.lexicon` for where the words come from.
"""
from __future__ import annotations

from importlib import resources

from . import lexicon
from .folding import fold, stem
from .memo import memoize

#: Smallest part a compound may be split into (shorter heads need to be listed in SHORT_PARTS).
MIN_PART = 4
#: Well-known three-letter heads and modifiers that are safe compound parts.
SHORT_PARTS = frozenset({"amt", "rat", "tag", "weg", "hof", "ort", "bad", "see", "zug", "bau", "not", "bus", "kur",
                         "rad"})
#: Linking elements (Fugenelemente) that may follow a non-final part.
LINKING = ("es", "en", "s", "n")


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


def _words_with_role(role: str, lexicon_roles: dict[str, set[str]]) -> frozenset[str]:
    return frozenset(w for w, roles in lexicon_roles.items() if role in roles)


# The lexicon's word → roles dict is dropped after this: its 26,000 small sets would only burden every
# full garbage collection (see memo.py).
_ROLES = lexicon.load(fold)
#: Lexicalised words that are never split (the curated "[ganz]" list: Haushalt, Bürgermeister).
KEEP_WHOLE = _CURATED_WHOLE
#: Words the dictionary lists as roots; one of them is split only where the split is unambiguous
#: ("Parkplatz" is, "Staubecken" is not: Stau|becken or Staub|ecken).
ROOTS = _words_with_role("k", _ROLES)
#: Nouns that may end a compound.
HEADS = DICTIONARY | _words_with_role("h", _ROLES)
#: Forms that may begin a compound, often with their linking element ("haushalts").
MODIFIERS = _words_with_role("m", _ROLES)
del _ROLES
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


@memoize(200_000)
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


@memoize(200_000)
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

