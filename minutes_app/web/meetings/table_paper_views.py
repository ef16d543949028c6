"""Tischvorlagen of an agenda item: upload (non-public by default), download, public flag, removal."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_login import login_required
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response
from wtforms import BooleanField

from ...extensions import db_session
from ...models import AgendaItem, File
from ...secretariat import table_papers
from ...services import files
from ...services.errors import DomainError
from ...services.permissions import Permission
from ..guards import load_or_404, require
from ..papers.forms import ActionForm, UploadForm
from ..forms import perform
from . import bp
from .common import load_item, load_meeting

View = str | Response | tuple[str, int]


class TablePaperForm(UploadForm):
    """An Anlage upload whose public flag starts unticked: Tischvorlagen are non-public unless marked."""

    public = BooleanField("öffentlich (im Bürgerinformationssystem beim öffentlichen Tagesordnungspunkt sichtbar)")


def _store_dir() -> str:
    return str(current_app.config["FILE_STORE_DIR"])


def _file_of(item: AgendaItem, file_id: int) -> File:
    record = load_or_404(File, file_id)
    if record not in item.files:
        abort(404)
    return record


@bp.route("/<int:meeting_id>/tagesordnung/<int:item_id>/tischvorlagen", methods=["GET", "POST"])
@login_required
def agenda_item_files(meeting_id: int, item_id: int) -> View:
    """The Tischvorlagen of one item and the upload of a new one."""
    meeting, user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    item = load_item(meeting, item_id)
    max_mb = meeting.organization.body.max_upload_mb
    try:
        form = TablePaperForm()
        submitted = form.validate_on_submit()
    except RequestEntityTooLarge:
        form = TablePaperForm(formdata=None)
        form.file.errors = [f"Die Datei ist größer als die zulässigen {max_mb} MB."]
        return render_template("meetings/table_papers.html", meeting=meeting, item=item, form=form,
                               action_form=ActionForm(), max_mb=max_mb), 413
    if submitted:
        upload = form.file.data
        stored: list[File] = []

        def action() -> File:
            record = files.store_upload(
                db_session(), user, stream=upload.stream, file_name=upload.filename or "", store_dir=_store_dir(),
                max_mb=max_mb, title=form.title.data or "", public=bool(form.public.data),
            )
            stored.append(record)
            table_papers.attach(db_session(), user, item, record)
            return record

        try:
            ok = perform(action, lambda r: f"Die Tischvorlage „{r.name}“ zu {item.number} wurde hochgeladen.", form)
        except Exception:
            for record in stored:  # the commit failed after the blob was written
                files.delete_blob(_store_dir(), record.storage_key)
            raise
        if ok:
            return redirect(url_for("meetings.agenda_item_files", meeting_id=meeting.id, item_id=item.id))
        for record in stored:
            files.delete_blob(_store_dir(), record.storage_key)
    status = 422 if form.errors else 200
    return render_template("meetings/table_papers.html", meeting=meeting, item=item, form=form,
                           action_form=ActionForm(), max_mb=max_mb), status


@bp.route("/<int:meeting_id>/tagesordnung/<int:item_id>/tischvorlagen/<int:file_id>")
@login_required
def agenda_item_file(meeting_id: int, item_id: int, file_id: int) -> Response:
    """Download a Tischvorlage (internal: everyone who may read the meeting internally)."""
    meeting, _user = load_meeting(meeting_id, Permission.MEETING_READ_INTERNAL)
    record = _file_of(load_item(meeting, item_id), file_id)
    path = files.blob_path(_store_dir(), record.storage_key)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=record.media_type, as_attachment=True, download_name=record.file_name,
                         max_age=0, etag=record.sha256)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/<int:meeting_id>/tagesordnung/<int:item_id>/tischvorlagen/<int:file_id>/<any(entfernen, oeffentlich):action>",
          methods=["POST"])
@login_required
def agenda_item_file_action(meeting_id: int, item_id: int, file_id: int, action: str) -> Response:
    """Remove a Tischvorlage or switch it between öffentlich and nichtöffentlich."""
    meeting, user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    item = load_item(meeting, item_id)
    record = _file_of(item, file_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    back = redirect(url_for("meetings.agenda_item_files", meeting_id=meeting.id, item_id=item.id))
    name = record.name
    try:
        if action == "entfernen":
            key = table_papers.remove(db_session(), user, item, record)
            db_session().commit()
            files.delete_blob(_store_dir(), key)
            flash(f"Die Tischvorlage „{name}“ wurde entfernt.", "success")
        else:
            public = not record.public
            table_papers.set_public(db_session(), user, item, record, public)
            db_session().commit()
            flash(f"Die Tischvorlage „{name}“ ist jetzt {'öffentlich' if public else 'nichtöffentlich'}.", "success")
    except DomainError as error:
        db_session().rollback()
        flash(str(error), "error")
    return back
