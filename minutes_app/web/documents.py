"""DOCX downloads at the stable addresses of DESIGN §9.

Without ``?fassung=intern`` every address serves the public version, to anyone,
and answers 404 for whatever is not published. With it, the full version is
served to users the policy allows; anonymous users get 404 (nothing is
revealed), logged-in users without the right 403.

Each address also exists below a body's Kürzel (``/<kürzel>/vorlagen/<id>.docx``).
The public version answers only for objects of the portal's body (404 otherwise)
and uses that body's letterhead; the full version is the object's own body's,
whatever the address, since the policy already checks the user works for it.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, abort, current_app, request
from werkzeug.wrappers import Response

from ..export import docx as docx_export
from ..extensions import db_session
from ..bodies import scope
from ..models import AgendaItem, Body, Meeting, Paper, utc_now
from ..services import documents, letterhead, paper_document
from ..services.documents import Audience
from ..services.errors import NotFound
from .body_context import belongs_to_portal
from .guards import actor

bp = Blueprint("documents", __name__)

FULL_VERSION = "intern"


def _audience(document: Meeting | Paper | AgendaItem, *, minutes: bool = False) -> Audience:
    """The version asked for; the full one only where the policy allows it."""
    if request.args.get("fassung") != FULL_VERSION:
        return Audience.PUBLIC
    user = actor()
    if user is None:
        abort(404)
    if not documents.may_read_full(user, document, minutes=minutes):
        abort(403)
    return Audience.INTERNAL


def _body(document: Meeting | Paper | AgendaItem, audience: Audience) -> Body:
    """The body whose letterhead and settings the document uses; 404 for a public one of another portal."""
    if audience is Audience.PUBLIC and not belongs_to_portal(document):
        abort(404)
    body = db_session().get(Body, scope.body_id_of(document))
    if body is None:
        abort(404)
    return body


def _letterhead(body: Body) -> bytes:
    return docx_export.letterhead_for(body, letterhead.letterhead_bytes(body, current_app.config["FILE_STORE_DIR"]))


def _download(data: bytes, parts: list[str], audience: Audience) -> Response:
    """The document as an attachment with an ASCII file name and its UTF-8 original (RFC 6266)."""
    ascii_name, unicode_name = documents.download_names(parts, audience)
    response = Response(data, mimetype=docx_export.MEDIA_TYPE)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(unicode_name, safe='')}"
    )
    # The full version must never sit in a shared cache; the public one is revalidated each time.
    response.headers["Cache-Control"] = "private, no-store" if audience is Audience.INTERNAL else "no-cache"
    return response


def _meeting(meeting_id: int) -> Meeting:
    meeting = documents.load_meeting(db_session(), meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def _day(meeting: Meeting) -> str:
    return documents.meeting_day(meeting).isoformat()


@bp.route("/sitzungen/<int:meeting_id>/einladung.docx")
def invitation(meeting_id: int) -> Response:
    """Einladung with the Tagesordnung."""
    meeting = _meeting(meeting_id)
    audience = _audience(meeting)
    body = _body(meeting, audience)
    try:
        view = documents.invitation_view(meeting, body, audience)
    except NotFound:
        abort(404)
    data = docx_export.build_invitation(view, _letterhead(body), utc_now())
    return _download(data, ["Einladung", view.head.committee_short, _day(meeting)], audience)


@bp.route("/sitzungen/<int:meeting_id>/niederschrift.docx")
def minutes(meeting_id: int) -> Response:
    """Niederschrift: public part once published, or the full version."""
    meeting = _meeting(meeting_id)
    audience = _audience(meeting, minutes=True)
    body = _body(meeting, audience)
    try:
        view = documents.minutes_document(db_session(), meeting, body, audience)
    except NotFound:
        abort(404)
    data = docx_export.build_minutes(view, _letterhead(body), utc_now())
    return _download(data, ["Niederschrift", view.head.committee_short, _day(meeting)], audience)


@bp.route("/vorlagen/<int:paper_id>.docx")
def paper(paper_id: int) -> Response:
    """Vorlage."""
    found = db_session().get(Paper, paper_id)
    if found is None:
        abort(404)
    audience = _audience(found)
    body = _body(found, audience)
    try:
        view = paper_document.paper_view(found, body, audience)
    except NotFound:
        abort(404)
    data = docx_export.build_paper(view, _letterhead(body), utc_now())
    return _download(data, ["Vorlage", view.reference.replace("/", "-")], audience)


@bp.route("/tagesordnungspunkte/<int:item_id>/beschlussauszug.docx")
def resolution_extract(item_id: int) -> Response:
    """Beschlussauszug of one agenda item."""
    item = db_session().get(AgendaItem, item_id)
    if item is None:
        abort(404)
    audience = _audience(item)
    body = _body(item, audience)
    try:
        view = documents.extract_view(item, body, audience)
    except NotFound:
        abort(404)
    data = docx_export.build_resolution_extract(view, _letterhead(body), utc_now())
    parts = ["Beschlussauszug", view.head.committee_short, _day(item.meeting), f"TOP {item.number}"]
    return _download(data, parts, audience)
