"""Serializers of Meeting, AgendaItem and File.

Agenda items come from :func:`visibility.public_agenda`, the portal's own view:
a non-public item appears only with its number, its neutral public title (or
"nichtöffentlich") and ``public: false``; results, texts and votes appear only
once the minutes are published. ``order`` counts the meeting's items from 0.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from .. import redaction
from ..models import AgendaItem, File, Meeting, MeetingState
from ..services import markup, visibility
from ..services.markup import to_plain
from .context import Context
from .core import head, location, tail
from .extensions import PREFIX
from .formats import BERLIN, compact, date_time, day
from .votes import vote_extensions

MEETING_STATES = {
    MeetingState.PLANNED: "terminiert",
    MeetingState.INVITED: "eingeladen",
    MeetingState.HELD: "durchgeführt",
    MeetingState.CANCELLED: "abgesagt",
}


def public_file(found: File | None) -> bool:
    """Whether a file attached to a public object may be served (public and not deleted)."""
    return found is not None and not found.deleted and bool(visibility.public_files([found]))


def file(ctx: Context, found: File, embedded: bool = False) -> dict[str, Any]:
    """A public file with its access and download URLs; standalone with its public users.

    A file with a redacted public copy (Schwärzung) is served as that copy.
    """
    found = visibility.public_version(found)
    owners = {} if embedded else ctx.file_owners.get(found.id, {})
    return compact({
        **head(ctx, "File", found),
        "name": found.name,
        "fileName": found.file_name,
        "mimeType": found.media_type,
        "date": day(found.date) if found.date else day(found.created.date()),
        "size": found.size,
        "text": None if embedded else markup.redact_source(found.text, redaction.public_names(ctx.session)),
        "accessUrl": ctx.urls.file_access(found.id),
        "downloadUrl": ctx.urls.file_download(found.id),
        "externalServiceUrl": found.external_service_url if found.external_service_url.startswith("http") else None,
        "fileLicense": found.file_license if found.file_license.startswith("http") else None,
        "meeting": [ctx.urls.of("Meeting", i) for i in owners.get("Meeting", [])],
        "agendaItem": [ctx.urls.of("AgendaItem", i) for i in owners.get("AgendaItem", [])],
        "paper": [ctx.urls.of("Paper", i) for i in owners.get("Paper", [])],
        f"{PREFIX}sha256Checksum": found.sha256,
        **tail(found),
    })


def _files(ctx: Context, files: list[File]) -> list[dict[str, Any]]:
    return [file(ctx, f, embedded=True) for f in files if public_file(f)]


def agenda_item(ctx: Context, item: AgendaItem, embedded: bool = False) -> dict[str, Any]:
    """A TOP as the public sees it (the meeting must be public; the caller checks)."""
    meeting = item.meeting
    entry = ctx.public_agenda(meeting)[item.id]
    order = [i.id for i in meeting.agenda_items if not i.deleted].index(item.id)
    web = ctx.urls.web("Meeting", meeting.id, ctx.body_of_meeting(meeting).id)
    common = {
        **head(ctx, "AgendaItem", item),
        "meeting": None if embedded else ctx.urls.of("Meeting", meeting.id),
        "number": entry.number,
        "order": order,
        "name": entry.name,
        "public": entry.public,
    }
    if not entry.public:
        return compact({**common, "web": web and f"{web}#top-{item.id}",
                        "created": date_time(item.created), "modified": date_time(item.modified)})
    published = ctx.minutes_published(meeting)
    consultation = item.consultation
    resolution_file = item.resolution_file if published else None
    return compact({
        **common,
        "consultation": (
            ctx.urls.of("Consultation", consultation.id)
            if entry.paper is not None and consultation is not None and not consultation.deleted else None
        ),
        "result": entry.result_label,
        "resolutionText": to_plain(entry.resolution_text),
        "resolutionFile": file(ctx, resolution_file, embedded=True) if public_file(resolution_file) else None,
        "auxiliaryFile": _files(ctx, item.files),
        "start": date_time(item.start_time),
        "end": date_time(item.end_time),
        **vote_extensions(ctx, item, entry),
        f"{PREFIX}implementation": _implementation(ctx, item) if published and entry.result_label else None,
        **tail(item, web and f"{web}#top-{item.id}"),
    })


def _implementation(ctx: Context, item: AgendaItem) -> dict[str, Any] | None:
    """The Beschlusskontrolle of a public decision ("überfällig" computed for today, Berlin time)."""
    record = ctx.implementations.get(item.id)
    if record is None:
        return None
    today = datetime.now(BERLIN).date()
    return compact({
        "status": record.status.value,
        "statusLabel": record.status_label(today),
        "overdue": record.is_overdue(today),
        "dueDate": day(record.due_date) if record.due_date else None,
        "department": ctx.urls.of("Organization", record.department_id),
        "lastReport": day(record.reports[-1].report_date) if record.reports else None,
    })


def meeting(ctx: Context, found: Meeting) -> dict[str, Any]:
    """A public meeting with its agenda (the caller checks that it is public)."""
    published = ctx.minutes_published(found)
    place = found.location if found.location is not None and not found.location.deleted else None
    participants = [p for p in ctx.participants.get(found.id, []) if p in ctx.public_persons]
    invitation = found.invitation_file
    protocol = found.results_protocol_file if published else None
    verbatim = found.verbatim_protocol_file if published else None
    return compact({
        **head(ctx, "Meeting", found),
        "name": found.name,
        "meetingState": MEETING_STATES[found.state],
        "cancelled": True if found.cancelled else None,
        "start": date_time(found.start_time),
        "end": date_time(found.end_time),
        "location": location(ctx, place) if place is not None else None,
        "organization": [
            ctx.urls.of("Organization", o.id) for o in found.organizations if visibility.organization_is_public(o)
        ],
        "participant": [ctx.urls.of("Person", p) for p in participants],
        "invitation": file(ctx, invitation, embedded=True) if public_file(invitation) else None,
        "resultsProtocol": file(ctx, protocol, embedded=True) if public_file(protocol) else None,
        "verbatimProtocol": file(ctx, verbatim, embedded=True) if public_file(verbatim) else None,
        "auxiliaryFile": _files(ctx, found.files),
        "agendaItem": [agenda_item(ctx, i, embedded=True) for i in found.agenda_items if not i.deleted],
        f"{PREFIX}place": found.location_text if place is None else None,
        **tail(found, ctx.urls.web("Meeting", found.id, ctx.body_of_meeting(found).id)),
    })
