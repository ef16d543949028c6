"""The demo county's structure: body, term, places, organizations, persons, memberships, accounts, sign-off chains."""
from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import (
    Body,
    LegislativeTerm,
    Location,
    Membership,
    MembershipRole,
    Organization,
    OrganizationType,
    Person,
    Role,
    SignOffChain,
    SignOffChainRule,
    SignOffPosition,
    SignOffPositionHolder,
    User,
)
from ..services import accounts, audit
from . import catalog as c

#: Staff accounts of the demo carry no usable password ("!" never matches a hash); an admin may set one.
LOCKED_PASSWORD_HASH = "!"
#: Committee chairs and vice chairs by faction key.
CHAIR_FACTION = {"kt": "bu", "aas": "sl", "jha": "gz", "ubv": "bu", "scha": "bu", "fina": "fwl", "jcb": "bu"}
VICE_FACTION = {"kt": "sl", "ka": "bu", "aas": "bu", "jha": "sl", "ubv": "gz", "scha": "sl", "fina": "bu", "jcb": "gz"}


@dataclass
class County:
    """Handles on everything the later demo steps need."""

    body: Body
    term: LegislativeTerm
    #: The reference date of the demo data (the day it was loaded).
    today: date
    committees: dict[str, Organization] = field(default_factory=dict)
    departments: dict[str, Organization] = field(default_factory=dict)
    factions: dict[str, Organization] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    persons: list[Person] = field(default_factory=list)
    #: Department key → head person.
    heads: dict[str, Person] = field(default_factory=dict)
    #: Committee key → memberships (current and ended).
    memberships: dict[str, list[Membership]] = field(default_factory=dict)
    #: Person id → faction key, for Kreistagsabgeordnete.
    faction_of: dict[int, str] = field(default_factory=dict)
    #: Person id → the organization an external member represents.
    represents: dict[int, str] = field(default_factory=dict)
    #: Login → account.
    users: dict[str, User] = field(default_factory=dict)
    #: Department key → sign-off chain.
    chains: dict[str, SignOffChain] = field(default_factory=dict)

    def committee_key(self, organization_id: int) -> str:
        """Catalog key of a committee."""
        return next(k for k, o in self.committees.items() if o.id == organization_id)


def ascii_login(text: str) -> str:
    """"Lindqvist" → "lindqvist", "Köhler" → "koehler"."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().replace(" ", "")


def build_structure(session: Session, rng: random.Random, today: date) -> County:
    """Create body, term, locations, organizations, persons and memberships."""
    body = Body(
        name=c.BODY_NAME, short_name=c.BODY_SHORT_NAME, slug="lindenau", website=c.BODY_WEBSITE,
        contact_email=c.BODY_EMAIL,
        notice_period_days=7, imprint_text=c.IMPRINT_TEXT, privacy_text=c.PRIVACY_TEXT,
        accessibility_text=c.ACCESSIBILITY_TEXT,
    )
    session.add(body)
    session.flush()
    term_start = date(today.year - 3, 11, 1)
    term = LegislativeTerm(
        body=body, name=f"Wahlperiode {term_start.year}–{term_start.year + 5}", start_date=term_start,
        end_date=date(term_start.year + 5, 10, 31),
    )
    session.add(term)
    county = County(body=body, term=term, today=today)
    for key, (description, room, street, postal_code, locality) in c.LOCATIONS.items():
        county.locations[key] = Location(
            body_id=body.id, description=description, room=room, street_address=street, postal_code=postal_code,
            locality=locality,
        )
    session.add_all(county.locations.values())
    session.flush()
    _organizations(session, county, term_start)
    _persons_and_memberships(session, rng, county, term_start, today)
    return county


def _organizations(session: Session, county: County, term_start: date) -> None:
    body_id = county.body.id
    for info in (*c.DEZERNATE, *c.FACHBEREICHE):
        parent = county.departments.get(info.parent) if info.parent else None
        county.departments[info.key] = Organization(
            body_id=body_id, name=info.name, short_name=info.short_name,
            organization_type=OrganizationType.DEPARTMENT, parent=parent,
        )
        session.add(county.departments[info.key])
    for committee in c.COMMITTEES:
        county.committees[committee.key] = Organization(
            body_id=body_id, name=committee.name, short_name=committee.short_name,
            organization_type=OrganizationType.COMMITTEE, start_date=term_start,
            notice_period_days=committee.notice_period_days,
            website=f"{c.BODY_WEBSITE}/kreistag/{committee.key}",
        )
    for faction in c.FACTIONS:
        county.factions[faction.key] = Organization(
            body_id=body_id, name=faction.name, short_name=faction.short_name,
            organization_type=OrganizationType.FACTION, start_date=term_start,
        )
    session.add_all([*county.committees.values(), *county.factions.values()])
    session.flush()


def _person(
    county: County, form: str, title: str, given: str, family: str, affix: str = "", staff: bool = False
) -> Person:
    login = f"{ascii_login(given)}.{ascii_login(family)}"
    email = f"{login}@landkreis-lindenau.example" if staff else f"{login}@kreistag-lindenau.example"
    person = Person(
        body_id=county.body.id, form_of_address=form, title=title, given_name=given, family_name=family,
        affix=affix, email=email, phone=f"05531 700-{100 + len(county.persons)}" if staff else "",
    )
    county.persons.append(person)
    return person


def _persons_and_memberships(
    session: Session, rng: random.Random, county: County, term_start: date, today: date
) -> None:
    for info in (*c.DEZERNATE, *c.FACHBEREICHE):
        county.heads[info.key] = _person(county, *info.head, staff=True)
    family_names = rng.sample(c.FAMILY_NAMES, 45)
    ktas: dict[str, list[Person]] = {f.key: [] for f in c.FACTIONS}
    seats = [f.key for f in c.FACTIONS for _ in range(f.seats)]
    for i, family in enumerate(family_names):
        if i == 20:  # the demo member account's person: seat 20 belongs to the Soziale Liste
            form, title, given, family = c.MEMBER_PERSON
        else:
            female = rng.random() < 0.45
            form = "Frau" if female else "Herr"
            given = rng.choice(c.FEMALE_GIVEN if female else c.MALE_GIVEN)
            title = rng.choice(("Dr.",) * 5 + ("Prof. Dr.",) + ("",) * 34)
        ktas[seats[i]].append(_person(county, form, title, given, family, affix="KTA"))
    externals = [(entry, _person(county, *entry[3:7])) for entry in c.EXTERNAL_MEMBERS]
    successor = _person(county, *c.SUCCESSOR_PERSON, affix="KTA")
    session.add_all(county.persons)
    session.flush()
    for person, org in ((p, e[7]) for e, p in externals):
        county.represents[person.id] = org
    for key, members in ktas.items():
        for person in members:
            county.faction_of[person.id] = key
    county.faction_of[successor.id] = "bu"

    def join(person: Person, org: Organization, role: MembershipRole, *, voting: bool = True,
             on_behalf: str | None = None, start: date = term_start, end: date | None = None) -> Membership:
        membership = Membership(
            person_id=person.id, organization_id=org.id, role=role, voting_right=voting, start_date=start,
            end_date=end, on_behalf_of_id=county.factions[on_behalf].id if on_behalf else None,
        )
        session.add(membership)
        committee_key = next((k for k, o in county.committees.items() if o is org), None)
        if committee_key:
            county.memberships.setdefault(committee_key, []).append(membership)
        return membership

    for key, members in ktas.items():
        for i, person in enumerate(members):
            role = MembershipRole.CHAIR if i == 0 else MembershipRole.VICE_CHAIR if i == 1 else MembershipRole.MEMBER
            join(person, county.factions[key], role)
    landrat = county.heads["dez1"]
    join(landrat, county.committees["kt"], MembershipRole.MEMBER)
    join(landrat, county.committees["ka"], MembershipRole.CHAIR)
    for key, members in ktas.items():
        for i, person in enumerate(members):
            role = MembershipRole.MEMBER
            if i == 2 and CHAIR_FACTION["kt"] == key:
                role = MembershipRole.CHAIR
            elif i == 2 and VICE_FACTION["kt"] == key:
                role = MembershipRole.VICE_CHAIR
            join(person, county.committees["kt"], role, on_behalf=key)
    load = {p.id: 0 for members in ktas.values() for p in members}
    member = next(p for p in ktas["sl"] if p.family_name == c.MEMBER_PERSON[3])
    for committee_key, seat_counts in c.COMMITTEE_SEATS.items():
        for (faction_key, count) in zip((f.key for f in c.FACTIONS), seat_counts, strict=True):
            pool = sorted(ktas[faction_key][2:], key=lambda p: (load[p.id], rng.random()))
            if faction_key == "sl" and committee_key in ("aas", "jcb"):
                pool.remove(member)
                pool.insert(min(1, count - 1), member)  # a seat, but not the chair
            chosen, deputies = pool[:count], pool[count:count + 1]
            for i, person in enumerate(chosen):
                role = MembershipRole.MEMBER
                if i == 0 and CHAIR_FACTION.get(committee_key) == faction_key:
                    role = MembershipRole.CHAIR
                elif i == 0 and VICE_FACTION.get(committee_key) == faction_key and person is not member:
                    role = MembershipRole.VICE_CHAIR
                load[person.id] += 1
                join(person, county.committees[committee_key], role, on_behalf=faction_key)
            for person in deputies:
                join(person, county.committees[committee_key], MembershipRole.DEPUTY_MEMBER, voting=False,
                     on_behalf=faction_key)
    for entry, person in externals:
        role = MembershipRole(entry[1])
        join(person, county.committees[entry[0]], role, voting=entry[2])
    join(county.heads["jug"], county.committees["jha"], MembershipRole.ADVISORY, voting=False)
    join(county.heads["jc"], county.committees["jcb"], MembershipRole.ADVISORY, voting=False)
    _replace_member(county, ktas["bu"][-1], successor, today, join)
    session.flush()


def _replace_member(
    county: County, leaver: Person, successor: Person, today: date, join: Callable[..., Membership]
) -> None:
    """A Kreistagsabgeordneter leaves during the term; the successor takes over his Fraktion and all his seats."""
    left = today - timedelta(days=320)
    organizations = {o.id: o for o in (*county.committees.values(), *county.factions.values())}
    for membership in list(leaver.memberships):  # autoflush writes the new memberships first
        membership.end_date = left
        org = organizations[membership.organization_id]
        join(successor, org, membership.role, voting=membership.voting_right,
             on_behalf="bu" if org.is_committee else None, start=left + timedelta(days=1))


DEMO_USERS = (
    # login, display name, roles, department key, committee keys, person
    ("admin", "Administration (Demo)", {Role.ADMIN}, None, (), None),
    ("schriftfuehrung", "Lisa Brückner (Schriftführung)", {Role.SECRETARY}, "ktb", ("kt", "ka", "aas", "jcb", "fina"),
     None),
    ("sachbearbeitung", "Kevin Matthes (Jobcenter)", {Role.EDITOR}, "jc", (), None),
    ("zeichnung", "Dr. Katrin Albers", {Role.SIGNER}, "dez2", (), "dez2"),
    ("mitglied", "Miriam Berger (KTA)", {Role.MEMBER}, None, (), "member"),
)


def create_accounts(session: Session, county: County) -> None:
    """The five demo accounts (password "demo") and the staff accounts that hold sign-off positions."""
    for login, name, roles, department, committees, person_key in DEMO_USERS:
        existing = session.scalar(select(User).where(func.lower(User.login) == login))
        if existing is not None:
            county.users[login] = existing
            continue
        person = None
        if person_key == "member":
            person = next(p for p in county.persons if p.family_name == c.MEMBER_PERSON[3])
        elif person_key:
            person = county.heads[person_key]
        county.users[login] = accounts.create_user(
            session, None, login=login, password=c.DEMO_PASSWORD, display_name=name, roles=roles,
            email=f"{login}@landkreis-lindenau.example", person=person,
            department=county.departments[department] if department else None,
            committees=[county.committees[k] for k in committees], enforce_policy=False,
        )
    staff = [("landrat", "dez1", {Role.SIGNER}, ()), ("winterfeld", "dez3", {Role.SIGNER}, ())]
    staff += [(ascii_login(info.head[3]), info.key, {Role.SIGNER}, ()) for info in c.FACHBEREICHE]
    staff.append(("falk", "ktb", {Role.SECRETARY}, ("jha", "scha", "ubv")))
    for login, department, roles, committees in staff:
        if session.scalar(select(User.id).where(func.lower(User.login) == login)) is not None:
            county.users[login] = session.scalars(select(User).where(func.lower(User.login) == login)).one()
            continue
        head = county.heads.get(department) if login != "falk" else None
        user = User(
            login=login, password_hash=LOCKED_PASSWORD_HASH,
            display_name=head.name if head else "Jana Falk (Schriftführung)",
            email=f"{login}@landkreis-lindenau.example", person=head,
            department=county.departments[department],
            committees=[county.committees[k] for k in committees],
        )
        user.set_roles(roles)
        session.add(user)
        audit.record(session, None, user, "user.created", f"Benutzerkonto {login} angelegt (Demo, ohne Passwort)")
        county.users[login] = user


def _user_of_head(county: County, department_key: str) -> User:
    if department_key == "dez1":
        return county.users["landrat"]
    if department_key == "dez2":
        return county.users["zeichnung"]
    if department_key == "dez3":
        return county.users["winterfeld"]
    return county.users[ascii_login(c.DEPARTMENT_BY_KEY[department_key].head[3])]


DEMO_EDITOR_DEPARTMENT = "jc"


def create_sign_off_chains(session: Session, county: County) -> None:
    """One chain per Fachbereich: Fachbereichsleitung → Dezernat → Landrat (Dezernat I: two steps)."""
    deputies = {"dez2": "winterfeld", "dez3": "zeichnung", "dez1": "winterfeld"}
    for info in c.FACHBEREICHE:
        steps = [info.key] + ([info.parent] if info.parent != "dez1" else []) + ["dez1"]
        chain = SignOffChain(body_id=county.body.id, name=f"Sichtvermerke {info.short_name} – {info.name}")
        for order, key in enumerate(steps, 1):
            title = c.DEPARTMENT_BY_KEY[key].head_title
            position = SignOffPosition(order=order, title=title)
            position.holders.append(SignOffPositionHolder(user=_user_of_head(county, key)))
            deputy = deputies.get(key)
            # The demo signer can take the demo editor's (Jobcenter) Vorlagen through the whole chain alone.
            if info.key == DEMO_EDITOR_DEPARTMENT and _user_of_head(county, key).login != "zeichnung":
                deputy = "zeichnung"
            if deputy:
                position.holders.append(SignOffPositionHolder(user=county.users[deputy], is_deputy=True))
            chain.positions.append(position)
        chain.rules.append(SignOffChainRule(department_id=county.departments[info.key].id))
        session.add(chain)
        county.chains[info.key] = chain
    session.flush()
