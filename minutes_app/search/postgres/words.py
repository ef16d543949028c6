""""Meinten Sie" on PostgreSQL: the indexed words in a table, ranked by how many entries hold them.

Every folded word an index receives goes into ``search_words`` (insert-only,
so concurrent saves never wait for each other there). A suggestion is the
candidate within one edit (two for longer words, through deletions and swaps,
as :mod:`minutes_app.search.spelling` does for Whoosh) that is known and that
the most entries of *this* index still contain: the count comes from the
index itself, so a word that only an internal entry holds is never suggested
in the public search, and a word whose entries are gone is never suggested.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Table, text

from .. import analysis, spelling
from .terms import quote

#: Words longer than this are never suggested (nor typed).
MAX_WORD = 30
#: Counting stops here: a candidate this frequent wins anyway.
COUNT_LIMIT = 5000


def remember(connection: Connection, index_name: str, words: Iterable[str]) -> None:
    """Add the words (letters only, 3 to 30 characters) to the index's word table."""
    wanted = sorted(w for w in words if 3 <= len(w) <= MAX_WORD and w.isalpha())
    if wanted:
        connection.execute(text(
            "INSERT INTO search_words (index_name, word) SELECT :name, unnest(CAST(:words AS text[])) "
            "ON CONFLICT DO NOTHING"), {"name": index_name, "words": wanted})


def _known(connection: Connection, index_name: str, candidates: set[str]) -> list[str]:
    if not candidates:
        return []
    rows = connection.execute(text(
        "SELECT word FROM search_words WHERE index_name = :name AND word = ANY(CAST(:words AS text[]))"),
        {"name": index_name, "words": sorted(candidates)})
    return sorted(rows.scalars())


def frequency(connection: Connection, table: Table, word: str) -> int:
    """Entries of the index whose text holds ``word`` (counted up to ``COUNT_LIMIT``)."""
    statement = (f"SELECT count(*) FROM (SELECT 1 FROM {table.name} WHERE tsv @@ CAST(:q AS tsquery) "
                 f"LIMIT {COUNT_LIMIT}) AS found")
    return int(connection.execute(text(statement), {"q": quote(word)}).scalar_one())


def _best(connection: Connection, table: Table, candidates: list[str]) -> str | None:
    best, best_count = None, 0
    for candidate in candidates:
        count = frequency(connection, table, candidate)
        if count > best_count:
            best, best_count = candidate, count
    return best


def suggest(connection: Connection, index_name: str, table: Table, word: str) -> str | None:
    """The most frequent word of the index near ``word``; None when it is known or nothing is near."""
    folded = analysis.fold(word)
    if not 3 <= len(folded) <= MAX_WORD or not folded.isalpha() or frequency(connection, table, folded):
        return None
    first = spelling._edits(folded)
    best = _best(connection, table, _known(connection, index_name, first))
    if best is None and 6 <= len(folded) <= 16:
        second = {c for near in first for c in spelling._deletes_and_swaps(near)} - first - {folded}
        best = _best(connection, table, _known(connection, index_name, second))
    return best
