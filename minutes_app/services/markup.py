"""The safe markup of long texts (Vorlagen, minutes, DOCX exports).

A small Markdown-like subset that real Vorlagen need and nothing more:

* paragraphs separated by blank lines; a single line break inside a paragraph is kept;
* headings: ``## I. Ausgangssituation`` (level 1) and ``### 1. Teilaspekt`` (level 2);
* bullet lists (``- Punkt``, also ``•``, ``–`` or ``*``) and numbered lists (``1. Punkt``);
* ``**fett**`` and ``*kursiv*``; ``\\*`` writes a literal asterisk;
* ``[[schwärzen: Name]]`` marks a passage as redacted for the public version
  (``[[schwaerzen: …]]`` without umlaut works too). An unclosed marker redacts up
  to the end of its line, so a typing slip never publishes the passage.

The public rendering (:func:`redact_source`, and :func:`to_html` / :func:`to_plain`
unless ``reveal=True``) replaces every redacted passage and every name on the
body's always-redact list by :data:`PLACEHOLDER`; internal views pass
``reveal=True`` and show the original, visibly marked.

Texts are stored as typed; :func:`parse` turns them into a typed tree that the
HTML renderer and the DOCX exporter walk. HTML is built only from escaped text
and a fixed set of tags, so no markup from users ever reaches a page; ``nh3``
cleans the result once more as a second guard.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import nh3
from markupsafe import Markup, escape


@dataclass(frozen=True)
class Text:
    """A run of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    #: Part of a passage redacted for the public version (only present in revealed texts).
    redacted: bool = False


@dataclass(frozen=True)
class LineBreak:
    """A line break inside a paragraph or list item."""


Inline = Text | LineBreak


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline content."""

    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class Heading:
    """A heading; level 1 is ``##``, level 2 is ``###``."""

    level: int
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class BulletList:
    """An unordered list; each item is a tuple of inlines."""

    items: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class NumberedList:
    """An ordered list starting at ``start``."""

    items: tuple[tuple[Inline, ...], ...]
    start: int = 1


Block = Paragraph | Heading | BulletList | NumberedList

#: Shown next to every textarea that accepts this markup.
HINT = (
    "Formatierung: Leerzeile = neuer Absatz, „## “ = Überschrift, „- “ = Aufzählung, "
    "„1. “ = Nummerierung, **fett**, *kursiv*, [[schwärzen: Name]] = für die Öffentlichkeit schwärzen."
)

#: (Eingabe, Wirkung) rows of the German help text.
SYNTAX_HELP: tuple[tuple[str, str], ...] = (
    ("Eine Leerzeile", "beginnt einen neuen Absatz; ein einfacher Zeilenumbruch bleibt erhalten"),
    ("## I. Ausgangssituation", "Überschrift"),
    ("### 1. Teilaspekt", "Unterüberschrift"),
    ("- Punkt", "Aufzählung (jede Zeile ein Punkt)"),
    ("1. Punkt", "nummerierte Liste"),
    ("**wichtig**", "fett"),
    ("*Hinweis*", "kursiv"),
    ("\\*", "ein Sternchen, das nicht formatiert"),
    ("[[schwärzen: Erika Muster]]", "in der öffentlichen Fassung geschwärzt (ersetzt durch „[geschwärzt]“)"),
)

#: What the public sees instead of a redacted passage.
PLACEHOLDER = "[geschwärzt]"

_HEADING = re.compile(r"^(#{1,3})[ \t]+(.+)$")
_BULLET = re.compile(r"^[-–•*][ \t]+(.*)$")
_NUMBERED = re.compile(r"^(\d{1,4})[.)][ \t]+(.*)$")
_CONTINUATION = re.compile(r"^(?: {2,}|\t)(\S.*)$")
_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|\*(?=\S)(.+?)(?<=\S)\*")
# Escapes are swapped for private-use characters while emphasis is matched.
_ESCAPES = {"\\\\": "\ue001", "\\*": "\ue000", "\\#": "\ue002", "\\-": "\ue003"}
_UNESCAPE = {"\ue001": "\\", "\ue000": "*", "\ue002": "#", "\ue003": "-"}
# A redaction runs to its closing "]]" or, if that is missing, to the end of the line.
_REDACTION = re.compile(r"\[\[\s*schw(?:ä|ae)rzen\s*:\s*(.*?)\s*(?:\]\]|$)", re.IGNORECASE | re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_ALLOWED_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "br", "mark"}


def normalize(text: str | None) -> str:
    """Canonical form of a stored text: ``\\n`` line ends, no control characters, no trailing blanks.

    Texts are normalized before they are saved so that a browser's ``\\r\\n``
    never shows up as a change in versions and content hashes.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def _protect(line: str) -> str:
    for escape_seq, placeholder in _ESCAPES.items():
        line = line.replace(escape_seq, placeholder)
    return line


def _restore(text: str) -> str:
    for placeholder, char in _UNESCAPE.items():
        text = text.replace(placeholder, char)
    return text


def redactions(text: str | None) -> list[str]:
    """The passages marked ``[[schwärzen: …]]`` in the text, in order (for the audit trail)."""
    return [match.group(1) for match in _REDACTION.finditer(normalize(text)) if match.group(1)]


def _names_pattern(names: tuple[str, ...] | list[str]) -> re.Pattern[str] | None:
    return _compiled_names(tuple(names))


@lru_cache(maxsize=64)
def _compiled_names(names: tuple[str, ...]) -> re.Pattern[str] | None:
    # Built once per list of names: a public page redacts every text of every item with the same list.
    cleaned = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    # Whole words only, case-insensitive: "Meier" must not blacken "Meiereien".
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in cleaned) + r")(?!\w)", re.IGNORECASE)


def redact_source(text: str | None, names: tuple[str, ...] | list[str] = ()) -> str:
    """The public version of a stored text, still in markup.

    Every ``[[schwärzen: …]]`` passage and every occurrence of one of ``names``
    (the body's always-redact list) becomes :data:`PLACEHOLDER`. Every public
    channel (pages, DOCX, search, feeds, API) renders from this.
    """
    if not text:
        return ""
    result = _REDACTION.sub(PLACEHOLDER, text)
    pattern = _names_pattern(names)
    if pattern is not None:
        result = pattern.sub(PLACEHOLDER, result)
    return result


_OPEN, _CLOSE = "\ue010", "\ue011"


def _mark_redactions(runs: list[Text]) -> list[Text]:
    """Split runs at the redaction sentinels and flag the passages between them."""
    out: list[Text] = []
    inside = False
    for run in runs:
        for piece in re.split(f"([{_OPEN}{_CLOSE}])", run.text):
            if piece == _OPEN:
                inside = True
            elif piece == _CLOSE:
                inside = False
            elif piece:
                out.append(Text(piece, run.bold, run.italic, redacted=inside))
    return out


def _emphasis(text: str, bold: bool, italic: bool) -> list[Text]:
    """Split one line into runs; ``**`` and ``*`` pair up only around non-blank text."""
    runs: list[Text] = []
    pos = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > pos:
            runs.append(Text(_restore(text[pos : match.start()]), bold, italic))
        if match.group(1) is not None:
            runs.extend(_emphasis(match.group(1), True, italic))
        else:
            runs.extend(_emphasis(match.group(2), bold, True))
        pos = match.end()
    if pos < len(text):
        runs.append(Text(_restore(text[pos:]), bold, italic))
    return runs


def parse_inline(lines: list[str]) -> tuple[Inline, ...]:
    """Inline content of one or more lines, joined by line breaks."""
    inlines: list[Inline] = []
    for index, line in enumerate(lines):
        if index:
            inlines.append(LineBreak())
        # Redactions become sentinels first, so emphasis may sit inside or around them.
        marked = _REDACTION.sub(lambda m: _OPEN + m.group(1) + _CLOSE, _protect(line.strip()))
        inlines.extend(_mark_redactions(_emphasis(marked, False, False)))
    return tuple(inlines)


@dataclass
class _OpenList:
    numbered: bool
    start: int
    items: list[list[str]]


def parse(text: str | None) -> list[Block]:
    """Parse stored markup into blocks (paragraphs, headings, lists)."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    open_list: _OpenList | None = None
    after_blank = False

    def close_paragraph() -> None:
        if paragraph:
            blocks.append(Paragraph(parse_inline(paragraph)))
            paragraph.clear()

    def close_list() -> None:
        nonlocal open_list
        if open_list is not None:
            items = tuple(parse_inline(item) for item in open_list.items)
            blocks.append(NumberedList(items, open_list.start) if open_list.numbered else BulletList(items))
            open_list = None

    def add_item(numbered: bool, start: int, content: str) -> None:
        nonlocal open_list
        close_paragraph()
        if open_list is not None and open_list.numbered != numbered:
            close_list()
        if open_list is None:
            open_list = _OpenList(numbered, start, [])
        open_list.items.append([content])

    for raw in normalize(text).split("\n"):
        if not raw.strip():
            close_paragraph()
            after_blank = True
            continue
        continuation = _CONTINUATION.match(raw)
        if open_list is not None and continuation and not after_blank:
            open_list.items[-1].append(continuation.group(1))
            continue
        line = raw.strip()
        if heading := _HEADING.match(line):
            close_paragraph()
            close_list()
            blocks.append(Heading(1 if len(heading.group(1)) <= 2 else 2, parse_inline([heading.group(2)])))
        elif bullet := _BULLET.match(line):
            add_item(False, 1, bullet.group(1))
        elif numbered := _NUMBERED.match(line):
            add_item(True, int(numbered.group(1)), numbered.group(2))
        else:
            # Adjacent lists of one kind separated by blank lines stay one list;
            # any other line ends the list.
            close_list()
            paragraph.append(line)
        after_blank = False
    close_paragraph()
    close_list()
    return blocks


def _inline_html(inlines: tuple[Inline, ...]) -> str:
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, LineBreak):
            parts.append("<br>")
            continue
        html = str(escape(inline.text))
        if inline.italic:
            html = f"<em>{html}</em>"
        if inline.bold:
            html = f"<strong>{html}</strong>"
        if inline.redacted:
            # Internal views only: the original, marked so staff see what the public does not.
            html = f'<mark class="redacted" title="In der öffentlichen Fassung geschwärzt">{html}</mark>'
        parts.append(html)
    return "".join(parts)


#: Texts up to this length have their HTML kept (a page of 40 items renders 80 short texts, most of them
#: the same on the next request); the bound keeps the cache at a few megabytes.
CACHED_TEXT_LENGTH = 2000


def to_html(
    text: str | None, heading_level: int = 3, *, reveal: bool = False, names: tuple[str, ...] | list[str] = ()
) -> Markup:
    """Sanitized HTML of the text; ``##`` becomes ``<h{heading_level}>``, ``###`` the next level.

    The public version by default (redactions and ``names`` replaced by the
    placeholder); ``reveal=True`` shows the original with redactions marked.
    """
    if text is not None and len(text) <= CACHED_TEXT_LENGTH:
        return _cached_html(text, heading_level, reveal, tuple(names))
    return _html(text, heading_level, reveal, names)


@lru_cache(maxsize=2048)
def _cached_html(text: str, heading_level: int, reveal: bool, names: tuple[str, ...]) -> Markup:
    return _html(text, heading_level, reveal, names)


def _html(text: str | None, heading_level: int, reveal: bool, names: tuple[str, ...] | list[str]) -> Markup:
    if not reveal:
        text = redact_source(text, names)
    parts: list[str] = []
    top = max(2, min(heading_level, 5))
    for block in parse(text):
        if isinstance(block, Heading):
            tag = f"h{top + block.level - 1}"
            parts.append(f"<{tag}>{_inline_html(block.inlines)}</{tag}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{_inline_html(block.inlines)}</p>")
        elif isinstance(block, BulletList):
            items = "".join(f"<li>{_inline_html(item)}</li>" for item in block.items)
            parts.append(f"<ul>{items}</ul>")
        else:
            start = f' start="{block.start}"' if block.start != 1 else ""
            items = "".join(f"<li>{_inline_html(item)}</li>" for item in block.items)
            parts.append(f"<ol{start}>{items}</ol>")
    attributes = {"ol": {"start"}, "mark": {"class", "title"}}
    html = nh3.clean("\n".join(parts), tags=_ALLOWED_TAGS, attributes=attributes, link_rel=None)
    return Markup(html)  # built from escaped text only, then cleaned by nh3


def _inline_plain(inlines: tuple[Inline, ...]) -> str:
    return "".join("\n" if isinstance(i, LineBreak) else i.text for i in inlines)


def to_plain(text: str | None, *, reveal: bool = False, names: tuple[str, ...] | list[str] = ()) -> str:
    """Plain text for search and diffs: structure kept as lines, emphasis markers removed.

    Public by default (redactions replaced); ``reveal=True`` keeps the original passages.
    """
    if not reveal:
        text = redact_source(text, names)
    out: list[str] = []
    for block in parse(text):
        if isinstance(block, Heading | Paragraph):
            out.append(_inline_plain(block.inlines))
        elif isinstance(block, BulletList):
            out.append("\n".join(f"- {_inline_plain(item)}" for item in block.items))
        else:
            out.append(
                "\n".join(f"{block.start + n}. {_inline_plain(item)}" for n, item in enumerate(block.items))
            )
    return "\n\n".join(out)
