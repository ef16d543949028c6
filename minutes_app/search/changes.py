"""What a transaction changed, noted for the search indexes, and which documents that affects.

* ``after_flush`` notes every changed, new or deleted object that feeds a
  document (also consultations, minutes, sign-offs and bodies, which change
  what other documents say or who may see them) in ``session.info``; a
  savepoint's rollback takes back only its own notes, a rollback all of them;
* :func:`affected_documents` expands the notes into document ids: a Vorlage
  with its agenda items and files, a meeting with its items and their
  Vorlagen; only the object's own document where a save changed only columns
  no other document reads (:data:`OWN_COLUMNS`), and a meeting with its items
  and attachments but not their Vorlagen where it changed only what those
  show of it (:data:`PART_COLUMNS`).

:mod:`.indexer` builds and writes those documents after the commit (on
PostgreSQL, :mod:`.postgres.hooks` before it); the OParl import collects the
notes of many commits.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from ..models import (
    AgendaItem,
    Attendance,
    Body,
    Consultation,
    DecisionImplementation,
    File,
    Location,
    Meeting,
    Minutes,
    Paper,
    SignOff,
    agenda_item_files,
    meeting_files,
    paper_files,
)
from . import documents

INFO_KEY = "search_changes"
SNAPSHOTS_KEY = "search_changes_at_savepoints"


#: Columns no other object's document reads, by model: a Vorlage's agenda items show its number and name
#: and its attachments its date, an agenda item's Vorlage and attachments follow only its visibility and
#: meeting (see :mod:`.stamps`). A save changing nothing else rewrites the object's own document alone.
OWN_COLUMNS: dict[type, tuple[str, frozenset[str]]] = {
    Paper: ("paper", frozenset({"resolution_proposal", "reasoning", "financial_impact", "modified", "version",
                                "lock_version"})),
    AgendaItem: ("agenda_item", frozenset({"name", "public_name", "number", "minutes_text", "resolution_text",
                                           "result", "result_wording", "votes_yes", "votes_no", "votes_abstain",
                                           "unanimous", "majority", "start_time", "end_time", "modified",
                                           "version", "title_version"})),
    # Number, place and end appear in the meeting's document only; reasons and original files in none.
    Meeting: ("meeting", frozenset({"number", "location_id", "location_text", "end_time", "cancellation_reason",
                                    "late_invitation_reason", "invitation_file_id", "results_protocol_file_id",
                                    "verbatim_protocol_file_id", "modified", "version"})),
}
#: Meeting columns its agenda items and attachments show (name, date) but no Vorlage reads: a save changing only
#: these (and own columns) rebuilds the meeting, its items and attachments, not the items' Vorlagen.
PART_COLUMNS: dict[type, frozenset[str]] = {Meeting: frozenset({"name", "start_time"})}
#: Prefix of a touched kind whose change stays within :data:`OWN_COLUMNS` ("own:paper").
OWN = "own:"
#: Prefix of a touched meeting whose change stays within :data:`PART_COLUMNS` ("parts:meeting").
PARTS = "parts:"


def _own_kind(obj: object) -> str | None:
    """``own:<kind>`` if only columns of :data:`OWN_COLUMNS` of ``obj`` changed, ``parts:<kind>`` if only those
    and :data:`PART_COLUMNS`, else None."""
    kind, columns = OWN_COLUMNS.get(type(obj), (None, frozenset()))
    if kind is None:
        return None
    changed = {attr.key for attr in inspect(obj).attrs if attr.history.has_changes()}
    if not changed:
        return None
    if changed <= columns:
        return OWN + kind
    return PARTS + kind if changed <= columns | PART_COLUMNS.get(type(obj), frozenset()) else None


def document_kind(kind: str) -> str:
    """The document kind of a noted kind (``own:paper`` → ``paper``, ``parts:meeting`` → ``meeting``)."""
    return kind.removeprefix(OWN).removeprefix(PARTS)


def _note(changes: dict[str, set[Any]], obj: object, deleted: bool, dirty: bool = False) -> None:
    touched, gone = changes["touched"], changes["deleted"]
    own = _own_kind(obj) if dirty else None
    if own is not None:
        touched.add((own, obj.id))  # type: ignore[attr-defined]
    elif isinstance(obj, Paper | Meeting | AgendaItem | File):
        kind = {Paper: "paper", Meeting: "meeting", AgendaItem: "agenda_item", File: "file"}[type(obj)]
        if deleted:
            gone.add(documents.key(kind, obj.id))
        else:
            touched.add((kind, obj.id))
        if deleted and isinstance(obj, AgendaItem):
            touched.add(("meeting", obj.meeting_id))
    elif isinstance(obj, Consultation):
        touched.add(("paper", obj.paper_id))
        history = inspect(obj).attrs.agenda_item_id.history
        for item_id in (obj.agenda_item_id, *(history.deleted or ())):
            if item_id is not None:
                touched.add(("agenda_item", item_id))
    elif isinstance(obj, Minutes | Attendance):  # the chair and attendees are in the meeting's document
        touched.add(("meeting", obj.meeting_id))
    elif isinstance(obj, Location):  # the place is in the documents of the meetings held there
        touched.add(("location", obj.id))
    elif isinstance(obj, SignOff):
        touched.add(("paper", obj.paper_id))
    elif isinstance(obj, DecisionImplementation):  # the Beschlusskontrolle facet of the item
        touched.add(("agenda_item", obj.agenda_item_id))
    elif isinstance(obj, Body) and not deleted and inspect(obj).attrs.minutes_publication.history.has_changes():
        touched.add(("body", obj.id))
    if isinstance(obj, Body) and not deleted and inspect(obj).attrs.redacted_names.history.has_changes():
        # The always-redact names may occur in any public text: reindex everything.
        touched.add(("redaction", obj.id))


def after_flush(session: Session, _context: Any) -> None:
    """Remember what this flush changed, until the transaction commits."""
    changes = session.info.setdefault(INFO_KEY, {"touched": set(), "deleted": set()})
    with session.no_autoflush:
        for obj in session.new:
            _note(changes, obj, deleted=False)
        for obj in session.dirty:
            if session.is_modified(obj, include_collections=True):
                _note(changes, obj, deleted=False, dirty=True)
        for obj in session.deleted:
            _note(changes, obj, deleted=True)


def after_transaction_create(session: Session, transaction: Any) -> None:
    """At a savepoint, remember the notes so far: rolling the savepoint back restores them."""
    if transaction.nested:
        changes = session.info.get(INFO_KEY) or {"touched": set(), "deleted": set()}
        snapshots = session.info.setdefault(SNAPSHOTS_KEY, {})
        snapshots[transaction] = {name: set(values) for name, values in changes.items()}


def after_transaction_end(session: Session, transaction: Any) -> None:
    """Forget a finished savepoint's snapshot."""
    if transaction.nested:
        session.info.get(SNAPSHOTS_KEY, {}).pop(transaction, None)


def after_rollback(session: Session) -> None:
    """A rolled-back transaction changed nothing.

    A savepoint's rollback takes back only what was noted since the
    savepoint began; the outer transaction's notes still count.
    """
    if session.in_nested_transaction():
        snapshot = session.info.get(SNAPSHOTS_KEY, {}).get(session.get_nested_transaction())
        if snapshot is not None:
            session.info[INFO_KEY] = {name: set(values) for name, values in snapshot.items()}
        return
    session.info.pop(INFO_KEY, None)
    session.info.pop(SNAPSHOTS_KEY, None)


def take_changes(session: Session) -> tuple[set[tuple[str, int]], set[str]]:
    """(touched objects, deleted document ids) noted in ``session``, cleared."""
    changes = session.info.pop(INFO_KEY, None) or {"touched": set(), "deleted": set()}
    return changes["touched"], changes["deleted"]


# -- expanding ----------------------------------------------------------------------------

def _ids(session: Session, statement: Any) -> set[int]:
    return set(session.scalars(statement))


def affected_documents(session: Session, touched: Iterable[tuple[str, int]]) -> set[str]:
    """All document ids whose text or visibility depends on the touched objects."""
    own: set[str] = set()
    parted: set[int] = set()
    locations: set[int] = set()
    papers: set[int] = set()
    items: set[int] = set()
    meetings: set[int] = set()
    files: set[int] = set()
    if any(kind == "redaction" for kind, _id in touched):
        return set(documents.all_document_ids(session))
    for kind, object_id in touched:
        if kind.startswith(OWN):
            own.add(documents.key(document_kind(kind), object_id))
        elif kind.startswith(PARTS):
            parted.add(object_id)
        {"paper": papers, "agenda_item": items, "meeting": meetings, "file": files,
         "location": locations}.get(kind, set()).add(object_id)
        if kind == "body":
            meetings |= _ids(session, select(Minutes.meeting_id))
    if locations:  # only the meetings' own documents name their place
        held = _ids(session, select(Meeting.id).where(Meeting.location_id.in_(locations)))
        own |= {documents.key("meeting", i) for i in held}
    if meetings:
        items |= _ids(session, select(AgendaItem.id).where(AgendaItem.meeting_id.in_(meetings)))
        files |= _ids(session, select(meeting_files.c.file_id).where(meeting_files.c.meeting_id.in_(meetings)))
    if items:
        papers |= _ids(session, select(Consultation.paper_id).where(Consultation.agenda_item_id.in_(items)))
        files |= _ids(session, select(agenda_item_files.c.file_id).where(agenda_item_files.c.agenda_item_id.in_(items)))
    if papers:
        items |= _ids(session, select(Consultation.agenda_item_id).where(
            Consultation.paper_id.in_(papers), Consultation.agenda_item_id.is_not(None)))
        files |= _ids(session, select(paper_files.c.file_id).where(paper_files.c.paper_id.in_(papers)))
    if files:
        # A Vorlage's document contains its attachments' text.
        papers |= _ids(session, select(paper_files.c.paper_id).where(paper_files.c.file_id.in_(files)))
    return own | _meetings_with_parts(session, parted) | {
        *(documents.key("paper", i) for i in papers), *(documents.key("agenda_item", i) for i in items),
        *(documents.key("meeting", i) for i in meetings), *(documents.key("file", i) for i in files),
    }


def _meetings_with_parts(session: Session, meeting_ids: set[int]) -> set[str]:
    """The meetings' documents with those of their agenda items and their and the items' attachments."""
    if not meeting_ids:
        return set()
    items = _ids(session, select(AgendaItem.id).where(AgendaItem.meeting_id.in_(meeting_ids)))
    files = _ids(session, select(meeting_files.c.file_id).where(meeting_files.c.meeting_id.in_(meeting_ids)))
    if items:
        files |= _ids(session, select(agenda_item_files.c.file_id).where(agenda_item_files.c.agenda_item_id.in_(items)))
    return {*(documents.key("meeting", i) for i in meeting_ids), *(documents.key("agenda_item", i) for i in items),
            *(documents.key("file", i) for i in files)}
