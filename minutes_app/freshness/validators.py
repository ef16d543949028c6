"""The state a public page depends on, read in one SQL statement before anything is rendered.

Each figure is an aggregate over the rows the page shows: their number, the
sum of their ids (links swapped for others keep the number but not the sum)
and the latest ``modified`` (any edit through the ORM moves it, soft deletion
too). Visibility is not decided here: the statement only runs for a meeting
that :func:`~minutes_app.services.visibility.public_meeting_clause` admits,
and everything the visibility rules read (item and Vorlage flags and states,
minutes state, the body's publication setting) is covered by the figures.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, Dialect, Engine, Integer, Select, String, Table, bindparam, cast, func, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from ..models import (
    AgendaItem,
    Body,
    Consultation,
    DecisionImplementation,
    File,
    Location,
    Meeting,
    Minutes,
    Organization,
    Paper,
    agenda_item_files,
    meeting_files,
    meeting_joint_organizations,
)
from ..services import visibility

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageState:
    """What a page's validator is made of."""

    #: The body the page's object belongs to (the portal answers 404 for another body's objects);
    #: None for a list, which shows whatever the portal's body has.
    body_id: int | None
    #: Version of the bodies table: which body an address serves, settings, always-redacted names.
    bodies: str
    #: Everything else the page shows, as one string.
    figures: str
    #: False when the page shows more than the figures cover (then it is always rendered).
    cacheable: bool = True

    def etag(self, *, viewer: str, address: str, day: str, release: str, portal_body_id: int | None) -> str:
        """The page's validator for one viewer class, address, day and portal body (quoted, strong)."""
        raw = "|".join((viewer, address, day, release, str(portal_body_id), self.bodies, self.figures))
        return '"p' + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest() + '"'


def _joined(*aggregates: ColumnElement[object]) -> ColumnElement[str]:
    """The aggregates as one text ("40,2026-…,26460"): one subquery for several figures is cheaper."""
    parts = [func.coalesce(cast(aggregate, String()), "") for aggregate in aggregates]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "," + part
    return joined


def _figures(*aggregates: ColumnElement[object], where: list[ColumnElement[bool]]) -> ColumnElement[str]:
    return select(_joined(*aggregates)).where(*where).scalar_subquery()


def _files_of(links: Table, where: ColumnElement[bool]) -> ColumnElement[str]:
    """Linked files: number, id sum, latest change, and that of their redacted public copies (shown instead)."""
    copies = aliased(File)
    return (
        select(_joined(func.count(), func.sum(links.c.file_id), func.max(File.modified), func.max(copies.modified)))
        .select_from(links)
        .join(File, File.id == links.c.file_id)
        .outerjoin(copies, copies.id == File.public_copy_id)
        .where(where)
        .scalar_subquery()
    )


@lru_cache(maxsize=1)
def _meeting_statement() -> Select[tuple[object, ...]]:
    meeting_id = bindparam("meeting_id", type_=Integer)
    of_meeting = AgendaItem.meeting_id == meeting_id
    joint = meeting_joint_organizations.c
    consultations = (
        select(_joined(func.count(), func.max(Consultation.modified), func.sum(Consultation.paper_id),
                       func.max(Paper.modified)))
        .select_from(AgendaItem)
        .join(Consultation, Consultation.agenda_item_id == AgendaItem.id)
        .join(Paper, Paper.id == Consultation.paper_id)
        .where(of_meeting)
        .scalar_subquery()
    )
    implementations = (
        select(_joined(func.count(), func.max(DecisionImplementation.modified)))
        .select_from(AgendaItem)
        .join(DecisionImplementation, DecisionImplementation.agenda_item_id == AgendaItem.id)
        .where(of_meeting)
        .scalar_subquery()
    )
    figures = [
        cast(Meeting.modified, String()),
        _figures(func.count(), func.max(AgendaItem.modified), func.sum(AgendaItem.id), where=[of_meeting]),
        consultations,
        _files_of(agenda_item_files, agenda_item_files.c.agenda_item_id.in_(select(AgendaItem.id).where(of_meeting))),
        _files_of(meeting_files, meeting_files.c.meeting_id == meeting_id),
        _figures(func.max(Minutes.modified), where=[Minutes.meeting_id == meeting_id]),
        _figures(func.count(), func.sum(joint.organization_id), where=[joint.meeting_id == meeting_id]),
        # Committee and department names: a small table, read whole.
        _figures(func.count(), func.max(Organization.modified), where=[]),
        _figures(func.max(Location.modified), where=[Location.id == Meeting.location_id]),
        implementations,
    ]
    # A "Bericht zur Umsetzung" lists decisions of the committee's other meetings: not covered by the figures.
    reports = select(func.count()).where(of_meeting, AgendaItem.implementation_report.is_(True))
    body = select(Organization.body_id).where(Organization.id == Meeting.organization_id).scalar_subquery()
    bodies = _figures(func.count(), func.max(Body.modified), func.sum(Body.id), where=[])
    return (
        select(body, bodies, reports.scalar_subquery(), *figures)
        .where(Meeting.id == meeting_id, visibility.public_meeting_clause())
    )


@lru_cache(maxsize=1)
def _meeting_list_statement() -> Select[tuple[object, ...]]:
    """The meeting lists and calendar: every meeting (public or not, a change of state counts) and its names."""
    joint = meeting_joint_organizations.c
    return select(
        _figures(func.count(), func.max(Body.modified), func.sum(Body.id), where=[]),
        _figures(func.count(), func.max(Meeting.modified), func.sum(Meeting.id), where=[]),
        _figures(func.count(), func.sum(joint.meeting_id), func.sum(joint.organization_id), where=[]),
        _figures(func.count(), func.max(Organization.modified), where=[]),
        _figures(func.count(), func.max(Location.modified), where=[]),
    )


_STATEMENTS = {"meeting": (_meeting_statement, {"meeting_id": 0}), "meetings": (_meeting_list_statement, {})}


@dataclass(frozen=True)
class _DriverStatement:
    """A statement compiled once for one dialect, run straight on the DBAPI cursor."""

    sql: str
    #: Parameter names in placeholder order (qmark/numeric styles); None for named styles.
    order: tuple[str, ...] | None
    defaults: dict[str, object]

    def parameters(self, **values: object) -> tuple[object, ...] | dict[str, object]:
        merged = {**self.defaults, **values}
        return tuple(merged[name] for name in self.order) if self.order is not None else merged


@lru_cache(maxsize=8)
def _driver_statement(kind: str, dialect: Dialect) -> _DriverStatement:
    build, placeholders = _STATEMENTS[kind]
    expanded = build().compile(dialect=dialect).construct_expanded_state(placeholders)
    # Enum members (meeting states) go to the driver as their stored values.
    defaults = {k: v.value if isinstance(v, Enum) else v for k, v in expanded.parameters.items()}
    order = tuple(expanded.positiontup) if expanded.positiontup is not None else None
    return _DriverStatement(expanded.statement, order, defaults)


def _fetch(source: Engine | Connection, kind: str, **values: object) -> tuple[object, ...] | None:
    """Run a validator statement: on the given transaction, or alone on a pooled connection of the engine.

    The statement is compiled once and handed to the driver: it runs on every
    revalidation, where SQLAlchemy's per-execution work would cost more than the query.
    """
    statement = _driver_statement(kind, source.dialect)
    parameters = statement.parameters(**values)
    if isinstance(source, Connection):
        found = source.exec_driver_sql(statement.sql, parameters).first()
        return tuple(found) if found is not None else None
    raw = source.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(statement.sql, parameters)
        row = cursor.fetchone()
        cursor.close()
    finally:
        raw.close()
    return tuple(row) if row is not None else None


def meeting_page_state(source: Engine | Connection, meeting_id: int) -> PageState | None:
    """The state of the public page of meeting ``meeting_id``; None when the meeting is not public.

    With an engine the statement runs on its own (the latest committed state:
    enough to answer 304 or from the cache). With the connection of the
    transaction that renders the page, the page stored under the validator is
    never older than the validator.
    """
    row = _fetch(source, "meeting", meeting_id=meeting_id)
    if row is None or row[0] is None:
        return None
    body_id, bodies, reports, *figures = row
    return PageState(int(str(body_id)), str(bodies), "|".join(str(f) for f in figures), cacheable=not reports)


def meeting_list_state(source: Engine | Connection) -> PageState:
    """The state of the public meeting lists and calendar (the address holds filters, period and page)."""
    row = _fetch(source, "meetings")
    assert row is not None  # a SELECT without FROM always gives one row
    bodies, *figures = row
    return PageState(None, str(bodies), "|".join(str(f) for f in figures))


@lru_cache(maxsize=1)
def release_stamp() -> str:
    """The installed code and templates: a new release makes new validators (pages may look different)."""
    latest = 0.0
    for folder in (PACKAGE_ROOT, PACKAGE_ROOT.parent / "templates"):
        for directory, _subdirs, names in os.walk(folder):
            for name in names:
                if name.endswith((".py", ".html", ".css")):
                    latest = max(latest, os.stat(os.path.join(directory, name)).st_mtime)
    return f"{latest:.0f}"
