"""A quick generator of county data for the search benchmark.

Used when the demo scale generator (``minutes_app.demo.synthetic.generate``) is
not available. Rows are written with Core inserts so 100,000 Vorlagen take
minutes, not hours: committees and departments, meetings with minutes,
Vorlagen with their Beratungsfolge and agenda items, results and votes, and an
attachment for every fifth Vorlage. The wording is generated from topic
templates with the vocabulary of county work (compounds included).
"""
from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from minutes_app.models import (
    AgendaItem,
    AgendaItemResult,
    Body,
    Consultation,
    ConsultationRole,
    File,
    Meeting,
    MeetingState,
    Minutes,
    MinutesState,
    Organization,
    OrganizationType,
    Paper,
    PaperState,
    PaperType,
    paper_files,
)

COMMITTEES = (
    "Kreistag", "Kreisausschuss", "Ausschuss für Soziales und Gesundheit", "Jugendhilfeausschuss",
    "Bau- und Umweltausschuss", "Finanzausschuss", "Schulausschuss", "Ausschuss für Ordnung und Sicherheit",
)
DEPARTMENTS = ("Fachbereich Soziales", "Fachbereich Jugend", "Fachbereich Bauen", "Fachbereich Finanzen",
               "Fachbereich Ordnung", "Fachbereich Schulen")
PLACES = ("Lütjenburg", "Preetz", "Heikendorf", "Plön", "Schönberg", "Laboe", "Selent", "Wankendorf", "Bösdorf")
TOPICS = (
    ("Sicherheitskonzept für das Jobcenter in {place}",
     "Das Sicherheitskonzept sieht Schulungen der Mitarbeiterinnen und Mitarbeiter zur Deeskalation vor. "
     "Sicherheitspaten koordinieren im Notfall die Hilfsmaßnahmen. Die Zusammenarbeit mit der Polizei und der "
     "Unfallkasse wird vertraglich geregelt. Übergriffe sollen möglichst vermieden werden."),
    ("Eingliederungsmanagement und Fallmanager im Kreis",
     "Das Eingliederungsmanagement begleitet Langzeitarbeitslose über einen längeren Zeitraum. Die Beratung "
     "wird ausgeweitet, Coaches unterstützen die Kundinnen und Kunden vor Ort in {place}. Die Schulung der "
     "Fallmanager beginnt im Frühjahr."),
    ("Sanierung der Turnhalle der Grundschule {place}",
     "Die Sanierung der Turnhalle umfasst Dach, Fassade und Heizung. Die Kosten betragen rund {amount} Euro. "
     "Der Schulträger beantragt Fördermittel des Landes. Der Schulbetrieb bleibt während der Bauzeit gesichert."),
    ("Radwegekonzept entlang der Kreisstraße bei {place}",
     "Der Radweg schließt die Lücke zwischen {place} und dem Bahnhof. Die Planung berücksichtigt Naturschutz "
     "und Entwässerung. Der Bau soll im Herbst beginnen, die Ausschreibung erfolgt im Sommer."),
    ("Haushaltssatzung und Haushaltsplan {year}",
     "Der Haushaltsplan weist im Ergebnisplan ein Defizit von {amount} Euro aus. Die Kreisumlage bleibt "
     "unverändert. Investitionen in Schulen und Straßen haben Vorrang. Der Stellenplan wird fortgeschrieben."),
    ("Ausbau der Kindertagesstätten in {place}",
     "Der Bedarf an Krippenplätzen und Kita-Plätzen steigt. Der Träger errichtet zwei neue Gruppen. "
     "Die Betriebskosten werden anteilig vom Kreis übernommen, die Elternbeiträge bleiben gleich."),
    ("Digitalisierung der Schulen: Ausstattung mit Tablets",
     "Mit Mitteln des Digitalpakts erhalten die Schulen in {place} Tablets und WLAN. Die Lehrkräfte werden "
     "geschult. Wartung und Support übernimmt der Schulträger."),
    ("Brandschutzbedarfsplan der Feuerwehren",
     "Der Brandschutzbedarfsplan beschreibt Ausrückzeiten, Fahrzeuge und Gerätehäuser. In {place} wird ein "
     "neues Löschfahrzeug beschafft. Die Freiwillige Feuerwehr meldet Nachwuchssorgen."),
    ("Öffentlicher Personennahverkehr: neuer Fahrplan",
     "Der Nahverkehrsplan sieht einen Stundentakt zwischen {place} und Kiel vor. Die Busse fahren künftig "
     "auch am Wochenende. Der Zuschuss an die Verkehrsgesellschaft erhöht sich um {amount} Euro."),
    ("Wohngeld und Kosten der Unterkunft",
     "Die Angemessenheitsgrenzen für die Kosten der Unterkunft werden angepasst. Die Wohngeldstelle in "
     "{place} meldet steigende Antragszahlen. Die Bearbeitungszeit soll sinken."),
    ("Klimaschutzkonzept des Kreises",
     "Das Klimaschutzkonzept enthält Maßnahmen zu Photovoltaik auf kreiseigenen Dächern, Wärmeplanung und "
     "Mobilität. Ein Klimaschutzmanager wird eingestellt. Die Börse für Fahrgemeinschaften wird ausgebaut."),
    ("Jugendhilfeplanung: offene Jugendarbeit in {place}",
     "Die offene Jugendarbeit erhält zusätzliche Stellenanteile. Streetwork und Präventionsangebote werden "
     "gestärkt. Der Jugendhilfeausschuss berät die Förderrichtlinie."),
)
MINUTES = (
    "Die Verwaltung erläutert die Vorlage. KTA {name} fragt nach den Folgekosten; die Verwaltung sagt eine "
    "schriftliche Antwort zu. Nach kurzer Aussprache wird abgestimmt.",
    "Der Ausschuss diskutiert ausführlich. Es wird angeregt, die Beteiligung der Gemeinde {place} zu prüfen. "
    "Die Vorsitzende lässt über den Beschlussvorschlag abstimmen.",
)
NAMES = ("Müller", "Schröder", "Weiß", "Jürgensen", "Hansen", "Petersen", "Kühl", "Claußen")
RESULTS = (AgendaItemResult.ADOPTED, AgendaItemResult.ADOPTED, AgendaItemResult.ADOPTED_AMENDED,
           AgendaItemResult.REJECTED, AgendaItemResult.NOTED, AgendaItemResult.POSTPONED)
ITEMS_PER_MEETING = 10
PAPER_TYPES = (PaperType.RESOLUTION, PaperType.RESOLUTION, PaperType.COMMUNICATION, PaperType.MOTION)


def _organizations(session: Session, body: Body) -> tuple[list[int], list[int]]:
    committees, departments = [], []
    for name in COMMITTEES:
        org = Organization(body_id=body.id, name=name, organization_type=OrganizationType.COMMITTEE)
        session.add(org)
        session.flush()
        committees.append(org.id)
    for name in DEPARTMENTS:
        org = Organization(body_id=body.id, name=name, organization_type=OrganizationType.DEPARTMENT)
        session.add(org)
        session.flush()
        departments.append(org.id)
    return committees, departments


def _text(rng: random.Random, template: str, year: int) -> str:
    return template.format(place=rng.choice(PLACES), amount=f"{rng.randint(20, 990) * 1000:,}".replace(",", "."),
                           year=year, name=rng.choice(NAMES))


def generate(session: Session, n: int, seed: int = 7) -> None:
    """Insert ``n`` Vorlagen (spread over 20 years) with meetings, agenda items, minutes and files."""
    rng = random.Random(seed)
    body = session.scalar(select(Body).limit(1))
    if body is None:
        body = Body(name="Kreis Plön (Benchmark)", short_name="Plön")
        session.add(body)
        session.flush()
    committees, departments = _organizations(session, body)
    now = datetime.now(UTC)
    meetings: list[dict[str, Any]] = []
    n_meetings = max(1, n // ITEMS_PER_MEETING)
    first = date(2006, 1, 10)
    for m in range(n_meetings):
        day = first + timedelta(days=int(m * 7300 / n_meetings))
        start = datetime(day.year, day.month, day.day, 16, 0, tzinfo=UTC)
        meetings.append({"id": m + 1, "organization_id": committees[m % len(committees)], "name": "Sitzung",
                         "number": f"{m % 12 + 1}/{day.year}", "start_time": start,
                         "end_time": start + timedelta(hours=3),
                         "state": MeetingState.HELD, "invitation_sent_at": start - timedelta(days=10),
                         "location_text": f"Kreishaus, Sitzungssaal {m % 3 + 1}", "created": now, "modified": now})
    _insert(session, Meeting, meetings)
    _insert(session, Minutes, [{"meeting_id": m["id"], "state": MinutesState.APPROVED if i % 10 else MinutesState.DRAFT,
                                "created": now, "modified": now} for i, m in enumerate(meetings)])
    papers, consultations, items, files, links = [], [], [], [], []
    counters: dict[int, int] = {}
    for i in range(n):
        meeting = meetings[i // ITEMS_PER_MEETING % n_meetings]
        year = meeting["start_time"].year
        counters[year] = counters.get(year, 0) + 1
        title_t, text_t = TOPICS[rng.randrange(len(TOPICS))]
        public = rng.random() > 0.08
        papers.append({
            "id": i + 1, "body_id": body.id, "reference": f"{counters[year]:03d}/{year}", "reference_year": year,
            "reference_number": counters[year], "name": _text(rng, title_t, year),
            "paper_type": rng.choice(PAPER_TYPES),
            "date": meeting["start_time"].date() - timedelta(days=20), "public": public, "state": PaperState.COMPLETED,
            "originator_id": rng.choice(departments),
            "resolution_proposal": "Der Ausschuss beschließt: " + _text(rng, title_t, year) + " wird zugestimmt.",
            "reasoning": "\n\n".join(
                _text(rng, TOPICS[rng.randrange(len(TOPICS))][1] if k else text_t, year) for k in range(3)),
            "financial_impact": f"Die Mittel stehen im Haushalt {year} bereit.", "version": 1, "return_comment": "",
            "created": now, "modified": now,
        })
        result = rng.choice(RESULTS)
        yes = rng.randint(5, 30)
        items.append({
            "id": i + 1, "meeting_id": meeting["id"], "number": f"Ö {i % ITEMS_PER_MEETING + 1}",
            "order": i % ITEMS_PER_MEETING + 1, "public": public, "name": papers[-1]["name"], "public_name": "",
            "is_supplement": False, "minutes_text": _text(rng, rng.choice(MINUTES), year),
            "resolution_text": papers[-1]["resolution_proposal"], "result": result, "votes_yes": yes,
            "votes_no": rng.randint(0, 5), "votes_abstain": rng.randint(0, 3), "unanimous": False, "version": 1,
            "created": now, "modified": now,
        })
        consultations.append({
            "paper_id": i + 1, "organization_id": meeting["organization_id"], "position": 1,
            "role": ConsultationRole.DECISION, "authoritative": True, "meeting_id": meeting["id"],
            "agenda_item_id": i + 1, "result": result, "result_note": "", "created": now, "modified": now,
        })
        if i % 5 == 0:
            files.append({"id": len(files) + 1, "name": "Anlage 1 Lageplan", "file_name": f"anlage-{i}.pdf",
                          "media_type": "application/pdf", "size": 1000, "sha256": "0" * 64,
                          "storage_key": f"bench-{i}", "text": _text(rng, rng.choice(TOPICS)[1], year),
                          "public": public, "created": now})
            links.append({"paper_id": i + 1, "file_id": len(files)})
    _insert(session, Paper, papers)
    _insert(session, AgendaItem, items)
    _insert(session, Consultation, consultations)
    _insert(session, File, files)
    if links:
        for start in range(0, len(links), 5000):
            session.execute(insert(paper_files), links[start:start + 5000])


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5000):
        session.execute(insert(model), rows[start:start + 5000])
