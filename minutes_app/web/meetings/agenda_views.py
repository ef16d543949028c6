"""The agenda builder: free, standard and Vorlagen items, reordering, indenting, Ö/N moves.

Every change is a plain form POST (no JavaScript needed) followed by a redirect
back to the builder at the changed item. Moves that would publish a
non-public Vorlage's item ask for a confirmation first.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from ...extensions import db_session
from ...models import AgendaItem, AgendaItemKind, Consultation, Meeting
from ...services import agenda
from ...services.agenda import ConfirmationRequired
from ...services.agenda_outline import agenda_parts
from ...services.errors import InvalidTransition, ValidationFailed
from ...services.permissions import Permission
from .. import params
from ..guards import load_or_404
from . import bp
from .common import load_item, load_meeting, show_errors, status_of
from .forms import ConfirmForm, ItemEditForm, ItemForm, PlacePaperForm, StandardItemsForm, options

View = str | Response | tuple[str, int]
PUBLIC_PART = "oeffentlich"
#: Button value → service call of the simple item actions.
ACTIONS = {
    "hoch": lambda user, item: agenda.move_item(db_session(), user, item, "up"),
    "runter": lambda user, item: agenda.move_item(db_session(), user, item, "down"),
    "einruecken": lambda user, item: agenda.indent_item(db_session(), user, item),
    "ausruecken": lambda user, item: agenda.outdent_item(db_session(), user, item),
}


def _builder_url(meeting: Meeting, item: AgendaItem | None = None) -> str:
    anchor = f"#top-{item.id}" if item is not None else ""
    return url_for("meetings.agenda_builder", meeting_id=meeting.id) + anchor


def _standard_form(meeting: Meeting, form: StandardItemsForm | None = None) -> StandardItemsForm:
    form = form or StandardItemsForm(prefix="standard")
    form.keys.choices = options(
        (s.key, f"{'Ö' if s.public else 'N'}: {s.name}") for s in agenda.standard_items_offered(meeting)
    )
    return form


def _place_form(consultation: Consultation, formdata: bool = False) -> PlacePaperForm:
    form = PlacePaperForm(prefix=f"vorlage{consultation.id}", formdata=request.form if formdata else None)
    if not formdata:
        form.part.data = PUBLIC_PART if consultation.paper.public else "nichtoeffentlich"
    return form


def _render(
    meeting: Meeting,
    status: int = 200,
    *,
    item_form: ItemForm | None = None,
    standard_form: StandardItemsForm | None = None,
    place_form: tuple[int, PlacePaperForm] | None = None,
) -> tuple[str, int]:
    """The builder page; a form given by the caller (with errors and input) replaces the empty one."""
    pending = agenda.pending_consultations(db_session(), meeting)
    place_forms = {c.id: _place_form(c) for c in pending}
    if place_form is not None and place_form[0] in place_forms:
        place_forms[place_form[0]] = place_form[1]
    elif place_form is not None:
        # The Vorlage is not in the list (any more): its row cannot show the message, the page can.
        for message in (m for messages in place_form[1].errors.values() for m in messages):
            flash(message, "error")
    return render_template(
        "meetings/agenda.html",
        meeting=meeting,
        parts=agenda_parts(meeting),
        pending=pending,
        place_forms=place_forms,
        item_form=item_form or ItemForm(prefix="punkt"),
        standard_form=_standard_form(meeting, standard_form),
    ), status


@bp.route("/<int:meeting_id>/tagesordnung")
@login_required
def agenda_builder(meeting_id: int) -> tuple[str, int]:
    """The builder page with both parts, the offered standard items and the pending Vorlagen."""
    meeting, _user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    return _render(meeting)


def _refused(meeting: Meeting, error: InvalidTransition, item: AgendaItem | None = None) -> Response:
    db_session().rollback()
    flash(str(error), "error")
    return redirect(_builder_url(meeting, item))


def _done(meeting: Meeting, message: str, item: AgendaItem | None) -> Response:
    db_session().commit()
    flash(message, "success")
    return redirect(_builder_url(meeting, item))


@bp.route("/<int:meeting_id>/tagesordnung/punkte", methods=["POST"])
@login_required
def agenda_item_add(meeting_id: int) -> View:
    """Add a free item (without Vorlage) to the end of the chosen part."""
    meeting, user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    form = ItemForm(prefix="punkt")
    if form.validate_on_submit():
        try:
            item = agenda.add_item(
                db_session(),
                user,
                meeting,
                name=form.name.data or "",
                public=form.part.data == PUBLIC_PART,
                public_name=form.public_name.data or "",
                kind=AgendaItemKind(form.kind.data or AgendaItemKind.ITEM.value),
            )
        except ValidationFailed as failed:
            db_session().rollback()
            show_errors(form, failed)
        except InvalidTransition as error:
            return _refused(meeting, error)
        else:
            return _done(meeting, f"{item.number} wurde aufgenommen.", item)
    return _render(meeting, status_of(form), item_form=form)


@bp.route("/<int:meeting_id>/tagesordnung/standardpunkte", methods=["POST"])
@login_required
def agenda_standard_add(meeting_id: int) -> View:
    """Add the ticked standard items."""
    meeting, user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    form = _standard_form(meeting, StandardItemsForm(prefix="standard"))
    if form.validate_on_submit():
        try:
            items = agenda.add_standard_items(db_session(), user, meeting, list(form.keys.data or []))
        except ValidationFailed as failed:
            db_session().rollback()
            show_errors(form, failed)
        except InvalidTransition as error:
            return _refused(meeting, error)
        else:
            return _done(meeting, f"{len(items)} Standardpunkt(e) wurden aufgenommen.", items[0])
    return _render(meeting, status_of(form), standard_form=form)


def _confirmation(meeting: Meeting, question: str, action: str, fields: dict[str, str], back: str) -> tuple[str, int]:
    form = ConfirmForm()
    return render_template(
        "meetings/confirm.html",
        meeting=meeting,
        question=question,
        action=action,
        fields=fields,
        form=form,
        back=back,
    ), 200


@bp.route("/<int:meeting_id>/tagesordnung/vorlagen/<int:consultation_id>", methods=["POST"])
@login_required
def agenda_paper_place(meeting_id: int, consultation_id: int) -> View:
    """Put a pending Vorlage on the agenda; a non-public one in the public part needs a confirmation."""
    meeting, user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    consultation = load_or_404(Consultation, consultation_id)
    form = _place_form(consultation, formdata=True)
    if form.validate_on_submit():
        try:
            item = agenda.place_paper(
                db_session(),
                user,
                meeting,
                consultation,
                public=form.part.data == PUBLIC_PART,
                public_name=form.public_name.data or "",
                confirm_public=request.form.get("confirm") == "ja",
            )
        except ConfirmationRequired as question:
            db_session().rollback()
            fields = {form.part.name: form.part.data or "", form.public_name.name: form.public_name.data or ""}
            return _confirmation(
                meeting,
                str(question),
                url_for("meetings.agenda_paper_place", meeting_id=meeting.id, consultation_id=consultation.id),
                fields,
                _builder_url(meeting),
            )
        except ValidationFailed as failed:
            db_session().rollback()
            for key, message in failed.errors.items():
                target = form.public_name if key == "public_name" else form.part
                target.errors = [*target.errors, message]
        except InvalidTransition as error:
            return _refused(meeting, error)
        else:
            return _done(meeting, f"Vorlage {consultation.paper.reference} wurde als {item.number} aufgenommen.", item)
    return _render(meeting, status_of(form), place_form=(consultation.id, form))


@bp.route(
    "/<int:meeting_id>/tagesordnung/<int:item_id>/<any(hoch, runter, einruecken, ausruecken):action>", methods=["POST"]
)
@login_required
def agenda_item_action(meeting_id: int, item_id: int, action: str) -> Response:
    """Move an item up or down, or indent/outdent it as a sub-item."""
    meeting, user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    item = load_item(meeting, item_id)
    try:
        ACTIONS[action](user, item)
    except InvalidTransition as error:
        return _refused(meeting, error, item)
    return _done(meeting, f"„{_short(item.name)}“ ist jetzt {item.number}.", item)


@bp.route("/<int:meeting_id>/tagesordnung/<int:item_id>/position", methods=["POST"])
@login_required
def agenda_item_position(meeting_id: int, item_id: int) -> Response:
    """Put an item at a given place among its siblings (what drag and drop in the builder sends)."""
    meeting, user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    item = load_item(meeting, item_id)
    raw = (request.form.get("position") or "").strip()
    try:
        if not raw.isdigit():
            raise ValidationFailed({"position": "Bitte geben Sie die neue Position als Zahl an."})
        agenda.move_item_to(db_session(), user, item, int(raw))
    except ValidationFailed as failed:
        db_session().rollback()
        return _refused(meeting, InvalidTransition(next(iter(failed.errors.values()))), item)
    except InvalidTransition as error:
        return _refused(meeting, error, item)
    return _done(meeting, f"„{_short(item.name)}“ ist jetzt {item.number}.", item)


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


@bp.route("/<int:meeting_id>/tagesordnung/<int:item_id>/teil", methods=["POST"])
@login_required
def agenda_item_part(meeting_id: int, item_id: int) -> View:
    """Move an item (with its sub-items) into the other part, asking first if that publishes a non-public Vorlage."""
    meeting, user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    item = load_item(meeting, item_id)
    target_public = request.form.get("teil") == PUBLIC_PART
    try:
        agenda.move_to_part(db_session(), user, item, target_public, confirm_public=request.form.get("confirm") == "ja")
    except ConfirmationRequired as question:
        db_session().rollback()
        return _confirmation(
            meeting,
            str(question),
            url_for("meetings.agenda_item_part", meeting_id=meeting.id, item_id=item.id),
            {"teil": PUBLIC_PART},
            _builder_url(meeting, item),
        )
    except InvalidTransition as error:
        return _refused(meeting, error, item)
    part = "öffentlichen" if target_public else "nichtöffentlichen"
    return _done(meeting, f"„{_short(item.name)}“ steht jetzt als {item.number} im {part} Teil.", item)


@bp.route("/<int:meeting_id>/tagesordnung/<int:item_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def agenda_item_edit(meeting_id: int, item_id: int) -> View:
    """Change an item's title and a non-public item's neutral public title."""
    meeting, user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    item = load_item(meeting, item_id)
    form = ItemEditForm(obj=item)
    if form.validate_on_submit():
        # An unreadable or missing counter counts as stale (-1 never matches).
        expected = params.parse_int(form.title_version.data)
        try:
            agenda.update_item(
                db_session(), user, item, name=form.name.data or "", public_name=form.public_name.data or "",
                kind=AgendaItemKind(form.kind.data) if form.kind.data else None,
                expected_version=-1 if expected is None else expected,
            )
        except ValidationFailed as failed:
            db_session().rollback()
            show_errors(form, failed)
            if failed.errors.get("name") == agenda.TITLE_CONFLICT:
                # The typed title stays; the next save is based on the title now stored (shown as hint).
                form.title_version.data = str(item.title_version)
                form.name.description = f"Aktuell gespeichert: „{item.name}“"
                return render_template("meetings/item_form.html", form=form, meeting=meeting, item=item), 409
        except InvalidTransition as error:
            return _refused(meeting, error, item)
        else:
            return _done(meeting, f"{item.number} wurde gespeichert.", item)
    return render_template("meetings/item_form.html", form=form, meeting=meeting, item=item), status_of(form)


@bp.route("/<int:meeting_id>/tagesordnung/<int:item_id>/entfernen", methods=["GET", "POST"])
@login_required
def agenda_item_remove(meeting_id: int, item_id: int) -> View:
    """Ask, then remove an item; its Vorlage becomes pending again."""
    meeting, user = load_meeting(meeting_id, Permission.MEETING_MANAGE)
    item = load_item(meeting, item_id)
    if request.method == "GET":
        return render_template("meetings/remove.html", meeting=meeting, item=item, form=ConfirmForm())
    number = item.number
    try:
        agenda.remove_item(db_session(), user, item)
    except InvalidTransition as error:
        return _refused(meeting, error, item)
    return _done(meeting, f"{number} wurde von der Tagesordnung genommen.", None)
