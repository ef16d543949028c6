"""Writes the planned demo Vorlagen: papers with texts and attachments, Sichtvermerke, agendas, Beratungsfolgen."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from ..models import (
    AgendaItem,
    AgendaItemResult,
    Consultation,
    ConsultationRole,
    MeetingState,
    PaperState,
    PaperType,
    PaperVersion,
    SignOff,
    SignOffCapacity,
    SignOffPosition,
    SignOffState,
    User,
)
from ..services import papers
from ..services.meetings import format_day
from ..services.paper_versions import content_hash, content_of
from . import catalog as c
from .attachments import store_docx
from .plans import PaperPlan
from .schedule import LOCAL, PlannedMeeting, Slot
from .structure import County
from .texts import paper_texts

ADOPTED = (AgendaItemResult.ADOPTED, AgendaItemResult.ADOPTED_AMENDED)
RETURN_COMMENT = (
    "Bitte die Zahlen zur Integrationsquote im Sachverhalt aktualisieren und die Stellungnahme des Beirats "
    "ergänzen. Danach gern erneut vorlegen."
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """Local wall-clock time on ``day`` as aware UTC datetime."""
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL).astimezone(UTC)


def committee_name(key: str) -> str:
    """A committee's name in the nominative."""
    return c.COMMITTEE_BY_KEY[key].name


def write_papers(
    session: Session, rng: random.Random, county: County, plans: list[PaperPlan], file_store_dir: Path | None
) -> None:
    """Create every planned Vorlage (numbered in date order) with its attachments."""
    editor = county.users["sachbearbeitung"]
    for number, plan in enumerate(plans):
        topic = plan.topic
        deciding = next(s for s in plan.steps if s.authoritative).committee
        amount = 0
        if plan.paper_type in (PaperType.RESOLUTION, PaperType.MOTION) and topic.cost[1]:
            amount = rng.randint(*topic.cost) // 100 * 100
        texts = paper_texts(rng, topic, plan.paper_type, plan.slots, committee_name(deciding), amount, plan.demands)
        participants = [county.departments[k] for k in topic.participants]
        if plan.originator != topic.department:
            participants.append(county.departments[topic.department])
        author = editor if plan.originator == "jc" else None
        paper = papers.create_paper(
            session, author, body=county.body, name=plan.title, paper_type=plan.paper_type,
            originator=county.departments[plan.originator], public=topic.public, paper_date=plan.date,
            participants=participants, resolution_proposal=texts.resolution_proposal, reasoning=texts.reasoning,
            financial_impact=texts.financial_impact,
        )
        paper.state = plan.state
        paper.created = paper.modified = at(plan.date, 9, number % 50)
        plan.paper = paper
        if texts.attachment:
            paper.files.append(
                store_docx(session, file_store_dir, name=f"Anlage 1 – {texts.attachment[0]}",
                           paragraphs=list(texts.attachment[1:]), public=topic.public,
                           created=paper.created, uploaded_by=author)
            )
            if topic.key == "sicherheitskonzept":
                paper.files.append(
                    store_docx(session, file_store_dir,
                               name="Anlage 2 – Lageplan der Alarmierungspunkte (nur für den Dienstgebrauch)",
                               paragraphs=["Standorte der Notrufknöpfe und Sammelpunkte je Etage.",
                                           "– Erdgeschoss: Empfang, Wartebereich, Beratungsräume E.01 bis E.09",
                                           "– 1. Obergeschoss: Leistungsabteilung, Beratungsräume 1.01 bis 1.14"],
                               public=False, created=paper.created, uploaded_by=author)
                )
    session.flush()


def write_sign_offs(session: Session, rng: random.Random, county: County, plans: list[PaperPlan]) -> None:
    """Frozen versions and Sichtvermerke; written last because a version covers Beratungsfolge and attachments."""
    for number, plan in enumerate(plans):
        _sign_offs(session, rng, county, plan, number)
    session.flush()


def _signer(rng: random.Random, position: SignOffPosition) -> tuple[User, SignOffCapacity]:
    own = next(h.user for h in position.holders if not h.is_deputy)
    deputies = [h.user for h in position.holders if h.is_deputy]
    if deputies and rng.random() < 0.12:
        return deputies[0], SignOffCapacity.DEPUTY
    return own, SignOffCapacity.OWN


def _sign_offs(session: Session, rng: random.Random, county: County, plan: PaperPlan, number: int) -> None:
    paper = plan.paper
    assert paper is not None
    if plan.target == "draft":
        return
    positions = county.chains[plan.originator].positions
    content = content_of(paper)
    when = at(plan.date, 10) + timedelta(hours=2)
    reworked = plan.state is PaperState.COMPLETED and plan.paper_type is PaperType.RESOLUTION and number % 9 == 4
    if reworked:
        # Changed after release: version 1 stays on record, its signatures are void; version 2 was signed anew.
        old = {**content, "financial_impact": "Die Kosten werden ermittelt und mit einer Ergänzung nachgereicht."}
        session.add(PaperVersion(paper_id=paper.id, version=1, content=old, content_hash=content_hash(old),
                                 created=when, created_by_id=paper.author_id))
        for order, position in enumerate(positions, 1):
            user, capacity = _signer(rng, position)
            session.add(SignOff(paper_id=paper.id, paper_version=1, order=order, position_id=position.id,
                                position_title=position.title, state=SignOffState.VOID, signed_by_id=user.id,
                                signed_at=when + timedelta(hours=20 * order), capacity=capacity,
                                content_hash=content_hash(old)))
        paper.version = 2
        when += timedelta(days=2)
    session.add(PaperVersion(paper_id=paper.id, version=paper.version, content=content,
                             content_hash=content_hash(content), created=when, created_by_id=paper.author_id))
    for order, position in enumerate(positions, 1):
        sign_off = SignOff(paper_id=paper.id, paper_version=paper.version, order=order, position_id=position.id,
                           position_title=position.title)
        index = order - 1
        signed = plan.target not in ("sign_off", "returned") or index < plan.due_position
        if signed:
            user, capacity = _signer(rng, position)
            sign_off.state = SignOffState.SIGNED
            sign_off.signed_by_id, sign_off.capacity = user.id, capacity
            sign_off.signed_at = when + timedelta(hours=18 * order)
            sign_off.content_hash = content_hash(content)
            if rng.random() < 0.15:
                sign_off.comment = rng.choice(("Einverstanden.", "Mit der Bitte um Beachtung der Hinweise des FB 20.",
                                               "Gezeichnet nach Rücksprache mit dem Fachbereich."))
        elif plan.target == "returned" and index == plan.due_position:
            user, capacity = _signer(rng, position)
            sign_off.state = SignOffState.RETURNED
            sign_off.signed_by_id, sign_off.capacity = user.id, capacity
            sign_off.signed_at = when + timedelta(hours=18 * order)
            sign_off.comment = RETURN_COMMENT
            paper.return_comment = RETURN_COMMENT
        else:
            if plan.target == "returned":
                break  # a return removes the round's open Sichtvermerke
        session.add(sign_off)


@dataclass
class Entry:
    """An agenda item with what it stands for: a standard item ``kind`` or a Vorlage's consultation."""

    item: AgendaItem
    kind: str
    slot: Slot | None = None


def write_agendas(
    session: Session, rng: random.Random, calendar: dict[str, list[PlannedMeeting]]
) -> dict[int, list[Entry]]:
    """Agendas of held and invited meetings (public part first); returns the entries per meeting id."""
    agendas: dict[int, list[Entry]] = {}
    for key, planned in calendar.items():
        previous: PlannedMeeting | None = None
        for pm in planned:
            if pm.state in (MeetingState.HELD, MeetingState.INVITED):
                agendas[pm.meeting.id] = _agenda(session, rng, key, pm, previous)
            if pm.state is MeetingState.HELD:
                previous = pm
    session.flush()
    return agendas


def _agenda(
    session: Session, rng: random.Random, key: str, pm: PlannedMeeting, previous: PlannedMeeting | None
) -> list[Entry]:
    def plan_of(slot: Slot) -> PaperPlan:
        plan: PaperPlan = slot.paper_plan
        return plan

    def is_info(slot: Slot) -> bool:
        return plan_of(slot).paper_type in (PaperType.COMMUNICATION, PaperType.REPORT)

    public = [s for s in pm.slots if plan_of(s).topic.public]
    infos = [s for s in public if is_info(s)]
    inquiries = [s for s in public if plan_of(s).paper_type is PaperType.INQUIRY]
    main = [s for s in public if s not in infos and s not in inquiries]
    hidden = [s for s in pm.slots if not plan_of(s).topic.public]
    entries: list[Entry] = []

    def add(number: str, name: str, kind: str, *, public: bool = True, slot: Slot | None = None,
            parent: AgendaItem | None = None) -> AgendaItem:
        item = AgendaItem(meeting=pm.meeting, number=number, order=len(entries) + 1, name=name, public=public,
                          parent=parent)
        if slot is not None and not public:
            item.public_name = plan_of(slot).topic.public_name
        session.add(item)
        entries.append(Entry(item, kind, slot))
        return item

    add("Ö 1", "Eröffnung und Feststellung der ordnungsgemäßen Ladung und Beschlussfähigkeit", "opening")
    approval = "Genehmigung der Niederschrift"
    if previous is not None:
        approval += f" über die Sitzung vom {format_day(previous.start.astimezone(LOCAL).date())}"
    add("Ö 2", approval, "approval")
    parent = add("Ö 3", "Mitteilungen der Verwaltung", "announcements")
    for i, slot in enumerate(infos, 1):
        add(f"Ö 3.{i}", plan_of(slot).title, "paper", slot=slot, parent=parent)
    number = 4
    for slot in main:
        item = add(f"Ö {number}", plan_of(slot).title, "paper", slot=slot)
        item.is_supplement = pm.state is MeetingState.HELD and rng.random() < 0.04
        number += 1
    parent = add(f"Ö {number}", "Anfragen", "questions")
    for i, slot in enumerate(inquiries, 1):
        add(f"Ö {number}.{i}", plan_of(slot).title, "paper", slot=slot, parent=parent)
    n = 1
    if key in ("ka", "kt"):
        add(f"N {n}", "Mitteilungen der Verwaltung", "internal_announcements", public=False)
        n += 1
    for slot in hidden:
        add(f"N {n}", plan_of(slot).title, "paper", public=False, slot=slot)
        n += 1
    if key in ("ka", "kt"):
        add(f"N {n}", "Anfragen", "internal_questions", public=False)
    return entries


def write_consultations(
    session: Session, county: County, plans: list[PaperPlan], agendas: dict[int, list[Entry]]
) -> None:
    """The Beratungsfolge of every Vorlage, linked to meetings, agenda items and results."""
    item_of = {
        (id(e.slot.paper_plan), e.slot.step_index): e.item for entries in agendas.values() for e in entries if e.slot
    }
    for plan in plans:
        assert plan.paper is not None
        for index, step in enumerate(plan.steps):
            note = "mit Änderungen" if step.result is AgendaItemResult.ADOPTED_AMENDED else ""
            if step.role is ConsultationRole.PRELIMINARY and step.result in ADOPTED:
                note = note or "Empfehlung an das nächste Gremium"
            session.add(
                Consultation(
                    paper=plan.paper, organization_id=county.committees[step.committee].id, position=index + 1,
                    role=step.role, authoritative=step.authoritative,
                    meeting_id=step.meeting.meeting.id if step.meeting else None,
                    agenda_item=item_of.get((id(plan), index)), result=step.result, result_note=note,
                )
            )
    session.flush()
