"""Clean text extracted from documents before it is stored and indexed.

PDF text comes out the way the page was set, not the way it was written: words broken at
the line end ("Recycling-" / "hof"), soft hyphens (U+00AD), bullet glyphs of symbol fonts
(U+F0B7 and friends in the Private Use Area), page numbers ("- 3 -", "Seite 3 von 12") and
running headers and footers repeated on every page. A citizen searching "Recyclinghof" must
find the document, and the snippet should read like the text. The repairs keep what is
meant: real hyphens ("Haushalts- und Finanzausschuss", "E-Mail", "Rhein-Neckar-Kreis") stay,
and table rows (columns separated by runs of spaces, as pypdf's layout mode prints them) are
neither joined nor re-spaced.

:func:`clean_pdf_pages` works on the pages of one PDF (it can see what repeats on every page);
:func:`clean_text` on any text without page structure (DOCX, ODT, or text stored earlier).
Both are idempotent: cleaning clean text changes nothing.
"""
from __future__ import annotations

import re
from collections import Counter

#: Glyphs that start a list item. Symbol and Wingdings fonts map their bullets into the Private
#: Use Area (U+F0B7 Symbol bullet, U+F0A7 Wingdings square, U+F076 diamond, U+F0D8 arrow,
#: U+F0FC check mark, U+F0A8, U+F06E, U+F071, U+F0E0 …); Unicode fonts use the ordinary bullets.
_BULLET_GLYPHS = "•‣∙◦▪▫■□●○◆◇►▶▸➢➤✓✔❖·"
_PRIVATE_USE = "\ue000-\uf8ff"
_BULLET_LINE = re.compile(rf"^([ \t]*)(?:[{_BULLET_GLYPHS}{_PRIVATE_USE}]|o(?=[ \t]+[A-ZÄÖÜ]))[ \t]*(?=\S)")
#: A Private Use glyph elsewhere is a symbol with no meaning in plain text.
_PRIVATE_USE_ANYWHERE = re.compile(f"[{_PRIVATE_USE}]")
#: Characters that are not visible and only get in the way of search.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile("[\u00a0\u2007\u202f\u2009\u2002\u2003\u2000\u2001\u2004\u2005\u2006\u2008\u200a]")

#: A line that is only a page number: "- 3 -", "– 3 –", "Seite 3", "Seite 3 von 12", "S. 3 von 12".
_PAGE_MARK = (r"[-–—]\s*\d{1,4}\s*[-–—]|[-–—]?\s*Seite\s+\d{1,4}(?:\s*(?:von|/)\s*\d{1,4})?\s*[-–—]?"
              r"|S\.\s*\d{1,4}\s*von\s*\d{1,4}")
_PAGE_NUMBER = re.compile(rf"^(?:{_PAGE_MARK})$", re.IGNORECASE)
#: At the top or bottom of a page a bare number ("3", "3 / 12") is a page number as well.
_EDGE_PAGE_NUMBER = re.compile(rf"^(?:{_PAGE_MARK}|\d{{1,4}}(?:\s*/\s*\d{{1,4}})?)$", re.IGNORECASE)
#: Two or more columns: a run of at least three spaces between two pieces of text.
_COLUMN_GAP = re.compile(r"\S {3,}\S")

#: Words after a line-end hyphen that show the hyphen is a real one ("Bau- und Umweltverwaltung").
_CONJUNCTIONS = frozenset({"und", "oder", "bzw", "bzw.", "sowie", "u.", "bis", "als", "noch", "wie", "&"})
#: A line ending in a word broken by a hyphen (ordinary, Unicode hyphen, soft hyphen shown, "¬").
_HYPHENS = "-\u2010\u2011\u00ac\u00ad"
_BROKEN = re.compile(rf"([\w.]*\w)([{_HYPHENS}])$")
_NEXT_WORD = re.compile(r"^\s*(\S+)")
_SOFT_AT_END = re.compile("\u00ad[ \t]*\n")
_SOFT_INSIDE = re.compile("\u00ad(?!\n)|(?<!\\w)\u00ad")
_BLANKS = re.compile(r"\s+")
_KEY_PAGE = re.compile(r"seite\s*\d+(?:\s*(?:von|/)\s*\d+)?")
_KEY_DASHED = re.compile(r"[-–—]\s*\d+\s*[-–—]")
_KEY_TRAILING = re.compile(r"(^|\s)\d{1,4}(?:\s*/\s*\d{1,4})?$")
#: Lines looked at for running headers and footers, at the top and at the bottom of each page.
_EDGE_LINES = 3


def _normalize_characters(text: str) -> str:
    """Unicode spaces to spaces, invisible characters out; soft hyphens at a line end become hyphens."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    # A soft hyphen where the line breaks marks a word broken there; elsewhere it is invisible.
    text = _SOFT_AT_END.sub("\u00ad\n", text)
    text = _SOFT_INSIDE.sub("", text)
    return _SPACES.sub(" ", _INVISIBLE.sub("", text))


def is_table_row(line: str) -> bool:
    """A line with at least two pieces of text separated by a column gap (three or more spaces)."""
    return bool(_COLUMN_GAP.search(line.strip()))


def _tidy_line(line: str) -> str:
    """Bullets to "- ", stray symbol glyphs out, spacing of prose lines collapsed; table rows keep theirs."""
    bullet = _BULLET_LINE.match(line)
    if bullet:
        line = bullet.group(1) + "- " + line[bullet.end():]
    line = _PRIVATE_USE_ANYWHERE.sub("", line).rstrip()
    if not bullet:
        # A symbol glyph between "o" and the text hid an "o" bullet; look again without it.
        bullet = _BULLET_LINE.match(line)
        if bullet:
            line = bullet.group(1) + "- " + line[bullet.end():]
    if is_table_row(line):
        return line
    return _BLANKS.sub(" ", line).strip()


def _join_hyphenated(lines: list[str]) -> list[str]:
    """Join words broken at the line end; keep real hyphens and table rows as they are."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else None
        joined = _join_pair(line, following) if following is not None else None
        if joined is None:
            out.append(line)
            index += 1
            continue
        # The joined line may end in a broken word again: look at it with the line after.
        lines[index + 1] = joined
        index += 1
    return out


def _join_pair(line: str, following: str) -> str | None:
    """``line`` and ``following`` as one line if ``line`` ends in a hyphenated word, else ``None``."""
    if not line or line[-1] not in _HYPHENS:
        return None
    # Only the last word is matched: a pattern anchored at the end would be tried at every position of the line.
    last = line.rsplit(" ", 1)[-1][-100:]
    broken = _BROKEN.search(last)
    if not broken or is_table_row(line) or is_table_row(following) or not following.strip():
        return None
    next_word = _NEXT_WORD.match(following)
    if next_word is None:
        return None
    word, first = next_word.group(1), next_word.group(1)[0]
    stem, hyphen = broken.group(1), broken.group(2)
    cut = len(line) - len(last) + broken.start(2)
    rest = following.strip()
    if first == "-" or _PAGE_NUMBER.match(rest):
        return None
    if word.lower().rstrip(",;") in _CONJUNCTIONS:
        # "Haushalts- und Finanzausschuss": the hyphen is an Ergänzungsstrich, a space follows.
        return f"{line[:cut]}- {rest}"
    if hyphen in "\u00ad\u00ac" or (first.islower() and stem.isalpha() and not _is_acronym(stem)):
        return line[:cut] + rest
    if first.isalnum():
        # "E-" + "Mail", "Rhein-" + "Neckar-Kreis", "2013-" + "2014", "ÖPNV-" + "angebot": a real hyphen.
        return line[:cut] + "-" + rest
    return None


def _is_acronym(stem: str) -> bool:
    """"ÖPNV", "E", "CO2": an upper-case abbreviation, whose hyphen is kept before a lower-case word."""
    letters = [c for c in stem if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(stem) <= 6


def _blank_runs(lines: list[str]) -> list[str]:
    """At most one empty line in a row, none at the start or end."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def clean_text(text: str) -> str:
    """Cleaned text of a document without page structure; see the module docstring."""
    if not text:
        return ""
    lines = [_tidy_line(line) for line in _normalize_characters(text).split("\n")]
    lines = [line for line in lines if not _PAGE_NUMBER.match(line) or is_table_row(line)]
    # A soft hyphen that could not be joined (before a table row, at the very end) is dropped.
    joined = [line.replace("\u00ad", "").rstrip() if "\u00ad" in line else line for line in _join_hyphenated(lines)]
    return "\n".join(_blank_runs(joined))


def _edge_key(line: str) -> str:
    """A header or footer line with its page number blanked, so "Seite 3 von 9" and "Seite 4 von 9" repeat.

    Only page numbers are blanked: "TOP 1" and "TOP 2" at the top of two pages stay different.
    """
    key = _BLANKS.sub(" ", line.strip().lower())
    if not any(c.isdigit() for c in key):
        return key
    key = _KEY_PAGE.sub("seite #", key)
    key = _KEY_DASHED.sub("- # -", key)
    return _KEY_TRAILING.sub(r"\1#", key)


def _edges(lines: list[str]) -> tuple[list[int], list[int]]:
    """Indexes of the first and of the last few non-empty lines of a page (apart on short pages)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    reach = min(_EDGE_LINES, max(1, len(filled) // 2))
    return filled[:reach], filled[len(filled) - reach:]


def _running_lines(split: list[list[str]]) -> set[str]:
    """Keys of lines repeated at the top (or the bottom) of at least half of the pages, and at least three.

    A line whose key also stands inside a page (away from its edges) is content, not a header.
    """
    top: Counter[str] = Counter()
    bottom: Counter[str] = Counter()
    inside: set[str] = set()
    for lines in split:
        head, foot = _edges(lines)
        top.update({_edge_key(lines[i]) for i in head})
        bottom.update({_edge_key(lines[i]) for i in foot})
        edge = set(head) | set(foot)
        inside.update(_edge_key(line) for i, line in enumerate(lines) if i not in edge and line.strip())
    threshold = max(3, (len(split) + 1) // 2)
    return {key for counter in (top, bottom) for key, count in counter.items()
            if count >= threshold and key and key not in inside}


def clean_pdf_pages(pages: list[str]) -> str:
    """Cleaned text of a PDF's pages: running headers and footers and page numbers dropped, then :func:`clean_text`.

    A line at the top or bottom of a page counts as a running header or footer when it repeats
    (numbers aside) at that edge of at least half of the pages, and at least three, and never
    inside a page; its first occurrence is kept, so a title printed in every page head still
    stands once in the text.
    """
    split = [[_tidy_line(line) for line in _normalize_characters(page).split("\n")] for page in pages]
    repeated = _running_lines(split)
    seen: set[str] = set()
    kept_pages: list[str] = []
    for lines in split:
        head, foot = _edges(lines)
        drop = set()
        for i in sorted(set(head) | set(foot)):
            key = _edge_key(lines[i])
            if _EDGE_PAGE_NUMBER.match(lines[i].strip()):
                drop.add(i)
            elif key in repeated:
                if key in seen:
                    drop.add(i)
                seen.add(key)
        kept_pages.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return clean_text("\n".join(page for page in kept_pages if page.strip()))


def looks_multicolumn(layout_text: str) -> bool:
    """Whether a page printed in layout mode is prose set in two columns (not a table).

    Most of its lines then split at one wide gap into two long pieces of running text;
    table rows have short cells or more than two of them.
    """
    lines = [line.strip() for line in layout_text.split("\n") if line.strip()]
    if len(lines) < 8:
        return False
    two_long = 0
    for line in lines:
        pieces = re.split(r" {4,}", line)
        if len(pieces) == 2 and all(len(piece) >= 12 and " " in piece for piece in pieces):
            two_long += 1
    return two_long * 2 >= len(lines)


#: A table cell of figures: amounts, counts, percentages, years, dates ("1.200.000", "12,5 %", "€", "2026").
_FIGURE = re.compile(r"[-+(]?\d[\d.,:/]*[%)]?|[-–—]|€|EUR|T€|Tsd\.?|%")


def looks_tabular(plain_text: str) -> bool:
    """Whether a page read in plain mode shows rows of figures (a table worth reading in layout mode).

    A row is a line whose words are at least half figures: with two or more figures it counts
    two points ("2026 1.300.000 € 1.350.000 €"), with one figure one point ("Nein 20"); three
    points make a table. Prose with a date or an amount in it does not count.
    """
    points = 0
    for line in plain_text.split("\n"):
        words = line.split()
        if len(words) < 2:
            continue
        figures = sum(1 for word in words if _FIGURE.fullmatch(word))
        if figures and figures * 2 >= len(words):
            points += 2 if figures >= 2 else 1
            if points >= 3:
                return True
    return False
