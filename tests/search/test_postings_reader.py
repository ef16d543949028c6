"""Posting lists read from the W3 blocks directly equal what Whoosh's matcher reads."""
from __future__ import annotations

import numpy as np

from minutes_app.search import postings_reader
from minutes_app.search.engine import SearchIndex
from tests.search.conftest import doc
from tests.search.test_postings_writer import _documents


def test_every_terms_postings_equal_the_matchers(tmp_path):
    index = SearchIndex(tmp_path / "ix")
    # "Sicherheit" is in all 400: four blocks in the rebuilt segment; the updates add segments of one document.
    index.rebuild(_documents(400, 11))
    index.update([doc("paper:1000", "Sicherheit im Kreishaus", "Sicherheit und Ordnung")], ["paper:5"])
    index.update([doc("paper:1001", "Feuerwehr", "Sicherheit")], [])
    reader = index._state().searcher.reader()
    checked = 0
    for leaf, _offset in reader.leaf_readers():
        for fieldname in ("exact", "text", "prefix", "committee", "acl", "id"):
            for text in leaf.lexicon(fieldname):
                ids, weights = postings_reader.decode(leaf, fieldname, text)
                expected_ids, expected_weights = postings_reader.decode_with_matcher(leaf, fieldname, text)
                # Deleted documents may be left in either: the caller removes them (matching._join_segments).
                live = np.array([not leaf.is_deleted(int(i)) for i in ids], dtype=bool)
                ids, weights = ids[live], weights[live]
                live = np.array([not leaf.is_deleted(int(i)) for i in expected_ids], dtype=bool)
                expected_ids, expected_weights = expected_ids[live], expected_weights[live]
                assert ids.dtype == np.int32 and weights.dtype == np.float32
                assert np.array_equal(ids, expected_ids), (fieldname, text)
                assert np.array_equal(weights, expected_weights), (fieldname, text)
                checked += 1
    assert checked > 500
    assert postings_reader.decode(leaf, "exact", "gibtesnicht")[0].size == 0
    assert index.search("Sicherheit").total == 401
