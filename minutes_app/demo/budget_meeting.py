"""The demo county's Haushaltssitzung: one real-sized Kreistag meeting with 40 agenda items.

Real councils pass the budget in one long meeting: the Haushaltssatzung, a
Vorlage per Teilhaushalt, the Stellenplan, motions of the Fraktionen, and a
non-public part with property, staff and contract matters. The rest of the
demo has meetings of 6 to 12 items; this one shows a newcomer (and the page
benchmark) what a full agenda looks like. Held four weeks before the day of
loading, minutes closed, so every result is public.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from ..models import (
    AgendaItem,
    AgendaItemResult,
    Consultation,
    ConsultationRole,
    Meeting,
    MeetingState,
    MembershipRole,
    Minutes,
    MinutesState,
    PaperState,
    PaperType,
    PaperVersion,
)
from ..services import papers
from ..services.paper_versions import content_hash, content_of
from .attachments import store_docx
from .schedule import local_datetime
from .structure import County

#: Teilhaushalte, each a Beschlussvorlage of its department: (Produktbereich, department key).
BUDGET_PARTS = (
    ("Innere Verwaltung", "zd"), ("Zentrale Finanzwirtschaft", "fin"), ("Öffentliche Ordnung", "ktb"),
    ("Schulträgeraufgaben", "sch"), ("Kultur und Kreisarchiv", "sch"), ("Volkshochschule", "sch"),
    ("Soziale Hilfen", "soz"), ("Eingliederungshilfe", "soz"), ("Hilfe zur Pflege", "soz"),
    ("Kinder- und Jugendhilfe", "jug"), ("Kindertagesbetreuung", "jug"), ("Grundsicherung für Arbeitsuchende", "jc"),
    ("Gesundheitsdienste", "soz"), ("Bauaufsicht und Denkmalschutz", "bau"), ("Umwelt- und Naturschutz", "bau"),
    ("Abfallwirtschaft", "bau"), ("Kreisstraßen", "kev"), ("Öffentlicher Personennahverkehr", "kev"),
    ("Kreisentwicklung und Wirtschaftsförderung", "kev"), ("Tourismus", "kev"),
)
#: Further public items after the Teilhaushalte: (title, department key or None for an item without Vorlage).
FURTHER_ITEMS = (
    ("Stellenplan 2027", "zd"), ("Investitionsprogramm 2027 bis 2030", "fin"),
    ("Festsetzung der Kreisumlage 2027", "fin"), ("Wirtschaftsplan des Eigenbetriebs Abfallwirtschaft 2027", "bau"),
    ("Beteiligungsbericht 2025", "fin"), ("Haushaltsbegleitbeschluss zur Schulsanierung", "sch"),
)
#: Non-public part: (title, neutral public title, department key).
NON_PUBLIC_ITEMS = (
    ("Ankauf des Grundstücks Gemarkung Lindenau, Flur 7, Flurstück 112", "Grundstücksangelegenheit", "fin"),
    ("Verkauf des ehemaligen Straßenmeistereigeländes Birkhof", "Grundstücksangelegenheit", "fin"),
    ("Besetzung der Stelle der Fachbereichsleitung Finanzen", "Personalangelegenheit", "zd"),
    ("Höhergruppierung im Jobcenter", "Personalangelegenheit", "jc"),
    ("Vergabe der Reinigungsleistungen für die Kreisschulen", "Vergabeangelegenheit", "sch"),
    ("Vergabe des Winterdienstes auf den Kreisstraßen", "Vergabeangelegenheit", "kev"),
    ("Stundung von Gewerbeforderungen", "Finanzangelegenheit", "fin"),
    ("Vergleich im Rechtsstreit um die Kreisumlage", "Rechtsangelegenheit", "ktb"),
)
MEETING_NAME = "Haushaltssitzung des Kreistages"
ITEM_COUNT = 40


def add_budget_meeting(session: Session, county: County, file_store_dir: Path | None) -> Meeting:
    """Create the held Haushaltssitzung with its 40 items, Vorlagen, results and closed minutes."""
    rng = random.Random(2027)
    kreistag = county.committees["kt"]
    start = local_datetime(county.today - timedelta(days=28), 15)
    meeting = Meeting(
        organization_id=kreistag.id, name=MEETING_NAME, number="HH/2027", start_time=start,
        end_time=start + timedelta(hours=6), location_id=next(iter(county.locations.values())).id,
        state=MeetingState.HELD, invitation_sent_at=start - timedelta(days=14), created=start - timedelta(days=60),
    )
    session.add(meeting)
    session.flush()
    paper_day = (start - timedelta(days=30)).date()
    items: list[tuple[str, str, bool, str | None]] = [
        ("Eröffnung, Begrüßung und Feststellung der Beschlussfähigkeit", "", True, None),
        ("Einwohnerfragestunde", "", True, None),
        ("Haushaltssatzung 2027 mit Haushaltsplan", "", True, "fin"),
        *((f"Teilhaushalt {name}", "", True, key) for name, key in BUDGET_PARTS),
        *((title, "", True, key) for title, key in FURTHER_ITEMS),
        ("Anträge der Fraktionen zum Haushalt", "", True, None),
        ("Bericht der Verwaltung zur Haushaltslage", "", True, None),
        ("Mitteilungen und Anfragen", "", True, None),
        *((title, neutral, False, key) for title, neutral, key in NON_PUBLIC_ITEMS),
    ]
    assert len(items) == ITEM_COUNT
    public_number = non_public_number = 0
    for order, (title, neutral, public, department) in enumerate(items, 1):
        if public:
            public_number += 1
            number = f"Ö {public_number}"
        else:
            non_public_number += 1
            number = f"N {non_public_number}"
        item = AgendaItem(meeting=meeting, order=order, number=number, name=title, public=public,
                          public_name=neutral, created=meeting.created)
        session.add(item)
        if department is not None:
            _decide(session, rng, county, item, department, paper_day, file_store_dir)
        elif order > 2:
            item.minutes_text = f"Der Landrat berichtet zu „{title}“. Fragen der Abgeordneten werden beantwortet."
            item.result = AgendaItemResult.NOTED
    _minutes(session, county, meeting)
    session.flush()
    return meeting


def _decide(
    session: Session, rng: random.Random, county: County, item: AgendaItem, department: str, day: date,
    file_store_dir: Path | None,
) -> None:
    """A completed Beschlussvorlage on the item, decided by the Kreistag with a recorded vote."""
    proposal = f"Der Kreistag beschließt: {item.name} wird in der vorgelegten Fassung festgestellt."
    paper = papers.create_paper(
        session, None, body=county.body, name=item.name, paper_type=PaperType.RESOLUTION,
        originator=county.departments[department], public=item.public, paper_date=day,
        resolution_proposal=proposal,
        reasoning=(f"## Sachverhalt\nDer Entwurf zu „{item.name}“ wurde in den Fachausschüssen vorberaten. "
                   "Die Ansätze folgen der Finanzplanung und den Eckwerten des Kreisausschusses."),
        financial_impact="Die Ansätze sind im Haushaltsplan 2027 veranschlagt.",
    )
    paper.created = paper.modified = item.meeting.created
    if item.order % 4 == 3:
        paper.files.append(store_docx(
            session, file_store_dir, name=f"Anlage 1 – Übersicht {item.name}", public=item.public,
            created=paper.created, paragraphs=[f"Übersicht der Ansätze: {item.name}.",
                                               "Erträge, Aufwendungen und Investitionen je Produkt."],
        ))
    result = AgendaItemResult.ADOPTED if rng.random() < 0.85 else AgendaItemResult.ADOPTED_AMENDED
    consultation = Consultation(paper=paper, organization_id=county.committees["kt"].id, position=1,
                                role=ConsultationRole.DECISION, authoritative=True, meeting_id=item.meeting.id,
                                agenda_item=item, result=result)
    session.add(consultation)
    item.resolution_text = proposal
    item.result = result
    if rng.random() < 0.4:
        item.unanimous = True
    else:
        item.votes_yes, item.votes_no, item.votes_abstain = rng.randint(30, 40), rng.randint(3, 12), rng.randint(0, 4)
    item.minutes_text = "Die Verwaltung erläutert die Vorlage. Es gibt keine weiteren Wortmeldungen."
    paper.state = PaperState.COMPLETED
    session.flush()
    # A completed Vorlage was released: its frozen version covers the content as it stands.
    content = content_of(paper)
    session.add(PaperVersion(paper_id=paper.id, version=paper.version, content=content,
                             content_hash=content_hash(content), created=paper.created))


def _minutes(session: Session, county: County, meeting: Meeting) -> None:
    """Closed minutes, signed by the chair of the Kreistag and the recorder."""
    chair = next((m.person for m in county.memberships.get("kt", []) if m.role is MembershipRole.CHAIR), None)
    ended = meeting.end_time or meeting.start_time
    signed = ended + timedelta(days=5)
    session.add(Minutes(
        meeting=meeting, state=MinutesState.CLOSED, started_at=meeting.start_time, ended_at=ended,
        chair_id=chair.id if chair else None, recorder_id=county.users["schriftfuehrung"].id,
        recorder_signed_at=signed, chair_signed_at=signed, closed_at=signed, published_at=signed,
    ))

