"""Anlagen of a Vorlage: upload, download, public flag, removal."""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, send_file, url_for
from flask_login import login_required
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from ... import redaction
from ...extensions import begin_writes, db_session, deferred_writes
from ...models import Body, File, Paper, User
from ...services import files, papers
from ...services.errors import ValidationFailed
from ...services.permissions import Permission, can
from ..guards import actor, load_or_404, require
from . import bp
from .common import perform, show_errors
from .forms import ActionForm, RedactedCopyForm, UploadForm

View = str | Response | tuple[str, int]


def _store_dir() -> str:
    return str(current_app.config["FILE_STORE_DIR"])


def _attachment(paper_id: int, file_id: int, *, copies: bool = False) -> tuple[Paper, File]:
    """The Anlage of the Vorlage (``copies``: also the redacted public copy of one)."""
    paper = load_or_404(Paper, paper_id)
    record = load_or_404(File, file_id)
    if record not in paper.files and not (copies and any(f.public_copy_id == record.id for f in paper.files)):
        abort(404)
    return paper, record


def _may_redact(paper: Paper) -> User:
    """Redacting is a publication matter, not a content change: the department (in every state) and admins."""
    user = actor()
    if not (can(user, Permission.PAPER_EDIT, paper) or can(user, Permission.PAPER_WITHDRAW, paper)):
        abort(403)
    assert user is not None
    return user


@bp.route("/<int:paper_id>/anlagen/<int:file_id>/geschwaerzt", methods=["GET", "POST"])
@login_required
def upload_redacted(paper_id: int, file_id: int) -> View:
    """Upload a redacted copy that the public channels serve instead of the Anlage."""
    paper, original = _attachment(paper_id, file_id)
    user = _may_redact(paper)
    max_mb = db_session().get(Body, paper.body_id).max_upload_mb  # type: ignore[union-attr]
    try:
        form = RedactedCopyForm()
        submitted = form.validate_on_submit()
    except RequestEntityTooLarge:
        form = RedactedCopyForm(formdata=None)
        form.file.errors = [f"Die Datei ist größer als die zulässigen {max_mb} MB."]
        return render_template("papers/upload_redacted.html", paper=paper, original=original, form=form,
                               max_mb=max_mb), 413
    if submitted:
        upload_file = form.file.data
        stored: list[File] = []
        replaced: list[str | None] = []

        def action() -> File:
            record = files.store_upload(
                db_session(), user, stream=upload_file.stream, file_name=upload_file.filename or "",
                store_dir=_store_dir(), max_mb=max_mb, title="", public=True,
            )
            stored.append(record)
            replaced.append(redaction.set_public_copy(db_session(), user, original, record))
            return record

        try:
            ok = perform(action, lambda r: f"Die geschwärzte Fassung „{r.file_name}“ wird jetzt öffentlich gezeigt.",
                         form)
        except Exception:
            for record in stored:
                files.delete_blob(_store_dir(), record.storage_key)
            raise
        if ok:
            for key in replaced:
                if key:
                    files.delete_blob(_store_dir(), key)
            return redirect(url_for("papers.detail", paper_id=paper.id) + "#anlagen")
        for record in stored:
            files.delete_blob(_store_dir(), record.storage_key)
    return render_template("papers/upload_redacted.html", paper=paper, original=original, form=form,
                           max_mb=max_mb), 422 if form.errors else 200


@bp.route("/<int:paper_id>/anlagen/<int:file_id>/geschwaerzt/entfernen", methods=["POST"])
@login_required
def remove_redacted(paper_id: int, file_id: int) -> Response:
    """Remove the redacted copy: the public sees the original again."""
    paper, original = _attachment(paper_id, file_id)
    user = _may_redact(paper)
    if not ActionForm().validate_on_submit():
        abort(400)
    keys: list[str | None] = []
    if perform(lambda: keys.append(redaction.remove_public_copy(db_session(), user, original)),
               f"Die geschwärzte Fassung der Anlage „{original.name}“ wurde entfernt."):
        for key in keys:
            if key:
                files.delete_blob(_store_dir(), key)
    return redirect(url_for("papers.detail", paper_id=paper.id) + "#anlagen")


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
    paper, record = _attachment(paper_id, file_id, copies=True)
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

