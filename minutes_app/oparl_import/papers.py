"""Writers of Paper (Vorlage) and Consultation (Beratungsfolge), recorded as history.

A Vorlage keeps its original reference number (no number is drawn), date,
type and texts; it enters as freigegeben and moves on to "in Beratung" or
"erledigt" when its meetings are imported (:func:`settle_paper`). Links
between Vorlagen (related, superordinated) are set after all Vorlagen of the
run are in (:func:`link_papers`), so a long chain of links never recurses.
"""
from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select

from ..models import Consultation, File, Location, Organization, Paper, PaperState, PaperType, Person
from ..services import markup
from ..services.papers import consultations_settled
from ..services.paper_versions import freeze
from . import catalog
from .catalog import parse_date, parse_datetime, ref, refs, text, utc
from .context import ImportContext, assign, revive
from .files import file_ids
from .structure import location_id

PENDING_LINKS = "paper_links"
PENDING_ITEMS = "consultation_items"


def _references(ctx: ImportContext) -> dict[str, int]:
    """{reference: paper id} of the body (deleted ones too: their rows keep the number)."""
    known = ctx.cache.get("references")
    if known is None:
        rows = ctx.session.execute(select(Paper.reference, Paper.id).where(Paper.body_id == ctx.body.id)
                                   .execution_options(include_deleted=True))
        known = ctx.cache["references"] = {reference: paper_id for reference, paper_id in rows}
    return known  # type: ignore[no-any-return]


def _reference(ctx: ImportContext, raw: dict[str, Any], oparl_id: str, own_id: int | None) -> str:
    """The original number; a missing or (in this body) doubled number gets a distinguishing suffix, reported."""
    wanted = " ".join(text(raw.get("reference")).split())
    if not wanted:
        wanted = "o. Nr. " + hashlib.sha256(oparl_id.encode()).hexdigest()[:8]
        ctx.note_repair("vorlage-ohne-aktenzeichen", oparl_id, f"kein Aktenzeichen; „{wanted}“ vergeben")
    wanted = wanted[:40]
    taken = _references(ctx)
    candidate, counter = wanted, 1
    while taken.get(candidate, own_id) != own_id:
        counter += 1
        candidate = f"{wanted[:34]} ({counter})"
    if candidate != wanted:
        ctx.note_repair("doppeltes-aktenzeichen", oparl_id, f"„{wanted}“ gibt es schon; als „{candidate}“ übernommen")
    return candidate


def _organizations(ctx: ImportContext, values: Any, referenced_by: str) -> list[Organization]:
    ids = [ctx.resolve(Organization, "Organization", r, referenced_by) for r in refs(values)]
    return [o for o in (ctx.session.get(Organization, i) for i in dict.fromkeys(ids) if i is not None) if o]


def _texts(raw: dict[str, Any]) -> dict[str, str]:
    """Texts a vendor extension carries (e.g. ``x-minutesapp:text`` of this product's own OParl server)."""
    found: dict[str, str] = {}
    for key, value in raw.items():
        if key.endswith(":text") and isinstance(value, dict):
            for field, column in (("resolutionProposal", "resolution_proposal"), ("reasoning", "reasoning"),
                                  ("financialImpact", "financial_impact")):
                if isinstance(value.get(field), str):
                    found[column] = markup.normalize(value[field])
    return found


def write_paper(ctx: ImportContext, raw: dict[str, Any]) -> int | None:
    """A Vorlage with its files and Beratungsfolge."""
    oparl_id = str(raw["id"])
    paper = ctx.find(Paper, oparl_id)
    if raw.get("deleted"):
        return ctx.delete(paper, "Paper", oparl_id)
    paper_date = parse_date(raw.get("date"))
    if paper_date is None:
        paper_date = (parse_datetime(raw.get("created")) or ctx.now).date()
        ctx.note_repair("vorlage-ohne-datum", oparl_id, f"kein Datum; {paper_date:%d.%m.%Y} (Anlagedatum) gesetzt")
    wording = text(raw.get("paperType"))
    kind = catalog.paper_type(wording) if wording else None
    if kind is None:
        kind = PaperType.RESOLUTION
        ctx.note_repair("vorlagenart-unbekannt", oparl_id, f"Art „{wording or '–'}“ unbekannt; als Beschlussvorlage")
    reference = _reference(ctx, raw, oparl_id, paper.id if paper else None)
    name = " ".join(text(raw.get("name")).split())[:500] or reference
    leads = _organizations(ctx, raw.get("underDirectionOf"), oparl_id)
    persons = [ctx.resolve(Person, "Person", r, oparl_id) for r in refs(raw.get("originatorPerson"))]
    values: dict[str, Any] = {
        "reference": reference, "reference_year": paper_date.year, "name": name, "paper_type": kind,
        "date": paper_date, "public": True, "originator_id": leads[0].id if leads else None,
        "further_leads": leads[1:],
        "originator_persons": [p for p in (ctx.session.get(Person, i) for i in dict.fromkeys(persons) if i) if p],
        "originator_organizations": _organizations(ctx, raw.get("originatorOrganization"), oparl_id),
        "keywords": [k for k in (text(w, 200) for w in raw.get("keyword") or []) if k], **_texts(raw),
    }
    created_at = utc(parse_datetime(raw.get("created")))
    if created_at is not None:
        values["created"] = created_at
    created = paper is None
    if paper is None:
        paper = Paper(body_id=ctx.body.id, oparl_id=oparl_id, reference=reference, reference_year=paper_date.year,
                      name=name, paper_type=kind, date=paper_date, state=PaperState.RELEASED,
                      recorded_after_the_fact=True, participants=[], further_leads=[], originator_persons=[],
                      originator_organizations=[], files=[], locations=[], related_to=[],
                      superordinated_papers=[])  # set, not unloaded: no query for empty lists later
        ctx.session.add(paper)
    changed = revive(paper) | assign(paper, values)
    if created:
        ctx.session.flush()
        ctx.remember(paper)
    numbers = _references(ctx)
    if numbers.get(reference) != paper.id:
        numbers[reference] = paper.id
        ctx.journal.append(lambda: numbers.pop(reference, None))
    places = [location_id(ctx, p, oparl_id) for p in (raw.get("location") or [])]
    main = file_ids(ctx, [raw["mainFile"]] if raw.get("mainFile") else [], oparl_id)
    others = file_ids(ctx, raw.get("auxiliaryFile"), oparl_id)
    changed |= assign(paper, {"main_file_id": main[0] if main else None,
                              "locations": [ctx.session.get(Location, i) for i in dict.fromkeys(places) if i]})
    changed |= assign(paper, {"files": [ctx.session.get(File, i) for i in dict.fromkeys(main + others)]})
    changed |= _consultations(ctx, paper, raw, is_new=created)
    if created:
        ctx.cache.setdefault("new_papers", set()).add(paper.id)
        freeze(ctx.session, None, paper)  # the recorded content is the released version
    links = ctx.cache.setdefault(PENDING_LINKS, [])
    links.append((paper.id, oparl_id, raw))
    ctx.journal.append(links.pop)
    ctx.finish(paper, "Paper", created=created, changed=changed,
               label=f"Vorlage {reference} vom {paper_date:%d.%m.%Y}")
    return paper.id


def _consultation_organization(ctx: ImportContext, raw: dict[str, Any], oparl_id: str) -> int | None:
    organizations = refs(raw.get("organization"))
    if organizations:
        return ctx.resolve(Organization, "Organization", organizations[0], oparl_id)
    meeting = ctx.source.get(ref(raw.get("meeting")) or "") if ref(raw.get("meeting")) else None
    if meeting is not None and refs(meeting.get("organization")):
        ctx.note_repair("beratung-ohne-gremium", oparl_id, "Gremium aus der Sitzung der Beratung übernommen")
        return ctx.resolve(Organization, "Organization", refs(meeting["organization"])[0], oparl_id)
    return None


def _consultations(ctx: ImportContext, paper: Paper, raw: dict[str, Any], is_new: bool) -> bool:
    """The Beratungsfolge in the source's order; steps the source no longer has are soft-deleted."""
    # Embedded Beratungen were repaired with the Vorlage; those named by URL are fetched and repaired here.
    entries = [e if isinstance(e, dict) else fetched(ctx, e, "Consultation") for e in raw.get("consultation") or []]
    rows: list[Consultation] = []
    new_rows: list[Consultation] = []
    links: list[tuple[str | None, Consultation]] = []
    changed = False
    for entry in entries:
        if entry is None or not isinstance(entry.get("id"), str):
            continue
        step_id = entry["id"]
        step = ctx.find(Consultation, step_id)
        if entry.get("deleted"):
            ctx.delete(step, "Consultation", step_id)
            continue
        organization_id = _consultation_organization(ctx, entry, step_id)
        if organization_id is None:
            ctx.report.skip("Consultation", step_id, "Beratung ohne Gremium")
            continue
        authoritative = entry.get("authoritative") is True
        values = {"organization_id": organization_id, "authoritative": authoritative,
                  "role": catalog.consultation_role(text(entry.get("role")), authoritative)}
        step_created = utc(parse_datetime(entry.get("created")))
        if step_created is not None:
            values["created"] = step_created
        if step is None:
            # A new Vorlage's steps take their places at once; beside existing steps they start aside.
            position = len(rows) + 1 if is_new else -(len(rows) + 1_000_000)
            step = Consultation(oparl_id=step_id, paper_id=paper.id, position=position, **values)
            ctx.session.add(step)
            new_rows.append(step)
            changed = True
        else:
            step_changed = revive(step) | assign(step, values)
            ctx.finish(step, "Consultation", created=False, changed=step_changed, audited=False)
            changed |= step_changed
        rows.append(step)
        links.append((ref(entry.get("agendaItem")), step))
    if new_rows:
        ctx.session.flush()  # one flush for all new steps of the Vorlage
        for step in new_rows:
            ctx.finish(step, "Consultation", created=True, changed=True, audited=False)
    pending = ctx.cache.setdefault(PENDING_ITEMS, {})
    for item, step in links:
        if item:
            pending[item] = step.id
    if is_new:
        return changed
    known = {c.id for c in rows}
    for old in paper.consultations:
        if old.id not in known and not old.deleted:
            old.mark_deleted()
            ctx.report.count("Consultation", "gelöscht")
            changed = True
    if [c.position for c in rows] != list(range(1, len(rows) + 1)):
        for step in rows:  # move aside first: (paper, position) is unique
            step.position = -step.id
        ctx.session.flush()
        for position, step in enumerate(rows, start=1):
            step.position = position
    if new_rows:
        ctx.session.flush()
        ctx.session.expire(paper, ["consultations"])
    return changed


def fetched(ctx: ImportContext, reference: object, type_name: str) -> dict[str, Any] | None:
    """An object named by URL instead of embedded: fetched and repaired; None (reported) when absent."""
    if not isinstance(reference, str):
        return None
    found = ctx.source.get(reference)
    if found is None:
        ctx.report.missing(reference, type_name)
        return None
    return ctx.repair(found, type_name)


def link_papers(ctx: ImportContext, pending: list[tuple[int, str, dict[str, Any]]]) -> None:
    """Related and superordinated Vorlagen, once every Vorlage of the run is in."""
    for paper_id, oparl_id, raw in pending:
        paper = ctx.session.get(Paper, paper_id)
        wanted = refs(raw.get("relatedPaper")) or refs(raw.get("superordinatedPaper"))
        if paper is None or (not wanted and (paper_id in ctx.cache.get("new_papers", ())
                                             or not (paper.related_to or paper.superordinated_papers))):
            continue

        def targets(key: str) -> list[Paper]:
            found = [ctx.resolve(Paper, "Paper", r, oparl_id) for r in refs(raw.get(key))]
            return [p for p in (ctx.session.get(Paper, i) for i in dict.fromkeys(found) if i and i != paper_id) if p]

        related = [p for p in targets("relatedPaper") if paper not in p.related_to]
        with ctx.session.begin_nested():
            changed = assign(paper, {"related_to": related, "superordinated_papers": targets("superordinatedPaper")})
        if changed and paper_id not in ctx.cache.get("new_papers", ()):
            ctx.report.count("Paper", "aktualisiert")


def settle_paper(paper: Paper) -> None:
    """Move a recorded Vorlage on by its consultations: in Beratung once on an agenda, erledigt when decided."""
    if paper.state not in (PaperState.RELEASED, PaperState.IN_CONSULTATION):
        return
    live = [c for c in paper.consultations if not c.deleted]
    if paper.state is PaperState.RELEASED and any(c.agenda_item_id for c in live):
        paper.state = PaperState.IN_CONSULTATION
    if paper.state is PaperState.IN_CONSULTATION and consultations_settled(paper):
        paper.state = PaperState.COMPLETED
