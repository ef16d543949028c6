"""Segments written from our per-term pool are Whoosh's segments, byte for byte, for new documents and merges."""
from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import NO_MERGE

from minutes_app.search.schema import CODEC, build_schema
from minutes_app.search.term_pool import PooledWriter, TermPool
from minutes_app.search.writing import whoosh_fields
from tests.search.test_postings_writer import StockCodec, _documents


def _all_files(ix: whoosh_index.FileIndex) -> dict[str, bytes]:
    """Every file of every segment (term table, postings, lengths, stored fields, columns) by extension."""
    root = Path(ix.storage.folder)
    files = {}
    for number, segment in enumerate(ix._segments()):
        prefix = segment.make_filename("")
        for path in sorted(root.glob(prefix + "*")):
            files[f"{number}{path.name[len(prefix):]}"] = path.read_bytes()
    return files


def _writer(ix: whoosh_index.FileIndex, codec, ours: bool):
    return PooledWriter(ix, codec=codec, compound=False) if ours else ix.writer(codec=codec, compound=False)


def _write(path: Path, codec, batches: list[list[dict]], ours: bool) -> whoosh_index.FileIndex:
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    for batch in batches:
        writer = _writer(ix, codec, ours)
        for document in batch:
            writer.add_document(**whoosh_fields(document))
        writer.commit(mergetype=NO_MERGE)
    return ix


def test_new_segments_are_the_ones_whooshs_pool_gives(tmp_path):
    batches = [_documents(300, 11), _documents(1, 12), _documents(9, 13)]
    for name, codec in (("ours", CODEC), ("stock", StockCodec())):
        from_terms = _write(tmp_path / f"{name}-terms", codec, batches, ours=True)
        from_whoosh = _write(tmp_path / f"{name}-whoosh", codec, batches, ours=False)
        files = _all_files(from_terms)
        assert files == _all_files(from_whoosh)
        assert len(files) >= 3 * 4  # three segments, each with its term table, postings and per-document files


def test_merges_through_our_pool_are_whooshs_merges(tmp_path):
    batches = [_documents(150, 14), _documents(60, 15), _documents(2, 16)]
    merged = []
    for ours in (True, False):
        ix = _write(tmp_path / f"ix-{ours}", CODEC, batches, ours)
        writer = _writer(ix, CODEC, ours)
        writer.delete_by_term("id", "paper:7")
        writer.add_document(**whoosh_fields(_documents(1, 17)[0] | {"id": "paper:100000", "group": "paper:100000"}))
        writer.commit(optimize=True)
        merged.append(_all_files(ix))
    assert merged[0] == merged[1]
    assert len({name[0] for name in merged[0]}) == 1  # one segment left


def test_postings_added_out_of_document_order_are_written_in_order():
    pool = TermPool()
    for docnum in (5, 2, 9):
        pool.add(("exact", b"haushalt", docnum, float(docnum), bytes([docnum])))
    pool.add(("exact", b"abfall", 3, 1.0, None))
    pool.add(("body", b"1", 1, 1.0, None))
    assert list(pool.iter_postings()) == [
        ("body", b"1", 1, 1.0, None),
        ("exact", b"abfall", 3, 1.0, None),
        ("exact", b"haushalt", 2, 2.0, b"\x02"),
        ("exact", b"haushalt", 5, 5.0, b"\x05"),
        ("exact", b"haushalt", 9, 9.0, b"\x09"),
    ]
    pool.cleanup()
    assert list(pool.iter_postings()) == [] and pool.currentsize == 0


def test_prefix_postings_are_derived_once_per_segment_not_per_document(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = PooledWriter(ix, codec=CODEC, compound=False)
    for document in _documents(40, 18):
        writer.add_document(**whoosh_fields(document))
    # Nothing of the prefix field was analysed or pooled per document; the pool only noted the documents.
    assert "prefix" not in writer.pool.fields
    assert writer.pool.deferred["prefix"][1] == list(range(40))
    writer.commit(mergetype=NO_MERGE)
    with ix.searcher() as searcher:
        assert "sich" in {text.decode() for text in searcher.reader().lexicon("prefix")}
        assert len(list(searcher.reader().postings("prefix", "sich").all_ids())) == 40  # "Sicherheit" in each


def test_documents_with_their_own_prefix_text_or_a_boost_beside_derived_ones_give_whooshs_files(tmp_path):
    documents = [whoosh_fields(document) for document in _documents(30, 19)]
    documents[3]["prefix"] = "Sonderprüfung Kreistag"  # not the exact field's text: analysed on its own
    documents[7]["_prefix_boost"] = 2.0  # a boosted field keeps its own weights
    files = []
    for ours in (True, False):
        path = tmp_path / str(ours)
        path.mkdir()
        ix = whoosh_index.create_in(str(path), build_schema())
        writer = _writer(ix, CODEC, ours)
        for fields in documents:
            writer.add_document(**fields)
        if ours:
            assert writer.pool.mixed and 3 not in writer.pool.deferred["prefix"][1]
        writer.commit(mergetype=NO_MERGE)
        files.append(_all_files(ix))
    assert files[0] == files[1]


def test_short_field_values_are_analysed_once_per_writer(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = PooledWriter(ix, codec=CODEC, compound=False)
    analysed = []
    committee = writer.schema["committee"]
    original = committee.index
    committee.index = lambda value, **kwargs: analysed.append(value) or original(value, **kwargs)
    documents = _documents(60, 20)
    for document in documents:
        writer.add_document(**whoosh_fields(document))
    # Four committees among sixty documents: Whoosh's analysis ran once for each distinct value.
    assert sorted(analysed) == sorted({" ".join(d["committee"]) for d in documents})
    del committee.index  # the schema is pickled into the index on commit
    writer.commit(mergetype=NO_MERGE)
    with ix.searcher() as searcher:
        for value in set(analysed):
            expected = sum(" ".join(d["committee"]) == value for d in documents)
            assert len(list(searcher.reader().postings("committee", value).all_ids())) == expected
