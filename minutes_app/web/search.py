"""Search pages: the public search (public index only) and the staff search (internal index).

The public search reads only the public index and shows what it stored for
each hit, after one check per kind of hit that the object is still public and
unchanged (``search.hits``; a stale entry is rebuilt through the visibility
module, a gone one dropped). The staff search filters the internal index by
the user's access tokens and then asks the policy (``can``) for every hit on
the page; a hit the policy refuses is never shown. Both search one body only:
the portal's body (public) or the administered body (staff).
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from . import params
from ..extensions import db_session
from ..models import AgendaItem, AgendaItemResult, Body, Meeting, Organization, OrganizationType, Paper, PaperType, User
from ..models.implementation import ImplementationStatus
from ..search import (
    Filters,
    IndexUnavailable,
    SearchResults,
    access,
    documents,
    hits,
    indexes,
    page_state,
    sources,
    synonyms,
)
from ..search.query import parse
from ..services.permissions import Permission, can
from .body_context import internal_body, portal_body, portal_prefixed
from .guards import require
from .portal.fresh import fresh_page, validator_cache

bp = Blueprint("search", __name__)

PER_PAGE = 10
TYPE_LABELS = {**{t.value: t.label for t in PaperType}, "agenda_item": "Tagesordnungspunkt", "meeting": "Sitzung",
               "file": "Anlage"}
RESULT_LABELS = {r.value: r.label for r in AgendaItemResult}
IMPLEMENTATION_LABELS = {s.value: s.label for s in ImplementationStatus}
SORTS = {"relevanz": "relevance", "datum": "date"}
MEMO_EXTENSION = "minutes_search_memo"
UNAVAILABLE = "Der Suchindex wird gerade neu aufgebaut. Bitte versuchen Sie es in einigen Minuten erneut."


def _date_arg(name: str, errors: dict[str, str], label: str) -> date | None:
    # Browsers send ISO dates from a date picker; people without one type the German form.
    value, bad = params.date_arg(name)
    if bad:
        errors[name] = f"{label}: bitte ein Datum im Format TT.MM.JJJJ angeben (zwischen 1900 und 2199)."
    return value


def _read_args() -> tuple[dict[str, Any], Filters, dict[str, str]]:
    """The form values as typed, the filters, and German messages for unusable values."""
    args = request.args
    errors: dict[str, str] = {}
    values = {
        "q": args.get("q", "")[:500], "gremium": args.get("gremium", ""), "art": args.get("art", ""),
        "ergebnis": args.get("ergebnis", ""), "von": args.get("von", ""), "bis": args.get("bis", ""),
        "umsetzung": args.get("umsetzung", ""),
        "sortierung": args.get("sortierung", "relevanz") if args.get("sortierung") in SORTS else "relevanz",
    }
    filters = Filters(
        committee=str(params.parse_id(values["gremium"])) if params.parse_id(values["gremium"]) else None,
        type=values["art"] if values["art"] in TYPE_LABELS else None,
        result=values["ergebnis"] if values["ergebnis"] in RESULT_LABELS else None,
        date_from=_date_arg("von", errors, "Von"),
        date_to=_date_arg("bis", errors, "Bis"),
        implementation=values["umsetzung"] if values["umsetzung"] in IMPLEMENTATION_LABELS else None,
    )
    return values, filters, errors


def _page() -> int:
    return params.page_arg("seite")


def _public_loader(stored: dict[str, Any]) -> dict[str, Any]:
    """What the index stored for each hit, where the database still agrees; else rebuilt or dropped."""
    return hits.public_current(db_session(), stored)


def _internal_loader(user: User) -> Any:
    """Stored documents checked like the public ones, each re-checked against the policy.

    Where the policy refuses the internal text (or the hit is the public
    stand-in), the public document is shown: the internal search never shows
    less than the public one.
    """

    def load(stored: dict[str, Any]) -> dict[str, Any]:
        return hits.internal_current(db_session(), stored, lambda doc_id: _may_read(user, doc_id))

    return load


def _may_read(user: User, doc_id: str) -> bool:
    session = db_session()
    kind, object_id = documents.parse_key(doc_id)
    if kind == "paper":
        return can(user, Permission.PAPER_READ, session.get(Paper, object_id))
    if kind == "meeting":
        return can(user, Permission.MEETING_READ_INTERNAL, session.get(Meeting, object_id))
    if kind == "agenda_item":
        item = session.get(AgendaItem, object_id)
        return item is not None and can(user, Permission.MEETING_READ_INTERNAL, item.meeting)
    owners = sources.file_owners(session, [object_id])[object_id]
    return any(
        can(user, Permission.PAPER_READ, o) if isinstance(o, Paper)
        else can(user, Permission.MEETING_READ_INTERNAL, o if isinstance(o, Meeting) else o.meeting)
        for o in owners
    )


def _facet_view(results: SearchResults, values: dict[str, Any], endpoint: str) -> list[dict[str, Any]]:
    """Facet groups with labels and links that add the value as a filter."""
    committee_ids = [params.parse_id(v) for v, _n in results.facets.get("committee", []) if params.parse_id(v)]
    names: dict[int, str] = {}
    if committee_ids:
        statement = select(Organization.id, Organization.name).where(Organization.id.in_(committee_ids))
        rows = db_session().execute(statement)
        names = {row.id: row.name for row in rows}
    groups = []
    for name, param, label, labeler in (
        ("committee", "gremium", "Gremium", lambda v: names.get(params.parse_id(v) or 0, "")),
        ("type", "art", "Art", TYPE_LABELS.get),
        ("year", "jahr", "Jahr", lambda v: v),
        ("implementation", "umsetzung", "Umsetzung (Beschlusskontrolle)", IMPLEMENTATION_LABELS.get),
    ):
        entries = []
        for value, count in results.facets.get(name, [])[:12]:
            text = labeler(value)
            if not text:
                continue
            link_args = {k: v for k, v in values.items() if v}
            if param == "jahr":
                link_args.update(von=f"{value}-01-01", bis=f"{value}-12-31")
            else:
                link_args[param] = value
            entries.append({"label": text, "count": count, "url": url_for(endpoint, **link_args),
                            "active": values.get(param) == value})
        if entries:
            groups.append({"label": label, "entries": entries})
    return groups


def _hit_url(prefix: str, meetings_prefix: str, public_prefix: str | None = None) -> Any:
    """The page of a hit: the public pages, or the internal ones for staff who may open them."""

    def url(hit: Any) -> str:
        kind, object_id = hit.doc["meta"]["link"]
        if hit.doc.get("public_view") and public_prefix is not None:
            return _hit_url(public_prefix, public_prefix)(hit)
        if kind == "paper":
            return f"{prefix}/vorlagen/{object_id}"
        anchor = f"#top-{documents.parse_key(hit.id)[1]}" if hit.kind == "agenda_item" else ""
        return f"{meetings_prefix}/sitzungen/{object_id}{anchor}"

    return url


def _render(index_name: str, endpoint: str, title: str, acl: frozenset[str] | None, load: Any,
            hit_url: Any, body: Body | None, address: str | None = None) -> tuple[str, int]:
    values, filters, errors = _read_args()
    filters.acl = acl
    # No body yet: "-1" matches no document.
    filters.body = str(body.id) if body is not None else "-1"
    results: SearchResults | None = None
    unavailable = False
    index = indexes().by_name(index_name)
    searched = bool(values["q"].strip()) or filters.active
    # Read before searching: if the index changes meanwhile, the memo is already out of date, never too new.
    generation = _generation(index) if address is not None else None
    try:
        if searched:
            # Synonyms are read per search (one small query), so an administrator's edit applies at once.
            parsed = parse(values["q"], synonyms.expansions(db_session(), body.id if body is not None else None))
            results = index.search(parsed, filters, sort=SORTS[values["sortierung"]], page=_page(),
                                   per_page=PER_PAGE, load=load)
    except IndexUnavailable:
        unavailable = True
    if results is not None and generation is not None and address is not None:
        _memo().remember(address, generation, [h.id for hit in results.hits for h in (hit, *hit.parts)])
    committee_type = Organization.organization_type == OrganizationType.COMMITTEE
    of_body = Organization.body_id == (body.id if body is not None else -1)
    committees = db_session().scalars(
        select(Organization).where(committee_type, of_body).order_by(Organization.name)).all()
    page_args = {k: v for k, v in values.items() if v}
    return render_template(
        "search/search.html", title=title, endpoint=endpoint, values=values, errors=errors, results=results,
        unavailable=unavailable, unavailable_text=UNAVAILABLE, committees=committees, type_labels=TYPE_LABELS,
        result_labels=RESULT_LABELS, facets=_facet_view(results, values, endpoint) if results else [],
        hit_url=hit_url, page_args=page_args, kind_labels=documents.KIND_LABELS,
    ), 200


def _generation(index: Any) -> str | None:
    """The index's generation; for the PostgreSQL tables the change feed's, as they change only with commits."""
    found = page_state.generation_of(index)
    if found is None and getattr(indexes(), "transactional", False):
        feed = validator_cache().feed
        announced = feed.generation() if feed is not None else None
        found = None if announced is None else f"feed-{announced}"
    return found


def _memo() -> page_state.ResultsMemo:
    memo = current_app.extensions.get(MEMO_EXTENSION)
    if memo is None:
        memo = current_app.extensions.setdefault(MEMO_EXTENSION, page_state.ResultsMemo())
    return memo  # type: ignore[no-any-return]


@bp.route("/suche")
def public_search() -> Response | str:
    """Search the public index (anonymous; shows only public text).

    A repeated search is answered from the page cache while its validator
    (index generation, the shown hits' stamps and visibility, synonyms, names)
    is unchanged; see :mod:`minutes_app.search.page_state`.
    """
    address = f"{request.host}{request.full_path}"

    def render() -> str:
        body = portal_body()
        prefix = f"/{body.slug}" if body is not None and portal_prefixed() else ""
        return _render("public", "search.public_search", "Suche", None, _public_loader, _hit_url(prefix, prefix),
                       body, address)[0]

    def state(source: Any) -> Any:
        return page_state.results_state(source, _generation(indexes().public), _memo(), address)

    # The index generation is part of the key: with Whoosh the index changes just after the database's commit,
    # so a validator kept since that commit must not outlive the index update that follows it.
    return fresh_page(("search", address, _generation(indexes().public)), state, render)


@bp.route("/intern/suche")
@login_required
def internal_search() -> tuple[str, int]:
    """Search everything the user may read (internal index, filtered by permissions)."""
    user = require(Permission.SEARCH_INTERNAL)
    body = internal_body()
    public_prefix = f"/{body.slug}" if body is not None else ""
    meetings = "/intern" if can(user, Permission.MEETING_READ_INTERNAL) else public_prefix
    return _render("internal", "search.internal_search", "Interne Suche", access.user_tokens(user),
                   _internal_loader(user), _hit_url("/intern", meetings, public_prefix), body)
