"""Tagesordnung: the agenda builder with its public (Ö) and non-public (N) part.

The agenda is an outline (:mod:`.agenda_outline`): per part a list of items with
up to three levels (Ö 5.1.1), headings and separators. Numbers and the ``order``
column are never edited by hand; after every change the outline derives them,
so they stay gap-free. A sub-item always belongs to its parent's part. New items
land before the closing "Anfragen" of their part.

Placing a Vorlage links its consultation (Beratungsfolge step) with the meeting
and the new item and puts a released Vorlage into "In Beratung"; removing the
item clears the link again. Items added after the invitation are Nachträge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import (
    AgendaItem,
    AgendaItemKind,
    AgendaItemResult,
    Consultation,
    Meeting,
    MeetingState,
    Paper,
    PaperState,
    User,
)
from . import agenda_outline as outline_mod
from . import audit, edit_locks, papers
from .errors import DomainError, InvalidTransition, ValidationFailed
from .meetings import describe, format_day, local_date

MAX_NAME = 500
MAX_PUBLIC_NAME = 300
PLACEABLE_PAPER_STATES = (PaperState.RELEASED, PaperState.IN_CONSULTATION)
#: Results after which a Vorlage comes up again (vertagt, verwiesen, abgesetzt).
OPEN_RESULTS = tuple(r for r in AgendaItemResult if not r.is_final)
PART_LABELS = {True: "öffentlichen Teil", False: "nichtöffentlichen Teil"}


class ConfirmationRequired(DomainError):
    """The action would make a non-public Vorlage's item public; ask the user first."""


@dataclass(frozen=True)
class StandardItem:
    """An item most agendas have, offered for one click.

    ``rank`` places it in the opening block of its part (0 first); None puts it at the end.
    """

    key: str
    name: str
    public: bool
    rank: int | None = None


STANDARD_ITEMS = (
    StandardItem("opening", "Eröffnung und Feststellung der ordnungsgemäßen Ladung und Beschlussfähigkeit", True, 0),
    StandardItem("minutes", "Genehmigung der Niederschrift", True, 1),
    StandardItem("communications", "Mitteilungen der Verwaltung", True, 2),
    StandardItem("questions", "Anfragen", True),
    #: Lists the committee's open and overdue decisions (Beschlusskontrolle).
    StandardItem("implementation_report", "Bericht zur Umsetzung der Beschlüsse", True, 3),
    StandardItem("communications_np", "Mitteilungen der Verwaltung", False, 0),
    StandardItem("questions_np", "Anfragen", False),
)


def _require_editable(meeting: Meeting) -> None:
    if meeting.state not in (MeetingState.PLANNED, MeetingState.INVITED):
        raise InvalidTransition(
            f"Die Sitzung ist {meeting.state.label.lower()}; ihre Tagesordnung kann nicht mehr geändert werden."
        )


def _names(name: str, public_name: str, public: bool) -> tuple[str, str]:
    errors: dict[str, str] = {}
    name, public_name = name.strip(), public_name.strip()
    if not name:
        errors["name"] = "Bitte geben Sie den Titel des Tagesordnungspunkts an."
    elif len(name) > MAX_NAME:
        errors["name"] = f"Der Titel darf höchstens {MAX_NAME} Zeichen lang sein."
    if len(public_name) > MAX_PUBLIC_NAME:
        errors["public_name"] = f"Der öffentliche Titel darf höchstens {MAX_PUBLIC_NAME} Zeichen lang sein."
    if errors:
        raise ValidationFailed(errors)
    return name, public_name if not public else ""


def _record(session: Session, actor: User | None, meeting: Meeting, action: str, summary: str) -> None:
    audit.record(
        session, actor, meeting, f"agenda.{action}", f"Tagesordnung der Sitzung {describe(meeting)}: {summary}"
    )


def _closing_index(nodes: list[outline_mod.Node]) -> int:
    """Where a new item goes: before the closing standard items ("Anfragen") at the end of the part."""
    index = len(nodes)
    while index > 0:
        standard = _standard_of(nodes[index - 1].item)
        if standard is None or standard.rank is not None:
            break
        index -= 1
    return index


def _insert(session: Session, meeting: Meeting, item: AgendaItem, index: int | None = None) -> AgendaItem:
    """Add a new main item at ``index`` of its part (None: before "Anfragen" at the end) and renumber."""
    outline = outline_mod.build(meeting)
    item.is_supplement = meeting.state is MeetingState.INVITED
    # Far below the temporary orders -1..-n that renumbering uses, so no UNIQUE(meeting, order) clash.
    item.order = -1_000_000 - len(meeting.agenda_items)
    meeting.agenda_items.append(item)
    nodes = outline[item.public]
    nodes.insert(_closing_index(nodes) if index is None else index, outline_mod.Node(item))
    outline_mod.apply(session, meeting, outline)
    return item


def add_item(
    session: Session,
    actor: User | None,
    meeting: Meeting,
    *,
    name: str,
    public: bool,
    public_name: str = "",
    index: int | None = None,
    kind: AgendaItemKind = AgendaItemKind.ITEM,
) -> AgendaItem:
    """A free item without a Vorlage, before "Anfragen" at the end of its part (or at ``index``).

    ``kind`` makes it a report without a result, a numbered heading for sub-items or a separator
    heading without a number.
    """
    _require_editable(meeting)
    name, public_name = _names(name, public_name, public)
    item = _insert(session, meeting, AgendaItem(name=name, public=public, public_name=public_name, kind=kind), index)
    _record(session, actor, meeting, "item_added", f"{item.number} „{name}“ aufgenommen{_supplement(item)}")
    return item


def _supplement(item: AgendaItem) -> str:
    return " (Nachtrag)" if item.is_supplement else ""


def standard_items_offered(meeting: Meeting) -> list[StandardItem]:
    """The standard items not yet on the agenda (an item of the same part starts with the same title)."""
    present = {_standard_of(i) for i in meeting.agenda_items}
    return [s for s in STANDARD_ITEMS if s not in present]


def _standard_of(item: AgendaItem) -> StandardItem | None:
    return next((s for s in STANDARD_ITEMS if s.public == item.public and item.name.startswith(s.name)), None)


def _opening_block_index(meeting: Meeting, standard: StandardItem) -> int | None:
    """Where a ranked standard item goes: after the leading standard items of lower rank."""
    if standard.rank is None:
        return None
    index = 0
    for node in outline_mod.build(meeting)[standard.public]:
        leading = _standard_of(node.item)
        if leading is None or leading.rank is None or leading.rank >= standard.rank:
            break
        index += 1
    return index


def add_standard_items(session: Session, actor: User | None, meeting: Meeting, keys: list[str]) -> list[AgendaItem]:
    """Add the chosen standard items: Eröffnung, Niederschrift and Mitteilungen open their part, Anfragen close it."""
    _require_editable(meeting)
    chosen = [s for s in standard_items_offered(meeting) if s.key in keys]
    if not chosen:
        raise ValidationFailed({"keys": "Bitte wählen Sie mindestens einen Standardpunkt aus."})
    items = [
        add_item(
            session,
            actor,
            meeting,
            public=s.public,
            index=_opening_block_index(meeting, s),
            name=minutes_item_name(session, meeting) if s.key == "minutes" else s.name,
        )
        for s in chosen
    ]
    for standard, item in zip(chosen, items, strict=True):
        item.implementation_report = standard.key == "implementation_report"
    return items


def consultation_is_pending(consultation: Consultation) -> bool:
    """Released, not on an agenda (or only on a cancelled one, or vertagt/verwiesen/abgesetzt)."""
    if consultation.paper.state not in PLACEABLE_PAPER_STATES:
        return False
    if consultation.result is not None and consultation.result not in OPEN_RESULTS:
        return False
    item = consultation.agenda_item
    return item is None or consultation.result in OPEN_RESULTS or item.meeting.state is MeetingState.CANCELLED


def pending_consultations(session: Session, meeting: Meeting) -> list[Consultation]:
    """Zur Beratung anstehend: released Vorlagen whose Beratungsfolge names a committee of the meeting."""
    committee_ids = [o.id for o in meeting.organizations]
    scheduled = (
        select(AgendaItem.id)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(Meeting.state != MeetingState.CANCELLED)
    )
    stmt = (
        select(Consultation)
        .join(Paper, Consultation.paper_id == Paper.id)
        .where(
            Consultation.organization_id.in_(committee_ids),
            Paper.state.in_(PLACEABLE_PAPER_STATES),
            or_(Consultation.result.is_(None), Consultation.result.in_(OPEN_RESULTS)),
            or_(
                Consultation.agenda_item_id.is_(None),
                Consultation.result.in_(OPEN_RESULTS),
                Consultation.agenda_item_id.not_in(scheduled),
            ),
        )
        .order_by(Paper.reference_year, Paper.reference_number, Consultation.position)
    )
    on_this_agenda = {i.id for i in meeting.agenda_items}
    return [c for c in session.scalars(stmt) if c.agenda_item_id not in on_this_agenda]


def _confirm_public(papers: list[Paper], confirmed: bool) -> None:
    hidden = [p for p in papers if not p.public]
    if hidden and not confirmed:
        refs = ", ".join(p.reference for p in hidden)
        raise ConfirmationRequired(
            f"Die Vorlage {refs} ist nichtöffentlich. Im öffentlichen Teil werden Titel, Beratung und Beschluss "
            "dieses Tagesordnungspunkts veröffentlicht, sobald zur Sitzung eingeladen ist."
        )


def _start_consultation(session: Session, actor: User | None, paper: Paper) -> None:
    if paper.state is PaperState.RELEASED:
        papers.mark_in_consultation(session, actor, paper)


def _end_consultation_if_unscheduled(session: Session, actor: User | None, paper: Paper) -> None:
    """Back to Freigegeben when no step of the Beratungsfolge is scheduled or has a result."""
    if paper.state is PaperState.IN_CONSULTATION and all(
        c.agenda_item is None and c.result is None for c in paper.consultations
    ):
        papers.end_consultation(session, actor, paper)


def place_paper(
    session: Session,
    actor: User | None,
    meeting: Meeting,
    consultation: Consultation,
    *,
    public: bool | None = None,
    name: str = "",
    public_name: str = "",
    confirm_public: bool = False,
) -> AgendaItem:
    """Put a Vorlage on the agenda: a new item linked with its consultation (part defaults to the Vorlage's)."""
    _require_editable(meeting)
    paper = consultation.paper
    if consultation.organization_id not in {o.id for o in meeting.organizations}:
        raise ValidationFailed(
            {"consultation_id": "Die Beratungsfolge dieser Vorlage sieht kein Gremium dieser Sitzung vor."}
        )
    if paper.state not in PLACEABLE_PAPER_STATES:
        raise ValidationFailed(
            {"consultation_id": f"Die Vorlage {paper.reference} ist nicht freigegeben (Status: {paper.state.label})."}
        )
    current = consultation.agenda_item
    if current is not None and current.meeting_id == meeting.id:
        message = f"Die Vorlage {paper.reference} steht bereits als {current.number} auf dieser Tagesordnung."
        raise ValidationFailed({"consultation_id": message})
    if not consultation_is_pending(consultation):
        if current is None:
            done = consultation.result.label if consultation.result else "abgeschlossen"
            message = f"Die Beratung der Vorlage {paper.reference} in diesem Gremium ist bereits erledigt ({done})."
        else:
            message = (
                f"Die Vorlage {paper.reference} steht bereits auf der Tagesordnung der Sitzung "
                f"{describe(current.meeting)}."
            )
        raise ValidationFailed({"consultation_id": message})
    public = paper.public if public is None else public
    if public:
        _confirm_public([paper], confirm_public)
    name, public_name = _names(name or paper.name, public_name, public)
    item = _insert(session, meeting, AgendaItem(name=name, public=public, public_name=public_name))
    consultation.meeting = meeting
    consultation.agenda_item = item
    consultation.result = None
    consultation.result_note = ""
    _start_consultation(session, actor, paper)
    session.flush()
    _record(
        session,
        actor,
        meeting,
        "paper_placed",
        f"Vorlage {paper.reference} als {item.number} aufgenommen{_supplement(item)}",
    )
    return item


TITLE_CONFLICT = (
    "Der Titel wurde inzwischen von jemand anderem geändert. Ihre Eingabe ist unten erhalten; bitte prüfen Sie "
    "den aktuellen Titel und speichern Sie erneut."
)


def update_item(
    session: Session, actor: User | None, item: AgendaItem, *, name: str, public_name: str,
    kind: AgendaItemKind | None = None, expected_version: int | None = None,
) -> AgendaItem:
    """Change an item's title, its kind and, for a non-public item, its neutral public title.

    With ``expected_version`` (the ``title_version`` the form was loaded at) a
    save based on an older title is refused instead of silently overwriting it.
    """
    _require_editable(item.meeting)
    if expected_version is not None:
        edit_locks.claim(session, item, "title_version", expected_version, field="name", message=TITLE_CONFLICT)
    else:
        item.title_version += 1
    item.name, item.public_name = _names(name, public_name, item.public)
    if kind is not None and kind is not item.kind:
        if kind is AgendaItemKind.SEPARATOR and any(i.parent is item for i in item.meeting.agenda_items):
            raise ValidationFailed({"kind": "Eine Trennüberschrift kann keine Unterpunkte haben."})
        if kind is AgendaItemKind.SEPARATOR and item.consultation is not None:
            raise ValidationFailed({"kind": "Ein Punkt mit Vorlage kann keine Trennüberschrift sein."})
        item.kind = kind
        outline_mod.renumber(session, item.meeting)  # a separator gives up its number, others get one
    session.flush()
    _record(session, actor, item.meeting, "item_updated", f"{item.number} geändert: „{item.name}“")
    return item


def remove_item(session: Session, actor: User | None, item: AgendaItem) -> None:
    """Remove an item; its sub-items take its place, a linked Vorlage is free for another agenda."""
    meeting = item.meeting
    _require_editable(meeting)
    outline = outline_mod.build(meeting)
    siblings, index, _parent = outline_mod.locate(outline, item)
    siblings[index : index + 1] = siblings[index].children
    for child in meeting.agenda_items:
        if child.parent is item:
            child.parent = None
    number, name = item.number, item.name
    consultation = item.consultation
    if consultation is not None:
        consultation.agenda_item = None
        consultation.meeting = None
        _end_consultation_if_unscheduled(session, actor, consultation.paper)
    meeting.agenda_items.remove(item)
    session.delete(item)
    session.flush()  # the row must be gone before the renumbering reuses its order
    outline_mod.apply(session, meeting, outline)
    _record(session, actor, meeting, "item_removed", f"{number} „{name}“ entfernt")


def move_item(session: Session, actor: User | None, item: AgendaItem, direction: str) -> AgendaItem:
    """Move an item one place up or down among its siblings (a main item takes its sub-items along)."""
    meeting = item.meeting
    _require_editable(meeting)
    outline = outline_mod.build(meeting)
    siblings, index, parent = outline_mod.locate(outline, item)
    target = index - 1 if direction == "up" else index + 1
    where = f"unter {parent.item.number}" if parent else f"im {PART_LABELS[item.public]}"
    if target < 0:
        raise InvalidTransition(f"{item.number} steht bereits an erster Stelle {where}.")
    if target >= len(siblings):
        raise InvalidTransition(f"{item.number} steht bereits an letzter Stelle {where}.")
    old = item.number
    siblings[index], siblings[target] = siblings[target], siblings[index]
    outline_mod.apply(session, meeting, outline)
    _record(session, actor, meeting, "item_moved", f"{old} „{item.name}“ ist jetzt {item.number}")
    return item


def indent_item(session: Session, actor: User | None, item: AgendaItem) -> AgendaItem:
    """Make an item (with its sub-items) the last sub-item of the item above it, up to three levels (5.1.1)."""
    meeting = item.meeting
    _require_editable(meeting)
    outline = outline_mod.build(meeting)
    siblings, index, _parent = outline_mod.locate(outline, item)
    if index == 0:
        raise InvalidTransition(f"Über {item.number} steht kein Punkt, unter den er eingerückt werden könnte.")
    above = siblings[index - 1]
    if above.item.kind is AgendaItemKind.SEPARATOR or item.kind is AgendaItemKind.SEPARATOR:
        raise InvalidTransition("Eine Trennüberschrift hat keine Unterpunkte und ist selbst keiner.")
    node = siblings[index]
    if outline_mod.depth_in(outline, item) + 1 + node.height() > outline_mod.MAX_DEPTH:
        raise InvalidTransition(
            f"{item.number} lässt sich nicht tiefer einrücken: die Tagesordnung hat höchstens "
            f"{outline_mod.MAX_DEPTH} Ebenen (z. B. Ö 5.1.1)."
        )
    old = item.number
    siblings.pop(index)
    above.children.append(node)
    outline_mod.apply(session, meeting, outline)
    _record(session, actor, meeting, "item_indented", f"{old} „{item.name}“ ist jetzt Unterpunkt {item.number}")
    return item


def outdent_item(session: Session, actor: User | None, item: AgendaItem) -> AgendaItem:
    """Move a sub-item one level up, placed directly after its former parent (with its own sub-items)."""
    meeting = item.meeting
    _require_editable(meeting)
    outline = outline_mod.build(meeting)
    siblings, index, parent = outline_mod.locate(outline, item)
    if parent is None:
        raise InvalidTransition(f"{item.number} ist bereits ein Hauptpunkt.")
    old = item.number
    node = siblings.pop(index)
    upper, upper_index, _grand = outline_mod.locate(outline, parent.item)
    upper.insert(upper_index + 1, node)
    outline_mod.apply(session, meeting, outline)
    level = "Hauptpunkt" if outline_mod.depth_in(outline, item) == 0 else "Unterpunkt"
    _record(session, actor, meeting, "item_outdented", f"{old} „{item.name}“ ist jetzt {level} {item.number}")
    return item


def move_item_to(session: Session, actor: User | None, item: AgendaItem, position: int) -> AgendaItem:
    """Put an item at ``position`` (1-based) among its siblings (drag and drop in the agenda builder)."""
    meeting = item.meeting
    _require_editable(meeting)
    outline = outline_mod.build(meeting)
    siblings, index, _parent = outline_mod.locate(outline, item)
    if not 1 <= position <= len(siblings):
        raise ValidationFailed({"position": f"Bitte eine Position zwischen 1 und {len(siblings)} angeben."})
    if position - 1 == index:
        return item
    old = item.number
    siblings.insert(position - 1, siblings.pop(index))
    outline_mod.apply(session, meeting, outline)
    _record(session, actor, meeting, "item_moved", f"{old} „{item.name}“ ist jetzt {item.number}")
    return item


def _subtree(node: outline_mod.Node) -> list[AgendaItem]:
    return [node.item, *(i for child in node.children for i in _subtree(child))]


def papers_of(items: list[AgendaItem]) -> list[Paper]:
    """The Vorlagen linked with the given items."""
    return [i.consultation.paper for i in items if i.consultation is not None]


def move_to_part(
    session: Session, actor: User | None, item: AgendaItem, public: bool, *, confirm_public: bool = False
) -> AgendaItem:
    """Move an item (with its sub-items) to the end of the other part; a sub-item becomes a main item there."""
    meeting = item.meeting
    _require_editable(meeting)
    if item.public == public:
        raise InvalidTransition(f"{item.number} steht bereits im {PART_LABELS[public]}.")
    outline = outline_mod.build(meeting)
    siblings, index, _parent = outline_mod.locate(outline, item)
    node = siblings[index]
    if public:
        _confirm_public(papers_of(_subtree(node)), confirm_public)
    siblings.pop(index)
    outline[public].append(node)
    old = item.number
    outline_mod.apply(session, meeting, outline)
    _record(
        session,
        actor,
        meeting,
        "item_moved_part",
        f"{old} „{item.name}“ in den {PART_LABELS[public]} verschoben, jetzt {item.number}",
    )
    return item


def previous_meeting_day(session: Session, meeting: Meeting) -> date | None:
    """The day of the committee's last meeting held before this one (for "Genehmigung der Niederschrift")."""
    start = session.scalar(
        select(Meeting.start_time)
        .where(
            Meeting.organization_id == meeting.organization_id,
            Meeting.start_time < meeting.start_time,
            Meeting.state == MeetingState.HELD,
        )
        .order_by(Meeting.start_time.desc())
        .limit(1)
    )
    return local_date(start) if start is not None else None


def minutes_item_name(session: Session, meeting: Meeting) -> str:
    """The standard item's title naming the previous meeting when there is one."""
    day = previous_meeting_day(session, meeting)
    base = "Genehmigung der Niederschrift"
    return f"{base} über die Sitzung vom {format_day(day)}" if day else base
