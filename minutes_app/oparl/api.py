"""The OParl endpoint as one Flask-free service: System, lists and objects as JSON-ready dicts.

The web layer builds a :class:`Reader` per request with the endpoint's URLs
and calls one method; ``None`` means "no such public object" and becomes the
same 404 whether the object is unknown or not public. A soft-deleted object
that was public answers as a ``deleted: true`` stub at its URL and in lists
filtered by ``modified_since``.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from ..models import Body, OrganizationType
from ..models.soft_delete import INCLUDE_DELETED
from . import core, listing, meetings, papers, queries
from .context import Context
from .listing import ListParams
from .urls import Urls

SERIALIZERS: dict[str, Callable[[Context, Any], dict[str, Any]]] = {
    "Body": core.body,
    "LegislativeTerm": core.legislative_term,
    "Organization": core.organization,
    "Person": core.person,
    "Membership": core.membership,
    "Meeting": meetings.meeting,
    "AgendaItem": meetings.agenda_item,
    "Paper": papers.paper,
    "Consultation": papers.standalone_consultation,
    "File": meetings.file,
    "Location": core.location,
}


class Reader:
    """Reads the public OParl view of the database for one request."""

    def __init__(self, session: Session, urls: Urls) -> None:
        bodies = session.scalars(
            select(Body).order_by(Body.id).options(selectinload(Body.legislative_terms), selectinload(Body.location))
        ).all()
        self.session = session
        self.ctx = Context(session, urls, {b.id: b for b in bodies})

    # --- objects ---

    def system(self, name: str, contact_email: str, website: str | None) -> dict[str, Any]:
        """The System object at the endpoint's entry URL."""
        return core.system(self.ctx, list(self.ctx.bodies.values()), name, contact_email, website)

    def find(self, type_name: str, object_id: int) -> dict[str, Any] | None:
        """One object by type and id; a stub if it was public and is deleted; None if not public or unknown."""
        found = self.session.scalar(queries.public_object(type_name, object_id))
        if found is not None:
            return self._serialize(type_name, [found])[0]
        gone = self.session.scalar(queries.deleted_object(type_name, object_id))
        return core.deleted_stub(self.ctx, type_name, gone) if gone is not None else None

    # --- lists ---

    def bodies(self, params: ListParams) -> dict[str, Any]:
        """The list of all bodies."""
        stmt = select(Body).order_by(Body.id)
        gone = queries.deleted_ids("Body")
        return self._page("Body", stmt, gone, params, self.ctx.urls.bodies(), self.ctx.urls.web("BodyList", 0))

    def body_list(self, body_id: int, type_name: str, params: ListParams) -> dict[str, Any] | None:
        """One of a body's external lists; None for an unknown body."""
        if body_id not in self.ctx.bodies:
            return None
        stmt = queries.public_list(type_name, body_id)
        base = self.ctx.urls.body_list(body_id, type_name)
        gone = queries.deleted_ids(type_name, body_id=body_id)
        return self._page(type_name, stmt, gone, params, base, self.ctx.urls.web(f"{type_name}List", body_id))

    def organization_list(self, organization_id: int, type_name: str, params: ListParams) -> dict[str, Any] | None:
        """A committee's meetings or consultations; None unless the organization is a public committee."""
        found = self.session.scalar(queries.public_object("Organization", organization_id, eager_load=False))
        if found is None or found.organization_type is not OrganizationType.COMMITTEE:
            return None
        if type_name == "Meeting":
            stmt = queries.organization_meetings(organization_id)
        else:
            stmt = queries.organization_consultations(organization_id)
        base = self.ctx.urls.organization_list(organization_id, type_name)
        gone = queries.deleted_ids(type_name, organization_id=organization_id)
        return self._page(type_name, stmt, gone, params, base, self.ctx.urls.web("Organization", organization_id))

    # --- internals ---

    def _page(
        self, type_name: str, stmt: Select[Any], gone_ids: Select[Any], params: ListParams, base: str, web: str | None
    ) -> dict[str, Any]:
        model = queries.MODELS[type_name]
        stmt = listing.apply_filters(stmt, model, params)
        offset = (params.page - 1) * params.limit
        if not params.with_deleted:
            total = self.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
            found = self.session.scalars(stmt.options(*queries.eager(type_name)).limit(params.limit).offset(offset))
            return listing.page_document(base, params, self._serialize(type_name, list(found)), total, web)
        ids = stmt.with_only_columns(model.id)
        live = set(self.session.scalars(ids))
        gone = set(self.session.scalars(listing.apply_filters(gone_ids, model, params)))
        every = sorted(live | gone)
        chosen = every[offset:offset + params.limit]
        objects = self._load(type_name, [i for i in chosen if i in live])
        stubs = {
            o.id: core.deleted_stub(self.ctx, type_name, o)
            for o in self.session.scalars(
                select(model).where(model.id.in_([i for i in chosen if i not in live]))
                .execution_options(**{INCLUDE_DELETED: True})
            )
        }
        serialized = dict(zip([o.id for o in objects], self._serialize(type_name, objects), strict=True))
        data = [serialized[i] if i in serialized else stubs[i] for i in chosen]
        return listing.page_document(base, params, data, len(every), web)

    def _load(self, type_name: str, ids: Sequence[int]) -> list[Any]:
        if not ids:
            return []
        model = queries.MODELS[type_name]
        stmt = select(model).where(model.id.in_(ids)).options(*queries.eager(type_name)).order_by(model.id)
        return list(self.session.scalars(stmt))

    def _serialize(self, type_name: str, objects: list[Any]) -> list[dict[str, Any]]:
        """Load the page's facts in a fixed number of statements, then serialize each object."""
        ctx = self.ctx
        if type_name == "Meeting":
            ctx.load_meeting_facts(objects)
        elif type_name == "AgendaItem":
            ctx.load_meeting_facts({i.meeting.id: i.meeting for i in objects}.values())
        elif type_name == "Paper":
            ctx.load_papers(
                p.id for o in objects for p in (*o.related_papers, *o.superordinated_papers, *o.subordinated_papers)
            )
            ctx.load_persons(p.id for o in objects for p in o.originator_persons)
        elif type_name == "File":
            ctx.load_file_owners(o.id for o in objects)
        serializer = SERIALIZERS[type_name]
        return [serializer(ctx, o) for o in objects]
