"""Lifecycle actions of the department: start the sign-off, take it back, withdraw the Vorlage."""
from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from ...extensions import db_session
from ...models import Paper
from ...services import papers, sign_offs
from ...services.permissions import Permission
from ..guards import load_or_404, require
from . import bp
from .common import perform, status_of
from .forms import ActionForm, WithdrawForm


@bp.route("/<int:paper_id>/mitzeichnung", methods=["POST"])
@login_required
def submit(paper_id: int) -> Response:
    """Entwurf → In Mitzeichnung: freeze the content and notify the first position's inbox."""
    paper = load_or_404(Paper, paper_id)
    user = require(Permission.PAPER_SUBMIT, paper)
    if not ActionForm().validate_on_submit():
        abort(400)
    perform(
        lambda: sign_offs.start_sign_off(db_session(), user, paper),
        lambda created: (
            f"Vorlage {paper.reference} (Version {paper.version}) ist in der Mitzeichnung; "
            f"als Erstes zeichnet „{created[0].position_title}“."
        ),
    )
    return redirect(url_for("papers.detail", paper_id=paper.id))


@bp.route("/<int:paper_id>/mitzeichnung/zurueckholen", methods=["POST"])
@login_required
def recall(paper_id: int) -> Response:
    """In Mitzeichnung → Entwurf, by the department (e.g. to correct a mistake)."""
    paper = load_or_404(Paper, paper_id)
    user = require(Permission.PAPER_WITHDRAW, paper)
    if not ActionForm().validate_on_submit():
        abort(400)
    perform(
        lambda: sign_offs.recall(db_session(), user, paper),
        "Die Mitzeichnung wurde zurückgeholt; die Vorlage ist wieder ein Entwurf. "
        "Nach einer erneuten Vorlage zeichnen alle Positionen neu.",
    )
    return redirect(url_for("papers.detail", paper_id=paper.id))


@bp.route("/<int:paper_id>/zurueckziehen", methods=["GET", "POST"])
@login_required
def withdraw(paper_id: int) -> str | Response | tuple[str, int]:
    """Zurückziehen with a required reason."""
    paper = load_or_404(Paper, paper_id)
    user = require(Permission.PAPER_WITHDRAW, paper)
    form = WithdrawForm()
    if form.validate_on_submit() and perform(
        lambda: papers.withdraw_paper(db_session(), user, paper, form.reason.data or ""),
        f"Vorlage {paper.reference} wurde zurückgezogen.",
        form,
    ):
        return redirect(url_for("papers.detail", paper_id=paper.id))
    return render_template("papers/withdraw.html", form=form, paper=paper), status_of(form)
