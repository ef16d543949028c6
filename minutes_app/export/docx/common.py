"""The writer every DOCX export uses: German dates, document properties, headings, lists, tables.

A :class:`DocxWriter` starts from the body's letterhead (or the built-in one),
sets the document properties and the footer, and offers the few building
blocks the four documents need. Headings use Word's built-in heading styles so
the navigation pane works; long texts in the safe markup become real headings,
lists, bold and italic; tables repeat their header row on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from lxml.etree import _Element

from ...services import markup
from . import letterhead, wml
from .lists import ListNumbering

BERLIN = ZoneInfo("Europe/Berlin")
SIGNATURE_LINE = "_" * 34


def local_date(value: date | datetime) -> date:
    """The calendar day in Berlin of a timestamp (dates pass through)."""
    return value.astimezone(BERLIN).date() if isinstance(value, datetime) else value


def date_long(value: date | datetime | None) -> str:
    """E.g. "Donnerstag, 12. März 2026"."""
    return format_date(local_date(value), "EEEE, d. MMMM yyyy", locale="de_DE") if value else ""


def date_short(value: date | datetime | None) -> str:
    """E.g. "12.03.2026"."""
    return format_date(local_date(value), "dd.MM.yyyy", locale="de_DE") if value else ""


def time_short(value: datetime | None) -> str:
    """E.g. "17:00 Uhr"."""
    return format_time(value.astimezone(BERLIN), "HH:mm", locale="de_DE") + " Uhr" if value else ""


@dataclass(frozen=True)
class DocumentMeta:
    """Document properties (File → Properties in Word) and the footer label."""

    title: str
    subject: str
    author: str
    category: str
    footer_label: str
    status: str
    created: datetime
    keywords: str = ""


class DocxWriter:
    """Builds one document on a letterhead; call the content methods in reading order, then :meth:`to_bytes`."""

    def __init__(self, base: bytes, meta: DocumentMeta) -> None:
        self.doc = letterhead.open_base(base)
        self._set_properties(meta)
        letterhead.add_page_numbers(self.doc, meta.footer_label)
        self._lists = ListNumbering(self.doc)
        self._style_ids: dict[str, str] = {}
        self.text_width = letterhead.page_text_width(self.doc.sections[0])
        self._end = self.doc.element.body.get_or_add_sectPr()

    def _set_properties(self, meta: DocumentMeta) -> None:
        props = self.doc.core_properties
        props.title = meta.title
        props.subject = meta.subject
        props.author = meta.author
        props.last_modified_by = meta.author
        props.category = meta.category
        props.keywords = meta.keywords
        props.content_status = meta.status
        props.comments = ""
        props.language = letterhead.LANGUAGE
        props.created = props.modified = meta.created.replace(tzinfo=None, microsecond=0)
        for stale in props._element.xpath("cp:lastPrinted"):  # the letterhead's own print date
            stale.getparent().remove(stale)
        props.revision = 1

    def _style_id(self, name: str) -> str:
        # Style lookups by name scan the styles part; a long Niederschrift asks for the same few many times.
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.styles[name].style_id
        return self._style_ids[name]

    def _append(self, element: _Element) -> _Element:
        """Add a block element at the end of the body (before the final section properties)."""
        self._end.addprevious(element)
        return element

    # Text ---------------------------------------------------------------------------------------

    def heading(self, text: str, level: int) -> None:
        """A heading in Word's built-in style "Heading <level>" (1–4), listed in the navigation pane.

        It always keeps with the next paragraph (also where a letterhead's style lacks it),
        so no heading is stranded at the bottom of a page.
        """
        p = self._append(wml.paragraph(self._style_id(f"Heading {min(max(level, 1), 4)}"), keep_next=True))
        wml.run(p, wml.Span(text))

    def paragraph(
        self,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        align_right: bool = False,
        keep_with_next: bool = False,
        space_before: float | None = None,
        space_after: float | None = None,
    ) -> None:
        """A plain paragraph; spacing in points."""
        align = "right" if align_right else None
        p = self._append(wml.paragraph(keep_next=keep_with_next, before=space_before, after=space_after, align=align))
        if text:
            wml.run(p, wml.Span(text, bold, italic, size))

    def labelled(self, label: str, text: str, *, keep_with_next: bool = False) -> None:
        """A paragraph "Label: text" with the label in bold."""
        p = self._append(wml.paragraph(keep_next=keep_with_next))
        wml.run(p, wml.Span(f"{label}: ", bold=True))
        wml.run(p, wml.Span(text))

    def lines(self, lines: list[str]) -> None:
        """One paragraph of several lines (an address block)."""
        p = self._append(wml.paragraph())
        wml.run(p, wml.Span("\n".join(lines)))

    def markup(self, text: str, heading_level: int) -> None:
        """A long text in the safe markup: ``##`` becomes a heading of ``heading_level``, ``###`` the next."""
        for block in markup.parse(text):
            if isinstance(block, markup.Heading):
                style = self._style_id(f"Heading {min(heading_level + block.level - 1, 4)}")
                self._inlines(self._append(wml.paragraph(style)), block.inlines)
            elif isinstance(block, markup.Paragraph):
                self._inlines(self._append(wml.paragraph()), block.inlines)
            elif isinstance(block, markup.BulletList):
                num_id = self._lists.bullets()
                for item in block.items:
                    self._list_item(item, num_id)
            else:
                num_id = self._lists.numbered(block.start)
                for item in block.items:
                    self._list_item(item, num_id)

    def bullets(self, texts: list[str]) -> None:
        """A bullet list of plain texts."""
        num_id = self._lists.bullets()
        for text in texts:
            self._list_item((markup.Text(text),), num_id)

    def _list_item(self, inlines: tuple[markup.Inline, ...], num_id: int) -> None:
        p = self._append(wml.paragraph(self._style_id("List Paragraph"), num_id=num_id, after=3))
        self._inlines(p, inlines)

    @staticmethod
    def _inlines(p: _Element, inlines: tuple[markup.Inline, ...]) -> None:
        # Public texts arrive already redacted; a redacted run here is the full version,
        # which shows the passage highlighted between visible markers.
        inside = False
        for inline in inlines:
            redacted = isinstance(inline, markup.Text) and inline.redacted
            if redacted and not inside:
                wml.run(p, wml.Span("[geschwärzt: ", bold=True, highlight=True))
            elif inside and not redacted:
                wml.run(p, wml.Span("]", bold=True, highlight=True))
            inside = redacted
            if isinstance(inline, markup.LineBreak):
                wml.line_break(p)
            else:
                wml.run(p, wml.Span(inline.text, inline.bold, inline.italic, highlight=inline.redacted))
        if inside:
            wml.run(p, wml.Span("]", bold=True, highlight=True))

    # Tables ------------------------------------------------------------------------------------

    def _widths(self, shares: list[float]) -> list[int]:
        """Column widths in twips that fill the text width in the given proportions."""
        total_twips = int(self.text_width / 635)
        return [int(total_twips * share / sum(shares)) for share in shares]

    def table(self, headers: list[str], rows: list[list[str]], shares: list[float]) -> None:
        """A bordered table whose bold, shaded header row repeats at the top of every page."""
        cells = [[[wml.Span(h, bold=True)] for h in headers]]
        cells.extend([[wml.Span(value)] for value in row] for row in rows)
        self._append(wml.table(self._widths(shares), cells, style_id=self._style_id("Table Grid"), header=True))
        self._append(wml.paragraph(after=0))

    def facts(self, rows: list[tuple[str, str]]) -> None:
        """Label/value pairs in a borderless two-column table (the head of a document)."""
        cells = [[[wml.Span(f"{label}:", bold=True)], [wml.Span(value)]] for label, value in rows if value]
        if cells:
            self._append(wml.table(self._widths([1.3, 3]), cells, style_id=None, header=False, borders=False))
            self._append(wml.paragraph(after=0))

    def signatures(self, blocks: list[tuple[str, str, str]]) -> None:
        """Signature lines side by side: (what stands above the name: a line or "gez. …", name, function)."""
        self._append(wml.signature_table(self._widths([1] * len(blocks)), blocks))

    # Pages -------------------------------------------------------------------------------------

    def mark_all_pages(self, text: str) -> None:
        """Show ``text`` in the header of every page."""
        letterhead.mark_all_pages(self.doc, text)

    def start_marked_part(self, text: str) -> None:
        """Start a new page; every page from here on shows ``text`` in its header."""
        letterhead.start_marked_section(self.doc, text)

    def to_bytes(self) -> bytes:
        """The finished document."""
        buffer = BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
