"""The one SQL statement of a search: match, filter, group into results, cut the page.

Matching is a ``tsquery`` over the pre-analysed terms (GIN index); filters and
permissions are the same as the Whoosh engine's (:mod:`..filtering`): an ``acl``
of tokens restricts to entries readable with one of them and skips entries
hidden for them (the public stand-ins); without an ``acl`` the stand-ins are
skipped, since every internal entry is readable. Entries are grouped into
results by ``grp``: the best entry leads, the other matching ones of the same
result become its parts. The numbers of all matching entries come back too:
the total and the facets are counted from them in memory (:mod:`.facts`).

Ranking reads the whole terms (``tsv``, kilobytes in TOAST per entry) of a
few entries only: every match gets a cheap estimate from the small ``head``
(Betreff and boilerplate) and its length, and the ``POOL`` best estimated
entries are ranked by ts_rank over all their terms. In an index where a word
matches fewer entries than that, the order is exactly ts_rank's.

Everything the user typed goes in as parameters; only names chosen here (the
table, columns) are part of the statement text.
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Table

from .. import analysis
from ..query import ParsedQuery
from ..results import Filters
from ..schema import REFERENCE_BOOST, STAND_IN_TOKEN
from . import terms

#: ts_rank weights for D, C, B, A: boilerplate (C) counts a fifth of the Betreff (A).
RANK_WEIGHTS = "{0.05, 0.1, 0.5, 1.0}"
#: What a match in the text counts, before the length normalisation (a single word of the text in ts_rank).
TEXT_SCORE = 0.3
#: Entries whose whole terms rank them (see ``search_statement``): ts_rank reads kilobytes per entry. The same
#: for every page, so paging never shows a result twice.
POOL = 100
#: Memory of one search for its sorts and hash tables (``set_config`` for this transaction only).
WORK_MEM = "64MB"
#: Columns that filters and facets may name.
FILTER_COLUMNS = ("committee", "type", "result", "implementation")
FACET_COLUMNS = ("committee", "type", "year", "implementation", "result")
#: Columns holding several values (arrays).
LIST_COLUMNS = ("committee", "result", "implementation", "acl", "hidden_for")


#: Ties go in the order a rebuild adds entries (Vorlagen, meetings, agenda items, files; by number), as with Whoosh.
TIE = "CASE kind WHEN 'paper' THEN 0 WHEN 'meeting' THEN 1 WHEN 'agenda_item' THEN 2 ELSE 3 END, length(id), id"


class _Params:
    """Collects bind parameters under generated names."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def add(self, value: Any) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f":{name}"


def _match(parsed: ParsedQuery, params: _Params) -> list[str]:
    """Conditions of the query: all positive clauses, none of the negated ones."""
    conditions: list[str] = []
    plain: list[str] = []
    for clause in parsed.clauses:
        query, reference = terms.clause_query(clause)
        if reference is None and not clause.negated:
            plain.append(query)
            continue
        found = [f"tsv @@ CAST({params.add(query)} AS tsquery)"] if query else []
        if reference is not None:
            found.append(f"reference = {params.add(reference)}")
        condition = "(" + " OR ".join(found) + ")"
        conditions.append(f"NOT {condition}" if clause.negated else condition)
    if plain:
        # One tsquery for all plain clauses: a single GIN index scan.
        conditions.insert(0, f"tsv @@ CAST({params.add(' & '.join(plain))} AS tsquery)")
    return conditions


def _filters(filters: Filters, params: _Params) -> list[str]:
    conditions = []
    for name in FILTER_COLUMNS:
        value = getattr(filters, name)
        if value:
            column = name if name in LIST_COLUMNS else f"ARRAY[{name}]"
            conditions.append(f"{params.add(value)} = ANY({column})")
    if filters.acl is not None:
        tokens = params.add(sorted(filters.acl))
        conditions.append(f"acl && CAST({tokens} AS text[])")
        conditions.append(f"NOT (hidden_for && CAST({tokens} AS text[]))")
    else:  # unrestricted: every internal entry is readable, so no public stand-in is needed
        conditions.append(f"NOT ({params.add(STAND_IN_TOKEN)} = ANY(hidden_for))")
    if filters.body is not None:
        conditions.append(f"body = {params.add(filters.body)}")
    if filters.date_from:
        conditions.append(f"date >= {params.add(int(filters.date_from.strftime('%Y%m%d')))}")
    if filters.date_to:
        conditions.append(f"date <= {params.add(int(filters.date_to.strftime('%Y%m%d')))}")
    return conditions


def rank_query(parsed: ParsedQuery, head: bool = False) -> str:
    """The ranking tsquery: every positive term OR-ed (phrases as their content words), as Whoosh's scoring query.

    For ``head``, which has no grams, a prefix ranks by the words it begins.
    """
    parts: list[str] = []
    for clause in parsed.positive:
        for c in (clause, *clause.alternatives):
            if c.kind in ("phrase", "reference"):
                content = [w for w in c.words if w not in analysis.STOPWORDS] or c.words
                parts.extend(terms.quote(w) for w in content)
            elif head and c.kind == "prefix":
                parts.append(terms.quote(c.words[0]) + ":*")
            elif c.words:
                parts.append(terms.clause_query(type(c)(c.kind, c.words, c.raw))[0])
    return " | ".join(dict.fromkeys(parts))


def _scores(parsed: ParsedQuery, sort: str, params: _Params) -> tuple[str, str]:
    """(estimate, score): the cheap estimate of every match, and the score of the best estimated ones.

    The score is ts_rank over the whole ``tsv`` (kilobytes in TOAST): read for
    the ``POOL`` best estimated entries only. The estimate ranks the Betreff and
    boilerplate by ts_rank on the small ``head``, and the rest of a match by the
    entry's length, as ts_rank's normalisation 1 does.
    """
    if sort == "date" or parsed.empty:
        return "0.0", "0.0"
    estimate, score = f"{TEXT_SCORE} / (1 + ln(1 + size))", "0.0"
    ranking = rank_query(parsed)
    if ranking:
        score = f"ts_rank('{RANK_WEIGHTS}', t.tsv, CAST({params.add(ranking)} AS tsquery), 1)"
        estimate = f"ts_rank('{RANK_WEIGHTS}', head, CAST({params.add(rank_query(parsed, head=True))} AS tsquery), " \
                   f"1) + {estimate}"
    references = terms.references(parsed)
    if references:
        boost = f"CASE WHEN reference = ANY(CAST({params.add(references)} AS text[])) THEN {REFERENCE_BOOST} ELSE 0 END"
        estimate, score = f"{estimate} + {boost}", f"{score} + {boost.replace('reference', 't.reference')}"
    return estimate, score


def planner_settings(parsed: ParsedQuery) -> str:
    """One statement setting the planner for the search statement, for its transaction only (``set_config``).

    * No JIT: the statement of a common word is costly enough for the planner
      to compile it, which took 60-70 ms at 100,000 Vorlagen and saved
      nothing (measured: "Sicherheit" 412 → 335 ms).
    * ``WORK_MEM`` for the materialized matches and the hash tables that group
      them: at the server's default (4 MB) a common word's 80,000 entries
      spill to temporary files.
    * A query with a positive clause is answered through the GIN index: the
      rows are slim, so the planner would rather scan the whole table and
      test every row's ``tsv``, which it does not know lives in TOAST
      (kilobytes to decompress per row, twenty times slower than the index).
    """
    settings = {"jit": "off", "work_mem": WORK_MEM}
    if parsed.positive:
        settings["enable_seqscan"] = "off"
    return "SELECT " + ", ".join(f"set_config('{name}', '{value}', true)" for name, value in settings.items())


def search_statement(table: Table, parsed: ParsedQuery, filters: Filters, sort: str, page: int,
                     per_page: int) -> tuple[str, dict[str, Any]]:
    """(statement, parameters) returning ``numbers`` and ``hits``.

    ``numbers`` are the ``num`` of every matching entry, as 8-byte big-endian
    integers in one ``bytea`` (what the results and facets are counted from,
    see :mod:`.facts`); ``hits`` is a JSON list of ``[result rank, id, score,
    title]``, the page's results in order, each result's entries best first.

    Ranking reads the whole terms of the ``pool`` only: the best estimated
    entries (all of them in a small index), ordered by their score, come
    first; further entries follow by their estimate. The page's results are
    the first ``end`` groups in the order of their best entries: taken from
    the pool when it holds that many groups, otherwise from all matches.
    """
    params = _Params()
    where = _match(parsed, params) + _filters(filters, params)
    estimate, score = _scores(parsed, sort, params)
    by_estimate = f"date DESC, {TIE}" if sort == "date" or parsed.empty else f"estimate DESC, date DESC, {TIE}"
    order = f"pooled DESC, score DESC, date DESC, {TIE}"
    offset, end = params.add((page - 1) * per_page), params.add(page * per_page)
    pool = params.add(POOL)
    # Every entry with its ranking: the pool's entries by their score, the others after them by their estimate.
    ranked = "m.id, m.grp, m.kind, m.date, pool.id IS NOT NULL AS pooled, coalesce(pool.score, m.estimate) AS score"
    # m holds narrow rows only (no title, no terms); grp is compared bytewise ("C"), which is all grouping needs.
    statement = f"""
        WITH m AS MATERIALIZED (
            SELECT id, num, kind, grp COLLATE "C" AS grp, date, {estimate} AS estimate
            FROM {table.name} WHERE {' AND '.join(where)}
        ), pool AS MATERIALIZED (
            SELECT b.id, b.grp, b.kind, b.date, true AS pooled, {score} AS score
            FROM (SELECT id, grp, kind, date FROM m ORDER BY {by_estimate} LIMIT {pool}) AS b
            JOIN {table.name} AS t USING (id)
        ), enough AS MATERIALIZED (
            SELECT count(DISTINCT grp) >= {end} OR count(*) < {pool} AS ok FROM pool
        ), h AS (
            SELECT * FROM (SELECT DISTINCT ON (grp) * FROM pool ORDER BY grp, {order}) AS few
            WHERE (SELECT ok FROM enough)
            UNION ALL
            SELECT * FROM (SELECT DISTINCT ON (grp) * FROM (SELECT {ranked} FROM m LEFT JOIN pool USING (id)) AS r
                           ORDER BY grp, {order}) AS every
            WHERE NOT (SELECT ok FROM enough)
        ), p AS (
            SELECT grp, row_number() OVER (ORDER BY {order}) AS rn
            FROM (SELECT * FROM h ORDER BY {order} LIMIT {end}) AS top
        ), e AS (
            SELECT p.rn, {ranked} FROM p JOIN m USING (grp) LEFT JOIN pool ON pool.id = m.id WHERE p.rn > {offset}
        )
        SELECT (SELECT string_agg(int8send(num), ''::bytea) FROM m) AS numbers,
               (SELECT json_agg(json_build_array(e.rn, e.id, e.score, t.title) ORDER BY e.rn, {_prefixed(order, "e")})
                FROM e JOIN {table.name} AS t USING (id)) AS hits
    """
    return statement, params.values


def _prefixed(order: str, alias: str) -> str:
    """``order`` on the columns of ``alias``."""
    for column in ("pooled", "score", "date", "kind", "id"):
        order = re.sub(rf"\b(?<!\.){column}\b", f"{alias}.{column}", order)
    return order
