"""Citizens' alerts without an account: subscribe, confirm (double opt-in), receive, unsubscribe.

Only public content reaches an alert mail: meetings through
:func:`visibility.meeting_is_public` and the public Einladung view, Vorlagen
through :func:`visibility.public_paper_clause`. The address is used for
nothing else; unsubscribing deletes the subscription, its markers and the
alert mails to the address once no other subscription uses it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import String, cast, delete, func, select
from sqlalchemy.orm import Session

from ..models import (
    AlertSeen,
    AlertSubscription,
    AlertTopic,
    Body,
    MailKind,
    MailMessage,
    MailState,
    Meeting,
    Organization,
    OrganizationType,
    Paper,
)
from ..search import analysis
from ..services import visibility
from ..services.documents import InvitationView
from ..services.errors import NotFound, ValidationFailed
from . import MailSettings, addresses, outbox, texts

CONFIRM_SALT = "alert-confirm"
UNSUBSCRIBE_SALT = "alert-unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600
#: Sent alert mails are kept this long (for the administrator's Postausgang), then deleted with their address.
SENT_ALERT_RETENTION_DAYS = 30
MAX_QUERY = 200
#: Shorter query words must match a whole word (or stem), longer ones may begin a compound.
MIN_PREFIX = 4
INVALID_LINK = "Der Link ist ungültig oder abgelaufen. Bitte melden Sie das Abonnement erneut an."


def _serializer(settings: MailSettings, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt=salt)


def token(settings: MailSettings, subscription: AlertSubscription, salt: str) -> str:
    """A signed link token naming the subscription and its current nonce."""
    return _serializer(settings, salt).dumps([subscription.id, subscription.nonce])


def _load(session: Session, settings: MailSettings, value: str, salt: str, max_age: int | None) -> AlertSubscription:
    try:
        subscription_id, nonce = _serializer(settings, salt).loads(value, max_age=max_age)
    except (BadSignature, SignatureExpired, ValueError, TypeError) as error:
        raise NotFound(INVALID_LINK) from error
    subscription = session.get(AlertSubscription, subscription_id) if isinstance(subscription_id, int) else None
    if subscription is None or not secrets.compare_digest(str(nonce), subscription.nonce):
        raise NotFound(INVALID_LINK)
    return subscription


@dataclass(kw_only=True)
class SubscriptionData:
    """What a citizen enters."""

    email: str = ""
    topic: str = ""
    organization_id: int | None = None
    query: str = ""


def _validated(
    session: Session, data: SubscriptionData, body: Body | None
) -> tuple[str, AlertTopic, Organization | None, str]:
    errors: dict[str, str] = {}
    email = ""
    try:
        email = addresses.normalize(data.email, "email")
    except ValidationFailed as failed:
        errors.update(failed.errors)
    topic = next((t for t in AlertTopic if t.value == data.topic), None)
    organization = None
    query = " ".join(data.query.split())
    if topic is None:
        errors["topic"] = "Bitte wählen Sie, worüber Sie benachrichtigt werden möchten."
    elif topic is AlertTopic.COMMITTEE:
        organization = session.get(Organization, data.organization_id) if data.organization_id else None
        if (organization is None or organization.organization_type is not OrganizationType.COMMITTEE
                or (body is not None and organization.body_id != body.id)):
            errors["organization_id"] = "Bitte wählen Sie ein Gremium aus."
    elif topic is AlertTopic.SEARCH:
        if not _query_terms(query):
            errors["query"] = "Bitte geben Sie mindestens einen Suchbegriff an."
        elif len(query) > MAX_QUERY:
            errors["query"] = f"Die Suche darf höchstens {MAX_QUERY} Zeichen lang sein."
    if errors or topic is None:
        raise ValidationFailed(errors)
    return email, topic, organization, query if topic is AlertTopic.SEARCH else ""


def subscribe(session: Session, settings: MailSettings, data: SubscriptionData, body: Body | None) -> AlertSubscription:
    """Record an unconfirmed subscription and queue the confirmation mail (double opt-in).

    Subscribing twice to the same thing renews the link instead of adding a row.
    """
    email, topic, organization, query = _validated(session, data, body)
    subscription = session.scalar(
        select(AlertSubscription).where(
            func.lower(AlertSubscription.email) == email.lower(),
            AlertSubscription.topic == topic,
            AlertSubscription.organization_id == organization.id
            if organization is not None
            else AlertSubscription.organization_id.is_(None),
            AlertSubscription.query == query,
        )
    )
    if subscription is None:
        subscription = AlertSubscription(email=email, topic=topic, organization=organization, query=query, nonce="")
        session.add(subscription)
    if subscription.confirmed_at is None:
        subscription.nonce = secrets.token_urlsafe(24)
    session.flush()
    confirm_url = settings.url(f"/benachrichtigungen/bestaetigen/{token(settings, subscription, CONFIRM_SALT)}")
    lines = [
        "Guten Tag,",
        "",
        f"für diese E-Mail-Adresse wurde eine Benachrichtigung bestellt: {subscription.description}.",
        "",
        "Bitte bestätigen Sie das Abonnement innerhalb von 7 Tagen mit diesem Link:",
        confirm_url,
        "",
        "Wenn Sie das nicht waren, müssen Sie nichts tun: Ohne Bestätigung erhalten Sie keine weiteren E-Mails.",
        "Ihre Adresse wird nur für diese Benachrichtigung verwendet und beim Abbestellen gelöscht.",
        *_footer(settings, subscription),
    ]
    outbox.enqueue(
        session,
        settings,
        body=body,
        kind=MailKind.ALERT_CONFIRM,
        to=email,
        subject="Bitte bestätigen Sie Ihr Abonnement",
        text="\n".join(lines),
    )
    return subscription


def _footer(settings: MailSettings, subscription: AlertSubscription) -> list[str]:
    unsubscribe = settings.url(f"/benachrichtigungen/abbestellen/{token(settings, subscription, UNSUBSCRIBE_SALT)}")
    return ["", "-- ", f"Abbestellen (Adresse wird sofort gelöscht): {unsubscribe}"]


def confirm(session: Session, settings: MailSettings, value: str, now: datetime) -> AlertSubscription:
    """Confirm by the signed link; Vorlagen already public then are not reported afterwards."""
    subscription = _load(session, settings, value, CONFIRM_SALT, CONFIRM_MAX_AGE)
    if subscription.confirmed_at is None:
        subscription.confirmed_at = now
        if subscription.topic is not AlertTopic.COMMITTEE:
            for paper in _new_public_papers(session, subscription):
                session.add(AlertSeen(subscription_id=subscription.id, object_key=f"paper:{paper.id}"))
        session.flush()
    return subscription


def check_confirm_token(session: Session, settings: MailSettings, value: str) -> AlertSubscription:
    """The subscription a confirmation link names, or :class:`NotFound` when it is invalid or expired."""
    return _load(session, settings, value, CONFIRM_SALT, CONFIRM_MAX_AGE)


def find_for_unsubscribe(session: Session, settings: MailSettings, value: str) -> AlertSubscription:
    """The subscription a link names (for the confirmation question), or :class:`NotFound`."""
    return _load(session, settings, value, UNSUBSCRIBE_SALT, None)


def unsubscribe(session: Session, settings: MailSettings, value: str) -> str:
    """Delete the subscription; without other subscriptions the address's alert mails are deleted too."""
    subscription = _load(session, settings, value, UNSUBSCRIBE_SALT, None)
    email, description = subscription.email, subscription.description
    session.delete(subscription)
    session.flush()
    _forget_address(session, email)
    return description


def purge(session: Session, now: datetime) -> int:
    """Data minimisation: forget unconfirmed subscriptions whose link has expired, and alert mails sent long ago."""
    expired = session.scalars(
        select(AlertSubscription).where(
            AlertSubscription.confirmed_at.is_(None),
            AlertSubscription.created < now - timedelta(seconds=CONFIRM_MAX_AGE),
        )
    ).all()
    for subscription in expired:
        session.delete(subscription)
    session.flush()
    for subscription in expired:
        _forget_address(session, subscription.email)
    session.execute(
        delete(MailMessage)
        .where(
            MailMessage.kind.in_([MailKind.ALERT, MailKind.ALERT_CONFIRM]),
            MailMessage.state == MailState.SENT,
            MailMessage.sent_at < now - timedelta(days=SENT_ALERT_RETENTION_DAYS),
        )
        .execution_options(synchronize_session=False)
    )
    return len(expired)


def _forget_address(session: Session, email: str) -> None:
    """Delete the alert mails to ``email`` unless another subscription still uses the address."""
    others = session.scalar(
        select(func.count()).select_from(AlertSubscription).where(func.lower(AlertSubscription.email) == email.lower())
    )
    if others:
        return
    session.execute(
        delete(MailMessage)
        .where(
            func.lower(MailMessage.recipient_email) == email.lower(),
            MailMessage.kind.in_([MailKind.ALERT, MailKind.ALERT_CONFIRM]),
        )
        .execution_options(synchronize_session=False)
    )


def _confirmed(session: Session, topic: AlertTopic) -> list[AlertSubscription]:
    return list(
        session.scalars(
            select(AlertSubscription).where(
                AlertSubscription.topic == topic, AlertSubscription.confirmed_at.is_not(None)
            )
        )
    )


def meeting_published(
    session: Session, settings: MailSettings, meeting: Meeting, body: Body, public_view: InvitationView
) -> int:
    """The meeting became public (invitation sent): its committees' subscribers get the public agenda."""
    if not visibility.meeting_is_public(meeting):
        return 0
    committee_ids = {org.id for org in meeting.organizations}
    sent = 0
    for subscription in _confirmed(session, AlertTopic.COMMITTEE):
        if subscription.organization_id not in committee_ids:
            continue
        lines = [
            "Guten Tag,",
            "",
            f"die Tagesordnung der Sitzung „{meeting.name}“ am {texts.when(meeting.start_time)} ist veröffentlicht.",
            *([f"Ort: {meeting.place}"] if meeting.place else []),
            "",
            *texts.agenda_lines(public_view.public_items, public_view.non_public_items),
            "",
            f"Sitzung: {settings.url(f'/sitzungen/{meeting.id}')}",
            f"Einladung als Word-Datei: {settings.url(f'/sitzungen/{meeting.id}/einladung.docx')}",
            *_footer(settings, subscription),
        ]
        outbox.enqueue(
            session,
            settings,
            body=body,
            kind=MailKind.ALERT,
            to=subscription.email,
            subject=f"Tagesordnung: {meeting.name} am {texts.day(meeting.start_time)}",
            text="\n".join(lines),
        )
        sent += 1
    return sent


def _query_terms(query: str) -> set[str]:
    return {stem for word, _start, _end in analysis.words(query) if (stem := analysis.query_stem(word))}


def _text_terms(text: str) -> set[str]:
    terms: set[str] = set()
    for word, _start, _end in analysis.words(text):
        terms.add(word)
        terms.update(analysis.index_stems(word))
    return terms


def _matches(paper: Paper, terms: set[str]) -> bool:
    """Every query word occurs in the public Vorlage: as a stem, a compound part or the start of a word.

    Umlauts and case are folded as in the portal search, so "Radwege" finds "Radweg" and "Radwegenetz".
    """
    found = _text_terms(" ".join((paper.reference, paper.name, paper.resolution_proposal, paper.reasoning)))
    return all(
        term in found or (len(term) >= MIN_PREFIX and any(word.startswith(term) for word in found)) for term in terms
    )


def _new_public_papers(session: Session, subscription: AlertSubscription) -> list[Paper]:
    seen = select(AlertSeen.object_key).where(AlertSeen.subscription_id == subscription.id)
    papers = session.scalars(
        select(Paper)
        .where(visibility.public_paper_clause(), ("paper:" + cast(Paper.id, String)).not_in(seen))
        .order_by(Paper.date, Paper.id)
    ).all()
    if subscription.topic is AlertTopic.SEARCH:
        terms = _query_terms(subscription.query)
        return [p for p in papers if _matches(p, terms)]
    return list(papers)


def send_paper_alerts(session: Session, settings: MailSettings, body: Body | None) -> int:
    """Queue one mail per subscription listing the public Vorlagen it has not reported yet."""
    sent = 0
    for topic in (AlertTopic.PAPERS, AlertTopic.SEARCH):
        for subscription in _confirmed(session, topic):
            papers = _new_public_papers(session, subscription)
            if not papers:
                continue
            lines = ["Guten Tag,", "", f"es gibt Neues zu Ihrem Abonnement: {subscription.description}.", ""]
            for paper in papers:
                lines += [
                    f"{paper.reference} – {paper.paper_type.label}: {paper.name}",
                    f"  {settings.url(f'/vorlagen/{paper.id}')}",
                ]
                session.add(AlertSeen(subscription_id=subscription.id, object_key=f"paper:{paper.id}"))
            lines += _footer(settings, subscription)
            count = len(papers)
            subject = "Neue Vorlage" if count == 1 else f"{count} neue Vorlagen"
            if topic is AlertTopic.SEARCH:
                subject += f" zur Suche „{subscription.query}“"
            outbox.enqueue(
                session,
                settings,
                body=body,
                kind=MailKind.ALERT,
                to=subscription.email,
                subject=subject,
                text="\n".join(lines),
            )
            sent += 1
    session.flush()
    return sent
