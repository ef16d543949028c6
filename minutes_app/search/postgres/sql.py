"""The one SQL statement of a search: match, filter, group into results, count facets, cut the page.

Matching is a ``tsquery`` over the pre-analysed terms (GIN index); filters and
permissions are the same as the Whoosh engine's ``_apply_filters``: an ``acl``
of tokens restricts to entries readable with one of them and skips entries
hidden for them (the public stand-ins); without an ``acl`` the stand-ins are
skipped, since every internal entry is readable. Entries are grouped into
results by ``grp``: the best entry leads, the other matching ones of the same
result become its parts, and facets count results, not entries.

Everything the user typed goes in as parameters; only names chosen here (the
table, columns, facet names) are part of the statement text.
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Table

from .. import analysis
from ..engine import Filters
from ..query import ParsedQuery
from ..schema import REFERENCE_BOOST, STAND_IN_TOKEN
from . import terms

#: ts_rank weights for D, C, B, A: boilerplate (C) counts a fifth of the Betreff (A).
RANK_WEIGHTS = "{0.05, 0.1, 0.5, 1.0}"
#: What a match in the text counts, before the length normalisation (a single word of the text in ts_rank).
TEXT_SCORE = 0.3
#: The page's results are looked for among this many best entries per result first (see ``search_statement``).
CANDIDATES = 4
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


def rank_query(parsed: ParsedQuery) -> str:
    """The ranking tsquery: every positive term OR-ed (phrases as their content words, prefixes as prefixes)."""
    parts: list[str] = []
    for clause in parsed.positive:
        for c in (clause, *clause.alternatives):
            if c.kind in ("phrase", "reference"):
                content = [w for w in c.words if w not in analysis.STOPWORDS] or c.words
                parts.extend(terms.quote(w) for w in content)
            elif c.kind == "prefix":  # ``head`` has no grams: its words with the prefix rank the match
                parts.append(terms.quote(c.words[0]) + ":*")
            elif c.words:
                parts.append(terms.clause_query(type(c)(c.kind, c.words, c.raw))[0])
    return " | ".join(dict.fromkeys(parts))


def _score(parsed: ParsedQuery, sort: str, params: _Params) -> str:
    """Betreff and boilerplate by ts_rank on the small ``head``, a match in the text by the entry's length.

    Every row here matches, so a match outside ``head`` is in the text; its
    weight falls with the length of the entry, as ts_rank's normalisation 1
    did on the whole text. The whole ``tsv`` (kilobytes in TOAST) is never read.
    """
    if sort == "date" or parsed.empty:
        return "0.0"
    ranking = rank_query(parsed)
    score = f"{TEXT_SCORE} / (1 + ln(1 + size))"
    if ranking:
        score = f"ts_rank('{RANK_WEIGHTS}', head, CAST({params.add(ranking)} AS tsquery), 1) + {score}"
    references = terms.references(parsed)
    if references:
        score += f" + CASE WHEN reference = ANY(CAST({params.add(references)} AS text[])) " \
                 f"THEN {REFERENCE_BOOST} ELSE 0 END"
    return score


def planner_settings(parsed: ParsedQuery) -> list[str]:
    """``SET LOCAL`` statements to run before the search statement in its transaction.

    A query with a positive clause is answered through the GIN index: the
    rows are slim, so the planner would rather scan the whole table and test
    every row's ``tsv``, which it does not know lives in TOAST (kilobytes to
    decompress per row, twenty times slower than the index).
    """
    return ["SET LOCAL enable_seqscan = off"] if parsed.positive else []


def _facets(wanted: list[str]) -> str:
    """Each facet counted over results: every (result, value) once (hashed), then the results per value."""
    if not wanted:
        return "NULL"
    counts = " UNION ALL ".join(
        f"SELECT '{name}' AS f, v, count(*) AS n FROM (SELECT DISTINCT grp, unnest({name}) AS v FROM m "
        f"WHERE cardinality({name}) > 0) AS d WHERE v <> '' GROUP BY v" if name in LIST_COLUMNS else
        f"SELECT '{name}' AS f, v, count(*) AS n FROM (SELECT DISTINCT grp, {name} AS v FROM m "
        f"WHERE {name} <> '') AS d GROUP BY v"
        for name in wanted)
    return f"(SELECT json_agg(json_build_array(f, v, n) ORDER BY f, n DESC, v) FROM ({counts}) AS c)"


def search_statement(table: Table, parsed: ParsedQuery, filters: Filters, facets: list[str], sort: str,
                     page: int, per_page: int) -> tuple[str, dict[str, Any]]:
    """(statement, parameters) returning ``total``, ``hits`` and ``facets``.

    ``hits`` is a JSON list of ``[result rank, id, score, title]``, the page's
    results in order, each result's entries best first; ``facets`` a JSON list
    of ``[facet, value, results]``, most frequent first.

    The page's results are the first ``end`` groups in the order of their best
    entries, so they are the first groups of the best entries overall: the
    statement takes the best ``CANDIDATES × end`` entries (a top-N sort) and
    sorts all matches by group only when those hold fewer than ``end`` groups.
    """
    params = _Params()
    where = _match(parsed, params) + _filters(filters, params)
    score = _score(parsed, sort, params)
    order = f"date DESC, {TIE}" if sort == "date" or parsed.empty else f"score DESC, date DESC, {TIE}"
    offset, end = params.add((page - 1) * per_page), params.add(page * per_page)
    candidates = params.add(CANDIDATES * page * per_page)
    wanted = [name for name in facets if name in FACET_COLUMNS]
    by_group = f"grp, {order}"
    # m holds narrow rows only (no title, no terms); grp is compared bytewise ("C"), which is all grouping needs.
    statement = f"""
        WITH m AS MATERIALIZED (
            SELECT id, kind, grp COLLATE "C" AS grp, date, {', '.join(wanted + [''])}{score} AS score
            FROM {table.name} WHERE {' AND '.join(where)}
        ), best AS MATERIALIZED (
            SELECT grp, id, kind, score, date FROM m ORDER BY {order} LIMIT {candidates}
        ), enough AS MATERIALIZED (
            SELECT count(DISTINCT grp) >= {end} OR count(*) < {candidates} AS ok FROM best
        ), h AS (
            SELECT * FROM (SELECT DISTINCT ON (grp) * FROM best ORDER BY {by_group}) AS few
            WHERE (SELECT ok FROM enough)
            UNION ALL
            SELECT * FROM (SELECT DISTINCT ON (grp) grp, id, kind, score, date FROM m ORDER BY {by_group}) AS every
            WHERE NOT (SELECT ok FROM enough)
        ), p AS (
            SELECT grp, row_number() OVER (ORDER BY {order}) AS rn
            FROM (SELECT * FROM h ORDER BY {order} LIMIT {end}) AS top
        ), e AS (
            SELECT p.rn, m.id, m.score, m.date, m.kind FROM m JOIN p USING (grp) WHERE p.rn > {offset}
        )
        SELECT (SELECT count(*) FROM (SELECT DISTINCT grp FROM m) AS g) AS total,
               (SELECT json_agg(json_build_array(e.rn, e.id, e.score, t.title) ORDER BY e.rn, {_prefixed(order, "e")})
                FROM e JOIN {table.name} AS t USING (id)) AS hits,
               {_facets(wanted)} AS facets
    """
    return statement, params.values


def _prefixed(order: str, alias: str) -> str:
    """``order`` on the columns of ``alias``."""
    for column in ("score", "date", "kind", "id"):
        order = re.sub(rf"\b(?<!\.){column}\b", f"{alias}.{column}", order)
    return order
