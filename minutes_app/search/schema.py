"""The Whoosh schema shared by the public and the internal index, and their locations.

Both indexes have the same fields, so that the internal search can read the
public index's segments together with its own (see :mod:`.engine`); only the
public one is fed exclusively through :mod:`minutes_app.services.visibility`
(see :mod:`.documents`). Stored
fields and the column ``shown`` hold what a results page shows (see
:func:`.documents.shown`); the page checks each hit's stamp against the
database in one statement per kind (:mod:`.stamps`) and rebuilds only an
entry that went stale, which also drops a hit whose object stopped being visible.

The three text fields compute their terms for indexing directly from the
analysis functions (:meth:`RememberedIndexing.terms`), without Whoosh's token
stream; their analyzers still serve queries and highlighting, and
``tests/search/test_field_terms.py`` checks that both give the same terms.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema
from whoosh.formats import Existence
from whoosh.system import emptybytes, pack_uint

from .analysis import (
    SECTION_GAP,
    ExactAnalyzer,
    PrefixAnalyzer,
    StemAnalyzer,
    edge_grams,
    hyphen_joins,
    index_stems,
    section_boost,
    section_terms,
    stem_field_terms,
)
from .postings_writer import FieldWriter

PUBLIC = "public"
INTERNAL = "internal"
INDEX_NAMES = (PUBLIC, INTERNAL)

#: A ``hidden_for`` token every public stand-in carries, so unrestricted searches skip them all.
STAND_IN_TOKEN = "*"
#: Exact (folded, unstemmed) matches count three times as much as stemmed or split ones.
EXACT_BOOST = 3.0
#: A reference number query ("208/2016") puts that Vorlage first.
REFERENCE_BOOST = 50.0


class RememberedIndexing:
    """Remembers the terms of the last texts a field analysed, for the other index of the same save.

    A save writes each changed document into the public and the internal
    index, mostly with the same text; analysing it once instead of twice
    saves about a third of the writing (the analysis of the three text
    fields, 3–4 ms per document). Each field class has its own memo, keyed by
    the text alone, since the class fixes the analyser and format; the memo
    is a class attribute, so it never lands in the schema Whoosh pickles
    into each index.
    """

    #: Texts remembered per field class; the memo is emptied when full (a save writes a handful of documents).
    REMEMBERED = 64
    _remembered: ClassVar[dict[str, tuple[Any, ...]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._remembered = {}

    def index(self, value: Any, **kwargs: Any) -> Any:
        """Whoosh's (term bytes, frequency, weight, value bytes) of ``value``, analysed once per text."""
        if kwargs or not isinstance(value, str):
            return super().index(value, **kwargs)  # type: ignore[misc]
        memo = type(self)._remembered
        try:
            return memo[value]
        except KeyError:
            pass
        items = self.terms(value)
        if len(memo) >= self.REMEMBERED:
            memo.clear()
        memo[value] = items
        return items

    def terms(self, value: str) -> tuple[tuple[bytes, int, Any, Any], ...]:
        """What Whoosh's ``FieldType.index`` gives for ``value``; the fields below compute it directly."""
        return tuple(super().index(value))  # type: ignore[misc]


class ExactText(RememberedIndexing, TEXT):
    """Folded, unstemmed words with positions (phrases)."""

    #: Encoded one-position lists by position (most words occur once in a document), up to ``SINGLE_CACHED``.
    _single: ClassVar[dict[int, bytes]] = {}
    SINGLE_CACHED = 65_536

    def terms(self, value: str) -> tuple[tuple[bytes, int, Any, Any], ...]:
        """The terms :class:`.analysis.ExactAnalyzer` and Whoosh's ``Positions`` format give, without tokens.

        Whoosh's path passes one token object per word through three
        generators; this loop is a third faster and gives the same terms,
        frequencies, weights and encoded positions (test).
        """
        positions: dict[str, list[int]] = {}
        weights: dict[str, float] = {}
        position = 0
        sections = section_terms(value)
        for index, words in enumerate(sections):
            boost = section_boost(index, sections)
            for word in words:
                found = positions.get(word)
                if found is None:
                    positions[word] = [position]
                    weights[word] = boost
                else:
                    found.append(position)
                    weights[word] += boost
                position += 1
            position += SECTION_GAP
        field_boost = self.format.field_boost
        encode, single = self.format.encode, self._single
        items = []
        for word, places in positions.items():
            if len(places) == 1 and places[0] < self.SINGLE_CACHED:
                encoded = single.get(places[0])
                if encoded is None:
                    encoded = single[places[0]] = encode(places)
            else:
                encoded = encode(places)
            items.append((word.encode("utf-8"), len(places), weights[word] * field_boost, encoded))
        return tuple(items)


class StemmedText(RememberedIndexing, TEXT):
    """Stems and compound parts."""

    def terms(self, value: str) -> tuple[tuple[bytes, int, Any, Any], ...]:
        """The terms :class:`.analysis.StemAnalyzer` and Whoosh's ``Frequency`` format give, without tokens."""
        frequencies: dict[str, int] = {}
        weights: dict[str, float] = {}

        def add(term: str, boost: float) -> None:
            if term in frequencies:
                frequencies[term] += 1
                weights[term] += boost
            else:
                frequencies[term] = 1
                weights[term] = boost

        sections = section_terms(value)
        for index, words in enumerate(sections):
            boost = section_boost(index, sections)
            for word in words:
                for term in stem_field_terms(word):
                    if term:
                        add(term, boost)
        for joined in hyphen_joins(value):
            for term in index_stems(joined):
                add(term, 1.0)
        field_boost = self.format.field_boost
        return tuple((term.encode("utf-8"), frequency, weights[term] * field_boost, pack_uint(frequency))
                     for term, frequency in frequencies.items())


class PrefixField(RememberedIndexing, FieldType):
    """Edge n-grams, presence only: ``prefix*`` becomes a single term lookup.

    A writer derives the field's postings from the ``exact`` field's when it
    writes a segment (:meth:`derive`, :mod:`.term_pool`), once per word
    instead of once per word and document; :meth:`terms` gives the same
    terms for one document (``tests/search/test_term_pool.py``).
    """

    #: The field with the same text whose terms (the distinct folded words) give this field's terms.
    source = "exact"

    def terms(self, value: str) -> tuple[tuple[bytes, int, Any, Any], ...]:
        """The distinct edge n-grams of the words, as :class:`.analysis.PrefixAnalyzer` and ``Existence`` give."""
        grams: set[str] = set()
        for word in {word for words in section_terms(value) for word in words}:
            grams.update(edge_grams(word))
        field_boost = self.format.field_boost
        return tuple((gram.encode("utf-8"), 1, field_boost, emptybytes) for gram in grams)

    def derive(self, source_terms: dict[bytes, list[Any]]) -> dict[bytes, list[list[int]]]:
        """Each edge n-gram → the document-number lists of the ``exact`` terms (words) that have it.

        ``source_terms`` are a segment pool's exact terms, each with its flat
        [document number, weight, value, …] list in document order; the union
        of a gram's lists is the documents :meth:`terms` gives it for.
        """
        derived: dict[bytes, list[list[int]]] = {}
        for text, flat in source_terms.items():
            grams = edge_grams(text.decode("utf-8"))
            if not grams:
                continue
            docnums = flat[0::3]
            for gram in grams:
                key = gram.encode("utf-8")
                lists = derived.get(key)
                if lists is None:
                    derived[key] = [docnums]
                else:
                    lists.append(docnums)
        return derived

    def derived_columns(self, docnums: list[int]) -> tuple[list[int], list[Any], list[Any]]:
        """The postings of one derived gram: presence, with the field's boost as weight, as :meth:`terms` gives."""
        count = len(docnums)
        return docnums, [self.format.field_boost] * count, [emptybytes] * count

    def __init__(self) -> None:
        self.analyzer = PrefixAnalyzer()
        self.format = Existence(field_boost=0.5)
        self.vector = None
        self.scorable = False
        self.stored = False
        self.unique = False
        self.set_sortable(False)


def build_schema() -> Schema:
    """A fresh schema instance (Whoosh keeps per-index state on field objects)."""
    schema = Schema(
        id=ID(stored=True, unique=True),
        kind=ID,
        type=ID,
        committee=KEYWORD,
        result=KEYWORD,
        #: Beschlusskontrolle status of an agenda item (stored status; "überfällig" is computed live).
        implementation=KEYWORD,
        year=ID,
        date=NUMERIC(int, bits=32, sortable=True, signed=False),
        reference=ID,
        acl=KEYWORD,
        #: Tokens whose holders skip this document (the public stand-in of an internal document, see documents).
        hidden_for=KEYWORD,
        #: The body (Körperschaft) the object belongs to; every query filters on it.
        body=ID,
        #: The result a document belongs to ("paper:12" for a Vorlage, its agenda items and attachments).
        group=ID(stored=True, sortable=True),
        #: The object as one number (entries.number): an internal entry hides the public entry of the same object.
        key=COLUMN(NumericColumn("q")),
        title=STORED,
        hash=STORED,
        #: What a results page shows (documents.shown), compressed: hits are never rebuilt from the database.
        #: A column, not a stored field: read only for the hits a page shows, never while matching or counting.
        shown=COLUMN(VarBytesColumn()),
        exact=ExactText(analyzer=ExactAnalyzer(), phrase=True, field_boost=EXACT_BOOST),
        text=StemmedText(analyzer=StemAnalyzer(), phrase=False),
        prefix=PrefixField(),
    )
    return schema


class Codec(W3Codec):
    """Whoosh's W3 format without per-block length statistics, its postings written in one loop per term.

    The statistics only serve Whoosh's own block-max scoring, which this app
    does not use (see :mod:`.matching`); collecting them costs a column lookup
    for every posting written, a fifth of a rebuild. The field writer
    (:mod:`.postings_writer`) writes the same files as Whoosh's, faster.
    """

    length_stats = False

    def field_writer(self, storage: Any, segment: Any) -> FieldWriter:
        """The writer of the term table and posting lists of a new segment."""
        return FieldWriter(self, storage, segment)


CODEC = Codec()


def index_path(root: str | Path, name: str) -> Path:
    """The directory of the public or internal index below ``SEARCH_INDEX_DIR``."""
    return Path(root) / name
