"""The shape of one Vorlagen topic of the demo county; the texts live in ``topics_*.py``.

Strings may contain the slots ``{place}``, ``{place2}``, ``{school}`` (also ``{at_school}``,
``{of_school}``, ``{the_school}``), ``{year}``,
``{next_year}``, ``{prev_year}``, ``{year5}``, ``{number}`` (2–9), ``{quarter}``, ``{faction}`` and ``{dept}``;
:mod:`minutes_app.demo.texts` fills them per Vorlage.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..models import ConsultationRole, PaperType

PRE = ConsultationRole.PRELIMINARY
DEC = ConsultationRole.DECISION
HEAR = ConsultationRole.HEARING
INFO = ConsultationRole.INFORMATION
RES = PaperType.RESOLUTION
COM = PaperType.COMMUNICATION
REP = PaperType.REPORT
MOT = PaperType.MOTION
INQ = PaperType.INQUIRY


@dataclass(frozen=True)
class Topic:
    """A subject the county deals with repeatedly, with text material for its Vorlagen and minutes."""

    key: str
    #: Federführend (department key from the catalog).
    department: str
    #: Betreff templates per paper type; each template yields at least one Vorlage.
    titles: Mapping[PaperType, tuple[str, ...]]
    #: The subject as accusative noun phrase: "den Schulentwicklungsplan".
    acc: str
    #: Sentences for "Ausgangssituation".
    context: tuple[str, ...]
    #: Bullet points for "Sachstand".
    measures: tuple[str, ...]
    #: Numbered points of the Beschlussvorschlag (complete sentences).
    decisions: tuple[str, ...] = ()
    #: Answers of the administration as clauses following "dass".
    answers: tuple[str, ...] = ()
    #: What members ask about, as dative phrases following "fragt nach".
    asks: tuple[str, ...] = ()
    #: Direct questions of an Anfrage.
    questions: tuple[str, ...] = ()
    #: Points of a Fraktion's Antrag (complete sentences).
    demands: tuple[str, ...] = ()
    #: Beratungsfolge of a Beschlussvorlage: (committee key, role).
    path: tuple[tuple[str, ConsultationRole], ...] = ()
    #: Committees that take note of a Mitteilungsvorlage or Bericht.
    info: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    #: Range of costs in euro; (0, 0) means no financial impact.
    cost: tuple[int, int] = (0, 0)
    #: Name of the attachment (Anlage) of a Beschlussvorlage; empty for none.
    attachment: str = ""
    public: bool = True
    #: Neutral title of the agenda item for non-public topics.
    public_name: str = ""
