"""Serializers of the OParl structure types: System, Body, LegislativeTerm, Location, Organization,
Person, Membership; and the deleted-object stub.

Each function returns the object as a JSON-ready dict with the fields of the
OParl 1.1 schema that the public may see. ``embedded=True`` gives the form
used inside the parent object (without the back-reference to the parent).
Contact data of persons (e-mail, phone, address) are never served: the model
records no consent to publish them and the portal does not show them.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..models import Body, LegislativeTerm, Location, Membership, Organization, OrganizationType, Person
from ..services import visibility
from .context import Context
from .extensions import EXTENSIONS, PRODUCT_URL
from .formats import OPARL_VERSION, compact, date_time, day, type_url

ORGANIZATION_TYPES = {
    OrganizationType.COMMITTEE: "Gremium",
    OrganizationType.FACTION: "Fraktion",
    OrganizationType.DEPARTMENT: "Verwaltungsbereich",
    OrganizationType.OTHER: "Sonstiges",
}


def http_url(value: str | None) -> str | None:
    """The value if it is an absolute http(s) URL (OParl ``url`` fields), else None."""
    return value if value and value.startswith(("http://", "https://")) else None


def _live(obj: Any) -> bool:
    return obj is not None and not obj.deleted


def head(ctx: Context, type_name: str, obj: Any) -> dict[str, Any]:
    """``id`` and ``type`` of an object."""
    return {"id": ctx.urls.of(type_name, obj.id), "type": type_url(type_name)}


def tail(obj: Any, web: str | None = None) -> dict[str, Any]:
    """The common closing fields: ``keyword``, ``web``, ``created``, ``modified``."""
    return {
        "keyword": list(obj.keywords or []),
        "web": web,
        "created": date_time(obj.created),
        "modified": date_time(obj.modified),
    }


def deleted_stub(ctx: Context, type_name: str, obj: Any) -> dict[str, Any]:
    """A soft-deleted object: only ``id``, ``type``, ``created``, ``modified`` and ``deleted: true``."""
    return {**head(ctx, type_name, obj), "created": date_time(obj.created), "modified": date_time(obj.modified),
            "deleted": True}


def system(ctx: Context, bodies: list[Body], name: str, contact_email: str, website: str | None) -> dict[str, Any]:
    """The endpoint's System object; its dates span its bodies', its extensions are described in it."""
    created = min((b.created for b in bodies), default=None)
    modified = max((b.modified for b in bodies), default=None)
    licenses = {b.license for b in bodies}
    return compact({
        "id": ctx.urls.system(),
        "type": type_url("System"),
        "oparlVersion": OPARL_VERSION,
        "license": http_url(licenses.pop()) if len(licenses) == 1 else None,
        "body": ctx.urls.bodies(),
        "name": name,
        "contactEmail": contact_email,
        "website": website,
        "product": PRODUCT_URL,
        "web": website,
        "created": date_time(created) if isinstance(created, datetime) else None,
        "modified": date_time(modified) if isinstance(modified, datetime) else None,
        "x-minutesapp:extensions": EXTENSIONS,
    })


def body(ctx: Context, found: Body) -> dict[str, Any]:
    """A Körperschaft with its lists and embedded Wahlperioden."""
    lists = {key: ctx.urls.body_list(found.id, name) for key, name in (
        ("organization", "Organization"), ("person", "Person"), ("meeting", "Meeting"), ("paper", "Paper"),
        ("agendaItem", "AgendaItem"), ("consultation", "Consultation"), ("file", "File"),
        ("locationList", "Location"), ("legislativeTermList", "LegislativeTerm"), ("membership", "Membership"),
    )}
    return compact({
        **head(ctx, "Body", found),
        "system": ctx.urls.system(),
        "shortName": found.short_name,
        "name": found.name,
        "website": http_url(found.website),
        "license": http_url(found.license),
        "licenseValidSince": date_time(found.license_valid_since),
        "oparlSince": date_time(found.oparl_since),
        "ags": found.ags,
        "rgs": found.rgs,
        "equivalent": [u for u in found.equivalent or [] if http_url(u)],
        "contactEmail": found.contact_email,
        "contactName": found.contact_name,
        **lists,
        "legislativeTerm": [legislative_term(ctx, t, embedded=True) for t in found.legislative_terms if not t.deleted],
        "classification": found.classification,
        "location": location(ctx, found.location) if _live(found.location) else None,
        **tail(found, ctx.urls.web("Body", found.id)),
    })


def legislative_term(ctx: Context, term: LegislativeTerm, embedded: bool = False) -> dict[str, Any]:
    """A Wahlperiode."""
    return compact({
        **head(ctx, "LegislativeTerm", term),
        "body": None if embedded else ctx.urls.of("Body", term.body_id),
        "name": term.name,
        "startDate": day(term.start_date),
        "endDate": day(term.end_date),
        **tail(term),
    })


def location(ctx: Context, place: Location) -> dict[str, Any]:
    """A place (always embedded where it is used; the same form at its own URL)."""
    return compact({
        **head(ctx, "Location", place),
        "description": place.description,
        "geojson": place.geojson or None,
        "streetAddress": place.street_address,
        "room": place.room,
        "postalCode": place.postal_code,
        "subLocality": place.sub_locality,
        "locality": place.locality,
        **tail(place),
    })


def organization(ctx: Context, org: Organization) -> dict[str, Any]:
    """A Gremium, Fraktion or department; committees link their meetings and consultations."""
    committee = org.organization_type is OrganizationType.COMMITTEE
    parent = org.parent
    classification = org.classification or ("Fraktion" if org.organization_type is OrganizationType.FACTION else "")
    return compact({
        **head(ctx, "Organization", org),
        "body": ctx.urls.of("Body", org.body_id),
        "name": org.name,
        "shortName": org.short_name,
        "membership": [
            ctx.urls.of("Membership", m.id) for m in org.memberships
            if not m.deleted and visibility.membership_is_public(m)
        ],
        "meeting": ctx.urls.organization_list(org.id, "Meeting") if committee else None,
        "consultation": ctx.urls.organization_list(org.id, "Consultation") if committee else None,
        "post": list(org.post or []),
        "subOrganizationOf": (
            ctx.urls.of("Organization", parent.id)
            if parent is not None and not parent.deleted and visibility.organization_is_public(parent) else None
        ),
        "organizationType": ORGANIZATION_TYPES[org.organization_type],
        "classification": classification,
        "startDate": day(org.start_date),
        "endDate": day(org.end_date),
        "website": http_url(org.website),
        "location": location(ctx, org.location) if _live(org.location) else None,
        "externalBody": http_url(org.external_body),
        **tail(org, ctx.urls.web("Organization", org.id) if committee else None),
    })


def person(ctx: Context, found: Person) -> dict[str, Any]:
    """A holder of a public office with their memberships (current and past)."""
    return compact({
        **head(ctx, "Person", found),
        "body": ctx.urls.of("Body", found.body_id),
        "name": found.name,
        "familyName": found.family_name,
        "givenName": found.given_name,
        "formOfAddress": found.form_of_address,
        "affix": found.affix,
        "title": found.titles,
        "gender": found.gender,
        "status": list(found.status or []),
        "membership": [
            membership(ctx, m, embedded=True) for m in found.memberships
            if not m.deleted and visibility.membership_is_public(m)
        ],
        "life": found.life,
        "lifeSource": found.life_source,
        **tail(found),
    })


def membership(ctx: Context, seat: Membership, embedded: bool = False) -> dict[str, Any]:
    """A seat in a committee or Fraktion, with role, voting right, period and Fraktion."""
    behalf = seat.on_behalf_of
    return compact({
        **head(ctx, "Membership", seat),
        "person": None if embedded else ctx.urls.of("Person", seat.person_id),
        "organization": ctx.urls.of("Organization", seat.organization_id),
        "role": seat.role.label,
        "votingRight": seat.voting_right,
        "startDate": day(seat.start_date),
        "endDate": day(seat.end_date),
        "onBehalfOf": (
            ctx.urls.of("Organization", behalf.id)
            if behalf is not None and not behalf.deleted and visibility.organization_is_public(behalf) else None
        ),
        **tail(seat),
    })
