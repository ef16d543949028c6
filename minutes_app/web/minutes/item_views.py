"""One agenda item in the minutes: texts, result and vote (with the stale-save conflict), revisions, approval."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from .. import params
from ...extensions import db_session
from ...models import AgendaItem, AgendaItemResult, AgendaItemRevision, Meeting, Minutes, VoteChoice, utc_now
from ...secretariat import vote_details
from ...services import minutes, minutes_lifecycle, votes
from ...services.errors import DomainError, ValidationFailed
from ...services.minutes_common import describe_meeting
from ...services.permissions import Permission, can
from ..guards import load_or_404, require
from . import bp
from .common import load_item, load_meeting, load_minutes, perform, show_errors, status_of, unless_draft
from .forms import ApprovalForm, ItemForm, options

View = str | Response | tuple[str, int]
#: Results as real minutes word them, offered while typing the wording.
WORDINGS = (
    "Mehrheitliche Zustimmung", "Einstimmige Zustimmung", "mehrheitlich beschlossen", "mehrheitlich abgelehnt",
    "Empfehlung an den Rat", "Empfehlung an den Kreistag", "Empfehlung an den Kreisausschuss",
    "mit Stellungnahme einverstanden", "einverstanden", "zur Kenntnis genommen",
)


def _fill(form: ItemForm, item: AgendaItem) -> None:
    form.version.data = str(item.version)
    form.minutes_text.data = item.minutes_text
    # An item placed after the minutes were started still gets the Beschlussvorschlag offered.
    proposal = item.consultation.paper.resolution_proposal if item.consultation else ""
    form.resolution_text.data = item.resolution_text or proposal
    form.result.data = item.result.value if item.result else ""
    form.votes_yes.data, form.votes_no.data, form.votes_abstain.data = item.votes_yes, item.votes_no, item.votes_abstain
    form.unanimous.data = item.unanimous
    form.majority.data = item.majority
    form.result_wording.data = item.result_wording


def _submitted_member_votes() -> tuple[dict[int, VoteChoice], dict[int, str]]:
    """Single votes from the ``vote-<person id>`` selects; also the raw values to show them again."""
    chosen: dict[int, VoteChoice] = {}
    raw: dict[int, str] = {}
    for key, value in request.form.items():
        person_id = params.parse_id(key[5:]) if key.startswith("vote-") else None
        if person_id is None:
            continue
        raw[person_id] = value
        if value in {c.value for c in VoteChoice}:
            chosen[person_id] = VoteChoice(value)
    return chosen, raw


def _approval_form(item: AgendaItem) -> ApprovalForm | None:
    if not minutes_lifecycle.is_approval_item(item):
        return None
    form = ApprovalForm(formdata=None)
    candidates = minutes_lifecycle.approvable_minutes(db_session(), item)
    form.minutes_id.choices = options(
        (m.id, f"Niederschrift {describe_meeting(m.meeting)} ({m.meeting.name})") for m in candidates
    )
    return form


def _render(
    meeting: Meeting, record: Minutes, item: AgendaItem, form: ItemForm, *, conflict: minutes.Conflict | None = None,
    member_votes: dict[int, str] | None = None, extra_errors: dict[str, str] | None = None,
    approval_form: ApprovalForm | None = None, status: int = 200,
) -> tuple[str, int]:
    session = db_session()
    items = meeting.agenda_items
    index = items.index(item)
    stored = {pid: v.value for pid, v in votes.member_votes_of(session, item).items()}
    return render_template(
        "minutes/item.html",
        meeting=meeting,
        minutes=record,
        item=item,
        form=form,
        paper=item.consultation.paper if item.consultation else None,
        quorum=minutes.quorum_for(session, item),
        voters=minutes.voters(session, item),
        member_votes=stored if member_votes is None else member_votes,
        vote_choices=list(VoteChoice),
        conflict=conflict,
        extra_errors=extra_errors or {},
        previous_item=items[index - 1] if index > 0 else None,
        next_item=items[index + 1] if index + 1 < len(items) else None,
        approval_form=approval_form if approval_form is not None else _approval_form(item),
        revision_count=len(minutes.revisions(session, item)),
        wordings=WORDINGS,
        details=vote_details.details_of(session, item),
    ), status


@bp.route("/<int:meeting_id>/top/<int:item_id>", methods=["GET", "POST"])
@login_required
def item_edit(meeting_id: int, item_id: int) -> View:
    """Write the Beratungsverlauf, the Beschluss, the result and the vote of one item."""
    meeting = load_meeting(meeting_id)
    user = require(Permission.MINUTES_WRITE, meeting)
    record = load_minutes(meeting)
    item = load_item(meeting, item_id)
    if (leave := unless_draft(record)) is not None:
        return leave
    form = ItemForm()
    if request.method == "GET":
        _fill(form, item)
        return _render(meeting, record, item, form)
    chosen, raw = _submitted_member_votes()
    base_version = params.parse_int(form.version.data)
    if not form.validate_on_submit() or base_version is None:
        if base_version is None:
            flash("Das Formular ist unvollständig; bitte laden Sie die Seite neu.", "error")
        return _render(meeting, record, item, form, member_votes=raw, status=422)
    data = minutes.ItemInput(
        base_version=base_version,
        minutes_text=form.minutes_text.data or "",
        resolution_text=form.resolution_text.data or "",
        result=AgendaItemResult(form.result.data) if form.result.data else None,
        vote=votes.Vote(
            form.votes_yes.data, form.votes_no.data, form.votes_abstain.data, bool(form.unanimous.data), chosen,
            bool(form.majority.data),
        ),
        result_wording=form.result_wording.data or "",
    )
    session = db_session()
    try:
        outcome = minutes.save_item(session, user, item, data)
    except ValidationFailed as failed:
        session.rollback()
        rest = show_errors(form, failed, flash_rest=False)
        return _render(meeting, record, item, form, member_votes=raw, extra_errors=rest, status=422)
    except DomainError as error:
        session.rollback()
        flash(str(error), "error")
        return _render(meeting, record, item, form, member_votes=raw, status=409)
    session.commit()  # also keeps the conflict copy of a refused save
    if outcome.conflict is not None:
        form.version.data = str(outcome.conflict.current_version)
        return _render(meeting, record, item, form, conflict=outcome.conflict, member_votes=raw, status=409)
    flash(f"{item.number} wurde gespeichert." if outcome.saved else f"{item.number}: keine Änderungen.", "success")
    following = meeting.agenda_items.index(item) + 1
    if request.form.get("weiter") and following < len(meeting.agenda_items):
        item = meeting.agenda_items[following]
    return redirect(url_for("minutes.item_edit", meeting_id=meeting.id, item_id=item.id))


@bp.route("/<int:meeting_id>/top/<int:item_id>/versionen")
@login_required
def item_revisions(meeting_id: int, item_id: int) -> str:
    """Every saved version of the item's texts, newest first, with conflict copies marked."""
    meeting = load_meeting(meeting_id)
    require(Permission.MINUTES_READ_INTERNAL, meeting)
    item = load_item(meeting, item_id)
    return render_template(
        "minutes/revisions.html", meeting=meeting, item=item, revisions=minutes.revisions(db_session(), item)
    )


@bp.route("/<int:meeting_id>/top/<int:item_id>/versionen/<int:revision_id>")
@login_required
def revision(meeting_id: int, item_id: int, revision_id: int) -> str:
    """One revision: its texts and what it changed against the saved version before it."""
    meeting = load_meeting(meeting_id)
    require(Permission.MINUTES_READ_INTERNAL, meeting)
    item = load_item(meeting, item_id)
    found = load_or_404(AgendaItemRevision, revision_id)
    if found.agenda_item_id != item.id:
        abort(404)
    changes = minutes.revision_changes(db_session(), found)
    return render_template("minutes/revision.html", meeting=meeting, item=item, revision=found, changes=changes)


@bp.route("/<int:meeting_id>/top/<int:item_id>/genehmigung", methods=["POST"])
@login_required
def approve(meeting_id: int, item_id: int) -> View:
    """Approve earlier minutes of the committee under this "Genehmigung der Niederschrift" item."""
    meeting = load_meeting(meeting_id)
    user = require(Permission.MINUTES_WRITE, meeting)
    record = load_minutes(meeting)
    item = load_item(meeting, item_id)
    form = _approval_form(item)
    if form is None:
        abort(404)
    form.process(request.form)
    if form.validate_on_submit():
        earlier = db_session().get(Minutes, form.minutes_id.data) if form.minutes_id.data else None
        if earlier is None or not can(user, Permission.MINUTES_WRITE, earlier.meeting):
            abort(404)
        done = perform(
            lambda: minutes_lifecycle.approve_minutes(
                db_session(), user, earlier, item, corrections=form.corrections.data or "",
                internal_corrections=form.internal_corrections.data or "", now=utc_now(),
            ),
            f"Die Genehmigung der Niederschrift wurde unter {item.number} eingetragen. "
            "Bitte ergänzen Sie noch das Abstimmungsergebnis.",
            form,
        )
        if done:
            return redirect(url_for("minutes.item_edit", meeting_id=meeting.id, item_id=item.id))
    item_form = ItemForm(formdata=None)
    _fill(item_form, item)
    return _render(meeting, record, item, item_form, approval_form=form, status=status_of(form, True))
