"""Sichtvermerke (/intern/zeichnung): the signer's inbox, signing and returning Vorlagen."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import login_required
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from ...extensions import db_session
from ...models import Paper, PaperState
from ...services import paper_versions, sign_offs
from ...services.permissions import Permission, can
from ..guards import actor, load_or_404, require
from ..papers.common import perform
from ..papers.forms import ReturnForm, SignForm

bp = Blueprint("sign_off", __name__, url_prefix="/intern/zeichnung")

View = str | Response | tuple[str, int]


@bp.app_context_processor
def waiting_count() -> dict[str, object]:
    """``sign_off_waiting_count()`` for the navigation; computed only where a template asks for it."""

    def count() -> int:
        try:
            return sign_offs.waiting_count(db_session(), actor())
        except SQLAlchemyError:  # the navigation must never break a page, not even an error page
            current_app.logger.exception("Zählen der wartenden Sichtvermerke fehlgeschlagen")
            return 0

    return {"sign_off_waiting_count": count}


@bp.route("/")
@login_required
def inbox() -> str:
    """Vorlagen waiting for the user's Sichtvermerk, and the user's recent decisions."""
    user = require(Permission.PAPER_SIGN)
    session = db_session()
    waiting = [(paper, sign_offs.due_sign_off(paper)) for paper in sign_offs.waiting_papers(session, user)]
    return render_template(
        "sign_off/inbox.html",
        waiting_items=[(paper, due, sign_offs.capacity_of(user, due)) for paper, due in waiting],
        recent=sign_offs.signed_recently(session, user),
    )


def _sign_page(paper: Paper, sign_form: SignForm, return_form: ReturnForm) -> str:
    snapshot = paper_versions.snapshot_of(db_session(), paper)
    due = sign_offs.due_sign_off(paper)
    return render_template(
        "sign_off/sign.html",
        paper=paper,
        due=due,
        capacity=sign_offs.capacity_of(actor(), due),
        snapshot=snapshot,
        sign_form=sign_form,
        return_form=return_form,
        sign_offs=paper_versions.sign_offs_of_version(paper, paper.version),
    )


def _forms(paper: Paper) -> tuple[SignForm, ReturnForm]:
    sign_form = SignForm(prefix="zeichnen")
    return_form = ReturnForm(prefix="rueckgabe")
    snapshot = paper_versions.snapshot_of(db_session(), paper)
    if snapshot is not None:
        sign_form.content_hash.data = sign_form.content_hash.data or snapshot.content_hash
        return_form.content_hash.data = return_form.content_hash.data or snapshot.content_hash
    return sign_form, return_form


def _due_paper(paper_id: int) -> Paper | None:
    """The Vorlage if the user may sign it now; otherwise a message and None."""
    paper = load_or_404(Paper, paper_id)
    require(Permission.PAPER_READ, paper)
    if can(actor(), Permission.PAPER_SIGN, paper):
        return paper
    if paper.state is not PaperState.IN_SIGN_OFF:
        flash(f"Vorlage {paper.reference} ist nicht (mehr) in der Mitzeichnung.", "error")
    else:
        due = sign_offs.due_sign_off(paper)
        flash(f"Vorlage {paper.reference} wartet auf den Sichtvermerk „{due.position_title if due else '–'}“; "
              "Sie sind jetzt nicht an der Reihe.", "error")
    return None


@bp.route("/<int:paper_id>")
@login_required
def sign_page(paper_id: int) -> View:
    """The Vorlage's frozen version with the forms to sign or return it."""
    require(Permission.PAPER_SIGN)
    paper = _due_paper(paper_id)
    if paper is None:
        return redirect(url_for("papers.detail", paper_id=paper_id))
    sign_form, return_form = _forms(paper)
    return _sign_page(paper, sign_form, return_form)


@bp.route("/<int:paper_id>/zeichnen", methods=["POST"])
@login_required
def sign(paper_id: int) -> View:
    """Sign the due Sichtvermerk for the version that was shown."""
    user = require(Permission.PAPER_SIGN)
    paper = load_or_404(Paper, paper_id)
    require(Permission.PAPER_READ, paper)
    sign_form, return_form = _forms(paper)
    if sign_form.validate_on_submit() and perform(
        lambda: sign_offs.sign(
            db_session(), user, paper, expected_hash=sign_form.content_hash.data or None,
            comment=sign_form.comment.data or "",
        ),
        lambda _s: (
            f"Vorlage {paper.reference} ist gezeichnet und damit freigegeben."
            if paper.state is PaperState.RELEASED
            else f"Ihr Sichtvermerk für Vorlage {paper.reference} ist erteilt."
        ),
        sign_form,
    ):
        return redirect(url_for("sign_off.inbox"))
    if sign_form.errors:
        return _sign_page(paper, sign_form, return_form), 422
    return redirect(url_for("papers.detail", paper_id=paper.id))


@bp.route("/<int:paper_id>/zurueckgeben", methods=["POST"])
@login_required
def return_paper(paper_id: int) -> View:
    """Return the Vorlage to its author; the comment is required."""
    user = require(Permission.PAPER_SIGN)
    paper = load_or_404(Paper, paper_id)
    require(Permission.PAPER_READ, paper)
    sign_form, return_form = _forms(paper)
    if return_form.validate_on_submit() and perform(
        lambda: sign_offs.return_paper(
            db_session(), user, paper, comment=return_form.comment.data or "",
            expected_hash=return_form.content_hash.data or None,
        ),
        f"Vorlage {paper.reference} wurde an den Fachbereich zurückgegeben.",
        return_form,
    ):
        return redirect(url_for("sign_off.inbox"))
    if return_form.errors:
        return _sign_page(paper, sign_form, return_form), 422
    return redirect(url_for("papers.detail", paper_id=paper.id))
