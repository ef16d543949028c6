"""Administration of the Sichtvermerk chains: positions, holders and deputies, rules."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from .. import params
from ...extensions import db_session
from ...models import (
    Body,
    Organization,
    OrganizationType,
    PaperType,
    SignOffChain,
    SignOffChainRule,
    SignOffPosition,
    User,
)
from ...services import sign_off_chains
from ...services.permissions import Permission
from ..body_context import internal_body
from ..guards import require
from ..papers.common import perform
from ..papers.forms import GermanForm, options
from . import bp
from .common import load_in_body

View = str | Response | tuple[str, int]
ANY = ""


class ChainForm(GermanForm):
    name = StringField(
        "Name des Zeichnungswegs",
        validators=[DataRequired("Bitte geben Sie einen Namen an."), Length(max=200)],
        description="z. B. „Dezernat II – Beschlussvorlagen“",
    )


class PositionForm(GermanForm):
    title = StringField(
        "Bezeichnung der Position",
        validators=[DataRequired("Bitte geben Sie eine Bezeichnung an."), Length(max=200)],
        description="z. B. „Geschäftsbereichsleitung“, „Dezernat II“, „Landrat“",
    )


class HolderForm(GermanForm):
    user = SelectField("Person", coerce=params.coerce_id)
    is_deputy = BooleanField("als Vertretung (zeichnet „in Vertretung“)")


class RuleForm(GermanForm):
    department = SelectField("Fachbereich / Dezernat (Federführend)")
    paper_type = SelectField("Art der Vorlage")


def _body() -> Body | None:
    return internal_body()


def _holder_form(position: SignOffPosition, bound: bool = False) -> HolderForm:
    """The form to add a person to ``position`` (prefixed per position so ids stay unique)."""
    prefix = f"person{position.id}"
    form = HolderForm(prefix=prefix) if bound else HolderForm(prefix=prefix, formdata=None)
    signers = sign_off_chains.eligible_signers(db_session(), position.chain.body_id)
    form.user.choices = options([(0, "– bitte wählen –"), *((u.id, f"{u.display_name} ({u.login})") for u in signers)])
    return form


def _position_form(position: SignOffPosition, bound: bool = False) -> PositionForm:
    """The form to rename ``position``."""
    prefix = f"pos{position.id}"
    if bound:
        return PositionForm(prefix=prefix)
    return PositionForm(prefix=prefix, formdata=None, data={"title": position.title})


def _rule_form(bound: bool = False) -> RuleForm:
    form = RuleForm(prefix="regel") if bound else RuleForm(prefix="regel", formdata=None)
    departments = db_session().scalars(
        select(Organization)
        .where(Organization.organization_type == OrganizationType.DEPARTMENT)
        .where(Organization.body_id == (body.id if (body := _body()) is not None else -1))
        .order_by(Organization.name)
    )
    form.department.choices = options([(ANY, "alle Fachbereiche"), *((d.id, d.name) for d in departments)])
    form.paper_type.choices = options([(ANY, "alle Arten"), *PaperType.choices()])
    return form


def _chain_page(chain: SignOffChain, status: int = 200, **submitted: object) -> tuple[str, int]:
    """The chain page; ``submitted`` replaces a display form by the one the user sent (with errors)."""
    context: dict[str, object] = {
        "rename_form": ChainForm(prefix="kette", formdata=None, data={"name": chain.name}),
        "position_form": PositionForm(prefix="position", formdata=None),
        "rule_form": _rule_form(),
        "holder_forms": {p.id: _holder_form(p) for p in chain.positions},
        "position_forms": {p.id: _position_form(p) for p in chain.positions},
    }
    for key, form in submitted.items():
        if key in ("holder_forms", "position_forms"):
            context[key].update(form)  # type: ignore[attr-defined]
        else:
            context[key] = form
    return render_template(
        "admin/sign_off_chains_detail.html",
        chain=chain,
        rule_label=sign_off_chains.rule_label,
        action_form=FlaskForm(formdata=None),
        **context,
    ), status


def _detail(chain: SignOffChain) -> Response:
    return redirect(url_for("admin.sign_off_chain", chain_id=chain.id))


@bp.route("/zeichnungswege", methods=["GET", "POST"])
@login_required
def sign_off_chains_list() -> View:
    """All chains with their positions and rules; form to create one."""
    user = require(Permission.ADMIN_SIGN_OFF_CHAINS)
    body = _body()
    form = ChainForm()
    if body is not None and form.validate_on_submit():
        created: list[SignOffChain] = []
        if perform(
            lambda: created.append(
                sign_off_chains.create_chain(db_session(), user, body=body, name=form.name.data or "")
            ),
            "Der Zeichnungsweg wurde angelegt. Legen Sie nun die Positionen fest.",
            form,
        ):
            return _detail(created[0])
    chains = sign_off_chains.chains_of(db_session(), body) if body is not None else []
    return render_template(
        "admin/sign_off_chains.html", chains=chains, form=form, body=body, rule_label=sign_off_chains.rule_label
    ), 422 if form.errors else 200


@bp.route("/zeichnungswege/<int:chain_id>", methods=["GET", "POST"])
@login_required
def sign_off_chain(chain_id: int) -> View:
    """One chain: rename it (POST here), positions with holders, rules."""
    user = require(Permission.ADMIN_SIGN_OFF_CHAINS)
    chain = load_in_body(SignOffChain, chain_id)
    if request.method == "POST":
        form = ChainForm(prefix="kette")
        if form.validate_on_submit() and perform(
            lambda: sign_off_chains.rename_chain(db_session(), user, chain, form.name.data or ""),
            "Der Name wurde gespeichert.", form,
        ):
            return _detail(chain)
        return _chain_page(chain, 422, rename_form=form)
    return _chain_page(chain)


@bp.route("/zeichnungswege/<int:chain_id>/loeschen", methods=["POST"])
@login_required
def sign_off_chain_delete(chain_id: int) -> Response:
    """Delete a chain unless a running sign-off uses it."""
    user = require(Permission.ADMIN_SIGN_OFF_CHAINS)
    chain = load_in_body(SignOffChain, chain_id)
    name = chain.name
    if FlaskForm().validate_on_submit() and perform(
        lambda: sign_off_chains.delete_chain(db_session(), user, chain), f"Der Zeichnungsweg „{name}“ wurde gelöscht."
    ):
        return redirect(url_for("admin.sign_off_chains_list"))
    return _detail(chain)


@bp.route("/zeichnungswege/<int:chain_id>/positionen", methods=["POST"])
@login_required
def sign_off_position_add(chain_id: int) -> View:
    """Append a position to the chain."""
    user = require(Permission.ADMIN_SIGN_OFF_CHAINS)
    chain = load_in_body(SignOffChain, chain_id)
    form = PositionForm(prefix="position")
    if form.validate_on_submit() and perform(
        lambda: sign_off_chains.add_position(db_session(), user, chain, form.title.data or ""),
        "Die Position wurde ergänzt.", form,
    ):
        return _detail(chain)
    return _chain_page(chain, 422, position_form=form)


def _position(chain_id: int, position_id: int) -> tuple[SignOffChain, SignOffPosition]:
    chain = load_in_body(SignOffChain, chain_id)
    position = load_in_body(SignOffPosition, position_id)
    if position.chain_id != chain.id:
        abort(404)
    return chain, position


@bp.route("/zeichnungswege/<int:chain_id>/positionen/<int:position_id>/<action>", methods=["POST"])
@login_required
def sign_off_position_action(chain_id: int, position_id: int, action: str) -> View:
    """Move (hoch/runter), rename (umbenennen) or remove (entfernen) a position."""
    user = require(Permission.ADMIN_SIGN_OFF_CHAINS)
    chain, position = _position(chain_id, position_id)
    session = db_session()
    if action == "umbenennen":
        form = _position_form(position, bound=True)
        if form.validate_on_submit() and perform(
            lambda: sign_off_chains.rename_position(session, user, position, form.title.data or ""),
            "Die Position wurde umbenannt.", form,
        ):
            return _detail(chain)
        return _chain_page(chain, 422, position_forms={position.id: form})
    if not FlaskForm().validate_on_submit():
        abort(400)
    if action in ("hoch", "runter"):
        perform(
            lambda: sign_off_chains.move_position(session, user, position, -1 if action == "hoch" else 1),
            "Die Reihenfolge wurde geändert.",
        )
    elif action == "entfernen":
        title = position.title
        perform(
            lambda: sign_off_chains.remove_position(session, user, position), f"Die Position „{title}“ wurde entfernt."
        )
    else:
        abort(404)
    return _detail(chain)


@bp.route("/zeichnungswege/<int:chain_id>/positionen/<int:position_id>/personen", methods=["POST"])
@login_required
def sign_off_holder_add(chain_id: int, position_id: int) -> View:
    """Let a signer sign at the position, in their own right or as deputy."""
    user = require(Permission.ADMIN_SIGN_OFF_CHAINS)
    chain, position = _position(chain_id, position_id)
    form = _holder_form(position, bound=True)
    if form.validate_on_submit():
        holder_user = db_session().get(User, form.user.data) if form.user.data else None
        if perform(
            lambda: sign_off_chains.add_holder(
                db_session(), user, position, holder_user, is_deputy=form.is_deputy.data
            ),
            "Die Person wurde eingetragen.", form,
        ):
            return _detail(chain)
    return _chain_page(chain, 422, holder_forms={position.id: form})


@bp.route("/zeichnungswege/<int:chain_id>/positionen/<int:position_id>/personen/<int:user_id>/entfernen",
          methods=["POST"])
@login_required
def sign_off_holder_remove(chain_id: int, position_id: int, user_id: int) -> Response:
    """Take a person off the position."""
    user = require(Permission.ADMIN_SIGN_OFF_CHAINS)
    chain, position = _position(chain_id, position_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    perform(
        lambda: sign_off_chains.remove_holder(db_session(), user, position, user_id), "Die Person wurde ausgetragen."
    )
    return _detail(chain)


@bp.route("/zeichnungswege/<int:chain_id>/regeln", methods=["POST"])
@login_required
def sign_off_rule_add(chain_id: int) -> View:
    """Apply the chain to a department and paper type."""
    user = require(Permission.ADMIN_SIGN_OFF_CHAINS)
    chain = load_in_body(SignOffChain, chain_id)
    form = _rule_form(bound=True)
    if form.validate_on_submit():
        session = db_session()
        department_id = params.parse_id(form.department.data)
        department = session.get(Organization, department_id) if department_id else None
        paper_type = PaperType(form.paper_type.data) if form.paper_type.data else None
        if perform(
            lambda: sign_off_chains.add_rule(session, user, chain, department=department, paper_type=paper_type),
            "Die Regel wurde ergänzt.", form,
        ):
            return _detail(chain)
    return _chain_page(chain, 422, rule_form=form)


@bp.route("/zeichnungswege/<int:chain_id>/regeln/<int:rule_id>/entfernen", methods=["POST"])
@login_required
def sign_off_rule_remove(chain_id: int, rule_id: int) -> Response:
    """Delete a rule."""
    user = require(Permission.ADMIN_SIGN_OFF_CHAINS)
    chain = load_in_body(SignOffChain, chain_id)
    rule = load_in_body(SignOffChainRule, rule_id)
    if rule.chain_id != chain.id:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    perform(lambda: sign_off_chains.remove_rule(db_session(), user, rule), "Die Regel wurde entfernt.")
    return _detail(chain)
