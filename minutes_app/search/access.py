"""Permission fields of internal documents, mirroring :mod:`minutes_app.services.permissions`.

Each internal document carries *access tokens* naming who may read it; each
user holds the tokens of their roles, department and committees. The internal
search filters on ``acl`` with the user's tokens (one cached set operation),
and the web layer then asks :func:`~minutes_app.services.permissions.can` for
every hit on the page, so a token rule that is too generous can cost a count
but never reveal text.

Internal ⊇ public: where an internal document says more than the public one,
the public document counts beside it as a *stand-in*, readable with the
``public`` token and skipped by whoever holds one of the internal document's
tokens, so every user finds at least what an anonymous citizen finds. The
Whoosh engine searches the public index under the internal one for this (see
:func:`~minutes_app.search.entries.overlay_entries`); the PostgreSQL engine
writes the stand-in into its internal table (see
:func:`~minutes_app.search.entries.internal_entries`).

Token vocabulary:

* ``public``: the internal document says nothing more than the public one;
* ``staff``: Sachbearbeitung, Sichtvermerk and Schriftführung read released Vorlagen;
* ``dept:<id>``: Sachbearbeitung/Sichtvermerk of a federführend or beteiligt department;
* ``signer:<user id>``: the holder of the position whose signature is due;
* ``sec:<committee id>``: Schriftführung of the committee;
* ``member:<committee id>``: members of the committee.
"""
from __future__ import annotations

from ..models import Meeting, Paper, PaperState, Role, SignOffState, User
from ..services.permissions import Permission, member_committee_ids, permissions_of, responsible_department_id

PUBLIC_TOKEN = "public"
_DRAFT_STATES = (PaperState.DRAFT, PaperState.IN_SIGN_OFF)


def paper_tokens(paper: Paper) -> set[str]:
    """Who may read the Vorlage internally (``Permission.PAPER_READ``)."""
    departments = (responsible_department_id(paper), *(o.id for o in (*paper.further_leads, *paper.participants)))
    tokens = {f"dept:{department_id}" for department_id in departments if department_id is not None}
    if paper.state in _DRAFT_STATES:
        if paper.state is PaperState.IN_SIGN_OFF:
            due = next(
                (s for s in paper.sign_offs if s.paper_version == paper.version and s.state is SignOffState.OPEN),
                None,
            )
            if due is not None and due.position is not None:
                tokens.update(f"signer:{holder.user_id}" for holder in due.position.holders)
        return tokens
    tokens.add("staff")
    tokens.update(f"member:{c.organization_id}" for c in paper.consultations)
    return tokens


def meeting_tokens(meeting: Meeting) -> set[str]:
    """Who may read the meeting, its items and minutes internally (``MEETING_READ_INTERNAL``)."""
    committees = [meeting.organization_id, *(org.id for org in meeting.joint_organizations)]
    return {*(f"sec:{c}" for c in committees), *(f"member:{c}" for c in committees)}


def user_tokens(user: User) -> frozenset[str] | None:
    """The tokens ``user`` holds; ``None`` means no restriction (administration)."""
    granted = permissions_of(user)
    if Permission.SEARCH_INTERNAL not in granted:
        return frozenset()
    if user.has_role(Role.ADMIN):
        return None
    tokens = {PUBLIC_TOKEN}
    roles = user.roles
    if roles & {Role.EDITOR, Role.SIGNER, Role.SECRETARY}:
        tokens.add("staff")
    if user.department_id is not None and roles & {Role.EDITOR, Role.SIGNER}:
        tokens.add(f"dept:{user.department_id}")
    if Role.SIGNER in roles:
        tokens.add(f"signer:{user.id}")
    if Role.SECRETARY in roles:
        tokens.update(f"sec:{c.id}" for c in user.committees)
    if Role.MEMBER in roles:
        tokens.update(f"member:{c}" for c in member_committee_ids(user))
    return frozenset(tokens)
