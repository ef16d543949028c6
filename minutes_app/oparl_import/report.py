"""The report of one import run, in German: imported, repaired, skipped and absent, per type.

Every writer tells the report what it did with each object (``neu``,
``aktualisiert``, ``unverändert``, ``gelöscht``); repairs carry the quirk's
name, skips the reason, absent references the object that named them. The
report is printed at the end of the run and is the CLI's only output on stdout.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from .catalog import TYPE_LABELS

OUTCOMES = ("neu", "aktualisiert", "unverändert", "gelöscht")
#: How many entries per section are listed one by one (the counts are always complete).
SHOWN = 50


class RepairLike(Protocol):
    """A repair as :mod:`.quirks` reports it."""

    quirk: str
    object_id: str
    detail: str


@dataclass(frozen=True)
class Skip:
    """An object that was not imported, and why."""

    type_name: str
    object_id: str
    reason: str


@dataclass(frozen=True)
class Absent:
    """A reference to an object the source does not have."""

    object_id: str
    referenced_by: str


@dataclass
class ImportReport:
    """Counts and lists of one run."""

    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    repairs: list[RepairLike] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    absent: dict[str, Absent] = field(default_factory=dict)
    files_skipped: int = 0
    notes: list[str] = field(default_factory=list)

    def count(self, type_name: str, outcome: str) -> None:
        """Note one object of ``type_name`` with ``outcome`` (one of :data:`OUTCOMES`)."""
        self.outcomes[(type_name, outcome)] += 1

    def repaired(self, repairs: list[Any]) -> None:
        """Note repairs (from :mod:`.quirks` or the writers)."""
        self.repairs.extend(repairs)

    def skip(self, type_name: str, object_id: str, reason: str) -> None:
        """Note an object that was not imported."""
        self.skips.append(Skip(type_name, object_id, reason))

    def missing(self, object_id: str, referenced_by: str) -> None:
        """Note a reference to an object the source does not have (once per target)."""
        self.absent.setdefault(object_id, Absent(object_id, referenced_by))

    def total(self, outcome: str) -> int:
        """How many objects of all types had ``outcome``."""
        return sum(n for (_t, o), n in self.outcomes.items() if o == outcome)

    @property
    def changed_anything(self) -> bool:
        """Whether the run wrote anything."""
        return any(self.total(o) for o in ("neu", "aktualisiert", "gelöscht"))

    def render(self) -> str:
        """The report as German text."""
        lines = ["OParl-Import: Bericht", "", "Importiert:"]
        types = [t for t in TYPE_LABELS if any(self.outcomes[(t, o)] for o in OUTCOMES)]
        if not types:
            lines.append("  (nichts)")
        for type_name in types:
            parts = [f"{self.outcomes[(type_name, o)]} {o}" for o in OUTCOMES if self.outcomes[(type_name, o)]]
            lines.append(f"  {TYPE_LABELS[type_name]}: " + ", ".join(parts))
        if self.files_skipped:
            lines.append(f"  Dateien nicht geladen (--no-files): {self.files_skipped}")
        lines += ["", f"Repariert: {len(self.repairs)}"]
        by_quirk = Counter(r.quirk for r in self.repairs)
        for quirk, number in sorted(by_quirk.items()):
            lines.append(f"  {quirk}: {number}")
        for repair in self.repairs[:SHOWN]:
            lines.append(f"    – {repair.quirk}: {repair.object_id}: {repair.detail}")
        lines += ["", f"Übersprungen: {len(self.skips)}"]
        for skip in self.skips[:SHOWN]:
            label = TYPE_LABELS.get(skip.type_name, skip.type_name)
            lines.append(f"  – {label}: {skip.object_id}: {skip.reason}")
        lines += ["", f"Fehlende Verweise: {len(self.absent)}"]
        for absent in list(self.absent.values())[:SHOWN]:
            lines.append(f"  – {absent.object_id} (genannt in {absent.referenced_by}) fehlt in der Quelle")
        hidden = max(0, len(self.repairs) - SHOWN) + max(0, len(self.skips) - SHOWN) + max(0, len(self.absent) - SHOWN)
        if hidden:
            lines.append(f"  (weitere {hidden} Einträge nicht einzeln aufgeführt)")
        if self.notes:
            lines += ["", "Hinweise:"] + [f"  – {note}" for note in self.notes]
        return "\n".join(lines) + "\n"
