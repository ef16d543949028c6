"""What search documents are built from: the objects, loaded with everything their documents read.

Each loader reads a batch of objects in a fixed number of queries, whatever
the batch size (:func:`~.documents.build_documents` builds 500 at a time in a
rebuild, a handful after a save).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import (
    AgendaItem,
    Attendance,
    Consultation,
    Meeting,
    Minutes,
    Paper,
    SignOff,
    SignOffPosition,
    agenda_item_files,
    meeting_files,
    paper_files,
)


def paper_options() -> list[Any]:
    """What a Vorlage's document reads: participants, leads, files, its consultations with their meetings, sign-offs."""
    item = selectinload(Paper.consultations).selectinload(Consultation.agenda_item)
    return [
        selectinload(Paper.participants),
        selectinload(Paper.further_leads),
        selectinload(Paper.files),
        item.selectinload(AgendaItem.meeting).selectinload(Meeting.minutes),
        item.selectinload(AgendaItem.meeting).selectinload(Meeting.organization),
        selectinload(Paper.sign_offs).selectinload(SignOff.position).selectinload(SignOffPosition.holders),
    ]


def meeting_options() -> list[Any]:
    """What a meeting's document reads (and an attachment of the meeting): committees, minutes, place."""
    return [
        selectinload(Meeting.organization),
        selectinload(Meeting.joint_organizations),
        selectinload(Meeting.minutes).selectinload(Minutes.chair),
        selectinload(Meeting.location),
    ]


def agenda_item_options() -> list[Any]:
    """What an agenda item's document reads: its meeting, Vorlage, files and Beschlusskontrolle record.

    None of the meeting's other items: the item's public entry depends on itself
    and its meeting only (see :func:`~minutes_app.services.visibility.public_agenda_entry`).
    """
    return [
        selectinload(AgendaItem.meeting).options(*meeting_options()),
        selectinload(AgendaItem.consultation).selectinload(Consultation.paper),
        selectinload(AgendaItem.files),
        selectinload(AgendaItem.implementation),
    ]


def attendees(session: Session, meeting_ids: list[int]) -> dict[int, list[Attendance]]:
    """The attendance rows of the meetings, with their persons, in one query."""
    rows = session.scalars(select(Attendance).where(Attendance.meeting_id.in_(meeting_ids)).order_by(Attendance.id)
                           .options(selectinload(Attendance.person), selectinload(Attendance.represented_by)))
    found: dict[int, list[Attendance]] = {}
    for row in rows:
        found.setdefault(row.meeting_id, []).append(row)
    return found


def file_owners(session: Session, file_ids: list[int]) -> dict[int, list[Paper | Meeting | AgendaItem]]:
    """The Vorlagen, meetings and agenda items each file is attached to (deleted ones left out)."""
    owners: dict[int, list[Paper | Meeting | AgendaItem]] = {i: [] for i in file_ids}
    links = [
        (paper_files.c.file_id, paper_files.c.paper_id, Paper, paper_options()),
        (meeting_files.c.file_id, meeting_files.c.meeting_id, Meeting, meeting_options()),
        # An item's attachment belongs to the item's Vorlage where that is public (see _owner_group).
        (agenda_item_files.c.file_id, agenda_item_files.c.agenda_item_id, AgendaItem,
         [*agenda_item_options(), selectinload(AgendaItem.consultation).selectinload(Consultation.paper)
          .selectinload(Paper.consultations).selectinload(Consultation.agenda_item)
          .selectinload(AgendaItem.meeting)]),
    ]
    for file_col, owner_col, model, options in links:
        pairs = session.execute(select(file_col, owner_col).where(file_col.in_(file_ids))).all()
        if not pairs:
            continue
        objects = {o.id: o for o in session.scalars(
            select(model).where(model.id.in_({p[1] for p in pairs})).options(*options))}
        for file_id, owner_id in sorted(pairs):
            owner = objects.get(owner_id)
            # A deleted owner (soft deletion hides it), or an item of a deleted meeting, lends the file nothing.
            if owner is not None and not (isinstance(owner, AgendaItem) and owner.meeting is None):
                owners[file_id].append(owner)
    return owners
