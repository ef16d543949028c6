"""Our posting-list writer writes Whoosh's files, for new documents and for merges.

Byte for byte without compression; with compression, Whoosh's own reader
reads the same postings from both, and only small blocks differ (stored
uncompressed, which Whoosh records per block).
"""
from __future__ import annotations

import random
import zlib
from datetime import date
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.reading import SegmentReader
from whoosh.writing import NO_MERGE

from minutes_app.search.engine import SearchIndex
from minutes_app.search.postings_writer import COMPRESS_FROM
from minutes_app.search.schema import CODEC, Codec, build_schema
from minutes_app.search.writing import whoosh_fields
from tests.search.conftest import doc

_VOCABULARY = ("Haushalt Haushaltssatzung Kindertagesstätte Kita Feuerwehr Feuerwehrgerätehaus Sanierung Turnhalle "
         "Grundschule Breitband Ausbau Förderung Fördermittel Straße Straßenbau Müll Abfallwirtschaft Jugendhilfe "
         "Bürgermeisterin Kreisumlage Niederschrift Beschluss Ausschuss Sicherheit Ordnung Verkehr ÖPNV Radweg "
         "Høyem Café naïve 2013/0240 VO/2026/123 der die das und für mit")
WORDS = _VOCABULARY.split()


class StockCodec(W3Codec):
    """Our codec's settings with Whoosh's own field writer."""

    length_stats = False


def _uncompressed(codec: W3Codec) -> W3Codec:
    codec._compression = 0
    return codec


def _documents(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    docs = []
    for n in range(count):
        # "Sicherheit" in every document: a posting list of several blocks (Whoosh's blocks hold 128).
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 60))) + " Sicherheit"
        docs.append(doc(f"paper:{n}", " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))), body,
                        committee=[str(rng.randint(1, 4))], result=rng.choice([[], ["adopted"], ["rejected"]]),
                        date=date(2010 + n % 15, 1 + n % 12, 1 + n % 28), reference=f"{2010 + n % 15}/{n:04d}",
                        acl=rng.choice([["public"], ["staff", "dept:3"]])))
        docs[-1].update(body_id="1", group=f"paper:{n}", shown="")
    return docs


def _write(path: Path, codec: W3Codec, batches: list[list[dict]]) -> whoosh_index.FileIndex:
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    for batch in batches:
        writer = ix.writer(codec=codec, compound=False)
        for document in batch:
            writer.add_document(**whoosh_fields(document))
        writer.commit(mergetype=NO_MERGE)
    return ix


def _files(ix: whoosh_index.FileIndex) -> list[bytes]:
    """The term table and postings file of each segment, in segment order."""
    root = Path(ix.storage.folder)
    return [(root / f"{segment.make_filename(ext)}").read_bytes()
            for segment in ix._segments() for ext in (".trm", ".pst")]


def _postings(ix: whoosh_index.FileIndex) -> list[tuple]:
    """Every term of every segment with its term statistics and postings, as Whoosh's own reader reads them."""
    read = []
    for segment in ix._segments():
        reader = SegmentReader(ix.storage, ix.schema, segment)
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            read.append((fieldname, text, info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                         info.max_weight(), info.min_id(), info.max_id(), postings))
        reader.close()
    return read


def _block_compressions(ix: whoosh_index.FileIndex) -> list[tuple[int, int]]:
    """(size of the pickled block data, compression recorded in its block info) of every block."""
    blocks = []
    for segment in ix._segments():
        reader = SegmentReader(ix.storage, ix.schema, segment)
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            while not matcher._atend:  # Whoosh's block matcher, one block at a time
                data = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
                pickled = zlib.decompress(data) if matcher._compression else data
                blocks.append((len(pickled), matcher._compression))
                matcher._next_block()
        reader.close()
    return blocks


def test_new_segments_are_byte_for_byte_whooshs_without_compression(tmp_path):
    batches = [_documents(300, 1), _documents(1, 2), _documents(7, 3)]
    ours = _write(tmp_path / "ours", _uncompressed(Codec()), batches)
    stock = _write(tmp_path / "stock", _uncompressed(StockCodec()), batches)
    assert _files(ours) == _files(stock)
    assert len(_files(ours)) == 6


def test_new_segments_read_as_whooshs_and_small_blocks_stay_uncompressed(tmp_path):
    batches = [_documents(300, 1), _documents(1, 2), _documents(7, 3)]
    ours = _write(tmp_path / "ours", CODEC, batches)
    stock = _write(tmp_path / "stock", StockCodec(), batches)
    assert _postings(ours) == _postings(stock)
    blocks = _block_compressions(ours)
    assert {compression for size, compression in blocks if size < COMPRESS_FROM} == {0}
    assert {compression for size, compression in blocks if size >= COMPRESS_FROM} == {3}
    # Single postings make most blocks; stored plainly they take less room than zlib's framing would.
    assert sum(len(f) for f in _files(ours)) < sum(len(f) for f in _files(stock))


def test_merged_segments_read_as_whooshs(tmp_path):
    batches = [_documents(150, 4), _documents(40, 5), _documents(1, 6)]
    merged = []
    for name, codec in (("ours", CODEC), ("stock", StockCodec()), ("ours-plain", _uncompressed(Codec())),
                        ("stock-plain", _uncompressed(StockCodec()))):
        ix = _write(tmp_path / name, codec, batches)
        writer = ix.writer(codec=codec, compound=False)
        writer.delete_by_term("id", "paper:3")
        writer.commit(optimize=True)
        merged.append((_files(ix), _postings(ix)))
    assert len(merged[0][0]) == 2
    assert merged[0][1] == merged[1][1]
    assert merged[2][0] == merged[3][0]


def test_an_index_written_by_it_finds_what_it_holds(tmp_path):
    index = SearchIndex(tmp_path / "ix")
    index.rebuild(_documents(200, 7))
    index.update([doc("paper:900", "Neubau der Feuerwache", "Das Gerätehaus in Tønsberg wird ersetzt.")], [])
    assert index.search("Sicherheit").total == 200
    assert [hit.id for hit in index.search("Feuerwache").hits] == ["paper:900"]
    assert [hit.id for hit in index.search("Tonsberg Feuerwa*").hits] == ["paper:900"]
