"""Citizens' alerts in the portal: subscribe, confirm by link, unsubscribe by link (no account)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import EmailField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from ...extensions import db_session
from ...mail import alerts
from ...models import AlertTopic, Body, Organization, OrganizationType, utc_now
from ...services.errors import NotFound, ValidationFailed
from .. import params
from ..body_context import portal_body
from ..forms import show_errors, status_of
from ..meetings.forms import options
from . import alerts_bp as bp
from .common import mail_settings


class SubscribeForm(FlaskForm):
    """What a citizen wants to follow, and where to send it."""

    email = EmailField("Ihre E-Mail-Adresse", description="Wird nur für diese Benachrichtigung verwendet.")
    topic = RadioField("Benachrichtigen bei", choices=options(AlertTopic.choices()), validate_choice=False)
    organization_id = SelectField("Gremium", choices=[], validate_choice=False)
    query = StringField("Suchbegriffe", description="Für die gespeicherte Suche, z. B. Radweg Schule.")


def _committees() -> list[SelectChoice]:
    """The committees of this portal's body only: nothing of another body reaches its portal."""
    body = portal_body()
    stmt = (
        select(Organization)
        .where(
            Organization.organization_type == OrganizationType.COMMITTEE,
            Organization.body_id == (body.id if body is not None else -1),
        )
        .order_by(Organization.name)
    )
    return options([("", "– bitte wählen –"), *((o.id, o.name) for o in db_session().scalars(stmt))])


@bp.route("/", methods=["GET", "POST"])
def subscribe() -> str | Response | tuple[str, int]:
    """The subscription form; on success a confirmation mail goes out (double opt-in)."""
    form = SubscribeForm()
    form.organization_id.choices = _committees()
    if request.method == "GET":
        form.topic.data = form.topic.data or request.args.get("thema") or AlertTopic.COMMITTEE.value
        form.organization_id.data = request.args.get("gremium", "")
        form.query.data = request.args.get("q", "")
    if form.validate_on_submit():
        data = alerts.SubscriptionData(
            email=form.email.data or "",
            topic=form.topic.data or "",
            organization_id=params.parse_id(form.organization_id.data),
            query=form.query.data or "",
        )
        try:
            alerts.subscribe(db_session(), mail_settings(), data, portal_body())
        except ValidationFailed as failed:
            db_session().rollback()
            show_errors(form, failed)
        else:
            db_session().commit()
            return redirect(url_for("alerts.requested"))
    return render_template("mail/subscribe.html", form=form), status_of(form)


@bp.route("/angefordert")
def requested() -> str:
    """Tells the citizen to open the confirmation link (same text whether the address was known or not)."""
    return render_template(
        "mail/alert_message.html",
        title="Bitte bestätigen Sie Ihre Anmeldung",
        text="Wir haben Ihnen eine E-Mail mit einem Bestätigungslink geschickt. Erst nach der "
        "Bestätigung erhalten Sie Benachrichtigungen.",
    )


class ButtonForm(FlaskForm):
    """Only the CSRF token: the button confirms."""


@bp.route("/bestaetigen/<token>", methods=["GET", "POST"])
def confirm(token: str) -> tuple[str, int] | str:
    """The link from the confirmation mail shows a button; pressing it activates the subscription.

    A GET never changes anything, so a mail scanner that opens links cannot confirm on the citizen's behalf.
    """
    session = db_session()
    form = ButtonForm()
    if not form.validate_on_submit():
        try:
            alerts.check_confirm_token(session, mail_settings(), token)
        except NotFound as error:
            return render_template("mail/alert_message.html", title="Link ungültig", text=str(error)), 404
        return render_template("mail/confirm.html", form=form)
    try:
        subscription = alerts.confirm(session, mail_settings(), token, utc_now())
    except NotFound as error:
        return render_template("mail/alert_message.html", title="Link ungültig", text=str(error)), 404
    description = subscription.description
    session.commit()
    return render_template(
        "mail/alert_message.html",
        title="Abonnement bestätigt",
        text=f"Sie erhalten ab jetzt E-Mails zu: {description}. Jede E-Mail enthält einen Link zum Abbestellen.",
    )


@bp.route("/abbestellen/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> str | Response | tuple[str, int]:
    """A GET shows the question (mail scanners open links); the button deletes subscription and address."""
    session = db_session()
    form = ButtonForm()
    try:
        subscription = alerts.find_for_unsubscribe(session, mail_settings(), token)
    except NotFound as error:
        return render_template("mail/alert_message.html", title="Link ungültig", text=str(error)), 404
    if form.validate_on_submit():
        description = alerts.unsubscribe(session, mail_settings(), token)
        session.commit()
        flash(f"Abbestellt: {description}. Ihre E-Mail-Adresse ist gelöscht.", "success")
        return redirect(url_for("portal.index"))
    return render_template("mail/unsubscribe.html", form=form, subscription=subscription)
