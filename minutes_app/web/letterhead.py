"""Administration of the body's letterhead (/intern/verwaltung/briefkopf): upload, reset, sample document."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.wrappers import Response

from ..export import docx as docx_export
from ..extensions import db_session
from ..models import Body, User, utc_now
from ..services import files, letterhead
from ..services.errors import ValidationFailed
from ..services.permissions import Permission
from .guards import require
from .body_context import internal_body as current_body

bp = Blueprint("letterhead", __name__, url_prefix="/intern/verwaltung/briefkopf")

UNUSABLE = (
    "Auf diesem Briefkopf lässt sich kein Dokument erzeugen. Bitte speichern Sie die Vorlage in Word oder "
    "LibreOffice erneut als .docx und laden Sie sie noch einmal hoch."
)


class LetterheadForm(FlaskForm):
    """The .docx to use as letterhead."""

    file = FileField(
        "Briefkopf (Word-Dokument)",
        validators=[FileRequired("Bitte wählen Sie ein Word-Dokument (.docx) aus.")],
        render_kw={"accept": ".docx"},
        description=(
            f"Format .docx, höchstens {letterhead.MAX_LETTERHEAD_MB} MB. Übernommen werden Seitenränder, "
            "Formatvorlagen, Kopf- und Fußzeile mit Logo; der Text im Dokument selbst wird durch den Inhalt "
            "des jeweiligen Dokuments ersetzt."
        ),
    )


class ResetForm(FlaskForm):
    """Confirms going back to the built-in letterhead (CSRF only)."""


def _body() -> Body:
    body = current_body()
    if body is None:
        abort(404)
    return body


def _store_dir() -> str:
    return str(current_app.config["FILE_STORE_DIR"])


def _upload(form: LetterheadForm, body: Body, user: User) -> bool:
    """Store the upload, try it out on the sample document, commit; errors land on the form."""
    session = db_session()
    upload = form.file.data
    try:
        old_key = letterhead.store_letterhead(
            session,
            user,
            body,
            stream=upload.stream,
            file_name=upload.filename or "",
            store_dir=_store_dir(),
        )
    except ValidationFailed as failed:
        session.rollback()
        form.file.errors = [*form.file.errors, *failed.errors.values()]
        return False
    new_key = body.letterhead_file.storage_key if body.letterhead_file else ""
    try:
        docx_export.build_sample(body.name, letterhead.letterhead_bytes(body, _store_dir()) or b"", utc_now())
    except Exception:
        session.rollback()
        files.delete_blob(_store_dir(), new_key)
        form.file.errors = [*form.file.errors, UNUSABLE]
        return False
    session.commit()
    if old_key:
        files.delete_blob(_store_dir(), old_key)
    return True


@bp.route("/", methods=["GET", "POST"])
@login_required
def page() -> Response | tuple[str, int]:
    """Show the current letterhead and accept a new one."""
    user = require(Permission.ADMIN_BODY)
    body = current_body()
    if body is None:
        flash("Bitte legen Sie zuerst unter „Einstellungen“ die Körperschaft an.", "error")
        return redirect(url_for("admin.settings"))
    form = LetterheadForm()
    if form.validate_on_submit() and _upload(form, body, user):
        flash("Der Briefkopf wurde gespeichert. Alle Word-Dokumente verwenden ihn ab sofort.", "success")
        return redirect(url_for("letterhead.page"))
    status = 422 if form.errors else 200
    return render_template(
        "documents/letterhead.html",
        form=form,
        reset_form=ResetForm(),
        body=body,
        letterhead=body.letterhead_file,
    ), status


@bp.route("/zuruecksetzen", methods=["POST"])
@login_required
def reset() -> Response:
    """Return to the built-in letterhead."""
    user = require(Permission.ADMIN_BODY)
    if not ResetForm().validate_on_submit():
        abort(400)
    key = letterhead.reset_letterhead(db_session(), user, _body())
    db_session().commit()
    if key:
        files.delete_blob(_store_dir(), key)
    flash("Der Standard-Briefkopf gilt wieder für alle Word-Dokumente.", "success")
    return redirect(url_for("letterhead.page"))


@bp.route("/muster.docx")
@login_required
def sample() -> Response:
    """A sample document on the current letterhead, to check how the exports will look."""
    require(Permission.ADMIN_BODY)
    body = _body()
    base = docx_export.letterhead_for(body, letterhead.letterhead_bytes(body, _store_dir()))
    response = Response(docx_export.build_sample(body.name, base, utc_now()), mimetype=docx_export.MEDIA_TYPE)
    name = "Musterdokument_Briefkopf.docx"
    response.headers["Content-Disposition"] = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    return response
