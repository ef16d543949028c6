"""The vote of one item in detail: the table per Fraktion and separate votes on parts (Teilabstimmungen)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from ...extensions import db_session
from ...models import AgendaItem, AgendaItemResult
from ...secretariat import vote_details
from ...services import votes
from ...services.errors import DomainError, ValidationFailed
from ...services.permissions import Permission
from ..guards import require
from . import bp
from .common import load_item, load_meeting, load_minutes, unless_draft
from .forms import RESULT_CHOICES

View = str | Response | tuple[str, int]
COLUMNS = ("yes", "no", "abstain")
#: Rows offered for Teilabstimmungen beyond those already recorded.
EMPTY_PARTS = 2
NOT_A_NUMBER = "Bitte geben Sie Stimmenzahlen als ganze Zahlen ein (z. B. 3)."


def _number(raw: str, errors: dict[str, str], key: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit():
        errors[key] = NOT_A_NUMBER
        return None
    return int(raw)


def _stored_form(item: AgendaItem) -> dict[str, str]:
    """The stored table and parts as form values, so GET and a failed POST render alike."""
    values: dict[str, str] = {}
    for row in item.faction_votes:
        for column in COLUMNS:
            values[f"faction-{row.organization_id}-{column}"] = str(getattr(row, column))
    for index, part in enumerate(item.vote_parts, 1):
        prefix = f"part-{index}-"
        values.update({
            prefix + "label": part.label, prefix + "result": part.result.value, prefix + "wording": part.result_wording,
            prefix + "yes": "" if part.votes_yes is None else str(part.votes_yes),
            prefix + "no": "" if part.votes_no is None else str(part.votes_no),
            prefix + "abstain": "" if part.votes_abstain is None else str(part.votes_abstain),
            prefix + "unanimous": "y" if part.unanimous else "", prefix + "majority": "y" if part.majority else "",
        })
    return values


def _parse(factions: list[int], part_count: int) -> tuple[dict[int, tuple[int, int, int]],
                                                           list[vote_details.PartInput], dict[str, str]]:
    errors: dict[str, str] = {}
    table = {}
    for org_id in factions:
        counts = [_number(request.form.get(f"faction-{org_id}-{c}", ""), errors, "factions") for c in COLUMNS]
        table[org_id] = (counts[0] or 0, counts[1] or 0, counts[2] or 0)
    parts = []
    results = {choice.value for choice in RESULT_CHOICES if choice.value}
    for index in range(1, part_count + 1):
        prefix = f"part-{index}-"
        raw_result = request.form.get(prefix + "result", "")
        if raw_result and raw_result not in results:
            errors[f"part-{index}"] = f"Teilabstimmung {index}: Bitte wählen Sie ein Ergebnis aus der Liste."
        counts = [_number(request.form.get(prefix + c, ""), errors, f"part-{index}") for c in COLUMNS]
        vote = votes.Vote(counts[0], counts[1], counts[2], bool(request.form.get(prefix + "unanimous")),
                          majority=bool(request.form.get(prefix + "majority")))
        parts.append(vote_details.PartInput(
            request.form.get(prefix + "label", ""),
            AgendaItemResult(raw_result) if raw_result in results else None,
            vote, request.form.get(prefix + "wording", ""),
        ))
    return table, parts, errors


@bp.route("/<int:meeting_id>/top/<int:item_id>/abstimmung", methods=["GET", "POST"])
@login_required
def vote_details_edit(meeting_id: int, item_id: int) -> View:
    """Record how each Fraktion voted and separate votes on parts of the item."""
    meeting = load_meeting(meeting_id)
    user = require(Permission.MINUTES_WRITE, meeting)
    record = load_minutes(meeting)
    item = load_item(meeting, item_id)
    if (leave := unless_draft(record)) is not None:
        return leave
    session = db_session()
    factions = vote_details.faction_choices(session)
    part_count = len(item.vote_parts) + EMPTY_PARTS
    if request.method == "POST":
        part_count = max(part_count, int(request.form.get("part_count", "0") or 0) if
                         (request.form.get("part_count", "") or "0").isdigit() else 0)
    values = _stored_form(item) if request.method == "GET" else dict(request.form)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        table, parts, errors = _parse([f.id for f in factions], min(part_count, 20))
        if not errors:
            try:
                vote_details.save_vote_details(session, user, item, table, parts)
            except ValidationFailed as failed:
                session.rollback()
                errors = failed.errors
            except DomainError as error:
                session.rollback()
                flash(str(error), "error")
                status = 409
            else:
                session.commit()
                flash(f"Die Abstimmung zu {item.number} wurde gespeichert.", "success")
                return redirect(url_for("minutes.item_edit", meeting_id=meeting.id, item_id=item.id))
        status = 422 if errors else status
    return render_template(
        "minutes/vote_details.html", meeting=meeting, minutes=record, item=item, factions=factions,
        values=values, errors=errors, part_count=min(part_count, 20),
        result_choices=[(choice.value, choice.label) for choice in RESULT_CHOICES],
        derived=vote_details.derived_table(session, item),
    ), status
