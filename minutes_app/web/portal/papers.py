"""Public Vorlagen: list with filters, the Vorlage page like the seed, and public attachments."""
from __future__ import annotations

from datetime import datetime

from flask import abort, current_app, render_template, request, send_file
from werkzeug.wrappers import Response

from ...decisions import lists
from ...extensions import db_session
from ...models import PaperType
from ...services import files, paper_document, public_catalog, visibility
from ..filters import BERLIN
from ..pagination import paginate
from . import bp
from .pages import body_id, current_body
from .params import int_arg


@bp.route("/vorlagen")
def papers() -> str:
    """Public Vorlagen, newest first; filter by text in the Betreff or number, type, year and committee."""
    session = db_session()
    text = request.args.get("q", "").strip()[:200]
    type_value = request.args.get("art", "")
    paper_type = PaperType(type_value) if type_value in PaperType._value2member_map_ else None
    committee_id = int_arg("gremium")
    stmt = public_catalog.papers_query(
        text=text, paper_type=paper_type, year=int_arg("jahr"), committee_id=committee_id, body_id=body_id()
    )
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "portal/papers.html",
        page=paginate(stmt, per_page=25),
        args=args,
        text=text,
        paper_type=paper_type,
        year=int_arg("jahr"),
        committee_id=committee_id,
        years=public_catalog.paper_years(session, body_id()),
        committees=public_catalog.committees(session, body_id()),
        paper_types=list(PaperType),
    )


@bp.route("/vorlagen/<int:paper_id>")
def paper(paper_id: int) -> str:
    """One public Vorlage with its Beratungsfolge, texts, public attachments and the Sichtvermerke of its DOCX."""
    session = db_session()
    found = public_catalog.load_public_paper(session, paper_id, body_id())
    body = current_body()
    if found is None or body is None:
        abort(404)
    item_ids = [c.agenda_item_id for c in found.consultations if c.agenda_item_id is not None]
    return render_template(
        "portal/paper.html",
        paper=found,
        implementations=list(lists.public_statuses(session, body, item_ids).values()),
        today=datetime.now(BERLIN).date(),
        consultations=public_catalog.public_consultations(found, body),
        files=visibility.public_files(found.files),
        superordinated=visibility.public_papers(found.superordinated_papers),
        subordinated=visibility.public_papers(found.subordinated_papers),
        related=visibility.public_papers(found.related_papers),
        sign_offs=paper_document.public_sign_offs(found),
    )


@bp.route("/vorlagen/<int:paper_id>/anlagen/<int:file_id>")
def paper_file(paper_id: int, file_id: int) -> Response:
    """Download a public attachment of a public Vorlage; anything else is 404."""
    found = public_catalog.load_public_paper(db_session(), paper_id, body_id())
    if found is None:
        abort(404)
    record = next((f for f in visibility.public_files(found.files) if f.id == file_id), None)
    if record is None:
        abort(404)
    path = files.blob_path(current_app.config["FILE_STORE_DIR"], record.storage_key)
    if not path.exists():
        abort(404)
    return send_file(path, mimetype=record.media_type, as_attachment=True, download_name=record.file_name, etag=record.sha256)
