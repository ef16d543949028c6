"""The import run: bodies, then the lists in dependency order, one savepoint per object, one commit per page.

Order: Wahlperioden, Orte, Gremien/Organisationen, Personen (with their
Mitgliedschaften), Vorlagen (with Beratungsfolge and files; links between
Vorlagen per page), Sitzungen (with TOPs, which settle the Beratungen).
Each object is written in its own savepoint, so a bad one is skipped whole
and reported; each page is committed and noted in the resume state. The
search index is not touched per commit: the changed documents are collected
and written once at the end (:func:`update_search`), or rebuilt when most of
the index changed.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from sqlalchemy.orm import Session, selectinload

from ..models import Body, Meeting, Organization, Paper, Person
from ..search import changes, indexer
from . import meetings, papers, structure
from .catalog import TYPE_LABELS, type_name
from .context import ImportContext, Options
from .files import discard_unused, stage_page_files, write_file
from .report import ImportReport
from .sources import FetchFailed, Source
from .state import RunState

PHASES = ("LegislativeTerm", "Location", "Organization", "Person", "Paper", "Meeting")
WRITERS: dict[str, Callable[[ImportContext, dict[str, Any]], int | None]] = {
    "LegislativeTerm": structure.write_legislative_term, "Location": structure.write_location,
    "Organization": structure.write_organization, "Person": structure.write_person,
    "Membership": structure.write_membership, "Paper": papers.write_paper, "Meeting": meetings.write_meeting,
    "File": write_file,
}
#: Models whose rows a page's objects may touch, loaded per page in one query, with the collections compared.
PAGE_MODELS = {"Organization": Organization, "Person": Person, "Paper": Paper, "Meeting": Meeting}
PAGE_OPTIONS = {
    "Paper": [selectinload(getattr(Paper, name)) for name in (
        "further_leads", "originator_persons", "originator_organizations", "files", "locations", "consultations",
        "related_to", "superordinated_papers")],
    "Meeting": [selectinload(Meeting.joint_organizations), selectinload(Meeting.files),
                selectinload(Meeting.minutes)],
}


class ImportError_(Exception):
    """The run cannot start (no body found, an ambiguous choice); ``str(err)`` is the German message."""


class Progress:
    """A one-line progress display on stderr, redrawn at most twice a second."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.counts: dict[str, int] = {}
        self.last = 0.0

    def tick(self, type_name_: str, force: bool = False) -> None:
        """Count one object of ``type_name_`` and redraw if due."""
        self.counts[type_name_] = self.counts.get(type_name_, 0) + 1
        now = time.monotonic()
        if force or now - self.last > 0.5:
            self.last = now
            shown = ", ".join(f"{TYPE_LABELS.get(t, t)} {n}" for t, n in self.counts.items())
            self.stream.write(f"\rOParl-Import: {shown} …")
            self.stream.flush()

    def done(self) -> None:
        """Draw the final counts and end the progress line."""
        if self.counts:
            self.last = 0.0
            shown = ", ".join(f"{TYPE_LABELS.get(t, t)} {n}" for t, n in self.counts.items())
            self.stream.write(f"\rOParl-Import: {shown} – fertig.")
            self.stream.write("\n")
            self.stream.flush()


def _commit(ctx: ImportContext) -> None:
    """Commit the page; keep what the search index needs to learn; forget the loaded rows.

    The session's notes (see :mod:`minutes_app.search.indexer`) survive the
    writers' savepoints and lose only what a rolled-back savepoint changed.
    """
    ctx.session.flush()
    touched, deleted = changes.take_changes(ctx.session)
    ctx.touched |= touched
    ctx.deleted_documents |= deleted
    ctx.session.commit()
    ctx.journal.clear()
    ctx.new_blobs.clear()
    ctx.session.expunge_all()
    ctx.body = ctx.session.get(Body, ctx.body.id)  # type: ignore[assignment]


def _link_pending_papers(ctx: ImportContext) -> None:
    while ctx.cache.get(papers.PENDING_LINKS):
        pending, ctx.cache[papers.PENDING_LINKS] = ctx.cache[papers.PENDING_LINKS], []
        papers.link_papers(ctx, pending)


def _phase(ctx: ImportContext, state: RunState, body_raw: dict[str, Any], phase: str, progress: Progress) -> None:
    writer = WRITERS[phase]
    key = f"{body_raw['id']}|{phase}"  # the resume state names the body, too
    if phase == "LegislativeTerm":
        for embedded in body_raw.get("legislativeTerm") or []:
            if isinstance(embedded, dict) and isinstance(embedded.get("id"), str):
                ctx.attempt(phase, embedded, writer)
                progress.tick(phase)
    try:
        for page in ctx.source.pages(body_raw, phase, ctx.options.since, state.start_token(key)):
            stage_page_files(ctx, page.objects)
            model = PAGE_MODELS.get(phase)
            if model is not None:
                ctx.prefetch(model, [str(o.get("id")) for o in page.objects], *PAGE_OPTIONS.get(phase, ()))
            for raw in page.objects:
                if not isinstance(raw.get("id"), str):
                    ctx.report.skip(phase, "(ohne id)", "Objekt ohne id")
                    continue
                found = type_name(raw)
                if found is not None and found != phase and not raw.get("deleted"):
                    ctx.report.skip(phase, raw["id"], f"steht in der Liste der {TYPE_LABELS[phase]}, ist aber {found}")
                    continue
                ctx.attempt(phase, raw, writer)
                ctx.journal.clear()
                progress.tick(phase)
            if phase == "Paper":
                _link_pending_papers(ctx)
            meetings.settle_papers(ctx)
            _commit(ctx)
            discard_unused(ctx)
            state.pending_items = ctx.cache.get(papers.PENDING_ITEMS, {})
            state.page_done(key, page.next_token)
    except FetchFailed as failed:
        ctx.report.notes.append(f"Liste der {TYPE_LABELS[phase]} unvollständig: {failed} "
                                "Ein erneuter Aufruf setzt dort fort.")
        raise
    if key not in state.done:
        state.page_done(key, None)


def update_search(indexes: Any, session: Session, touched: set[tuple[str, int]], deleted: set[str],
                  rebuild_above: int = 2000) -> str:
    """Write the changed documents into both indexes (or rebuild them when much changed); returns a German note."""
    if not touched and not deleted:
        return "Suchindex unverändert."
    if len(touched) > rebuild_above:
        public, internal = indexer.rebuild(indexes, session)
        return f"Suchindex neu aufgebaut: {public} öffentliche und {internal} interne Einträge."
    documents = changes.affected_documents(session, touched) - deleted
    indexer.apply(indexes, session, documents, deleted)
    return f"Suchindex aktualisiert: {len(documents)} Einträge."


def select_bodies(source: Source, body_filter: str | None) -> list[dict[str, Any]]:
    """The source's bodies, or the one ``--body`` names (its id, or the end of its id)."""
    bodies = [b for b in source.bodies() if isinstance(b.get("id"), str)]
    if not bodies:
        raise ImportError_("Die Quelle enthält keine Körperschaft (Body).")
    if body_filter:
        bodies = [b for b in bodies if b["id"] == body_filter or b["id"].rstrip("/").endswith("/" + body_filter)]
        if not bodies:
            raise ImportError_(f"Die Quelle hat keine Körperschaft „{body_filter}“.")
    return bodies


@dataclass
class SearchChanges:
    """The search documents the committed pages changed; filled as pages commit, so an interrupted run's
    committed part reaches the index, too."""

    touched: set[tuple[str, int]] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)


def run(session: Session, source: Source, options: Options, state: RunState, changes: SearchChanges, *,
        body_filter: str | None = None, into: Body | None = None, progress: Progress | None = None) -> ImportReport:
    """Import every chosen body; returns the report (``changes`` collects what the search index must learn)."""
    report = ImportReport()
    progress = progress or Progress()
    bodies = select_bodies(source, body_filter)
    if into is not None and len(bodies) > 1:
        raise ImportError_(f"Die Quelle hat {len(bodies)} Körperschaften; mit --into bitte eine mit --body wählen.")
    for name in getattr(source, "unreadable", [])[:20]:
        report.skip("Datei", name, "kein lesbares JSON")
    for body_raw in bodies:
        _run_body(session, source, body_raw, into, options, report, state, progress, changes)
    return report


def _run_body(session: Session, source: Source, body_raw: dict[str, Any], into: Body | None, options: Options,
              report: ImportReport, state: RunState, progress: Progress, changes: SearchChanges) -> None:
    repaired = ImportContext(session=session, source=source, body=Body(), report=report,
                             options=options).repair(dict(body_raw), "Body")
    body, created = structure.ensure_body(session, repaired, into)
    report.count("Body", "neu" if created else "unverändert")
    session.commit()
    ctx = ImportContext(session=session, source=source, body=body, report=report, options=options,
                        writers=dict(WRITERS), touched=changes.touched, deleted_documents=changes.deleted)
    ctx.cache[papers.PENDING_ITEMS] = dict(state.pending_items)
    for phase in PHASES:
        if f"{repaired['id']}|{phase}" not in state.done:
            _phase(ctx, state, repaired, phase, progress)
    _commit(ctx)  # what no page committed (e.g. the Wahlperioden of a body whose lists are empty)
    progress.done()

