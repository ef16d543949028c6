"""External lists: query parameters, the four date filters, pages and their links.

Pages are ordered by id (stable across requests). ``limit`` is honoured up to
:data:`MAX_LIMIT`. The date filters are inclusive (``>=``/``<=``) and are
carried into every link; ``+`` in offsets is written as ``%2B``. Only with
``modified_since`` do deleted objects appear (as stubs).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from .formats import parse_date_time

DEFAULT_LIMIT = 100
MAX_LIMIT = 100
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")


@dataclass(frozen=True)
class ListParams:
    """What a client asked of a list."""

    page: int = 1
    limit: int = DEFAULT_LIMIT
    filters: dict[str, datetime] = field(default_factory=dict)
    #: The filters as the client wrote them (repaired), carried into the links.
    given: dict[str, str] = field(default_factory=dict)

    @property
    def with_deleted(self) -> bool:
        """Deleted objects belong into the list only when ``modified_since`` is set."""
        return "modified_since" in self.filters


def _positive(args: Mapping[str, str], name: str, default: int) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"„{name}“ muss eine positive ganze Zahl sein, nicht „{raw}“.")
    return int(raw)


def parse(args: Mapping[str, str]) -> ListParams:
    """Read page, limit and filters; ``ValueError`` with a German message on bad input."""
    filters: dict[str, datetime] = {}
    given: dict[str, str] = {}
    for name in FILTERS:
        raw = args.get(name)
        if raw:
            given[name] = raw.strip().replace(" ", "+")
            filters[name] = parse_date_time(raw)
    limit = min(_positive(args, "limit", DEFAULT_LIMIT), MAX_LIMIT)
    return ListParams(page=_positive(args, "page", 1), limit=limit, filters=filters, given=given)


def apply_filters(stmt: Any, model: Any, params: ListParams) -> Any:
    """The statement restricted by the date filters (inclusive bounds)."""
    columns = {"created": model.created, "modified": model.modified}
    for name, value in params.filters.items():
        column = columns[name.split("_")[0]]
        stmt = stmt.where(column >= value if name.endswith("_since") else column <= value)
    return stmt


def _url(base: str, params: ListParams, page: int) -> str:
    query: dict[str, str | int] = dict(params.given)
    if params.limit != DEFAULT_LIMIT:
        query["limit"] = params.limit
    if page != 1:
        query["page"] = page
    return f"{base}?{urlencode(query, quote_via=quote)}" if query else base


def page_document(
    base: str, params: ListParams, data: list[dict[str, Any]], total: int, web: str | None = None
) -> dict[str, Any]:
    """A list page: ``data``, ``pagination`` and ``links`` (first, prev, self, next, last, web)."""
    pages = max(1, math.ceil(total / params.limit))
    links = {"first": _url(base, params, 1)}
    if params.page > 1:
        links["prev"] = _url(base, params, min(params.page - 1, pages))
    links["self"] = _url(base, params, params.page)
    if params.page < pages:
        links["next"] = _url(base, params, params.page + 1)
    links["last"] = _url(base, params, pages)
    if web:
        links["web"] = web
    return {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": params.limit,
            "currentPage": params.page,
            "totalPages": pages,
        },
        "links": links,
    }
