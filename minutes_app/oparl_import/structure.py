"""Writers of the body's structure: Body, LegislativeTerm, Location, Organization, Person, Membership.

Each writer takes one repaired OParl object, finds its row by the kept OParl
id (or creates it), sets only the fields that differ (so a repeated import
changes nothing) and returns the row id. A deleted object is soft-deleted.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Body, LegislativeTerm, Location, Membership, Organization, OrganizationType, Person
from . import catalog
from .catalog import parse_date, parse_datetime, ref, text, utc
from .context import ImportContext, assign, revive


def _dates(raw: dict[str, Any]) -> dict[str, Any]:
    created = utc(parse_datetime(raw.get("created")))
    return {"created": created} if created is not None else {}


def _words(value: Any, limit: int = 200) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [w for w in (text(i, limit) for i in items) if w]


def ensure_body(session: Session, raw: dict[str, Any], into: Body | None) -> tuple[Body, bool]:
    """The body to import into: ``into``, else the one imported before under this id, else a new one.

    A body chosen with ``--into`` keeps its own settings (only its OParl id is
    noted when it has none); a body made by the import follows the source.
    Returns (body, created).
    """
    oparl_id = str(raw["id"])
    if into is not None:
        if not into.oparl_id:
            owner = session.scalar(select(Body).where(Body.oparl_id == oparl_id))
            if owner is None:
                into.oparl_id = oparl_id
        return into, False
    body = session.scalar(select(Body).where(Body.oparl_id == oparl_id).execution_options(include_deleted=True))
    created = body is None
    if body is None:
        body = Body(oparl_id=oparl_id, name=text(raw.get("name"), 200) or "Körperschaft", slug="")
        session.add(body)
    assign(body, {
        "name": text(raw.get("name"), 200) or body.name,
        "short_name": text(raw.get("shortName"), 60),
        "website": text(raw.get("website"), 300),
        "contact_email": text(raw.get("contactEmail"), 200),
        "contact_name": text(raw.get("contactName"), 200),
        "ags": text(raw.get("ags"), 8),
        "rgs": text(raw.get("rgs"), 12),
        "equivalent": _words(raw.get("equivalent"), 500),
        "classification": text(raw.get("classification"), 100),
        "license": text(raw.get("license"), 300),
        "license_valid_since": utc(parse_datetime(raw.get("licenseValidSince"))),
        "oparl_since": utc(parse_datetime(raw.get("oparlSince"))),
        "keywords": _words(raw.get("keyword")),
        **_dates(raw),
    })
    session.flush()
    return body, created


def write_legislative_term(ctx: ImportContext, raw: dict[str, Any]) -> int | None:
    """A Wahlperiode (embedded in the Body or from its list)."""
    oparl_id = str(raw["id"])
    term = ctx.find(LegislativeTerm, oparl_id)
    if raw.get("deleted"):
        return ctx.delete(term, "LegislativeTerm", oparl_id)
    start = parse_date(raw.get("startDate"))
    if start is None:
        ctx.report.skip("LegislativeTerm", oparl_id, "Wahlperiode ohne Beginn (startDate)")
        return None
    end = parse_date(raw.get("endDate"))
    values = {"name": text(raw.get("name"), 100) or f"Wahlperiode ab {start:%Y}", "start_date": start,
              "end_date": end if end is None or end >= start else None, "keywords": _words(raw.get("keyword")),
              **_dates(raw)}
    created = term is None
    if term is None:
        term = LegislativeTerm(body_id=ctx.body.id, oparl_id=oparl_id)
        ctx.session.add(term)
    changed = revive(term) | assign(term, values)
    ctx.finish(term, "LegislativeTerm", created=created, changed=changed, label=f"Wahlperiode {values['name']}")
    return term.id


def write_location(ctx: ImportContext, raw: dict[str, Any]) -> int | None:
    """A place; embedded Locations without an id are stored once per description."""
    oparl_id = text(raw.get("id")) or None
    place = ctx.find(Location, oparl_id) if oparl_id else _same_place(ctx, raw)
    if raw.get("deleted") and oparl_id:
        return ctx.delete(place, "Location", oparl_id)
    description = (text(raw.get("description"), 200) or text(raw.get("streetAddress"), 200)
                   or text(raw.get("room"), 200) or text(raw.get("locality"), 200) or "Ort")
    geojson = raw.get("geojson") if isinstance(raw.get("geojson"), dict) else None
    values = {"description": description, "room": text(raw.get("room"), 100),
              "street_address": text(raw.get("streetAddress"), 200), "postal_code": text(raw.get("postalCode"), 10),
              "locality": text(raw.get("locality"), 100), "sub_locality": text(raw.get("subLocality"), 100),
              "geojson": geojson, "keywords": _words(raw.get("keyword")), **_dates(raw)}
    created = place is None
    if place is None:
        place = Location(body_id=ctx.body.id, oparl_id=oparl_id)
        ctx.session.add(place)
    changed = revive(place) | assign(place, values)
    if oparl_id or created or changed:  # a place without id named again is no object of its own
        ctx.finish(place, "Location", created=created, changed=changed, audited=False)
    if created and not oparl_id:
        key = _place_key(place.description, place.street_address, place.room, place.locality)
        places = ctx.cache.setdefault("places", {})
        places[key] = place.id
        ctx.journal.append(lambda: places.pop(key, None))
    return place.id


def _place_key(description: str, street: str, room: str, locality: str) -> tuple[str, ...]:
    return tuple(" ".join(v.split()).casefold() for v in (description, street, room, locality))


def _same_place(ctx: ImportContext, raw: dict[str, Any]) -> Location | None:
    """An embedded Location without id is the body's place with the same description and address, if any."""
    places = ctx.cache.get("places")
    if places is None:
        rows = ctx.session.execute(select(Location.description, Location.street_address, Location.room,
                                          Location.locality, Location.id).where(Location.body_id == ctx.body.id))
        places = ctx.cache["places"] = {_place_key(*row[:4]): row[4] for row in rows}
    key = _place_key(text(raw.get("description"), 200), text(raw.get("streetAddress"), 200),
                     text(raw.get("room"), 100), text(raw.get("locality"), 100))
    known = places.get(key)
    if known is None:
        return None
    return ctx.session.get(Location, known)


def location_id(ctx: ImportContext, value: Any, referenced_by: str) -> int | None:
    """The row of an embedded or referenced Location."""
    if isinstance(value, dict) and (value.get("description") or value.get("streetAddress") or value.get("geojson")
                                    or value.get("locality") or value.get("room")):
        return write_location(ctx, value)  # embedded: repaired with its parent, part of its savepoint
    return ctx.resolve(Location, "Location", ref(value), referenced_by)


def write_organization(ctx: ImportContext, raw: dict[str, Any]) -> int | None:
    """A Gremium, Fraktion, department or other group."""
    oparl_id = str(raw["id"])
    org = ctx.find(Organization, oparl_id)
    if raw.get("deleted"):
        return ctx.delete(org, "Organization", oparl_id)
    classification = text(raw.get("classification"), 100)
    name = text(raw.get("name"), 200) or text(raw.get("shortName"), 200)
    if not name:
        ctx.report.skip("Organization", oparl_id, "Organisation ohne Namen")
        return None
    start, end = parse_date(raw.get("startDate")), parse_date(raw.get("endDate"))
    created = org is None
    if org is None:
        org = Organization(body_id=ctx.body.id, oparl_id=oparl_id, name=name,
                           organization_type=OrganizationType.OTHER)
        ctx.session.add(org)
        ctx.session.flush()
        ctx.remember(org)
    kind = catalog.organization_type(text(raw.get("organizationType")), classification)
    if kind is OrganizationType.OTHER and org.is_committee and not text(raw.get("organizationType")):
        kind = OrganizationType.COMMITTEE  # made a Gremium by its meetings before; the source says nothing else
    values: dict[str, Any] = {
        "name": name, "short_name": text(raw.get("shortName"), 60),
        "organization_type": kind,
        "classification": classification, "post": _words(raw.get("post")), "start_date": start,
        "end_date": end, "website": text(raw.get("website"), 300),
        "external_body": text(ref(raw.get("externalBody")), 500), "keywords": _words(raw.get("keyword")),
        **_dates(raw),
    }
    if raw.get("location"):
        values["location_id"] = location_id(ctx, raw["location"], oparl_id)
    parent = ref(raw.get("subOrganizationOf"))
    values["parent_id"] = ctx.resolve(Organization, "Organization", parent, oparl_id) if parent else None
    changed = revive(org) | assign(org, values)
    ctx.finish(org, "Organization", created=created, changed=changed and not created, label=f"Organisation {name}")
    return org.id


def _split_name(raw: dict[str, Any]) -> tuple[str, str]:
    family, given = text(raw.get("familyName"), 100), text(raw.get("givenName"), 100)
    if family:
        return family, given
    full = text(raw.get("name"))
    for title in _words(raw.get("title"), 60):
        full = full.replace(title, "", 1)
    parts = full.split()
    if not parts:
        return "", given
    return parts[-1][:100], given or " ".join(parts[:-1])[:100]


def write_person(ctx: ImportContext, raw: dict[str, Any]) -> int | None:
    """A person with their embedded memberships."""
    oparl_id = str(raw["id"])
    person = ctx.find(Person, oparl_id)
    if raw.get("deleted"):
        return ctx.delete(person, "Person", oparl_id)
    family, given = _split_name(raw)
    if not family:
        ctx.report.skip("Person", oparl_id, "Person ohne Namen")
        return None
    emails, phones = _words(raw.get("email")), _words(raw.get("phone"), 60)
    values: dict[str, Any] = {
        "family_name": family, "given_name": given, "form_of_address": text(raw.get("formOfAddress"), 30),
        "title": " ".join(_words(raw.get("title"), 60))[:60], "affix": text(raw.get("affix"), 30),
        "email": emails[0] if emails else "", "further_emails": emails[1:],
        "phone": phones[0] if phones else "", "further_phones": phones[1:],
        "gender": text(raw.get("gender"), 20), "status": _words(raw.get("status")),
        "life": text(raw.get("life")), "life_source": text(raw.get("lifeSource"), 300),
        "keywords": _words(raw.get("keyword")), **_dates(raw),
    }
    created = person is None
    if person is None:
        person = Person(body_id=ctx.body.id, oparl_id=oparl_id, family_name=family)
        ctx.session.add(person)
    place = raw.get("locationObject") or raw.get("location")
    if place:
        values["location_id"] = location_id(ctx, place, oparl_id)
    changed = revive(person) | assign(person, values)
    ctx.finish(person, "Person", created=created, changed=changed, label=f"Person {given} {family}".strip())
    for entry in raw.get("membership") or []:
        member = entry if isinstance(entry, dict) else ctx.source.get(entry) if isinstance(entry, str) else None
        if member is None:
            ctx.report.missing(str(entry), oparl_id)
            continue
        if not isinstance(entry, dict):
            member = ctx.repair(member, "Membership")  # embedded ones were repaired with the person
        write_membership(ctx, member, person.id)  # part of the person's savepoint
    return person.id


def write_membership(ctx: ImportContext, raw: dict[str, Any], person_id: int | None = None) -> int | None:
    """A seat of a person in an organization."""
    oparl_id = str(raw["id"])
    seat = ctx.find(Membership, oparl_id)
    if raw.get("deleted"):
        return ctx.delete(seat, "Membership", oparl_id)
    if person_id is None:
        person_id = ctx.resolve(Person, "Person", ref(raw.get("person")), oparl_id)
    organization_id = ctx.resolve(Organization, "Organization", ref(raw.get("organization")), oparl_id)
    if person_id is None or organization_id is None:
        ctx.report.skip("Membership", oparl_id, "Person oder Organisation der Mitgliedschaft fehlt")
        return None
    start = parse_date(raw.get("startDate"))
    if start is None:
        start = (parse_datetime(raw.get("created")) or ctx.now).date()
        ctx.note_repair("mitgliedschaft-ohne-beginn", oparl_id, f"Beginn fehlt; {start:%d.%m.%Y} (Anlagedatum) gesetzt")
    end = parse_date(raw.get("endDate"))
    if end is not None and end < start:
        ctx.note_repair("mitgliedschaft-ende-vor-beginn", oparl_id, "Ende vor dem Beginn; Ende weggelassen")
        end = None
    behalf = ref(raw.get("onBehalfOf"))
    values = {"person_id": person_id, "organization_id": organization_id,
              "role": catalog.membership_role(text(raw.get("role"))),
              "voting_right": raw.get("votingRight") is not False, "start_date": start, "end_date": end,
              "on_behalf_of_id": ctx.resolve(Organization, "Organization", behalf, oparl_id) if behalf else None,
              "keywords": _words(raw.get("keyword")), **_dates(raw)}
    created = seat is None
    if seat is None:
        seat = Membership(oparl_id=oparl_id, person_id=person_id, organization_id=organization_id, start_date=start)
        ctx.session.add(seat)
    changed = revive(seat) | assign(seat, values)
    ctx.finish(seat, "Membership", created=created, changed=changed, audited=False)
    return seat.id
