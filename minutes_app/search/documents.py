"""Model objects → search documents, for the public and for the internal index.

A document is a plain dict: ``id`` ("paper:12"), ``kind``, ``type``,
``committee`` and ``result`` (lists), ``date``, ``reference``, ``title``,
``body`` (all searchable text), ``acl`` (internal only) and ``meta`` (what a
hit shows: link target, meeting, item number, result, vote).

**Public documents are built only from what** :mod:`minutes_app.services.visibility`
**returns**: :func:`~minutes_app.services.visibility.paper_is_public`,
:func:`~minutes_app.services.visibility.public_agenda`,
:func:`~minutes_app.services.visibility.meeting_is_public`,
:func:`~minutes_app.services.visibility.minutes_are_published` and
:func:`~minutes_app.services.visibility.public_files`. An object that is not
public has no public document at all, so its text can never enter the public index.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import redaction
from ..models import (
    AgendaItem,
    Attendance,
    AttendeeKind,
    Body,
    File,
    Meeting,
    Paper,
    agenda_item_files,
    meeting_files,
    paper_files,
)
from ..services import markup, visibility
from . import access, analysis, sources, stamps
from .entries import KINDS, key, parse_key

Document = dict[str, Any]
KIND_LABELS = {"paper": "Vorlage", "agenda_item": "Tagesordnungspunkt", "meeting": "Sitzung", "file": "Anlage"}
_MARKUP_RE = re.compile(r"[*#]+")


def plain(text: str) -> str:
    """Text without the emphasis and heading markers of the safe markup."""
    return _MARKUP_RE.sub("", text or "")


def _finish(doc: Document, when: date | None) -> Document:
    when = when or date(1970, 1, 1)
    doc["date"] = when
    doc["year"] = str(when.year)
    doc["body"] = analysis.strip_invisible(plain("\n".join(part for part in doc.pop("parts") if part)))
    doc["title"] = analysis.strip_invisible(doc["title"])
    if doc.get("boiler"):
        doc["boiler"] = analysis.strip_invisible(doc["boiler"])
    content = "\x1f".join(
        [doc["title"], doc["body"], doc["type"], " ".join(doc["committee"]), " ".join(doc["result"]),
         doc["date"].isoformat(), doc["reference"], doc["body_id"], " ".join(doc.get("implementation", ())),
         doc["group"], doc.get("heading", ""), doc.get("boiler", "")]
    )
    doc["content_hash"] = hashlib.blake2b(content.encode(), digest_size=8).hexdigest()
    doc["hash"] = doc["content_hash"]
    return doc


def _with_acl(internal: Document, public: Document | None, tokens: set[str]) -> Document:
    """Attach access tokens; ``public`` only when the internal text says nothing more than the public one."""
    if public is not None and public["content_hash"] == internal["content_hash"]:
        tokens = {*tokens, access.PUBLIC_TOKEN}
    internal["acl"] = sorted(tokens)
    digest = hashlib.blake2b((internal["content_hash"] + " ".join(internal["acl"])).encode(), digest_size=8)
    internal["hash"] = digest.hexdigest()
    return internal


class _Builder:
    """Builds documents for one session, caching bodies."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._bodies: dict[int, Body] = {}
        #: The always-redact names, read once per build.
        self.names = redaction.public_names(session)

    def body(self, body_id: int) -> Body:
        if body_id not in self._bodies:
            self._bodies[body_id] = self.session.get_one(Body, body_id)
        return self._bodies[body_id]

    # -- Vorlagen ------------------------------------------------------------------
    def paper(self, paper: Paper, public: bool) -> Document | None:
        if public and not visibility.paper_is_public(paper):
            return None
        files = visibility.public_files(paper.files) if public else paper.files
        results = []
        for consultation in paper.consultations:
            if consultation.result is None:
                continue
            item = consultation.agenda_item
            if public and not (
                item is not None and visibility.agenda_item_is_public(item)
                and visibility.minutes_are_published(item.meeting.minutes, self.body(paper.body_id))
            ):
                continue
            results.append(consultation.result.value)
        texts = [paper.resolution_proposal, paper.reasoning, paper.financial_impact]
        if public:  # Schwärzung: the public index never holds a redacted passage or name
            texts = [markup.redact_source(t, self.names) for t in texts]
        doc: Document = {
            "id": key("paper", paper.id), "kind": "paper", "type": paper.paper_type.value,
            "body_id": str(paper.body_id),
            "committee": sorted({str(c.organization_id) for c in paper.consultations}),
            "result": sorted(set(results)), "reference": analysis.normalize_reference(paper.reference), "title": paper.name,
            "parts": [paper.reference, paper.name, *texts,
                      *(f"{f.name}\n{markup.redact_source(f.text, self.names) if public else f.text}" for f in files)],
            "meta": {"link": ("paper", paper.id), "reference": paper.reference, "type_label": paper.paper_type.label},
            "group": key("paper", paper.id),
        }
        return _finish(doc, paper.date)

    # -- Tagesordnungspunkte -------------------------------------------------------
    def agenda_item(self, item: AgendaItem, public: bool) -> Document | None:
        meeting = item.meeting
        committees = sorted({str(o.id) for o in meeting.organizations})
        meta = {"link": ("meeting", meeting.id), "meeting": meeting.name, "meeting_date": meeting.start_time,
                "committee_names": [o.name for o in meeting.organizations], "number": item.number}
        if public:
            entry = visibility.public_agenda_entry(item, self.body(meeting.organization.body_id), self.names)
            if entry is None or not entry.public:
                return None
            paper = entry.paper
            name, resolution, result_label, vote, minutes_text = (
                entry.name, entry.resolution_text, entry.result_label, entry.vote_label, entry.minutes_text)
            # The label may be the minutes' own wording; it is shown only once published, and so is the facet.
            result = [item.result.value] if result_label and item.result is not None else []
        else:
            paper = item.consultation.paper if item.consultation else None
            name, resolution, minutes_text = item.name, item.resolution_text, item.minutes_text
            result_label = item.result_label
            result = [item.result.value] if item.result else []
            vote = item.vote_label
        meta.update(result_label=result_label, vote_label=vote,
                    paper=(paper.id, paper.reference) if paper is not None else None)
        # Beschlusskontrolle facet: only where the result itself is known to the audience.
        record = item.implementation if result else None
        implementation = [record.status.value] if record is not None else []
        doc: Document = {
            "id": key("agenda_item", item.id), "kind": "agenda_item", "type": "agenda_item",
            "body_id": str(meeting.organization.body_id),
            "committee": committees, "result": result, "reference": "", "title": name,
            # Meeting and committee names stay out of the text (the meeting's own document and the
            # committee filter find them); repeated in every item they were a tenth of all postings.
            "parts": [item.number, name, f"{paper.reference} {paper.name}" if paper else "", resolution,
                      result_label, vote, minutes_text],
            "meta": meta, "implementation": implementation,
            # One result per document: the item belongs to its Vorlage (where the audience may see it), else its meeting.
            "group": key("paper", paper.id) if paper is not None else key("meeting", meeting.id),
        }
        return _finish(doc, meeting.start_time.date())

    # -- Sitzungen -----------------------------------------------------------------
    def meeting(self, meeting: Meeting, public: bool, attendees: Iterable[Attendance] = ()) -> Document | None:
        if public and not visibility.meeting_is_public(meeting):
            return None
        names = [o.name for o in meeting.organizations]
        when = meeting.start_time
        people = self._people(meeting, public, attendees)
        doc: Document = {
            "id": key("meeting", meeting.id), "kind": "meeting", "type": "meeting",
            "body_id": str(meeting.organization.body_id),
            "committee": sorted({str(o.id) for o in meeting.organizations}), "result": [], "reference": "",
            "title": meeting.name,
            "parts": [meeting.number, when.strftime("%d.%m.%Y"), meeting.place, "abgesagt" if meeting.cancelled else "",
                      people],
            "meta": {"link": ("meeting", meeting.id), "committee_names": names, "meeting_date": when},
            "group": key("meeting", meeting.id),
            # The meeting's and committees' names repeat in every meeting of a committee: they are indexed
            # with a low weight, so a word of a committee's name does not bury the documents about it.
            "heading": "", "boiler": " ".join([meeting.name, *names]),
        }
        return _finish(doc, when.date())

    def _people(self, meeting: Meeting, public: bool, attendees: Iterable[Attendance]) -> str:
        """Chair and attendees as the minutes name them; the public learns them once the minutes are published.

        Guests are named only internally (the public minutes count them), and
        always-redacted names never reach the public index.
        """
        minutes = meeting.minutes
        if public and not visibility.minutes_are_published(minutes, self.body(meeting.organization.body_id)):
            return ""
        names = [minutes.chair.name] if minutes is not None and minutes.chair is not None else []
        for row in attendees:
            if public and (row.kind is AttendeeKind.GUEST or row.person is None):
                continue
            names.append(row.display_name)
            if row.represented_by is not None:
                names.append(row.represented_by.name)
        text = "Teilnehmende: " + ", ".join(dict.fromkeys(names)) if names else ""
        return markup.redact_source(text, self.names) if public and text else text

    # -- Anlagen -------------------------------------------------------------------
    def file(self, file: File, owners: list[Paper | Meeting | AgendaItem], public: bool) -> Document | None:
        if public:
            if not file.public:
                return None
            owners = [o for o in owners if self._owner_is_public(o)]
        if not owners:
            return None
        owner = owners[0]
        body_id = owner.body_id if isinstance(owner, Paper) else (
            owner if isinstance(owner, Meeting) else owner.meeting).organization.body_id
        text = file.text
        if public:  # the redacted public copy, where there is one, stands in for the original
            text = markup.redact_source(visibility.public_version(file).text, self.names)
        if isinstance(owner, Paper):
            link, when = ("paper", owner.id), owner.date
            committees = {str(c.organization_id) for c in owner.consultations}
        else:
            meeting = owner if isinstance(owner, Meeting) else owner.meeting
            link, when = ("meeting", meeting.id), meeting.start_time.date()
            committees = {str(o.id) for o in meeting.organizations}
        doc: Document = {
            "id": key("file", file.id), "kind": "file", "type": "file", "committee": sorted(committees),
            "body_id": str(body_id),
            "result": [], "reference": "", "title": file.name, "parts": [file.name, file.file_name, text],
            "meta": {"link": link, "file_name": file.file_name},
            "group": self._owner_group(owner, public),
        }
        return _finish(doc, when)

    def _owner_group(self, owner: Paper | Meeting | AgendaItem, public: bool) -> str:
        """The result an attachment belongs to: its Vorlage or meeting, or that of its agenda item."""
        if isinstance(owner, Paper):
            return key("paper", owner.id)
        if isinstance(owner, Meeting):
            return key("meeting", owner.id)
        paper = owner.consultation.paper if owner.consultation else None
        if paper is not None and (not public or visibility.paper_is_public(paper)):
            return key("paper", paper.id)
        return key("meeting", owner.meeting_id)

    def _owner_is_public(self, owner: Paper | Meeting | AgendaItem) -> bool:
        if isinstance(owner, Paper):
            return visibility.paper_is_public(owner)
        if isinstance(owner, Meeting):
            return visibility.meeting_is_public(owner)
        return visibility.agenda_item_is_public(owner)

    def owner_tokens(self, owner: Paper | Meeting | AgendaItem) -> set[str]:
        if isinstance(owner, Paper):
            return access.paper_tokens(owner)
        return access.meeting_tokens(owner if isinstance(owner, Meeting) else owner.meeting)


def build_documents(session: Session, doc_ids: Iterable[str]) -> dict[str, tuple[Document | None, Document | None]]:
    """(public document, internal document) for each id; ``None`` where the object has none (deleted, not public)."""
    by_kind: dict[str, list[int]] = {k: [] for k in KINDS}
    for doc_id in doc_ids:
        kind, object_id = parse_key(doc_id)
        by_kind[kind].append(object_id)
    # Stamps first: a change committed while the texts are read makes the entry look older, never newer.
    current = stamps.read(session, ((kind, i) for kind, ids in by_kind.items() for i in ids))
    builder = _Builder(session)
    out: dict[str, tuple[Document | None, Document | None]] = {}
    for kind, ids in by_kind.items():
        for object_id in ids:
            out[key(kind, object_id)] = (None, None)
        if not ids:
            continue
        if kind == "paper":
            for paper in session.scalars(select(Paper).where(Paper.id.in_(ids)).options(*sources.paper_options())):
                public, internal = builder.paper(paper, True), builder.paper(paper, False)
                assert internal is not None
                out[internal["id"]] = (public, _with_acl(internal, public, access.paper_tokens(paper)))
        elif kind == "meeting":
            attendees = sources.attendees(session, ids)
            meetings = session.scalars(select(Meeting).where(Meeting.id.in_(ids)).options(*sources.meeting_options()))
            for meeting in meetings:
                rows = attendees.get(meeting.id, [])
                public, internal = builder.meeting(meeting, True, rows), builder.meeting(meeting, False, rows)
                assert internal is not None
                out[internal["id"]] = (public, _with_acl(internal, public, access.meeting_tokens(meeting)))
        elif kind == "agenda_item":
            items = session.scalars(select(AgendaItem).where(AgendaItem.id.in_(ids))
                                    .options(*sources.agenda_item_options()))
            for item in items:
                if item.meeting is None:  # its meeting was deleted (soft deletion hides it): no document
                    continue
                public, internal = builder.agenda_item(item, True), builder.agenda_item(item, False)
                assert internal is not None
                out[internal["id"]] = (public, _with_acl(internal, public, access.meeting_tokens(item.meeting)))
        else:
            owners = sources.file_owners(session, ids)
            for file in session.scalars(select(File).where(File.id.in_(ids))):
                public, internal = builder.file(file, owners[file.id], True), builder.file(file, owners[file.id], False)
                if internal is not None:
                    tokens = set().union(*(builder.owner_tokens(o) for o in owners[file.id]))
                    out[internal["id"]] = (public, _with_acl(internal, public, tokens))
    for doc_id, pair in out.items():
        for doc in pair:
            if doc is not None:
                doc["stamp"] = current.get(parse_key(doc_id), "")
    return out


def shown(doc: Document) -> Document:
    """What a results page shows of a document; the index stores it beside the searchable fields.

    Title, date, links and labels (``meta``), the text snippets are cut from,
    and the stamp that tells whether the entry is still current (see :mod:`.stamps`).
    """
    return {"id": doc["id"], "kind": doc["kind"], "title": doc["title"], "date": doc["date"], "meta": doc["meta"],
            "body": doc["body"], "acl": doc.get("acl", []), "stamp": doc.get("stamp", "")}


def all_document_ids(session: Session) -> Iterator[str]:
    """The id of every object that has a document (files only when attached to something)."""
    for kind, model in (("paper", Paper), ("meeting", Meeting), ("agenda_item", AgendaItem)):
        for object_id in session.scalars(select(model.id).order_by(model.id)):
            yield key(kind, object_id)
    attached = (
        select(paper_files.c.file_id).union(select(meeting_files.c.file_id), select(agenda_item_files.c.file_id))
    )
    # Selecting through File skips soft-deleted files (see models.soft_delete).
    for file_id in session.scalars(select(File.id).where(File.id.in_(attached)).order_by(File.id)):
        yield key("file", file_id)
