"""Routes of the OParl endpoint; paths are described in :mod:`minutes_app.oparl.urls`."""
from __future__ import annotations

from flask import abort, current_app, redirect, request, send_file, url_for
from werkzeug.wrappers import Response

from ...extensions import db_session
from ...oparl import listing, queries
from ...oparl.api import Reader
from ...oparl.urls import LIST_TYPES, OBJECT_TYPES, Urls
from ...services import files
from . import bp, json_response

#: Portal pages for the ``web`` links.
_PAGES = {
    "Meeting": ("portal.meeting", "meeting_id"),
    "Paper": ("portal.paper", "paper_id"),
    "Organization": ("portal.committee", "committee_id"),
}
_LIST_PAGES = {
    "MeetingList": "portal.meetings",
    "PaperList": "portal.papers",
    "OrganizationList": "portal.committees",
    "Body": "portal.index",
    "BodyList": "portal.index",
}
#: A file served inline must not run anything in the portal's origin.
_FILE_POLICY = "default-src 'none'; sandbox"


def _web(kind: str, object_id: int) -> str | None:
    if kind in _PAGES:
        endpoint, arg = _PAGES[kind]
        return url_for(endpoint, _external=True, **{arg: object_id})
    if kind in _LIST_PAGES:
        return url_for(_LIST_PAGES[kind], _external=True)
    return None


def _reader() -> Reader:
    base = current_app.config.get("OPARL_BASE_URL") or url_for("oparl.system", _external=True).rsplit("/", 1)[0]
    return Reader(db_session(), Urls(base=base.rstrip("/"), web=_web))


def _params() -> listing.ListParams:
    try:
        return listing.parse(request.args)
    except ValueError as error:
        abort(400, description=str(error))


def _answer(document: dict | None) -> Response:  # type: ignore[type-arg]
    if document is None:
        abort(404)
    return json_response(document)


@bp.route("/")
def entry() -> Response:
    """The endpoint's base address leads to the System object."""
    return redirect(url_for("oparl.system"), 301)


@bp.route("/system")
def system() -> Response:
    """The System object: the entry point every client starts from."""
    reader = _reader()
    bodies = list(reader.ctx.bodies.values())
    name = f"Bürgerinformationssystem {bodies[0].name}" if len(bodies) == 1 else "Bürgerinformationssystem"
    contact = bodies[0].contact_email if bodies else ""
    return json_response(reader.system(name, contact, url_for("portal.index", _external=True)))


@bp.route("/bodies")
def bodies() -> Response:
    """All bodies of the system."""
    return json_response(_reader().bodies(_params()))


@bp.route("/body/<int:body_id>/<segment>")
def body_list(body_id: int, segment: str) -> Response:
    """One of a body's external lists, e.g. ``/body/1/papers``."""
    if segment not in LIST_TYPES:
        abort(404)
    return _answer(_reader().body_list(body_id, LIST_TYPES[segment], _params()))


@bp.route("/organization/<int:organization_id>/<any(meetings, consultations):segment>")
def organization_list(organization_id: int, segment: str) -> Response:
    """A committee's meetings or consultations."""
    return _answer(_reader().organization_list(organization_id, LIST_TYPES[segment], _params()))


@bp.route("/<segment>/<int:object_id>")
def object_(segment: str, object_id: int) -> Response:
    """One object at its canonical URL, e.g. ``/paper/7``."""
    if segment not in OBJECT_TYPES:
        abort(404)
    return _answer(_reader().find(OBJECT_TYPES[segment], object_id))


def _file(file_id: int, attachment: bool) -> Response:
    session = db_session()
    record = session.scalar(queries.public_object("File", file_id, eager_load=False))
    if record is None:
        gone = session.scalar(queries.deleted_object("File", file_id))
        abort(410 if gone is not None else 404)
    path = files.blob_path(current_app.config["FILE_STORE_DIR"], record.storage_key)
    if not path.exists():
        abort(404)
    response = send_file(
        path, mimetype=record.media_type, as_attachment=attachment, download_name=record.file_name, etag=record.sha256
    )
    response.headers["Content-Security-Policy"] = _FILE_POLICY
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/file/<int:file_id>/access")
def file_access(file_id: int) -> Response:
    """A public file for reading in the browser (never as attachment)."""
    return _file(file_id, attachment=False)


@bp.route("/file/<int:file_id>/download")
def file_download(file_id: int) -> Response:
    """A public file as download (``Content-Disposition: attachment``)."""
    return _file(file_id, attachment=True)


@bp.route("/<path:unknown>")
def unknown(unknown: str) -> Response:
    """Any other address under the endpoint: the OParl 404 (JSON), not the portal's HTML page."""
    abort(404)
