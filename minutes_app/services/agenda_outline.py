"""The agenda as an outline, and the numbering derived from it.

Per part (public Ö, non-public N) a list of main items, each with at most one
level of sub-items. Numbers (Ö 1, Ö 2, Ö 2.1, N 1) and the ``order`` column are
never edited by hand: :func:`apply` derives them from the outline after every
change, so they stay gap-free and a sub-item always shares its parent's part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ..models import AgendaItem, Meeting
from .errors import InvalidTransition


@dataclass
class Node:
    """A main item and its sub-items."""

    item: AgendaItem
    children: list[AgendaItem] = field(default_factory=list)


Outline = dict[bool, list[Node]]


@dataclass(frozen=True)
class AgendaRow:
    """One line of the agenda builder, with the moves it allows."""

    item: AgendaItem
    depth: int
    first: bool
    last: bool
    can_indent: bool


def build(meeting: Meeting) -> Outline:
    """The agenda as it stands, tolerant of stray data (an orphaned sub-item becomes a main item)."""
    items = sorted(meeting.agenda_items, key=lambda i: i.order)
    outline: Outline = {True: [], False: []}
    nodes: dict[int, Node] = {}
    for item in items:
        if item.parent is None or item.parent not in items or item.parent.parent is not None:
            nodes[id(item)] = Node(item)
            outline[item.public].append(nodes[id(item)])
    for item in items:
        if id(item) not in nodes:
            nodes[id(item.parent)].children.append(item)
    return outline


def apply(session: Session, meeting: Meeting, outline: Outline) -> None:
    """Write order, parent, part and number from the outline.

    ``UNIQUE(meeting_id, order)`` is checked row by row, so the orders first move
    to distinct negative values and only then to their final 1..n.
    """
    rows: list[tuple[AgendaItem, AgendaItem | None, bool, str]] = []
    for public in (True, False):
        prefix = "Ö" if public else "N"
        for i, node in enumerate(outline[public], 1):
            rows.append((node.item, None, public, f"{prefix} {i}"))
            rows.extend((child, node.item, public, f"{prefix} {i}.{j}") for j, child in enumerate(node.children, 1))
    for temp, (item, *_rest) in enumerate(rows, 1):
        item.order = -temp
    session.flush()
    for order, (item, parent, public, number) in enumerate(rows, 1):
        item.order, item.parent, item.public, item.number = order, parent, public, number
    session.flush()
    session.expire(meeting, ["agenda_items"])


def agenda_parts(meeting: Meeting) -> dict[bool, list[AgendaRow]]:
    """The builder's view: per part (True = öffentlich) the rows in order."""
    parts: dict[bool, list[AgendaRow]] = {}
    for public, nodes in build(meeting).items():
        rows = []
        for i, node in enumerate(nodes):
            rows.append(AgendaRow(node.item, 0, i == 0, i == len(nodes) - 1, i > 0 and not node.children))
            rows.extend(
                AgendaRow(child, 1, j == 0, j == len(node.children) - 1, False) for j, child in enumerate(node.children)
            )
        parts[public] = rows
    return parts


def locate(outline: Outline, item: AgendaItem) -> tuple[list[Any], int, Node | None]:
    """The sibling list holding ``item``, its index, and its parent node (None for a main item)."""
    for nodes in outline.values():
        for index, node in enumerate(nodes):
            if node.item is item:
                return nodes, index, None
            if item in node.children:
                return node.children, node.children.index(item), node
    raise InvalidTransition("Der Tagesordnungspunkt gehört nicht zu dieser Sitzung.")
