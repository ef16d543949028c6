"""Every document of a meeting in one list, so the staff pages link them instead of users typing URLs.

The list holds only what exists and what the user may open: the full versions
(with the non-public part) by the same policy as the downloads themselves
(:func:`services.documents.may_read_full`), the public versions only once the
portal would serve them.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..models import Body, Meeting, User
from ..services import documents, visibility
from ..services.permissions import Permission, can

FULL = "intern"


@dataclass(frozen=True)
class DocumentLink:
    """One document: what it is, which version, where to get it."""

    label: str
    version: str
    endpoint: str
    values: dict[str, object]


@dataclass(frozen=True)
class MeetingDocuments:
    """The meeting's documents, grouped as the meeting page shows them."""

    minutes_pages: list[DocumentLink]
    downloads: list[DocumentLink]
    extracts: list[DocumentLink]


def _both(label: str, endpoint: str, values: dict[str, object], *, full: bool, public: bool) -> list[DocumentLink]:
    links = []
    if full:
        links.append(DocumentLink(label, "vollständige Fassung (mit nichtöffentlichem Teil)", endpoint,
                                  {**values, "fassung": FULL}))
    if public:
        links.append(DocumentLink(label, "öffentliche Fassung", endpoint, dict(values)))
    return links


def meeting_documents(meeting: Meeting, body: Body, user: User | None) -> MeetingDocuments:
    """The documents of ``meeting`` that ``user`` may open: HTML minutes, Einladung, Niederschrift, Beschlussauszüge."""
    minutes = meeting.minutes
    announced = visibility.meeting_is_public(meeting)
    published = announced and visibility.minutes_are_published(minutes, body)
    pages: list[DocumentLink] = []
    if can(user, Permission.MINUTES_WRITE, meeting):
        label = "Niederschrift bearbeiten" if minutes is not None else "Niederschrift vorbereiten"
        pages.append(DocumentLink(label, "", "minutes.overview", {"meeting_id": meeting.id}))
    if minutes is not None and documents.may_read_full(user, meeting, minutes=True):
        pages.append(DocumentLink("Niederschrift lesen", "vollständige Fassung", "minutes.read",
                                  {"meeting_id": meeting.id}))
    if published:
        pages.append(DocumentLink("Niederschrift im Bürgerinformationssystem", "öffentliche Fassung",
                                  "public_minutes.show", {"meeting_id": meeting.id}))
    downloads = _both(
        "Einladung (DOCX)", "documents.invitation", {"meeting_id": meeting.id},
        full=documents.may_read_full(user, meeting), public=announced,
    )
    if minutes is not None:
        downloads += _both(
            "Niederschrift (DOCX)", "documents.minutes", {"meeting_id": meeting.id},
            full=documents.may_read_full(user, meeting, minutes=True), public=published,
        )
    extracts: list[DocumentLink] = []
    if minutes is not None:
        for item in sorted(meeting.agenda_items, key=lambda i: i.order):
            if item.result is None:
                continue
            extracts += _both(
                f"Beschlussauszug {item.number} {item.name}", "documents.resolution_extract", {"item_id": item.id},
                full=documents.may_read_full(user, item),
                public=published and visibility.agenda_item_is_public(item),
            )
    return MeetingDocuments(pages, downloads, extracts)
