"""Tischvorlagen: files handed out on an agenda item (at or shortly before the meeting).

They are stored through the same checks as every Anlage (:func:`services.files.store_upload`:
type by content, size limit of the body, no macros or executables) and are
non-public unless the secretary marks them public. The public sees a public
Tischvorlage only on a public item of an announced meeting (:mod:`services.visibility`).
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import AgendaItem, File, MeetingState, User
from ..services import audit, files
from ..services.errors import InvalidTransition
from ..services.meetings import describe


def _require_open(item: AgendaItem) -> None:
    if item.meeting.state is MeetingState.CANCELLED:
        raise InvalidTransition("Die Sitzung ist abgesagt; Tischvorlagen können nicht mehr geändert werden.")


def attach(session: Session, actor: User | None, item: AgendaItem, record: File) -> None:
    """Hand out an uploaded (already checked) file as a Tischvorlage of ``item``."""
    _require_open(item)
    item.files.append(record)
    session.flush()
    audit.record(
        session, actor, item.meeting, "agenda.file_added",
        f"Tagesordnung der Sitzung {describe(item.meeting)}: Tischvorlage „{record.name}“ zu {item.number} "
        f"({'öffentlich' if record.public else 'nichtöffentlich'})",
    )


def remove(session: Session, actor: User | None, item: AgendaItem, record: File) -> str:
    """Take a Tischvorlage off the item; returns the storage key whose blob the caller deletes after commit."""
    _require_open(item)
    if record not in item.files:
        raise InvalidTransition("Diese Datei ist keine Tischvorlage dieses Tagesordnungspunkts.")
    item.files.remove(record)
    audit.record(
        session, actor, item.meeting, "agenda.file_removed",
        f"Tagesordnung der Sitzung {describe(item.meeting)}: Tischvorlage „{record.name}“ zu {item.number} entfernt",
    )
    return files.delete_file(session, actor, record)


def set_public(session: Session, actor: User | None, item: AgendaItem, record: File, public: bool) -> None:
    """Mark a Tischvorlage öffentlich or nichtöffentlich."""
    _require_open(item)
    if record not in item.files:
        raise InvalidTransition("Diese Datei ist keine Tischvorlage dieses Tagesordnungspunkts.")
    record.public = public
    session.flush()
    audit.record(
        session, actor, item.meeting, "agenda.file_changed",
        f"Tagesordnung der Sitzung {describe(item.meeting)}: Tischvorlage „{record.name}“ zu {item.number} ist jetzt "
        f"{'öffentlich' if public else 'nichtöffentlich'}",
    )
