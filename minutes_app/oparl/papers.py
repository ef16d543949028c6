"""Serializers of Paper (Vorlage) and Consultation (one step of the Beratungsfolge).

The Beratungsfolge comes from :func:`public_catalog.public_consultations`, the
Vorlage page's own view: a step links its meeting only when the meeting is
public and its agenda item only when that item is public too; results only
from published minutes. The Sichtvermerke are those of the public Vorlage DOCX.
"""
from __future__ import annotations

from typing import Any

from ..models import Consultation, Paper
from .. import redaction
from ..services import markup, paper_document, public_catalog, visibility
from .context import Context
from .core import head, location, tail
from .extensions import PREFIX
from .formats import BERLIN, compact, day
from .meetings import file, public_file


def _organizations(ctx: Context, ids: list[int | None]) -> list[str]:
    return [ctx.urls.of("Organization", o.id) for o in ctx.public_organizations(ids)]


def _steps(ctx: Context, paper: Paper) -> list[tuple[Consultation, public_catalog.PublicConsultation]]:
    steps = zip(paper.consultations, public_catalog.public_consultations(paper, ctx.bodies[paper.body_id]), strict=True)
    return [(step, view) for step, view in steps if not step.deleted]


def consultation(
    ctx: Context, step: Consultation, view: public_catalog.PublicConsultation, embedded: bool = False
) -> dict[str, Any]:
    """One Beratungsfolge step of a public Vorlage."""
    item = step.agenda_item
    shows_item = view.meeting is not None and view.item_number != "" and item is not None and not item.deleted
    return compact({
        **head(ctx, "Consultation", step),
        "paper": None if embedded else ctx.urls.of("Paper", step.paper_id),
        "agendaItem": ctx.urls.of("AgendaItem", item.id) if shows_item and item is not None else None,
        "meeting": ctx.urls.of("Meeting", view.meeting.id) if view.meeting is not None else None,
        "organization": _organizations(ctx, [step.organization_id]),
        "authoritative": step.authoritative,
        "role": view.role_label,
        f"{PREFIX}result": view.result_label,
        **tail(step, ctx.urls.web("Paper", step.paper_id, ctx.organizations[step.organization_id].body_id)),
    })


def standalone_consultation(ctx: Context, step: Consultation) -> dict[str, Any]:
    """A consultation at its own URL (with the back-reference to its Vorlage)."""
    view = dict((c.id, v) for c, v in _steps(ctx, step.paper))[step.id]
    return consultation(ctx, step, view)


def sign_offs(paper: Paper) -> list[dict[str, Any]]:
    """The Sichtvermerke exactly as the public Vorlage DOCX prints them."""
    return [
        compact({
            "position": row.position,
            "name": row.name,
            "date": day(row.signed_at.astimezone(BERLIN).date()) if row.signed_at is not None else None,
            "inDeputy": row.deputy,
        })
        for row in paper_document.public_sign_offs(paper)
    ]


def paper(ctx: Context, found: Paper) -> dict[str, Any]:
    """A public Vorlage with its Beratungsfolge and public files; links only to public Vorlagen."""
    links = ctx.paper_links.get(found.id, {})

    def papers(kind: str) -> list[str]:
        return [ctx.urls.of("Paper", p) for p in links.get(kind, []) if p in ctx.public_papers]

    main = found.main_file if public_file(found.main_file) else None
    # The texts as stored: the system's light markup ("## Überschrift", "- Liste", "**fett**") reads as text;
    # Schwärzung: marked passages and the always-redacted names give way to the placeholder.
    names = redaction.public_names(ctx.session)
    texts = compact({
        "resolutionProposal": markup.redact_source(found.resolution_proposal, names),
        "reasoning": markup.redact_source(found.reasoning, names),
        "financialImpact": markup.redact_source(found.financial_impact, names),
    })
    return compact({
        **head(ctx, "Paper", found),
        "body": ctx.urls.of("Body", found.body_id),
        "name": found.name,
        "reference": found.reference,
        "date": day(found.date),
        "paperType": found.paper_type.label,
        "relatedPaper": papers("related"),
        "superordinatedPaper": papers("superordinated"),
        "subordinatedPaper": papers("subordinated"),
        "mainFile": file(ctx, main, embedded=True) if main is not None else None,
        "auxiliaryFile": [
            file(ctx, f, embedded=True) for f in found.files if public_file(f) and f.id != found.main_file_id
        ],
        "location": [location(ctx, place) for place in found.locations if not place.deleted],
        "originatorPerson": [
            ctx.urls.of("Person", p) for p in links.get("originatorPerson", []) if p in ctx.public_persons
        ],
        "originatorOrganization": _organizations(ctx, links.get("originatorOrganization", [])),
        "underDirectionOf": _organizations(ctx, [found.originator_id, *links.get("lead", [])]),
        "consultation": [consultation(ctx, step, view, embedded=True) for step, view in _steps(ctx, found)],
        f"{PREFIX}involvedOrganization": _organizations(ctx, links.get("involved", [])),
        f"{PREFIX}text": texts,
        f"{PREFIX}signOffs": sign_offs(found),
        **tail(found, ctx.urls.web("Paper", found.id, found.body_id)),
    })
