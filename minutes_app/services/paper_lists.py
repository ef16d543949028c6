"""The internal Vorlagen list: filters, sorting and the read policy as one query."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select, true
from sqlalchemy.orm import Session

from ..bodies.scope import scope_clause
from ..models import Organization, Paper, PaperState, PaperType, User
from .permissions import paper_read_clause
from .sign_offs import waiting_clause

#: Sort keys offered in the list: (label, columns ascending).
SORTS = {
    "nummer": ("Nummer", (Paper.reference_year, Paper.reference_number)),
    "betreff": ("Betreff", (func.lower(Paper.name), Paper.id)),
    "datum": ("Datum", (Paper.date, Paper.id)),
    "zustand": ("Zustand", (Paper.state, Paper.reference_year, Paper.reference_number)),
    "geaendert": ("Zuletzt geändert", (Paper.modified, Paper.id)),
}


@dataclass(frozen=True)
class PaperFilters:
    """What the user narrowed the list to; empty values filter nothing."""

    text: str = ""
    state: PaperState | None = None
    paper_type: PaperType | None = None
    department_id: int | None = None
    year: int | None = None
    mine: bool = False
    waiting: bool = False
    sort: str = "nummer"
    descending: bool = True


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def papers_query(user: User, filters: PaperFilters) -> Select[tuple[Paper]]:
    """Vorlagen ``user`` may read, filtered and sorted."""
    stmt = select(Paper).where(paper_read_clause(user))
    if filters.text.strip():
        for word in filters.text.split():
            pattern = f"%{_escape_like(word)}%"
            stmt = stmt.where(Paper.name.ilike(pattern, escape="\\") | Paper.reference.ilike(pattern, escape="\\"))
    if filters.state is not None:
        stmt = stmt.where(Paper.state == filters.state)
    if filters.paper_type is not None:
        stmt = stmt.where(Paper.paper_type == filters.paper_type)
    if filters.department_id is not None:
        stmt = stmt.where(Paper.originator_id == filters.department_id)
    if filters.year is not None:
        stmt = stmt.where(Paper.reference_year == filters.year)
    if filters.mine:
        stmt = stmt.where(Paper.author_id == user.id)
    if filters.waiting:
        stmt = stmt.where(waiting_clause(user))
    _label, columns = SORTS.get(filters.sort, SORTS["nummer"])
    return stmt.order_by(*(c.desc() if filters.descending else c.asc() for c in columns))


def filter_choices(session: Session, user: User | None = None) -> tuple[list[int], list[Organization]]:
    """Years and lead departments that occur among the Vorlagen (of the user's bodies), for the filter form."""
    in_scope = scope_clause(user, Paper.body_id) if user is not None else true()
    years = sorted(session.scalars(select(Paper.reference_year).where(in_scope).distinct()), reverse=True)
    departments = list(
        session.scalars(
            select(Organization)
            .where(Organization.id.in_(select(Paper.originator_id).where(in_scope).distinct()))
            .order_by(Organization.name)
        )
    )
    return years, departments
