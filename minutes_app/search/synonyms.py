"""Synonymgruppen: terms a body's search treats as one (Kita ↔ Kindertagesstätte), applied to queries.

The administration edits the groups (:func:`create_group`, :func:`update_group`,
:func:`delete_group`, each with a German audit entry); the search reads them
with one small query per request (:func:`expansions`) and adds the other
terms of a group as alternatives to a query word (see :func:`.query.parse`),
so an edit takes effect with the next search and no index has to be rebuilt.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Body, SearchSynonymGroup, User
from ..services import audit
from ..services.errors import ValidationFailed
from . import analysis

#: A folded query word → the other terms of its groups, each as its folded words.
Expansions = dict[str, list[list[str]]]

MAX_TERMS = 20
MAX_TERM_LENGTH = 80

#: The list the demo and a new installation start with: common words of council papers and their
#: abbreviations or everyday synonyms.
DEFAULT_GROUPS = (
    "Kita, Kindertagesstätte, Kindertageseinrichtung",
    "ÖPNV, Nahverkehr, Personennahverkehr",
    "Feuerwehr, Brandschutz",
    "Radweg, Fahrradweg",
    "B-Plan, Bebauungsplan",
    "KiTa-Gebühren, Elternbeiträge",
    "Müll, Abfall",
    "Schwimmbad, Hallenbad, Freibad",
    "Photovoltaik, PV-Anlage, Solaranlage",
    "Jobcenter, Arbeitsagentur",
    "Flüchtlinge, Geflüchtete, Asylbewerber",
    "Grundschule, Primarschule",
    "Straßenbeleuchtung, Straßenlaternen",
    "Haushalt, Haushaltsplan, Etat",
)


def parse_terms(text: str) -> list[str]:
    """The terms of a group as entered (comma or line separated); German messages for unusable input."""
    raw = [t.strip() for t in text.replace("\n", ",").replace(";", ",").split(",")]
    terms = list(dict.fromkeys(t for t in raw if t))
    if any(len(t) > MAX_TERM_LENGTH for t in terms):
        raise ValidationFailed({"terms": f"Ein Begriff darf höchstens {MAX_TERM_LENGTH} Zeichen lang sein."})
    if any(not list(analysis.words(t)) for t in terms):
        raise ValidationFailed({"terms": "Jeder Begriff braucht mindestens einen Buchstaben oder eine Ziffer."})
    folded = {" ".join(w for w, _s, _e in analysis.words(t)) for t in terms}
    if len(folded) < 2:
        raise ValidationFailed({"terms": "Bitte mindestens zwei verschiedene Begriffe angeben, durch Kommas getrennt."})
    if len(terms) > MAX_TERMS:
        raise ValidationFailed({"terms": f"Eine Gruppe darf höchstens {MAX_TERMS} Begriffe enthalten."})
    return terms


def create_group(session: Session, actor: User | None, body: Body, text: str) -> SearchSynonymGroup:
    """Add a synonym group to ``body``'s search."""
    terms = parse_terms(text)
    group = SearchSynonymGroup(body_id=body.id, terms=", ".join(terms))
    session.add(group)
    audit.record(session, actor, group, "search_synonyms.created", f"Synonymgruppe „{group.terms}“ angelegt")
    return group


def update_group(session: Session, actor: User | None, group: SearchSynonymGroup, text: str) -> SearchSynonymGroup:
    """Replace the terms of a group."""
    terms = ", ".join(parse_terms(text))
    if terms != group.terms:
        before, group.terms = group.terms, terms
        audit.record(session, actor, group, "search_synonyms.updated",
                     f"Synonymgruppe geändert: „{before}“ → „{terms}“")
    return group


def delete_group(session: Session, actor: User | None, group: SearchSynonymGroup) -> None:
    """Remove a group; its terms no longer find each other."""
    audit.record(session, actor, group, "search_synonyms.deleted", f"Synonymgruppe „{group.terms}“ gelöscht")
    session.delete(group)
    session.flush()


def groups_of(session: Session, body_id: int) -> list[SearchSynonymGroup]:
    """The body's groups in alphabetical order of their terms."""
    found = session.scalars(select(SearchSynonymGroup).where(SearchSynonymGroup.body_id == body_id))
    return sorted(found, key=lambda g: analysis.fold(g.terms))


def seed_defaults(session: Session, body: Body) -> int:
    """Give ``body`` the default groups unless it has some already; returns how many were added."""
    if session.scalar(select(SearchSynonymGroup.id).where(SearchSynonymGroup.body_id == body.id).limit(1)):
        return 0
    for terms in DEFAULT_GROUPS:
        session.add(SearchSynonymGroup(body_id=body.id, terms=terms))
    session.flush()
    return len(DEFAULT_GROUPS)


def build_expansions(groups: list[list[str]]) -> Expansions:
    """The expansion table of term groups: every one-word term maps to the other terms of its groups.

    A hyphenated or multi-word term ("B-Plan", "PV-Anlage") is also a key under
    its joined form ("bplan"), which is how a query reads a hyphenated word.
    """
    table: Expansions = {}
    for terms in groups:
        words = [[w for w, _s, _e in analysis.words(t)] for t in terms]
        for i, own in enumerate(words):
            keys = {own[0]} if len(own) == 1 else {"".join(own)}
            others = [w for j, w in enumerate(words) if j != i and w != own]
            for key in keys:
                entry = table.setdefault(key, [])
                entry.extend(o for o in others if o not in entry)
    return table


def expansions(session: Session, body_id: int | None) -> Expansions:
    """The body's expansion table, read fresh (one query), so an edit applies to the next search."""
    if body_id is None:
        return {}
    rows = session.scalars(select(SearchSynonymGroup.terms).where(SearchSynonymGroup.body_id == body_id))
    return build_expansions([[t.strip() for t in row.split(",") if t.strip()] for row in rows])
