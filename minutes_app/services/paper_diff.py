"""Readable differences between two content versions of a Vorlage.

Works on the JSON content of :mod:`paper_versions` (a snapshot or the current
state), so old versions can be compared even after committees were renamed.
Short fields are shown as old → new; texts and lists as a line diff with
word-level marks inside changed lines and unchanged lines folded away.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from ..models import ConsultationRole, PaperType
from . import markup
from .paper_versions import LABEL_KEY

Kind = Literal["equal", "removed", "added", "changed", "gap"]
CONTEXT_LINES = 2
#: Lines at least this similar count as one changed line.
SIMILAR = 0.5


@dataclass(frozen=True)
class Segment:
    """Part of a changed line: unchanged, removed or added words."""

    kind: Literal["equal", "removed", "added"]
    text: str


@dataclass(frozen=True)
class DiffLine:
    """One line of a text diff; ``changed`` lines carry word-level segments."""

    kind: Kind
    text: str = ""
    segments: tuple[Segment, ...] = ()


@dataclass
class FieldDiff:
    """The difference in one field; ``lines`` is set for texts and lists, ``old``/``new`` for short values."""

    label: str
    old: str = ""
    new: str = ""
    lines: list[DiffLine] = field(default_factory=list)

    @property
    def is_text(self) -> bool:
        """Whether the difference is shown as a line diff."""
        return bool(self.lines)


def _org_name(content: dict[str, Any], org_id: int | None) -> str:
    labels = content.get(LABEL_KEY, {}).get("organizations", {})
    return labels.get(str(org_id), f"Organisation {org_id}")


def _type_label(value: str) -> str:
    try:
        return PaperType(value).label
    except ValueError:
        return value


def _role_label(value: str) -> str:
    try:
        return ConsultationRole(value).label
    except ValueError:
        return value


def _consultation_lines(content: dict[str, Any]) -> list[str]:
    return [
        f"{n}. {_org_name(content, c['organization_id'])} – {_role_label(c['role'])}"
        + (" (maßgeblich)" if c.get("authoritative") else "")
        for n, c in enumerate(content.get("consultations", []), start=1)
    ]


def _file_lines(content: dict[str, Any]) -> list[str]:
    return [
        f"{f['name']} ({f['file_name']}, {'öffentlich' if f.get('public') else 'nichtöffentlich'}, "
        f"sha256 {f['sha256'][:12]}…)"
        for f in content.get("files", [])
    ]


def _word_segments(old: str, new: str) -> tuple[Segment, ...]:
    old_words = re.split(r"(\s+)", old)
    new_words = re.split(r"(\s+)", new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", "".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("removed", "".join(old_words[i1:i2])))
        if j2 > j1:
            segments.append(Segment("added", "".join(new_words[j1:j2])))
    return tuple(segments)


def line_diff(old: list[str], new: list[str], context: int = CONTEXT_LINES) -> list[DiffLine]:
    """Line diff with ``context`` unchanged lines around each change; empty when equal."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    lines: list[DiffLine] = []
    opcodes = matcher.get_opcodes()
    if all(tag == "equal" for tag, *_ in opcodes):
        return []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            chunk = old[i1:i2]
            head = chunk[:context] if index > 0 else []
            tail = chunk[-context:] if index < len(opcodes) - 1 else []
            if len(chunk) > len(head) + len(tail):
                lines.extend(DiffLine("equal", text) for text in head)
                lines.append(DiffLine("gap"))
                lines.extend(DiffLine("equal", text) for text in tail)
            else:
                lines.extend(DiffLine("equal", text) for text in chunk)
        elif tag == "replace":
            lines.extend(_replace_block(old[i1:i2], new[j1:j2]))
        else:
            lines.extend(DiffLine("removed", text) for text in old[i1:i2])
            lines.extend(DiffLine("added", text) for text in new[j1:j2])
    return lines


def _replace_block(old: list[str], new: list[str]) -> list[DiffLine]:
    """Pair similar lines of a replaced block as word-level changes; the rest is removed or added."""
    lines: list[DiffLine] = []
    for index in range(max(len(old), len(new))):
        a = old[index] if index < len(old) else None
        b = new[index] if index < len(new) else None
        if a is not None and b is not None and difflib.SequenceMatcher(a=a, b=b).ratio() >= SIMILAR:
            lines.append(DiffLine("changed", segments=_word_segments(a, b)))
            continue
        if a is not None:
            lines.append(DiffLine("removed", a))
        if b is not None:
            lines.append(DiffLine("added", b))
    return lines


def _text_lines(text: str) -> list[str]:
    """The text's non-empty plain lines (blank lines between blocks would only add noise)."""
    return [line for line in markup.to_plain(text, reveal=True).split("\n") if line.strip()]


def diff_contents(old: dict[str, Any], new: dict[str, Any]) -> list[FieldDiff]:
    """All fields that differ between two contents, in the order of the Vorlage."""
    diffs: list[FieldDiff] = []

    def value(label: str, old_value: str, new_value: str) -> None:
        if old_value != new_value:
            diffs.append(FieldDiff(label, old=old_value, new=new_value))

    def lines(label: str, old_lines: list[str], new_lines: list[str]) -> None:
        if result := line_diff(old_lines, new_lines):
            diffs.append(FieldDiff(label, lines=result))

    value("Art", _type_label(old.get("paper_type", "")), _type_label(new.get("paper_type", "")))
    value("Betreff", old.get("name", ""), new.get("name", ""))
    value(
        "Status",
        "öffentlich" if old.get("public") else "nichtöffentlich",
        "öffentlich" if new.get("public") else "nichtöffentlich",
    )
    value("Federführend", _org_name(old, old.get("originator_id")), _org_name(new, new.get("originator_id")))
    value(
        "Beteiligt",
        ", ".join(_org_name(old, i) for i in old.get("participant_ids", [])) or "–",
        ", ".join(_org_name(new, i) for i in new.get("participant_ids", [])) or "–",
    )
    lines("Beratungsfolge", _consultation_lines(old), _consultation_lines(new))
    for key, label in (
        ("resolution_proposal", "Antrag der Verwaltung / Beschlussvorschlag"),
        ("reasoning", "Sachverhalt/Begründung"),
        ("financial_impact", "Finanzierung und Folgekosten"),
    ):
        lines(label, _text_lines(old.get(key, "")), _text_lines(new.get(key, "")))
    lines("Anlagen", _file_lines(old), _file_lines(new))
    return diffs
