"""The German lexicon of the compound splitter, built from Debian's hunspell dictionary at install time.

``make install`` runs :func:`main` once (the ``$(LEXICON)`` target), which
reads ``/usr/share/hunspell/de_DE.dic`` (Debian package ``hunspell-de-de``,
igerman98 by Björn Jacke, GPL-2+) and writes ``lexicon_de.txt`` beside this
module (not in git: it is derived from that package, and regenerated from it
the same way on every machine). Nothing is ever downloaded at run time; when
the generated file is missing, the same conversion runs from the local
dictionary in memory, and without that dictionary the splitter keeps to the
curated ``wordlist_de.txt``.

What the dictionary tells, by its hunspell flags (igerman98's affix file):

* ``m`` – the noun may end a compound: a **head** ("Becken", "Stube", "Konzept");
* ``j`` – the form may begin a compound: a **modifier**, often with its linking
  element ("Haushalts", "Sicherheits", "Finanz", "Wachs");
* ``h`` – a pseudo-root that exists only inside compounds ("Haushalts"): its
  base without the linking ``s`` ("Haushalt") is a head as well;
* any other capitalised root is a word of its own that is **never split**:
  lexicalised compounds such as "Staubecken" or "Wissenschaft".

Each line of the generated file is ``<roles> <folded word>`` with roles from
``k`` (keep whole), ``h`` (head) and ``m`` (modifier).
"""
from __future__ import annotations

import sys
from pathlib import Path

HUNSPELL_DIC = Path("/usr/share/hunspell/de_DE.dic")
GENERATED = Path(__file__).with_name("lexicon_de.txt")


def convert(lines: list[str], fold: object) -> dict[str, set[str]]:
    """Folded word → roles (``k``, ``h``, ``m``) from the lines of a hunspell ``.dic`` file."""
    roles: dict[str, set[str]] = {}
    for line in lines[1:]:  # the first line is the entry count
        entry, _, flags = line.strip().partition("/")
        flags = flags.split()[0] if flags.strip() else ""
        if not entry or not entry[0].isupper() or not entry.isalpha() or len(entry) < 3:
            continue
        word = fold(entry)  # type: ignore[operator]
        found = roles.setdefault(word, set())
        if "h" in flags:  # only inside compounds: a linking form; its base is a head
            if "j" in flags:
                found.add("m")
            if word.endswith("s") and len(word) >= 6:
                roles.setdefault(word[:-1], set()).add("h")
            continue
        found.add("k")
        if "m" in flags:
            found.add("h")
        if "j" in flags:
            found.add("m")
    return {word: found for word, found in roles.items() if found}


def render(roles: dict[str, set[str]]) -> str:
    """The generated file's text, sorted so that the same dictionary always gives the same file."""
    return "".join(f"{''.join(sorted(r))} {word}\n" for word, r in sorted(roles.items()))


def parse(text: str) -> dict[str, set[str]]:
    """Roles by word from the generated file's text."""
    out: dict[str, set[str]] = {}
    for line in text.splitlines():
        flags, _, word = line.partition(" ")
        if word:
            out[word] = set(flags)
    return out


def load(fold: object) -> dict[str, set[str]]:
    """The lexicon: the generated file, else converted from the local dictionary, else empty."""
    if GENERATED.exists():
        return parse(GENERATED.read_text(encoding="utf-8"))
    if HUNSPELL_DIC.exists():
        return convert(HUNSPELL_DIC.read_text(encoding="utf-8", errors="replace").splitlines(), fold)
    return {}


def main(argv: list[str]) -> int:
    """Write the generated lexicon from the dictionary given (default: Debian's de_DE)."""
    from .analysis import fold

    source = Path(argv[0]) if argv else HUNSPELL_DIC
    if not source.exists():
        print(f"Wörterbuch {source} fehlt: bitte das Debian-Paket hunspell-de-de installieren.", file=sys.stderr)
        return 1
    roles = convert(source.read_text(encoding="utf-8", errors="replace").splitlines(), fold)
    GENERATED.write_text(render(roles), encoding="utf-8")
    print(f"Lexikon für die Kompositazerlegung: {len(roles)} Wörter aus {source} nach {GENERATED}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
