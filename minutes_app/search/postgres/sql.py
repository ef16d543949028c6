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

from typing import Any

from sqlalchemy import Table

from .. import analysis
from ..engine import Filters
from ..query import ParsedQuery
from ..schema import REFERENCE_BOOST, STAND_IN_TOKEN
from . import terms

#: ts_rank weights for D, C, B, A: boilerplate (C) counts a fifth of the text (B), the Betreff (A) twice.
RANK_WEIGHTS = "{0.05, 0.1, 0.5, 1.0}"
#: Columns that filters and facets may name.
FILTER_COLUMNS = ("committee", "type", "result", "implementation")
FACET_COLUMNS = ("committee", "type", "year", "implementation", "result")
#: Facets whose column holds several space-separated values.
LIST_COLUMNS = ("committee", "result", "implementation", "acl", "hidden_for")


#: Ties go in the order a rebuild adds entries (Vorlagen, meetings, agenda items, files; by number), as with Whoosh.
TIE = "CASE kind WHEN 'paper' THEN 0 WHEN 'meeting' THEN 1 WHEN 'agenda_item' THEN 2 ELSE 3 END, length(id), id"


def _values(column: str) -> str:
    return f"string_to_array({column}, ' ')" if column in LIST_COLUMNS else f"ARRAY[{column}]"


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
            conditions.append(f"{params.add(value)} = ANY({_values(name)})")
    if filters.acl is not None:
        tokens = params.add(sorted(filters.acl))
        conditions.append(f"string_to_array(acl, ' ') && CAST({tokens} AS text[])")
        conditions.append(f"NOT (string_to_array(hidden_for, ' ') && CAST({tokens} AS text[]))")
    else:  # unrestricted: every internal entry is readable, so no public stand-in is needed
        conditions.append(f"NOT ({params.add(STAND_IN_TOKEN)} = ANY(string_to_array(hidden_for, ' ')))")
    if filters.body is not None:
        conditions.append(f"body = {params.add(filters.body)}")
    if filters.date_from:
        conditions.append(f"date >= {params.add(int(filters.date_from.strftime('%Y%m%d')))}")
    if filters.date_to:
        conditions.append(f"date <= {params.add(int(filters.date_to.strftime('%Y%m%d')))}")
    return conditions


def rank_query(parsed: ParsedQuery) -> str:
    """The ranking tsquery: every positive term OR-ed (phrases as their content words), as Whoosh's scoring query."""
    parts: list[str] = []
    for clause in parsed.positive:
        for c in (clause, *clause.alternatives):
            if c.kind in ("phrase", "reference"):
                content = [w for w in c.words if w not in analysis.STOPWORDS] or c.words
                parts.extend(terms.quote(w) for w in content)
            elif c.words:
                parts.append(terms.clause_query(type(c)(c.kind, c.words, c.raw))[0])
    return " | ".join(dict.fromkeys(parts))


def _score(parsed: ParsedQuery, sort: str, params: _Params) -> str:
    if sort == "date" or parsed.empty:
        return "0.0"
    ranking = rank_query(parsed)
    score = f"ts_rank('{RANK_WEIGHTS}', tsv, CAST({params.add(ranking)} AS tsquery), 1)" if ranking else "0.0"
    references = terms.references(parsed)
    if references:
        score += f" + CASE WHEN reference = ANY(CAST({params.add(references)} AS text[])) " \
                 f"THEN {REFERENCE_BOOST} ELSE 0 END"
    return score


def search_statement(table: Table, parsed: ParsedQuery, filters: Filters, facets: list[str], sort: str,
                     page: int, per_page: int) -> tuple[str, dict[str, Any]]:
    """(statement, parameters) returning ``total``, ``hits`` and ``facets``.

    ``hits`` is a JSON list of ``[result rank, id, score, title]``, the page's
    results in order, each result's entries best first; ``facets`` a JSON list
    of ``[facet, value, results]``, most frequent first.
    """
    params = _Params()
    where = _match(parsed, params) + _filters(filters, params)
    score = _score(parsed, sort, params)
    order = f"date DESC, {TIE}" if sort == "date" or parsed.empty else f"score DESC, date DESC, {TIE}"
    offset, end = params.add((page - 1) * per_page), params.add(page * per_page)
    wanted = [name for name in facets if name in FACET_COLUMNS]
    # One pass for all facets: each (result, facet, value) once, then counted (hash aggregates, no sorts).
    values = " UNION ALL ".join(
        f"SELECT '{name}' AS f, unnest({_values(name)}) AS v" for name in wanted) or "SELECT '', ''"
    facet_column = f"""(SELECT json_agg(json_build_array(f, v, n) ORDER BY f, n DESC, v) FROM (
                SELECT f, v, count(*) AS n FROM (
                    SELECT DISTINCT m.grp, x.f, x.v FROM m CROSS JOIN LATERAL ({values}) AS x WHERE x.v <> ''
                ) AS d GROUP BY f, v) AS c) AS facets"""
    statement = f"""
        WITH m AS MATERIALIZED (
            SELECT id, kind, grp, title, date, type, year, committee, result, implementation, {score} AS score
            FROM {table.name} WHERE {' AND '.join(where)}
        ), h AS (
            SELECT DISTINCT ON (grp) grp, id, kind, score, date FROM m ORDER BY grp, {order}
        ), p AS (
            SELECT grp, rn FROM (SELECT grp, row_number() OVER (ORDER BY {order}) AS rn FROM h) AS ranked
            WHERE rn > {offset} AND rn <= {end}
        )
        SELECT (SELECT count(*) FROM h) AS total,
               (SELECT json_agg(json_build_array(p.rn, m.id, m.score, m.title)
                                ORDER BY p.rn, score DESC, date DESC, {TIE})
                FROM m JOIN p USING (grp)) AS hits,
               {facet_column}
    """
    return statement, params.values
