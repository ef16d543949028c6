"""Reading one term's posting list of one segment as two arrays, straight from Whoosh's W3 blocks.

A term's postings are blocks of up to 128 documents: a 4-byte length, a
pickled info tuple (count, last id, …, compression) and the pickled, usually
compressed (ids as deltas, weights, values). Whoosh's matcher decodes a block
with Python generators per posting (``delta_decode``, the weight array), about
0.6 µs per posting, which was two thirds of the first search of a common word.
Here each block costs one decompression and one unpickling in C; the ids of
all blocks become one array with one cumulative sum. The result equals the
matcher's (``tests/search/test_postings_reader.py``).
"""
from __future__ import annotations

import io
import pickle
import struct
import zlib
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermsReader
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

_LENGTH = struct.Struct("!i")
_START = len(WHOOSH3_HEADER_MAGIC)

Decoded = tuple[np.ndarray, np.ndarray]


def empty() -> Decoded:
    """No postings."""
    return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)


def decode(leaf: Any, fieldname: str, text: str) -> Decoded:
    """(segment document numbers, weights) of one term in one segment, deleted documents included."""
    terms = getattr(leaf, "_terms", None)
    if not isinstance(terms, W3TermsReader):
        return decode_with_matcher(leaf, fieldname, text)
    try:
        info = leaf.term_info(fieldname, text)
    except TermNotFound:
        return empty()
    if info.is_inlined():
        return decode_with_matcher(leaf, fieldname, text)
    offset, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes keeps the unpacked tuple
        (length,) = length
    return decode_blocks(terms._postfile.get(offset, length))


def decode_blocks(raw: bytes) -> Decoded:
    """The ids and weights of the W3 blocks in ``raw`` (one term's extent of the postings file)."""
    deltas: list[int] = []
    weights: list[float] = []
    block_starts: list[int] = []
    previous_last: list[int] = []
    stream = io.BytesIO(raw)
    position, last_id = _START, 0
    while True:
        (length,) = _LENGTH.unpack_from(raw, position)
        end = position + 4 + abs(length)
        stream.seek(position + 4)
        count, block_last, _max_weight, compression, _min_length, _max_length = pickle.load(stream)
        data = raw[stream.tell():end]
        ids, block_weights, _values = pickle.loads(zlib.decompress(data) if compression else data)
        # Each block's ids are deltas from 0, so its first id is absolute: made relative to the previous
        # block's last id below, one cumulative sum gives all ids.
        block_starts.append(len(deltas))
        previous_last.append(last_id)
        deltas.extend(ids)
        if block_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * count)
        else:
            weights.extend(block_weights)
        last_id = block_last
        if length < 0:
            break
        position = end
    joined = np.array(deltas, dtype=np.int64)
    joined[block_starts] -= previous_last
    return np.cumsum(joined).astype(np.int32), np.array(weights, dtype=np.float32)


def decode_with_matcher(leaf: Any, fieldname: str, text: str) -> Decoded:
    """The same through Whoosh's matcher: for other codecs and inlined postings."""
    try:
        matcher = leaf.postings(fieldname, text)
    except TermNotFound:
        return empty()
    if isinstance(matcher, FilterMatcher):  # the segment's deletions: applied by the caller
        matcher = matcher.child
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32)
