"""Whoosh's W3 posting lists and term table, byte for byte, written in one loop per term.

Whoosh writes every term through a chain of calls: ``start_term``, ``add``
per posting (with type checks), ``finish_term``, ``finish_postings``,
``_write_block``, ``TermInfo.add_block``, ``to_bytes``. A save writes some 600
terms per index, nearly all with a single posting, and that chain was four
fifths of the commit (12 of 15 ms per index at 100,000 Vorlagen); merges and
rebuilds pay it for every term too. :class:`FieldWriter` does the same work
with local variables, on a term's postings as columns (document numbers,
weights, values, lengths: the way :class:`.term_pool.TermPool` keeps them),
so block statistics and differences are computed by built-ins over slices
instead of a Python loop per posting (a rebuild's writing about a sixth
faster). Its files have Whoosh's layout
(``tests/search/test_postings_writer.py`` compares them byte for byte without
compression, and through Whoosh's own reader with it), so Whoosh's readers,
our postings decoder (:mod:`.postings_reader`) and later merges read them
unchanged.

One deliberate difference: a block whose pickle is shorter than
:data:`COMPRESS_FROM` bytes is stored uncompressed, with compression 0 in its
block info (Whoosh records the compression per block and every reader honours
it). Nearly every term a save writes has one posting; zlib made those blocks
larger, not smaller, and cost a compression per term on writing (some 1,300
per save, both indexes) and a decompression on every first read.
"""
from __future__ import annotations

import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from operator import itemgetter, sub
from typing import Any

from whoosh.codec.base import OutOfOrderError
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3TermInfo
from whoosh.compat import dumps
from whoosh.filedb.filetables import _lengths
from whoosh.system import emptybytes, pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

from .term_pool import Columns, TermPostings

_pack_terminfo = W3TermInfo._struct.pack
_field = itemgetter(0)
_text = itemgetter(1)

#: One term's postings as columns: document numbers, weights, value bytes and field lengths (None: all 0).
Postings = tuple[list[int], list[Any], list[Any], list[int] | None]

#: Blocks whose pickle is shorter than this are stored uncompressed: below it zlib saved under a twentieth of
#: the bytes (measured on saves at 100,000 Vorlagen) and made blocks under 64 bytes larger.
COMPRESS_FROM = 96


class FieldWriter(W3FieldWriter):
    """W3's field writer with :meth:`add_postings` in one loop per term (same files)."""

    def add_postings(self, schema: Any, lengths: Any, items: Iterable[tuple[str, bytes, int, Any, Any]]) -> None:
        """Write the postings of ``items``, sorted by field and term, as Whoosh's ``FieldWriter`` would."""
        if self._codec._inlinelimit > 1:  # inlined short lists are not written here (and broken in Whoosh)
            super().add_postings(schema, lengths, items)
            return
        terms = _TermTable(self._tindex)
        postfile = self._postfile
        # Offsets are counted here instead of asking the file twice per term; only this loop writes meanwhile.
        offset = postfile.tell()
        for fieldname, field_terms in _grouped(items, lengths):
            fieldobj = schema[fieldname]
            self.start_field(fieldname, fieldobj)
            encoder = _TermEncoder(fieldobj.format.fixed_value_size(), self._codec._blocklimit,
                                   self._codec._compression)
            key_prefix = pack_ushort(self._fieldid)
            for btext, postings in field_terms:
                if postings[0]:
                    written, info = encoder.encode(postings, offset)
                    postfile.write(written)
                    offset += len(written)
                    terms.add(key_prefix + btext, info)
            self.finish_field()


def _grouped(items: Iterable[tuple[str, bytes, int, Any, Any]] | TermPostings,
             lengths: Any) -> Iterator[tuple[str, Iterator[tuple[bytes, Postings]]]]:
    """(field name, its (term bytes, postings) in order) from a :class:`.term_pool.TermPool` or sorted tuples."""
    field_length: Callable[[int, str], int] | None = lengths.doc_field_length if lengths else None
    if isinstance(items, TermPostings):
        for fieldname, field_terms in items.terms():
            yield fieldname, ((text, _column_postings(fieldname, columns, field_length))
                              for text, columns in field_terms)
        return
    last_field: str | None = None
    for fieldname, field_items in groupby(items, key=_field):
        if last_field is not None and fieldname < last_field:
            raise OutOfOrderError(f"Field {last_field!r} .. {fieldname!r}")
        last_field = fieldname
        yield fieldname, _tuple_postings(fieldname, field_items, field_length)


def _tuple_postings(fieldname: str, field_items: Iterable[tuple[str, bytes, int, Any, Any]],
                    field_length: Callable[[int, str], int] | None) -> Iterator[tuple[bytes, Postings]]:
    last_text = emptybytes
    for btext, term_items in groupby(field_items, key=_text):
        if last_text and btext < last_text:
            raise OutOfOrderError(f"Term {fieldname}:{last_text!r} .. {fieldname}:{btext!r}")
        last_text = btext
        # Postings with document number -1 are Whoosh's spelling words, never written as postings.
        kept = [(docnum, weight, value) for _f, _t, docnum, weight, value in term_items if docnum != -1]
        docnums = [docnum for docnum, _weight, _value in kept]
        yield btext, (docnums, [weight for _docnum, weight, _value in kept], [value for _d, _w, value in kept],
                      _field_lengths(fieldname, docnums, field_length))


def _column_postings(fieldname: str, columns: Columns,
                     field_length: Callable[[int, str], int] | None) -> Postings:
    docnums, weights, values = columns
    if -1 in docnums:  # Whoosh's spelling words, never written as postings
        kept = [i for i, docnum in enumerate(docnums) if docnum != -1]
        docnums, weights, values = [docnums[i] for i in kept], [weights[i] for i in kept], [values[i] for i in kept]
    return docnums, weights, values, _field_lengths(fieldname, docnums, field_length)


def _field_lengths(fieldname: str, docnums: list[int],
                   field_length: Callable[[int, str], int] | None) -> list[int] | None:
    """The documents' lengths in the field, or None where the writer keeps none (all 0)."""
    if field_length is None:
        return None
    return [field_length(docnum, fieldname) for docnum in docnums]


class _TermTable:
    """``OrderedHashWriter.add`` for keys known to increase, with the file position counted here."""

    def __init__(self, table: Any) -> None:
        self.table = table
        self.position = table.dbfile.tell()

    def add(self, key: bytes, value: bytes) -> None:
        table = self.table
        if key <= table.lastkey:
            raise ValueError(f"Keys must increase: {table.lastkey!r}..{key!r}")
        position = self.position
        table.index.append(position)
        record = _lengths.pack(len(key), len(value)) + key + value
        table.dbfile.write(record)
        self.position = position + len(record)
        hashed = table.hashfn(key)
        table.buckets[hashed & 255].append((hashed, position))
        table.lastkey = key


class _TermEncoder:
    """One field's posting lists as ``W3PostingsWriter`` writes them, and their ``W3TermInfo`` bytes."""

    def __init__(self, value_size: int | None, blocklimit: int, compression: int) -> None:
        self.value_size = value_size
        self.blocklimit = blocklimit
        self.compression = compression
        #: Weights as the float32 array Whoosh keeps them in (a handful of distinct values per field).
        self.single: dict[Any, float] = {}

    def encode(self, postings: Postings, offset: int) -> tuple[bytes, bytes]:
        """(bytes for the postings file at ``offset``, term info bytes) of one term's postings (columns)."""
        docnums, weights, values, lengths = postings
        count = len(docnums)
        if count == 1:
            return self._encode_single(docnums[0], weights[0], values[0], lengths[0] if lengths else 0, offset)
        parts = [WHOOSH3_HEADER_MAGIC]
        total_weight: Any = 0
        min_length: int | None = None
        max_length = 0
        max_weight: Any = 0
        blocklimit = self.blocklimit
        for first in range(0, count, blocklimit):
            last = min(first + blocklimit, count)
            block = docnums[first:last]
            given = weights[first:last]
            block_weights = array("f", given)
            # Block statistics as W3PostingsWriter.add_posting keeps them: the maximum weight starts from the
            # integer 0 and compares the weights as given; only true lengths (not 0) count.
            heaviest = max(given)
            block_max_weight = heaviest if heaviest > 0 else 0
            true_lengths = [length for length in lengths[first:last] if length] if lengths else []
            block_min = min(true_lengths) if true_lengths else None
            block_max = max(true_lengths) if true_lengths else 0
            # W3TermInfo.add_block
            total_weight += sum(block_weights)
            min_length = block_min if min_length is None else min(min_length, block_min)  # type: ignore[type-var]
            max_length = max(max_length, block_max)
            max_weight = max(max_weight, block_max_weight)
            # Document numbers as differences, starting from 0 in every block.
            deltas = tuple(map(sub, block, [0, *block[:-1]]))
            size = last - first
            first_weight = block_weights[0]
            if block_weights.count(1.0) == size:
                mini_weights: Any = None
            elif block_weights.count(first_weight) == size:
                mini_weights = first_weight
            else:
                mini_weights = tuple(block_weights)
            data, compression = self._compress((deltas, mini_weights,
                                                self._values(list(filter(None, values[first:last])))))
            info = dumps((size, block[-1], block_max_weight, compression,
                          length_to_byte(block_min), length_to_byte(block_max)), 2)
            size = len(info) + len(data)
            parts += (pack_int(-size if last >= count else size), info, data)
        written = emptybytes.join(parts)
        return written, _pack_terminfo(
            False, total_weight, count, 0 if min_length is None else length_to_byte(min_length),
            length_to_byte(max_length), max_weight, docnums[0], docnums[-1],
        ) + pack_long(offset) + pack_int(len(written))

    def _encode_single(self, docnum: int, weight: Any, value: Any, length: int, offset: int) -> tuple[bytes, bytes]:
        """The same for a term with one posting (nearly every term a save writes)."""
        stored = self.single.get(weight)
        if stored is None:
            stored = self.single[weight] = array("f", [weight])[0]
        data, compression = self._compress(((docnum,), None if stored == 1.0 else stored,
                                            self._values([value] if value else [])))
        max_weight = weight if weight > 0 else 0
        length_byte = length_to_byte(length or None)
        info = dumps((1, docnum, max_weight, compression, length_byte, length_byte), 2)
        size = len(info) + len(data)
        written = emptybytes.join((WHOOSH3_HEADER_MAGIC, pack_int(-size), info, data))
        return written, _pack_terminfo(
            False, stored, 1, length_byte, length_byte, max_weight, docnum, docnum,
        ) + pack_long(offset) + pack_int(len(written))

    def _values(self, values: list[bytes]) -> Any:
        size = self.value_size
        if size is None or size < 0:
            return tuple(values)
        return None if size == 0 else emptybytes.join(values)

    def _compress(self, data: tuple[Any, Any, Any]) -> tuple[bytes, int]:
        """The block's pickled data and the compression level it was stored with (0: uncompressed)."""
        pickled: bytes = dumps(data, 2)
        if self.compression and len(pickled) >= COMPRESS_FROM:
            return zlib.compress(pickled, self.compression), self.compression
        return pickled, 0
