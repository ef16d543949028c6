"""The agenda as an outline, and the numbering derived from it.

Per part (public Ö, non-public N) a list of main items, each with up to two
further levels of sub-items (Ö 5, Ö 5.1, Ö 5.1.1). Numbers and the ``order``
column are never edited by hand: :func:`apply` derives them from the outline
after every change, so they stay gap-free and a sub-item always shares its
parent's part. A separator heading ("A N T R Ä G E") takes no number and holds no
sub-items. With the body's setting "durchgehende Nummerierung" the non-public
part continues the count of the public part (Ö 1–8, N 9–12).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ..models import AgendaItem, AgendaItemKind, Meeting
from .errors import InvalidTransition

#: Levels of the outline: main item, sub-item, sub-sub-item (5.1.1).
MAX_DEPTH = 3


@dataclass
class Node:
    """An item and its sub-items (themselves nodes)."""

    item: AgendaItem
    children: list[Node] = field(default_factory=list)

    def height(self) -> int:
        """Levels this node spans (1 without sub-items)."""
        return 1 + max((c.height() for c in self.children), default=0)


Outline = dict[bool, list[Node]]


@dataclass(frozen=True)
class AgendaRow:
    """One line of the agenda builder, with the moves it allows."""

    item: AgendaItem
    depth: int
    first: bool
    last: bool
    can_indent: bool
    #: 1-based place among its siblings and the parent's id (drag and drop moves within one parent).
    position: int = 1
    parent_id: int | None = None


def _depth(item: AgendaItem, members: set[int]) -> int:
    depth, parent = 0, item.parent
    while parent is not None and id(parent) in members and depth <= MAX_DEPTH:
        depth, parent = depth + 1, parent.parent
    return depth


def build(meeting: Meeting) -> Outline:
    """The agenda as it stands, tolerant of stray data (an orphan or too deep item becomes a main item)."""
    items = sorted(meeting.agenda_items, key=lambda i: i.order)
    members = {id(i) for i in items}
    nodes = {id(i): Node(i) for i in items}
    outline: Outline = {True: [], False: []}
    for item in items:
        parent = item.parent
        if (
            parent is None or id(parent) not in members or _depth(item, members) >= MAX_DEPTH
            or parent.kind is AgendaItemKind.SEPARATOR
        ):
            outline[item.public].append(nodes[id(item)])
        else:
            nodes[id(parent)].children.append(nodes[id(item)])
    return outline


def _rows(nodes: list[Node], parent: AgendaItem | None, public: bool, prefix: str, counter: int,
          out: list[tuple[AgendaItem, AgendaItem | None, bool, str]]) -> int:
    """Append the rows of ``nodes`` numbered after ``counter``; returns the last number used."""
    for node in nodes:
        if node.item.kind is AgendaItemKind.SEPARATOR:
            out.append((node.item, parent, public, ""))
            # A separator holds no sub-items: any it had become siblings after it.
            counter = _rows(node.children, parent, public, prefix, counter, out)
            continue
        counter += 1
        number = f"{prefix}{counter}"
        out.append((node.item, parent, public, number))
        _rows(node.children, node.item, public, f"{number}.", 0, out)
    return counter


def continuous(meeting: Meeting) -> bool:
    """Whether the body numbers the non-public part on from the public part."""
    body = meeting.organization.body if meeting.organization is not None else None
    return bool(body is not None and body.continuous_numbering)


def apply(session: Session, meeting: Meeting, outline: Outline) -> None:
    """Write order, parent, part and number from the outline.

    ``UNIQUE(meeting_id, order)`` is checked row by row, so the orders first move
    to distinct negative values and only then to their final 1..n.
    """
    rows: list[tuple[AgendaItem, AgendaItem | None, bool, str]] = []
    last = _rows(outline[True], None, True, "Ö ", 0, rows)
    _rows(outline[False], None, False, "N ", last if continuous(meeting) else 0, rows)
    for temp, (item, *_rest) in enumerate(rows, 1):
        item.order = -temp
    session.flush()
    for order, (item, parent, public, number) in enumerate(rows, 1):
        item.order, item.parent, item.public, item.number = order, parent, public, number
    session.flush()
    session.expire(meeting, ["agenda_items"])


def renumber(session: Session, meeting: Meeting) -> None:
    """Derive the numbers again (after the body's numbering setting changed)."""
    apply(session, meeting, build(meeting))


def _builder_rows(nodes: list[Node], depth: int, out: list[AgendaRow], parent: AgendaItem | None = None) -> None:
    for i, node in enumerate(nodes):
        above = nodes[i - 1].item if i > 0 else None
        can_indent = (
            above is not None and above.kind is not AgendaItemKind.SEPARATOR
            and node.item.kind is not AgendaItemKind.SEPARATOR and depth + node.height() < MAX_DEPTH
        )
        out.append(AgendaRow(node.item, depth, i == 0, i == len(nodes) - 1, can_indent, i + 1,
                             parent.id if parent is not None else None))
        _builder_rows(node.children, depth + 1, out, node.item)


def agenda_parts(meeting: Meeting) -> dict[bool, list[AgendaRow]]:
    """The builder's view: per part (True = öffentlich) the rows in order."""
    parts: dict[bool, list[AgendaRow]] = {}
    for public, nodes in build(meeting).items():
        rows: list[AgendaRow] = []
        _builder_rows(nodes, 0, rows)
        parts[public] = rows
    return parts


def locate(outline: Outline, item: AgendaItem) -> tuple[list[Any], int, Node | None]:
    """The sibling list holding ``item``, its index, and its parent node (None for a main item)."""

    def search(nodes: list[Node], parent: Node | None) -> tuple[list[Any], int, Node | None] | None:
        for index, node in enumerate(nodes):
            if node.item is item:
                return nodes, index, parent
            found = search(node.children, node)
            if found is not None:
                return found
        return None

    for nodes in outline.values():
        found = search(nodes, None)
        if found is not None:
            return found
    raise InvalidTransition("Der Tagesordnungspunkt gehört nicht zu dieser Sitzung.")


def parent_of(outline: Outline, node: Node) -> Node | None:
    """The node whose children hold ``node`` (None for a main item)."""
    return locate(outline, node.item)[2]


def depth_in(outline: Outline, item: AgendaItem) -> int:
    """How deep ``item`` sits (0 for a main item)."""
    depth, parent = 0, locate(outline, item)[2]
    while parent is not None:
        depth, parent = depth + 1, locate(outline, parent.item)[2]
    return depth
