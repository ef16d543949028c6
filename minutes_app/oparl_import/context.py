"""One import run's state: the session, the target body, the source and the OParl id → row lookups.

Lookups are batched: the ids of every imported row of a type are read in one
query the first time the type is needed (deleted rows included, so a repeated
import finds them), and the rows a page of objects will touch are loaded in
one query per page (:meth:`ImportContext.prefetch`). Reference resolution
follows the source for objects no list delivered (an organization of another
body named by a consultation, a Vorlage only a TOP names) and reports the
absent ones instead of failing.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import AuditEvent, Body, OParlMixin
from ..records.deletion import soft_delete
from ..services.files import delete_blob
from . import quirks
from .quirks import Repair
from .report import ImportReport
from .sources import FetchFailed, Source

M = TypeVar("M", bound=OParlMixin)
Writer = Callable[["ImportContext", dict[str, Any]], int | None]
RECORDED = "nachträglich erfasst (OParl-Import)"


@dataclass
class Options:
    """The command's options."""

    since: datetime | None = None
    with_files: bool = True
    max_file_mb: int = 100
    store_dir: Path = Path("instance/files")


@dataclass
class ImportContext:
    """What every writer needs for one body."""

    session: Session
    source: Source
    body: Body
    report: ImportReport
    options: Options
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    writers: dict[str, Writer] = field(default_factory=dict)
    #: Per-run memory of the writers (reference numbers, links to set after a phase).
    cache: dict[str, Any] = field(default_factory=dict)
    #: Model class → {oparl_id: row id}, loaded on first use.
    _ids: dict[type, dict[str, int]] = field(default_factory=dict)
    #: Ids currently being written (a reference cycle must not recurse).
    _in_progress: set[str] = field(default_factory=set)
    #: Blobs stored in this transaction, removed again if it rolls back.
    new_blobs: list[str] = field(default_factory=list)
    #: Undo steps for the in-memory lookups of the object being written (its savepoint may roll back).
    journal: list[Callable[[], None]] = field(default_factory=list)
    #: Document changes noted for the search index (kind, id).
    touched: set[tuple[str, int]] = field(default_factory=set)
    deleted_documents: set[str] = field(default_factory=set)

    # -- repairs ---------------------------------------------------------------------------

    def repair(self, raw: dict[str, Any], expected: str | None) -> dict[str, Any]:
        """The object after the quirk repairs (:mod:`.quirks`), which are reported."""
        repaired, repairs = quirks.repair_object(raw, expected)
        self.report.repaired(repairs)
        return dict(repaired)

    def repair_agenda(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The agenda after :func:`.quirks.repair_agenda` (pseudo items, ``order``), reported."""
        repaired, repairs = quirks.repair_agenda(items)
        self.report.repaired(repairs)
        return repaired

    def note_repair(self, quirk: str, object_id: str, detail: str) -> None:
        """A repair the writers make themselves."""
        self.report.repaired([Repair(quirk, object_id, detail)])

    # -- lookups ---------------------------------------------------------------------------

    def ids(self, model: type[M]) -> dict[str, int]:
        """{oparl_id: id} of every row of ``model`` (deleted ones included)."""
        known = self._ids.get(model)
        if known is None:
            rows = self.session.execute(
                select(model.oparl_id, model.id).where(model.oparl_id.is_not(None))  # type: ignore[attr-defined]
                .execution_options(include_deleted=True)
            )
            known = self._ids[model] = {oparl_id: row_id for oparl_id, row_id in rows}
        return known

    def remember(self, obj: OParlMixin) -> None:
        """Note a new row's OParl id."""
        if obj.oparl_id:
            known = self.ids(type(obj))
            key = obj.oparl_id
            known[key] = obj.id  # type: ignore[attr-defined]
            self.journal.append(lambda: known.pop(key, None))

    def prefetch(self, model: type[M], oparl_ids: Iterable[str], *options: Any) -> None:
        """Load the rows of these OParl ids in one query, so the writers find them without one each."""
        known = self.ids(model)
        wanted = [known[i] for i in oparl_ids if i in known]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            stmt = select(model).where(model.id.in_(chunk)).options(*options)  # type: ignore[attr-defined]
            list(self.session.scalars(stmt.execution_options(include_deleted=True)))

    def find(self, model: type[M], oparl_id: str) -> M | None:
        """The row imported under ``oparl_id`` (deleted ones too), or None."""
        row_id = self.ids(model).get(oparl_id)
        if row_id is None:
            return None
        return self.session.get(model, row_id, execution_options={"include_deleted": True})

    def resolve(self, model: type[M], type_name: str, reference: str | None, referenced_by: str) -> int | None:
        """The row id of a referenced object, importing it from the source if no list brought it; None if absent."""
        if not reference:
            return None
        known = self.ids(model).get(reference)
        if known is not None:
            return known
        if reference in self._in_progress:
            return None
        writer = self.writers.get(type_name)
        try:
            raw = self.source.get(reference)
        except FetchFailed:
            raw = None
        if raw is None or writer is None:
            self.report.missing(reference, referenced_by)
            return None
        self._in_progress.add(reference)
        try:
            return self.attempt(type_name, raw, writer)
        finally:
            self._in_progress.discard(reference)

    def attempt(self, type_name: str, raw: dict[str, Any], writer: Writer) -> int | None:
        """Write one object in a savepoint: on any error nothing of it stays (rows, blobs, lookups, counts)."""
        object_id = str(raw.get("id") or "(ohne id)")
        journal, blobs = len(self.journal), len(self.new_blobs)
        outcomes, repairs, skips = self.report.outcomes.copy(), len(self.report.repairs), len(self.report.skips)
        try:
            with self.session.begin_nested():
                return writer(self, self.repair(raw, type_name))
        except Exception as error:  # noqa: BLE001 (one bad object must not stop the run)
            while len(self.journal) > journal:
                self.journal.pop()()
            for key in self.new_blobs[blobs:]:
                delete_blob(self.options.store_dir, key)
            del self.new_blobs[blobs:]
            self.report.outcomes = outcomes
            del self.report.repairs[repairs:], self.report.skips[skips:]
            self.report.skip(type_name, object_id, f"nicht importiert, nichts davon gespeichert: {_reason(error)}")
            return None

    # -- outcomes --------------------------------------------------------------------------

    def audit(self, obj: OParlMixin, action: str, summary: str) -> None:
        """One audit entry, marked as recorded through the import."""
        self.session.add(AuditEvent(
            user_id=None, actor_name="OParl-Import", object_type=type(obj).__name__,
            object_id=obj.id,  # type: ignore[attr-defined]
            action=action, summary=f"{summary} {RECORDED}"[:500], body_id=self.body.id,
        ))

    def finish(self, obj: OParlMixin, type_name: str, *, created: bool, changed: bool, label: str = "",
               audited: bool = True) -> None:
        """Count the outcome and, for new or changed top-level objects, write the audit entry."""
        if created:
            self.session.flush()
            self.remember(obj)
        outcome = "neu" if created else ("aktualisiert" if changed else "unverändert")
        self.report.count(type_name, outcome)
        if audited and (created or changed) and label:
            self.audit(obj, "oparl.imported" if created else "oparl.updated",
                       f"{label}: {'übernommen' if created else 'aktualisiert'},")

    def delete(self, obj: OParlMixin | None, type_name: str, oparl_id: str) -> int | None:
        """Soft-delete the row of a deleted OParl object; a deletion of something never imported is skipped."""
        if obj is None:
            self.report.skip(type_name, oparl_id, "in der Quelle gelöscht und hier nie importiert")
            return None
        if obj.deleted:
            self.report.count(type_name, "unverändert")
        else:
            soft_delete(self.session, None, obj, reason="in der OParl-Quelle gelöscht")
            self.report.count(type_name, "gelöscht")
        return obj.id  # type: ignore[attr-defined, no-any-return]


def _reason(error: Exception) -> str:
    """A short German reason for a failed object (the database's own words in brackets)."""
    detail = (str(getattr(error, "orig", None) or error).splitlines() or [type(error).__name__])[0][:200]
    if isinstance(error, IntegrityError):
        return f"widersprüchliche Daten, z. B. dieselbe id zweimal ({detail})"
    if isinstance(error, (ValueError, OverflowError, TypeError)):
        return f"ungültiger Wert ({detail})"
    return f"Fehler beim Speichern ({detail})"


def assign(obj: Any, values: dict[str, Any]) -> bool:
    """Set the attributes that differ; True when anything changed (equal values leave ``modified`` alone)."""
    changed = False
    for key, value in values.items():
        current = getattr(obj, key)
        if isinstance(value, list):
            same = [getattr(v, "id", v) for v in current or []] == [getattr(v, "id", v) for v in value]
        else:
            same = current == value
        if not same:
            setattr(obj, key, value)
            changed = True
    return changed


def revive(obj: OParlMixin) -> bool:
    """Undo a soft deletion when the source has the object again; True when it was deleted."""
    if obj.deleted_at is None:
        return False
    obj.deleted_at = None
    return True
