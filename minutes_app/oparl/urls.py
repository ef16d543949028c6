"""Canonical URLs of the OParl endpoint: one immutable URL per object, built only from database ids.

OParl prescribes no paths; ours are ``<base>/system``, ``<base>/bodies``,
``<base>/body/<id>`` with its lists ``<base>/body/<id>/<list>``, and every
object at ``<base>/<type>/<id>`` (``type`` as in OParl, e.g. ``agendaItem``),
so an object keeps its URL whichever body portal shows it. Links to the
portal (``web``) come from a function the web layer passes in.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: OParl type name → path segment of the body's external list of that type.
BODY_LISTS = {
    "Organization": "organizations",
    "Person": "persons",
    "Meeting": "meetings",
    "Paper": "papers",
    "AgendaItem": "agendaItems",
    "Consultation": "consultations",
    "File": "files",
    "Location": "locations",
    "LegislativeTerm": "legislativeTerms",
    "Membership": "memberships",
}
#: Path segment → OParl type name.
LIST_TYPES = {segment: name for name, segment in BODY_LISTS.items()}
#: OParl type name → path segment of its objects.
OBJECT_PATHS = {
    "Body": "body",
    "LegislativeTerm": "legislativeTerm",
    "Organization": "organization",
    "Person": "person",
    "Membership": "membership",
    "Meeting": "meeting",
    "AgendaItem": "agendaItem",
    "Paper": "paper",
    "Consultation": "consultation",
    "File": "file",
    "Location": "location",
}
OBJECT_TYPES = {segment: name for name, segment in OBJECT_PATHS.items()}

#: (what, id) → URL of the portal page showing it, or None when the portal has no such page.
WebLink = Callable[[str, int], str | None]


@dataclass(frozen=True)
class Urls:
    """Builds the absolute URLs of one endpoint, e.g. ``base="https://ris.example.de/oparl/v1"``."""

    base: str
    web: WebLink

    def system(self) -> str:
        """The endpoint's System object."""
        return f"{self.base}/system"

    def bodies(self) -> str:
        """The list of all bodies."""
        return f"{self.base}/bodies"

    def of(self, type_name: str, object_id: int) -> str:
        """The URL of one object, e.g. ``of("Paper", 7)``."""
        return f"{self.base}/{OBJECT_PATHS[type_name]}/{object_id}"

    def body_list(self, body_id: int, type_name: str) -> str:
        """The body's external list of ``type_name`` objects."""
        return f"{self.base}/body/{body_id}/{BODY_LISTS[type_name]}"

    def organization_list(self, organization_id: int, type_name: str) -> str:
        """An organization's external list of its meetings or consultations."""
        return f"{self.base}/organization/{organization_id}/{BODY_LISTS[type_name]}"

    def file_access(self, file_id: int) -> str:
        """Where a client reads a public file (shown inline)."""
        return f"{self.base}/file/{file_id}/access"

    def file_download(self, file_id: int) -> str:
        """Where a client downloads a public file (as attachment)."""
        return f"{self.base}/file/{file_id}/download"
