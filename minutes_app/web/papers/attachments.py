"""Anlagen of a Vorlage: upload, download, public flag, removal."""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, send_file, url_for
from flask_login import login_required
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from ...extensions import begin_writes, db_session, deferred_writes
from ...models import Body, File, Paper, User
from ...services import files, papers
from ...services.errors import ValidationFailed
from ...services.permissions import Permission, can
from ..guards import actor, load_or_404, require
from . import bp
from .common import perform, show_errors
from .forms import ActionForm, UploadForm

View = str | Response | tuple[str, int]


def _store_dir() -> str:
    return str(current_app.config["FILE_STORE_DIR"])


def _attachment(paper_id: int, file_id: int) -> tuple[Paper, File]:
    paper = load_or_404(Paper, paper_id)
    record = load_or_404(File, file_id)
    if record not in paper.files:
        abort(404)
    return paper, record


@bp.route("/<int:paper_id>/anlagen/neu", methods=["GET", "POST"])
@login_required
@deferred_writes
def upload(paper_id: int) -> View:
    """Upload an Anlage; the file is checked by its content and the body's size limit.

    Receiving, checking and text extraction happen before the write
    transaction (:func:`deferred_writes`): the write lock is held only for the
    row, so a large upload never makes another user's save wait.
    """
    paper = load_or_404(Paper, paper_id)
    require(Permission.PAPER_EDIT, paper)
    max_mb = db_session().get(Body, paper.body_id).max_upload_mb  # type: ignore[union-attr]
    try:
        form = UploadForm()
        submitted = form.validate_on_submit()
    except RequestEntityTooLarge:
        # The request exceeded even the server's hard ceiling; answer like any oversize file.
        form = UploadForm(formdata=None)
        form.file.errors = [f"Die Datei ist größer als die zulässigen {max_mb} MB."]
        return render_template("papers/upload.html", paper=paper, form=form, max_mb=max_mb), 413
    if submitted:
        upload_file = form.file.data
        try:
            staged = files.stage_upload(
                stream=upload_file.stream, file_name=upload_file.filename or "", store_dir=_store_dir(), max_mb=max_mb
            )
        except ValidationFailed as failed:
            show_errors(form, failed)
            return render_template("papers/upload.html", paper=paper, form=form, max_mb=max_mb), 422
        try:
            ok = _record(paper_id, staged, form)
        except Exception:
            # The write failed (a lock timeout, a lost connection): the blob must not stay behind.
            files.delete_blob(_store_dir(), staged.storage_key)
            raise
        if ok:
            return redirect(url_for("papers.detail", paper_id=paper_id) + "#anlagen")
        files.delete_blob(_store_dir(), staged.storage_key)
    return render_template("papers/upload.html", paper=paper, form=form, max_mb=max_mb), 422 if form.errors else 200


def _record(paper_id: int, staged: files.StagedUpload, form: UploadForm) -> bool:
    """The short write of an upload: under the lock, load and authorize again, then add the row."""
    session = begin_writes()
    paper = load_or_404(Paper, paper_id)
    reader = actor()
    user = session.get(User, reader.id) if reader is not None else None
    if user is None or not can(user, Permission.PAPER_EDIT, paper):
        abort(403)

    def action() -> File:
        record = files.record_upload(
            session, user, staged, store_dir=_store_dir(), title=form.title.data or "", public=bool(form.public.data)
        )
        papers.attach_file(session, user, paper, record)
        return record

    return perform(action, lambda r: f"Die Anlage „{r.name}“ wurde hochgeladen.", form)


@bp.route("/<int:paper_id>/anlagen/<int:file_id>")
@login_required
def download(paper_id: int, file_id: int) -> Response:
    """Send an Anlage with its media type and an RFC 6266 file name (umlauts kept via ``filename*``)."""
    paper, record = _attachment(paper_id, file_id)
    require(Permission.PAPER_READ, paper)
    path = files.blob_path(_store_dir(), record.storage_key)
    if not path.is_file():
        current_app.logger.error("Blob fehlt: Datei %s (%s)", record.id, record.storage_key)
        abort(404)
    response = send_file(
        path, mimetype=record.media_type, as_attachment=True, download_name=record.file_name, max_age=0,
        etag=record.sha256,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/<int:paper_id>/anlagen/<int:file_id>/entfernen", methods=["POST"])
@login_required
def remove_attachment(paper_id: int, file_id: int) -> Response:
    """Remove an Anlage from the Vorlage."""
    paper, record = _attachment(paper_id, file_id)
    user = require(Permission.PAPER_EDIT, paper)
    if not ActionForm().validate_on_submit():
        abort(400)
    keys: list[str | None] = []
    name = record.name
    removed = perform(
        lambda: keys.append(papers.remove_file(db_session(), user, paper, record)),
        f"Die Anlage „{name}“ wurde entfernt.",
    )
    if removed:
        for key in keys:
            if key:
                files.delete_blob(_store_dir(), key)
    return redirect(url_for("papers.detail", paper_id=paper.id) + "#anlagen")


@bp.route("/<int:paper_id>/anlagen/<int:file_id>/oeffentlich", methods=["POST"])
@login_required
def toggle_public(paper_id: int, file_id: int) -> Response:
    """Switch an Anlage between öffentlich and nichtöffentlich."""
    paper, record = _attachment(paper_id, file_id)
    user = require(Permission.PAPER_EDIT, paper)
    if not ActionForm().validate_on_submit():
        abort(400)
    public = not record.public
    perform(
        lambda: papers.set_file_public(db_session(), user, paper, record, public),
        f"Die Anlage „{record.name}“ ist jetzt {'öffentlich' if public else 'nichtöffentlich'}.",
    )
    return redirect(url_for("papers.detail", paper_id=paper.id) + "#anlagen")

