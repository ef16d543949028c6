"""Results flow back: an agenda item's result fills the Vorlage's consultation (Beratungsfolge).

When the consultation that settles the Vorlage (the authoritative one, or every
one when none is marked) has a final result, the Vorlage moves to Erledigt
through :func:`papers.complete_paper`. Vertagt, verwiesen and abgesetzt are no
final results: the consultation keeps its link to the meeting and item as
history and stays pending, so the agenda builder offers the Vorlage again and
re-links the consultation when it is placed on a later agenda. While the
minutes are a draft a result may still be corrected; if the correction takes
away the settling result, the Vorlage returns from Erledigt to In Beratung
(papers.py has no transition for that step, so it is made and audited here).
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import AgendaItem, Paper, PaperState, User
from . import audit, papers
from .minutes_common import describe_meeting

MAX_NOTE = 300


#: The rule that settles a Vorlage lives with its lifecycle in services.papers.
settles = papers.consultations_settled


def _settle(session: Session, actor: User | None, paper: Paper, item: AgendaItem) -> None:
    if paper.state is PaperState.RELEASED and settles(paper):
        papers.mark_in_consultation(session, actor, paper)  # decided without having been marked "In Beratung"
    if paper.state is PaperState.IN_CONSULTATION and settles(paper):
        papers.complete_paper(session, actor, paper)
    elif paper.state is PaperState.COMPLETED and not settles(paper):
        papers.reopen_consultation(
            session, actor, paper,
            f"Ergebnis in der Niederschrift {describe_meeting(item.meeting)} ({item.number}) geändert",
        )


def apply_result(session: Session, actor: User | None, item: AgendaItem) -> None:
    """Copy the item's result and vote into its consultation and settle the Vorlage's state."""
    consultation = item.consultation
    if consultation is None:
        return
    # The minutes' own wording ("Empfehlung an den Rat") travels with the vote into the Beratungsfolge.
    note = " – ".join(p for p in (item.result_wording, item.vote_label) if p)[:MAX_NOTE]
    if consultation.result == item.result and consultation.result_note == note:
        return
    consultation.result = item.result
    consultation.result_note = note
    consultation.meeting = item.meeting
    paper = consultation.paper
    session.flush()
    if item.result is None:
        summary = f"Ergebnis der Beratung im Gremium {consultation.organization.name} entfernt"
    else:
        vote = f" ({note})" if note else ""
        summary = f"Beratung im Gremium {consultation.organization.name}: {item.result.label}{vote}"
    audit.record(
        session, actor, paper, "paper.consultation_result",
        f"{summary} – Sitzung {describe_meeting(item.meeting)}, {item.number}",
    )
    _settle(session, actor, paper, item)
