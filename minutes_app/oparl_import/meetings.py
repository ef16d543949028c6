"""Writers of Meeting and AgendaItem, recorded as history, and the link of each TOP to its Beratung.

A meeting enters in the state its history gives it (eingeladen, durchgeführt
with an approved Niederschrift, or abgesagt) with the dates of then. Its TOPs
keep the source's order (after the quirk repairs of the agenda), numbers,
``public`` flags, results in their original wording and resolution texts; a
non-public TOP keeps the title the source published as its public title. Each
TOP that names a Beratung settles that step of the Vorlage's Beratungsfolge
and moves the Vorlage on (:func:`.papers.settle_paper`).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Consultation,
    File,
    Meeting,
    MeetingState,
    Minutes,
    MinutesState,
    Organization,
    OrganizationType,
    Paper,
    Person,
)
from . import catalog
from .catalog import parse_datetime, ref, refs, text, utc
from .context import ImportContext, assign, revive
from .files import file_id, file_ids
from .papers import PENDING_ITEMS, fetched, settle_paper
from .structure import location_id

#: Cache key of the Vorlagen to settle at the end of the page.
SETTLE = "papers_to_settle"


def _place(ctx: ImportContext, raw: dict[str, Any], oparl_id: str) -> dict[str, Any]:
    value = raw.get("location")
    vendor = next((v for k, v in raw.items() if k.endswith(":place") and isinstance(v, str)), "")
    if isinstance(value, str) and not value.startswith(("http://", "https://")):
        return {"location_id": None, "location_text": value.strip()[:300]}
    place = location_id(ctx, value, oparl_id) if value else None
    return {"location_id": place, "location_text": "" if place else vendor.strip()[:300]}


def write_meeting(ctx: ImportContext, raw: dict[str, Any]) -> int | None:
    """A meeting with its files, agenda and (when held) its approved Niederschrift."""
    oparl_id = str(raw["id"])
    meeting = ctx.find(Meeting, oparl_id)
    if raw.get("deleted"):
        return ctx.delete(meeting, "Meeting", oparl_id)
    organizations = [ctx.resolve(Organization, "Organization", r, oparl_id) for r in refs(raw.get("organization"))]
    organizations = [o for o in dict.fromkeys(organizations) if o is not None]
    start = utc(parse_datetime(raw.get("start")))
    if not organizations or start is None:
        reason = ("Sitzung ohne Beginn" if organizations else
                  "das Gremium der Sitzung fehlt in der Quelle" if refs(raw.get("organization")) else "Sitzung ohne Gremium")
        ctx.report.skip("Meeting", oparl_id, reason)
        return None
    _committees(ctx, organizations, oparl_id)
    end = utc(parse_datetime(raw.get("end")))
    if end is not None and end < start:
        ctx.note_repair("sitzung-ende-vor-beginn", oparl_id, "Ende vor dem Beginn; Ende weggelassen")
        end = None
    state = catalog.meeting_state(raw, ctx.now)
    name = " ".join(text(raw.get("name")).split())[:200] or f"Sitzung am {start:%d.%m.%Y}"
    values: dict[str, Any] = {
        "organization_id": organizations[0], "name": name, "start_time": start, "end_time": end, "state": state,
        "invitation_sent_at": (utc(parse_datetime(raw.get("created"))) or start)
        if state is MeetingState.CANCELLED else None,
        "keywords": [k for k in (text(w, 200) for w in raw.get("keyword") or []) if k],
        **_place(ctx, raw, oparl_id),
    }
    created_at = utc(parse_datetime(raw.get("created")))
    if created_at is not None:
        values["created"] = created_at
    created = meeting is None
    if meeting is None:
        meeting = Meeting(oparl_id=oparl_id, organization_id=organizations[0], name=name, start_time=start,
                          state=state, recorded_after_the_fact=True, joint_organizations=[], files=[])
        ctx.session.add(meeting)
    changed = revive(meeting) | assign(meeting, values)
    if created:
        ctx.session.flush()
        ctx.remember(meeting)
    joint = [ctx.session.get(Organization, i) for i in organizations[1:]]
    single = {key: (file_ids(ctx, [raw[key]], oparl_id) if raw.get(key) else []) for key in
              ("invitation", "resultsProtocol", "verbatimProtocol")}
    changed |= assign(meeting, {
        "joint_organizations": joint,
        "invitation_file_id": (single["invitation"] or [None])[0],
        "results_protocol_file_id": (single["resultsProtocol"] or [None])[0],
        "verbatim_protocol_file_id": (single["verbatimProtocol"] or [None])[0],
        "files": [ctx.session.get(File, i) for i in file_ids(ctx, raw.get("auxiliaryFile"), oparl_id)],
    })
    changed |= _minutes(ctx, meeting, state)
    changed |= _participants(ctx, meeting, raw, oparl_id)
    changed |= _agenda(ctx, meeting, raw, fresh_meeting=created)
    ctx.finish(meeting, "Meeting", created=created, changed=changed,
               label=f"Sitzung „{name}“ vom {start:%d.%m.%Y}")
    return meeting.id


def _committees(ctx: ImportContext, organization_ids: list[int], oparl_id: str) -> None:
    """Whoever holds meetings is a Gremium here (portal, agendas and minutes belong to Gremien), whatever the
    source called it; the change is reported."""
    for organization_id in organization_ids:
        organization = ctx.session.get(Organization, organization_id)
        if organization is not None and not organization.is_committee:
            organization.organization_type = OrganizationType.COMMITTEE
            ctx.note_repair("organisation-mit-sitzungen-als-gremium", organization.oparl_id or oparl_id,
                            f"„{organization.name}“ hält Sitzungen und wird als Gremium geführt")


def _minutes(ctx: ImportContext, meeting: Meeting, state: MeetingState) -> bool:
    """A held meeting's Niederschrift, recorded as signed and approved when it ended (results become public)."""
    if state is not MeetingState.HELD or meeting.minutes is not None:
        return False
    when = meeting.end_time or meeting.start_time
    ctx.session.add(Minutes(meeting_id=meeting.id, state=MinutesState.APPROVED, started_at=meeting.start_time,
                            ended_at=meeting.end_time, closed_at=when, approved_at=when, published_at=when))
    return True


def _participants(ctx: ImportContext, meeting: Meeting, raw: dict[str, Any], oparl_id: str) -> bool:
    """OParl ``participant``: the persons present, as attendance rows (others recorded here stay)."""
    wanted = [ctx.resolve(Person, "Person", r, oparl_id) for r in refs(raw.get("participant"))]
    wanted = [p for p in dict.fromkeys(wanted) if p is not None]
    if not wanted:
        return False
    present = set(ctx.session.scalars(select(Attendance.person_id).where(Attendance.meeting_id == meeting.id)))
    missing = [p for p in wanted if p not in present]
    for person_id in missing:
        ctx.session.add(Attendance(meeting_id=meeting.id, person_id=person_id, status=AttendanceStatus.PRESENT))
    return bool(missing)


def _item_values(ctx: ImportContext, entry: dict[str, Any], order: int) -> dict[str, Any]:
    item_id = str(entry["id"])
    public = entry.get("public") is not False
    name = " ".join(text(entry.get("name")).split())[:500] or text(entry.get("number"), 500) or "Tagesordnungspunkt"
    wording = " ".join(text(entry.get("result")).split())[:300]
    values: dict[str, Any] = {
        "number": text(entry.get("number"), 20), "order": order, "public": public, "name": name,
        "public_name": "" if public else name[:300], "result": catalog.agenda_result(wording),
        "result_wording": wording, "resolution_text": text(entry.get("resolutionText")),
        "start_time": utc(parse_datetime(entry.get("start"))), "end_time": utc(parse_datetime(entry.get("end"))),
        "keywords": [k for k in (text(w, 200) for w in entry.get("keyword") or []) if k],
    }
    # The Beratungsverlauf, where a server (this product's own) carries it as a vendor field.
    minutes = next((v for k, v in entry.items() if k.endswith(":minutesText") and isinstance(v, str)), None)
    if minutes is not None:
        values["minutes_text"] = minutes.strip()
    created_at = utc(parse_datetime(entry.get("created")))
    if created_at is not None:
        values["created"] = created_at
    values["resolution_file_id"] = file_id(ctx, entry["resolutionFile"], item_id) if entry.get("resolutionFile") else None
    values["files"] = [ctx.session.get(File, i) for i in file_ids(ctx, entry.get("auxiliaryFile"), item_id)]
    return values


def _agenda(ctx: ImportContext, meeting: Meeting, raw: dict[str, Any], fresh_meeting: bool) -> bool:
    """The TOPs in the source's order; TOPs the source no longer lists are soft-deleted."""
    # Embedded TOPs were repaired with the meeting (its agenda too); TOPs named by URL are fetched here.
    listed = raw.get("agendaItem") or []
    entries = [e if isinstance(e, dict) else fetched(ctx, e, "AgendaItem") for e in listed]
    entries = [e for e in entries if e is not None and isinstance(e.get("id"), str)]
    if any(not isinstance(e, dict) for e in listed):
        entries = ctx.repair_agenda(entries)
    existing = {} if fresh_meeting else {i.oparl_id: i for i in ctx.session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).execution_options(include_deleted=True))}
    live = [e for e in entries if not e.get("deleted")]
    changed = False
    for entry in entries:
        if entry.get("deleted"):
            ctx.delete(existing.get(entry["id"]), "AgendaItem", entry["id"])
    wanted_ids = {e["id"] for e in live}
    for oparl_id, old in existing.items():
        if oparl_id not in wanted_ids and not old.deleted:
            old.mark_deleted()
            ctx.report.count("AgendaItem", "gelöscht")
            changed = True
    targets = {e["id"]: order for order, e in enumerate(live, start=1)}
    if any(i.order != targets.get(k) for k, i in existing.items() if k in targets) or any(
            i.order in targets.values() for k, i in existing.items() if k not in targets):
        for item in existing.values():  # move aside first: (meeting, order) is unique
            item.order = -item.id
        ctx.session.flush()
    # The TOPs belong to the meeting's savepoint: a bad TOP leaves the whole meeting out, never half of it.
    written: list[tuple[AgendaItem, dict[str, Any], bool]] = []
    for entry in live:
        item = existing.get(entry["id"])
        values = _item_values(ctx, entry, targets[entry["id"]])
        created = item is None
        if item is None:
            item = AgendaItem(oparl_id=entry["id"], meeting_id=meeting.id, order=values["order"], name=values["name"],
                              files=[])
            ctx.session.add(item)
        item_changed = revive(item) | assign(item, values)
        changed |= created or item_changed
        written.append((item, entry, created))
        if not created:
            ctx.finish(item, "AgendaItem", created=False, changed=item_changed, audited=False)
    ctx.session.flush()  # one flush for the new TOPs of the meeting
    for item, entry, created in written:
        if created:
            ctx.finish(item, "AgendaItem", created=True, changed=True, audited=False)
        _settle(ctx, meeting, item, entry, fresh=created)
    return changed


def _settle(ctx: ImportContext, meeting: Meeting, item: AgendaItem, entry: dict[str, Any], fresh: bool) -> None:
    """Link the TOP to its Beratung (named by the TOP, or by the Beratung in the Vorlage); the Vorlage is
    settled once per page (:data:`SETTLE`)."""
    pending: dict[str, int] = ctx.cache.get(PENDING_ITEMS, {})
    reference = ref(entry.get("consultation"))
    step_id = ctx.ids(Consultation).get(reference) if reference else pending.get(str(entry["id"]))
    if step_id is None and reference:
        standalone = ctx.source.get(reference)
        paper_ref = ref(standalone.get("paper")) if standalone else None
        if paper_ref and ctx.resolve(Paper, "Paper", paper_ref, reference) is not None:
            step_id = ctx.ids(Consultation).get(reference)
        if step_id is None:
            ctx.report.missing(reference, str(entry["id"]))
            return
    if step_id is None:
        return
    step = ctx.session.get(Consultation, step_id)
    if step is None:
        return
    # A TOP written just now cannot belong to another Beratung yet; an older one may.
    claimed = None if fresh or step.agenda_item_id == item.id else ctx.session.scalar(
        select(Consultation.id).where(Consultation.agenda_item_id == item.id, Consultation.id != step.id))
    if claimed is not None:
        ctx.note_repair("beratung-doppelt-verknuepft", str(entry["id"]), "der TOP gehört schon zu einer anderen Beratung")
        return
    if assign(step, {"meeting_id": meeting.id, "agenda_item_id": item.id, "result": item.result,
                     "result_note": item.result_wording[:300]}):
        pending = ctx.cache.setdefault(SETTLE, set())
        if step.paper_id not in pending:
            pending.add(step.paper_id)
            ctx.journal.append(lambda: pending.discard(step.paper_id))


def settle_papers(ctx: ImportContext) -> None:
    """Move the Vorlagen whose Beratungen got a TOP on (one query for the page's Vorlagen)."""
    ids = sorted(ctx.cache.pop(SETTLE, set()))
    for start in range(0, len(ids), 500):
        stmt = select(Paper).where(Paper.id.in_(ids[start:start + 500])).options(selectinload(Paper.consultations))
        for paper in ctx.session.scalars(stmt):
            settle_paper(paper)
