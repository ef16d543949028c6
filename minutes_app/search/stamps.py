"""Stamps: a cheap fingerprint of the rows a search document is built from, read in batches.

A results page shows what the index stored for each hit (title, snippet
source, links) instead of rebuilding every document from the database. The
stamp tells whether a stored entry is still current: it is read once when the
document is built (before its text, so a change in between makes it look
older, never newer) and stored with it; the results page reads the stamps of
its hits again, one statement per kind of hit, and an entry whose stamp
differs is rebuilt from the database (or dropped when the object has no
document any more).

Each stamp joins, as text, the latest ``modified``, the number and the id sum
of every kind of row whose change makes :mod:`.indexer` rewrite the
document: the object, its consultations, agenda items, meetings and minutes,
its attachments (and their redacted public copies), sign-offs, attendance,
the Beschlusskontrolle record, and the body's publication setting and
always-redacted names. Of a Vorlage or an agenda item that another
document only refers to, the stamp holds the columns that document shows or
depends on instead of the row's ``modified``: an edit of the Vorlage's or
the item's own text changes no other entry, so a save need not write them
again (see :mod:`.replaced` and ``changes.OWN_COLUMNS``). Visibility follows
from these rows, so a document that stopped being public changes its stamp
too; the public page additionally drops every hit the visibility module's
SQL clauses refuse.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Integer, Select, String, bindparam, cast, func, select
from sqlalchemy.orm import Session, aliased, outerjoin
from sqlalchemy.sql.elements import ColumnElement

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
    Organization,
    Paper,
    SignOff,
    agenda_item_files,
    meeting_files,
    meeting_joint_organizations,
    paper_files,
)
from ..services import visibility


def _joined(*aggregates: ColumnElement[Any]) -> ColumnElement[str]:
    parts = [func.coalesce(cast(aggregate, String()), "") for aggregate in aggregates]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "," + part
    return joined


def _sub(*aggregates: ColumnElement[Any], source: Any, where: ColumnElement[bool]) -> ColumnElement[str]:
    return select(_joined(*aggregates)).select_from(source).where(where).scalar_subquery()


def _columns(*columns: ColumnElement[Any]) -> ColumnElement[str]:
    """The values of ``columns`` of every joined row as one text (in no particular order)."""
    row = _joined(*columns)
    return func.aggregate_strings(row, ";")


def _match(column: ColumnElement[Any], ids: Any) -> ColumnElement[bool]:
    """``column`` equals the outer row's id, or is one of the ids a subquery selects (several owners)."""
    return column.in_(ids) if isinstance(ids, Select) else column == ids


# Every helper selects from aliases of its own: a subquery naming the outer query's table would be
# correlated to the outer row instead of joining.

def _body_of_papers(paper_ids: Any) -> ColumnElement[str]:
    """The publication setting and always-redacted names of the Vorlagen's bodies (other fields leave texts alone)."""
    body, paper = aliased(Body), aliased(Paper)
    where = body.id == Paper.body_id if not isinstance(paper_ids, Select) else body.id.in_(
        select(paper.body_id).where(paper.id.in_(paper_ids)).correlate(File))
    return _sub(func.max(cast(body.minutes_publication, String())), func.max(body.redacted_names), source=body,
                where=where)


def _consultation_chain(paper_ids: Any) -> ColumnElement[str]:
    """The Vorlagen's consultations with their agenda items, meetings and minutes (results and visibility)."""
    consultation, item = aliased(Consultation), aliased(AgendaItem)
    meeting, minutes = aliased(Meeting), aliased(Minutes)
    source = (
        outerjoin(consultation, item, item.id == consultation.agenda_item_id)
        .outerjoin(meeting, meeting.id == item.meeting_id).outerjoin(minutes, minutes.meeting_id == meeting.id)
    )
    # Of the agenda items, only what decides whether the result is public: not their texts (their ``modified``).
    # Of the meetings, likewise only their visibility: not their names, times or places (their ``modified``).
    return _sub(func.count(), func.sum(consultation.id), func.max(consultation.modified), func.sum(item.id),
                _columns(item.public, item.deleted_at, item.meeting_id),
                _columns(meeting.state, meeting.invitation_sent_at, meeting.deleted_at),
                func.max(minutes.modified), source=source, where=_match(consultation.paper_id, paper_ids))


def _files(links: Any, owner: ColumnElement[Any], owner_ids: Any) -> ColumnElement[str]:
    """Attached files and their redacted public copies."""
    file, copy = aliased(File), aliased(File)
    source = links.join(file, file.id == links.c.file_id).outerjoin(copy, copy.id == file.public_copy_id)
    return _sub(func.count(), func.sum(links.c.file_id), func.max(file.modified), func.max(copy.modified),
                source=source, where=_match(owner, owner_ids))


def _meetings(meeting_ids: Any) -> ColumnElement[str]:
    """Meetings with their minutes, joint committees and their bodies' settings."""
    meeting, minutes, organization, body = aliased(Meeting), aliased(Minutes), aliased(Organization), aliased(Body)
    joint = meeting_joint_organizations.c
    source = (
        outerjoin(meeting, minutes, minutes.meeting_id == meeting.id)
        .join(organization, organization.id == meeting.organization_id).join(body, body.id == organization.body_id)
    )
    # What agenda items show of their meeting and what decides its visibility, not its ``modified``: a new place
    # changes the meeting's own entry (its stamp adds ``Meeting.modified``), not its items'.
    return _joined(
        _sub(func.count(), func.sum(meeting.id),
             _columns(meeting.name, meeting.start_time, meeting.state, meeting.invitation_sent_at, meeting.deleted_at),
             func.sum(meeting.organization_id),
             func.max(minutes.modified), func.sum(minutes.chair_id), func.max(cast(body.minutes_publication, String())),
             func.max(body.redacted_names), source=source, where=_match(meeting.id, meeting_ids)),
        _sub(func.count(), func.sum(joint.organization_id), source=meeting_joint_organizations,
             where=_match(joint.meeting_id, meeting_ids)),
    )


def _paper_stamp() -> ColumnElement[str]:
    sign_off = aliased(SignOff)
    return _joined(
        Paper.modified, _consultation_chain(Paper.id), _files(paper_files, paper_files.c.paper_id, Paper.id),
        _sub(func.count(), func.sum(sign_off.id), func.max(sign_off.modified), source=sign_off,
             where=sign_off.paper_id == Paper.id),
        _body_of_papers(Paper.id),
    )


def _agenda_item_stamp() -> ColumnElement[str]:
    # The item names its Vorlage only while the Vorlage is public, which its other consultations decide.
    own, paper, implementation = aliased(Consultation), aliased(Paper), aliased(DecisionImplementation)
    papers = select(own.paper_id).where(own.agenda_item_id == AgendaItem.id).correlate(AgendaItem)
    return _joined(
        AgendaItem.modified, _meetings(AgendaItem.meeting_id),
        # Of its Vorlage the item shows number and name, and names it only while the Vorlage is released:
        # those columns, not its ``modified``, so an edit of the Vorlage's text leaves the item's entry as it is.
        _sub(func.count(), func.sum(own.id), func.max(own.modified),
             _columns(paper.reference, paper.name, paper.public, paper.state, paper.deleted_at),
             source=outerjoin(own, paper, paper.id == own.paper_id),
             where=own.agenda_item_id == AgendaItem.id),
        _consultation_chain(papers),
        _sub(func.count(), func.max(implementation.modified), source=implementation,
             where=implementation.agenda_item_id == AgendaItem.id),
    )


def _meeting_stamp() -> ColumnElement[str]:
    # Attendance rows carry no ``modified``: their persons, representatives, guests and kinds stand in.
    attendance, location = aliased(Attendance), aliased(Location)
    return _joined(
        Meeting.modified, _meetings(Meeting.id),
        # The place it names: an edited location changes the documents of the meetings held there.
        _sub(func.max(location.modified), source=location, where=location.id == Meeting.location_id),
        _sub(func.count(), func.sum(attendance.id), func.sum(attendance.person_id),
             func.sum(attendance.represented_by_id), func.sum(func.length(attendance.guest_name)),
             func.max(cast(attendance.kind, String())), source=attendance,
             where=attendance.meeting_id == Meeting.id),
    )


def _file_stamp() -> ColumnElement[str]:
    # The link tables are indexed by owner, not by file: each is read once, joined to its owners. An
    # attachment's visibility follows its owners'; the public page checks it with the visibility clause.
    copy, paper, meeting, item = aliased(File), aliased(Paper), aliased(Meeting), aliased(AgendaItem)
    link_p, link_m, link_i = paper_files.c, meeting_files.c, agenda_item_files.c
    body = aliased(Body)
    return _joined(
        File.modified, select(copy.modified).where(copy.id == File.public_copy_id).scalar_subquery(),
        # Of its Vorlage an attachment shows the date and follows its body and visibility: those columns,
        # not its ``modified``, so an edit of the Vorlage's text leaves the attachment's entry as it is.
        _sub(func.count(), func.sum(paper.id),
             _columns(paper.date, paper.body_id, paper.public, paper.state, paper.deleted_at),
             func.max(body.redacted_names),
             source=paper_files.join(paper, paper.id == link_p.paper_id).join(body, body.id == paper.body_id),
             where=link_p.file_id == File.id),
        # Of a meeting, an attachment shows the date and committee and follows its visibility.
        _sub(func.count(), func.sum(meeting.id),
             _columns(meeting.start_time, meeting.organization_id, meeting.state, meeting.invitation_sent_at,
                      meeting.deleted_at),
             source=meeting_files.join(meeting, meeting.id == link_m.meeting_id), where=link_m.file_id == File.id),
        # Of an agenda item, an attachment follows its meeting and visibility, not its texts.
        _sub(func.count(), func.sum(item.id), _columns(item.public, item.deleted_at, item.meeting_id),
             source=agenda_item_files.join(item, item.id == link_i.agenda_item_id), where=link_i.file_id == File.id),
    )


_MODELS = {"paper": Paper, "agenda_item": AgendaItem, "meeting": Meeting, "file": File}
_STAMPS = {"paper": _paper_stamp, "agenda_item": _agenda_item_stamp, "meeting": _meeting_stamp, "file": _file_stamp}
_PUBLIC = {
    "paper": visibility.public_paper_clause, "agenda_item": visibility.public_agenda_item_clause,
    "meeting": visibility.public_meeting_clause, "file": visibility.public_file_clause,
}


@lru_cache(maxsize=8)
def _statement(kind: str, public: bool) -> Select[Any]:
    model = _MODELS[kind]
    ids = bindparam("ids", type_=Integer, expanding=True)
    statement = select(model.id, _STAMPS[kind]()).where(model.id.in_(ids))
    if not public:
        return statement
    if kind == "agenda_item":  # the item's clause asks about its meeting too
        statement = statement.join(Meeting, Meeting.id == AgendaItem.meeting_id)
    return statement.where(_PUBLIC[kind]())


def read(session: Session | Connection, keys: Iterable[tuple[str, int]],
         public: bool = False) -> dict[tuple[str, int], str]:
    """The current stamp of each (kind, object id), one statement per kind.

    With ``public`` only objects the visibility rules show the public are
    returned; a missing key means: no document (deleted, or not public).
    """
    by_kind: dict[str, list[int]] = {}
    for kind, object_id in keys:
        by_kind.setdefault(kind, []).append(object_id)
    out: dict[tuple[str, int], str] = {}
    # On the connection, past the ORM: the statements name every deletion and visibility rule themselves,
    # and the ORM's per-execution work cost five times the query.
    connection = session.connection() if isinstance(session, Session) else session
    for kind, ids in by_kind.items():
        for object_id, stamp in connection.execute(_statement(kind, public), {"ids": sorted(set(ids))}):
            out[(kind, object_id)] = stamp or ""
    return out
