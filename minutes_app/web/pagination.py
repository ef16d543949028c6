"""Paging through long lists; the page number comes from the ``page`` query parameter."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import request
from sqlalchemy import Select, func, select

from ..extensions import db_session

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, the page number and the number of pages."""

    items: list[T]
    number: int
    pages: int
    total: int


def paginate(stmt: Select[tuple[T]], per_page: int = 50) -> Page[T]:
    """The requested page of ``stmt`` (clamped to the pages that exist)."""
    session = db_session()
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    pages = max(1, math.ceil(total / per_page))
    number = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    items = list(session.scalars(stmt.limit(per_page).offset((number - 1) * per_page)))
    return Page(items=items, number=number, pages=pages, total=total)
