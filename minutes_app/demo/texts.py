"""Composes the German texts of demo Vorlagen and minutes from the topic material and sentence templates.

The light markup is the one the app renders: paragraphs separated by blank
lines, "## " headings, "- " bullets, "1. " numbered lists, **bold**, *italic*.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from ..models import AgendaItemResult, PaperType
from .topic import Topic


class _Slots(dict[str, object]):
    """Format mapping that leaves unknown slots visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, slots: dict[str, object]) -> str:
    """Fill a template's ``{slots}``."""
    return template.format_map(_Slots(slots))


def contract(text: str) -> str:
    """German preposition contractions: "zu dem" → "zum", "zu der" → "zur"."""
    return text.replace("zu dem ", "zum ").replace("zu der ", "zur ")


def euro(amount: int) -> str:
    """German number format: 48500 → "48.500 €"."""
    return f"{amount:,} €".replace(",", ".")


GENERIC_CONTEXT = (
    "Der Landkreis Lindenau nimmt diese Aufgabe als Pflichtaufgabe im eigenen Wirkungskreis wahr.",
    "Die Verwaltung hat die Ausgangslage im Frühjahr {year} gemeinsam mit den betroffenen Stellen ausgewertet.",
    "Die bisherigen Regelungen haben sich grundsätzlich bewährt, bedürfen aber einer Anpassung an die gestiegenen "
    "Anforderungen.",
    "Vergleichbare Landkreise haben in den vergangenen Jahren ähnliche Schritte unternommen.",
    "Der Ausschuss wurde zuletzt im Herbst {prev_year} über den Stand informiert.",
    "Auch die Gemeinden im Kreisgebiet haben ihr Interesse an einer gemeinsamen Lösung bekundet.",
)
GENERIC_STATUS = (
    "Die Verwaltung schlägt die folgenden Maßnahmen vor:",
    "Folgende Schritte sind vorgesehen:",
    "Im Einzelnen umfasst das Vorhaben:",
    "Die wesentlichen Bausteine sind:",
)
GENERIC_ASSESSMENT = (
    "Die Verwaltung hält das vorgeschlagene Vorgehen für sachgerecht und wirtschaftlich.",
    "Mit den Maßnahmen kann der Landkreis seinen gesetzlichen Auftrag verlässlich erfüllen.",
    "Die Beteiligung der Personalvertretung ist erfolgt; Bedenken wurden nicht erhoben.",
    "Die Gleichstellungsbeauftragte und die Schwerbehindertenvertretung wurden beteiligt.",
    "Alternativen wurden geprüft, sind aber mit höheren Kosten oder längeren Fristen verbunden.",
    "Die Auswirkungen auf den Klimaschutz wurden geprüft; sie sind neutral bis positiv.",
)
GENERIC_STEPS = (
    "Abstimmung der Einzelheiten mit den Beteiligten bis Ende {month} {year}",
    "Ausschreibung der erforderlichen Leistungen",
    "Information der Öffentlichkeit über die Internetseite des Landkreises",
    "Umsetzung ab dem {quarter}. Quartal {next_year}",
    "Bericht über die ersten Erfahrungen im zuständigen Fachausschuss",
)
COMMUNICATION_CLOSING = (
    "Eine Beschlussfassung ist nicht erforderlich.",
    "Die Verwaltung wird weiter berichten.",
    "Rückfragen beantwortet der Fachbereich gern auch vor der Sitzung.",
)
MOTION_REASONS = (
    "Aus Sicht der {faction} besteht dringender Handlungsbedarf.",
    "Bürgerinnen und Bürger haben sich mehrfach mit diesem Anliegen an die Fraktion gewandt.",
    "Andere Landkreise zeigen, dass eine Umsetzung mit vertretbarem Aufwand möglich ist.",
    "Die Fraktion bittet um Zustimmung zu diesem Antrag.",
)
GENERIC_REPLIES = (
    "Die Verwaltung wird dem Ausschuss in seiner nächsten Sitzung über die weiteren Schritte berichten.",
    "Die Abstimmung mit den Beteiligten dauert an; ein Zwischenstand wird schriftlich nachgereicht.",
    "Die hierfür erforderlichen Mittel werden in den Haushaltsberatungen dargestellt.",
)
#: Questions any member may ask, with the administration's answer (a clause following "dass").
GENERIC_EXCHANGES = (
    ("dem Zeitplan für die Umsetzung", "die Verwaltung rechtzeitig vor den nächsten Schritten berichten wird"),
    ("der Beteiligung der Gemeinden", "die Bürgermeisterinnen und Bürgermeister bereits informiert wurden"),
    ("den Erfahrungen anderer Landkreise", "die Erfahrungen der Nachbarkreise in die Planung eingeflossen sind"),
    ("der personellen Ausstattung", "die Aufgabe mit dem vorhandenen Personal wahrgenommen wird"),
    ("den Folgekosten für den Kreishaushalt", "die Folgekosten im Finanzteil der Vorlage dargestellt sind"),
)
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember")


def _pick(rng: random.Random, items: tuple[str, ...], k: int) -> list[str]:
    return rng.sample(items, min(k, len(items)))


def _numbered(lines: list[str]) -> str:
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))


def _bullets(lines: list[str], capitalize: bool = True) -> str:
    return "\n".join(f"- {line[0].upper()}{line[1:]}" if capitalize else f"- {line}" for line in lines)


@dataclass(frozen=True)
class PaperTexts:
    """The three text sections of a Vorlage."""

    resolution_proposal: str
    reasoning: str
    financial_impact: str
    #: Paragraphs of the attachment (Anlage), if the Vorlage has one.
    attachment: tuple[str, ...]


def paper_texts(
    rng: random.Random, topic: Topic, paper_type: PaperType, slots: dict[str, object], committee: str, amount: int,
    demands: tuple[str, ...] = (),
) -> PaperTexts:
    """Resolution proposal, Sachverhalt and financial section for one Vorlage.

    ``committee`` is the deciding (or informed) committee's name in the nominative; ``demands`` are the
    points of a motion when they do not come from the topic.
    """
    slots = {**slots, "month": MONTHS[rng.randrange(12)]}

    def f(text: str) -> str:
        return fill(text, slots)

    context = [f(s) for s in _pick(rng, topic.context, 3)] + [f(rng.choice(GENERIC_CONTEXT))]
    measures = [f(s) for s in _pick(rng, topic.measures, rng.randint(3, 5))]
    assessment = " ".join(f(s) for s in _pick(rng, GENERIC_ASSESSMENT, 2))
    if paper_type is PaperType.MOTION:
        points = [f(s) for s in demands or topic.demands or topic.decisions]
        proposal = f"Der {committee} möge beschließen:\n\n{_numbered(points)}"
        reasoning = (
            f"## Begründung\n\n{' '.join(f(s) for s in _pick(rng, MOTION_REASONS[:-1], 2))} "
            f"{' '.join(context[:2])}\n\nAus Sicht der Antragsteller gehören dazu insbesondere:\n\n"
            f"{_bullets(measures[:3])}\n\n{f(MOTION_REASONS[-1])}"
        )
    elif paper_type is PaperType.INQUIRY:
        questions = [f(s) for s in topic.questions] or [
            *(contract(f"Was kann die Verwaltung zu {f(ask)} mitteilen?") for ask in topic.asks[:2]),
            "Welche weiteren Schritte plant die Verwaltung?",
        ]
        answers = [f"Die Verwaltung weist darauf hin, dass {f(s)}." for s in topic.answers][: len(questions) - 1]
        answers += list(GENERIC_REPLIES)
        replies = "\n\n".join(f"**Zu {i}.:** {answers[i - 1]}" for i in range(1, len(questions) + 1))
        proposal = f"Der {committee} nimmt die Antwort der Verwaltung zur Kenntnis."
        reasoning = (
            f"## Anfrage\n\nDie {slots['faction']} bittet um Beantwortung folgender Fragen:\n\n{_numbered(questions)}"
            f"\n\n## Antwort der Verwaltung\n\n{context[0]}\n\n{replies}"
        )
    elif paper_type in (PaperType.COMMUNICATION, PaperType.REPORT):
        proposal = f"Der {committee} nimmt den Bericht der Verwaltung zur Kenntnis."
        reasoning = (
            f"## I. Ausgangssituation\n\n{' '.join(context)}\n\n## II. Sachstand\n\n{f(rng.choice(GENERIC_STATUS))}"
            f"\n\n{_bullets(measures)}\n\n## III. Ausblick\n\n{assessment} *{f(rng.choice(COMMUNICATION_CLOSING))}*"
        )
    else:
        decisions = [f(s) for s in topic.decisions] or ["Dem Vorschlag der Verwaltung wird zugestimmt."]
        proposal = f"Der {committee} beschließt:\n\n{_numbered(decisions)}"
        steps = [f(s) for s in _pick(rng, GENERIC_STEPS, 3)]
        reasoning = (
            f"## I. Ausgangssituation\n\n{' '.join(context[:2])}\n\n{' '.join(context[2:])}\n\n"
            f"## II. Sachstand\n\n{f(rng.choice(GENERIC_STATUS))}\n\n{_bullets(measures)}\n\n"
            f"## III. Bewertung\n\n{assessment}\n\n## IV. Weiteres Vorgehen\n\n{_numbered(steps)}"
        )
    attachment = ()
    if topic.attachment and paper_type is PaperType.RESOLUTION:
        attachment = (f(topic.attachment), *context, *(f"– {m}" for m in measures), assessment)
    return PaperTexts(proposal, reasoning, financial_text(rng, slots, amount), attachment)


def financial_text(rng: random.Random, slots: dict[str, object], amount: int) -> str:
    """The section "Finanzierung und Folgekosten"."""
    if amount <= 0:
        return rng.choice(
            (
                "Mit der Beschlussfassung sind keine unmittelbaren finanziellen Auswirkungen verbunden.",
                "Keine. Der Aufwand wird mit dem vorhandenen Personal erbracht.",
                "Finanzielle Auswirkungen ergeben sich erst aus den späteren Einzelmaßnahmen; sie werden gesondert "
                "vorgelegt.",
            )
        )
    product = f"{rng.choice((11, 21, 31, 36, 41, 51, 54, 57))}.{rng.randint(1, 9)}.{rng.randint(10, 99)}"
    follow = amount // rng.choice((8, 10, 12, 20))
    funding = rng.choice(
        (
            "Die Mittel sind im Haushaltsplan veranschlagt.",
            f"Die Mittel stehen im Produkt {product} zur Verfügung.",
            "Ein Teil der Kosten wird durch Fördermittel des Landes gedeckt; ein Förderantrag ist gestellt.",
        )
    )
    return (
        f"Es entstehen Aufwendungen in Höhe von **{euro(amount)}** im Haushaltsjahr {slots['year']}. {funding}\n\n"
        f"Jährliche Folgekosten: rund {euro(follow)} (Produkt {product})."
    )


OPENERS = (
    "{staff} stellt die Vorlage vor und erläutert die wesentlichen Inhalte.",
    "{staff} erläutert die Vorlage anhand einer Präsentation, die der Niederschrift beigefügt ist.",
    "{staff} führt in die Vorlage ein und geht dabei auf die Stellungnahmen der Beteiligten ein.",
)
REMARKS = (
    "begrüßt die Vorlage ausdrücklich und dankt der Verwaltung für die gründliche Vorbereitung",
    "regt an, den Ausschuss in einem Jahr erneut über den Stand der Umsetzung zu unterrichten",
    "kündigt die Zustimmung {poss} Fraktion an",
    "äußert Bedenken wegen der Folgekosten, trägt den Vorschlag aber mit",
    "bittet darum, die Gemeinden frühzeitig einzubinden",
    "weist auf die angespannte Haushaltslage hin",
)
AMENDMENTS = (
    "Auf Antrag von {speaker} wird ergänzt, dass dem Ausschuss halbjährlich über den Stand zu berichten ist.",
    "Auf Antrag von {speaker} wird ergänzt, dass die Gemeinden vor der Umsetzung angehört werden.",
)


@dataclass(frozen=True)
class Discussion:
    """Who takes part in the discussion of an agenda item."""

    #: How the minutes name the presenting staff member, e.g. "Herr Kranz (Jobcenter Landkreis Lindenau)".
    staff: str
    #: Members who speak, as (reference, female) pairs.
    speakers: list[tuple[str, bool]]
    chair_female: bool
    #: The committee's name in the nominative.
    committee: str
    #: For a motion: the member of the moving Fraktion who gives its reasons.
    mover: str | None = None


def minutes_text(
    rng: random.Random, topic: Topic, paper_type: PaperType, slots: dict[str, object], talk: Discussion,
    result: AgendaItemResult,
) -> tuple[str, str]:
    """(Beratungsverlauf, amendment note) of an agenda item about a Vorlage."""
    staff_short = talk.staff.split(" (")[0]
    if paper_type is PaperType.MOTION and talk.mover:
        parts = [f"{talk.mover} begründet den Antrag der {slots['faction']}. {staff_short} nimmt für die Verwaltung "
                 "Stellung."]
    elif paper_type is PaperType.INQUIRY:
        parts = [f"{talk.staff} beantwortet die Anfrage der {slots['faction']}; die Antwort liegt schriftlich vor."]
    else:
        parts = [fill(rng.choice(OPENERS), {"staff": talk.staff})]
    exchanges = list(zip(topic.asks, topic.answers, strict=True))
    rng.shuffle(exchanges)
    exchanges += _pick(rng, GENERIC_EXCHANGES, 2)
    for i, (speaker, female) in enumerate(talk.speakers[:3]):
        if i < 2:
            ask, answer = exchanges[i]
            question = f"{speaker} fragt nach {fill(ask, slots)}."
            parts.append(f"{question} {staff_short} antwortet, dass {fill(answer, slots)}.")
        else:
            remark = fill(rng.choice(REMARKS), {"poss": "ihrer" if female else "seiner"})
            parts.append(f"{speaker} {remark}.")
    chair = "Die Vorsitzende" if talk.chair_female else "Der Vorsitzende"
    amendment = ""
    if result is AgendaItemResult.ADOPTED_AMENDED and talk.speakers:
        amendment = fill(rng.choice(AMENDMENTS), {"speaker": talk.speakers[0][0]})
        parts.append(amendment)
    if result is AgendaItemResult.NOTED:
        noted = "die Antwort der Verwaltung" if paper_type is PaperType.INQUIRY else "den Bericht"
        parts.append(f"Der {talk.committee} nimmt {noted} zur Kenntnis.")
    elif result is AgendaItemResult.POSTPONED:
        parts.append(f"{chair} schlägt vor, die Beratung wegen offener Fragen zu vertagen. Dem wird zugestimmt.")
    elif result is AgendaItemResult.WITHDRAWN:
        withdrawn_by = f"Die {slots['faction']}" if paper_type is PaperType.MOTION else "Die Verwaltung"
        parts = [f"{withdrawn_by} zieht die Vorlage zurück; der Punkt wird von der Tagesordnung abgesetzt."]
    else:
        subject = "den Antrag" if paper_type is PaperType.MOTION else "den Beschlussvorschlag"
        parts.append(f"{chair} lässt über {subject} abstimmen.")
    return "\n\n".join(parts), amendment


def opening_text(chair: str, chair_female: bool, time: str) -> str:
    """Minutes of "Eröffnung und Feststellung der ordnungsgemäßen Ladung und Beschlussfähigkeit"."""
    role, pronoun = ("Die Vorsitzende", "Sie") if chair_female else ("Der Vorsitzende", "Er")
    return (
        f"{role} {chair} eröffnet die Sitzung um {time} Uhr und begrüßt die Anwesenden sowie die Vertreterinnen und "
        f"Vertreter der Presse. {pronoun} stellt die ordnungsgemäße Ladung und die Beschlussfähigkeit fest.\n\n"
        "Einwände gegen die Tagesordnung werden nicht erhoben."
    )


ANNOUNCEMENTS = (
    "den Stand der Bauarbeiten am Kreishaus",
    "die Ergebnisse der Bürgerbefragung zum Bürgerservice",
    "neue Förderprogramme des Landes",
    "die Besetzung offener Stellen im Fachbereich",
    "die Termine der Sitzungen im kommenden Jahr",
    "die Auswertung der Ausbildungsplatzbörse",
    "den Sachstand der Digitalisierung in der Kreisverwaltung",
    "die Entwicklung der Zahl der Leistungsberechtigten",
)


def announcements_text(rng: random.Random, staff: str, committee: str) -> str:
    """Minutes of "Mitteilungen der Verwaltung"."""
    topics = _bullets(_pick(rng, ANNOUNCEMENTS, 2), capitalize=False)
    return f"{staff} informiert über\n\n{topics}\n\nDer {committee} nimmt die Mitteilungen zur Kenntnis."


def questions_text(rng: random.Random, speaker: str | None) -> str:
    """Minutes of "Anfragen"."""
    if speaker is None:
        return "Es liegen keine Anfragen vor."
    subject = rng.choice(
        (
            "dem Zustand der Bushaltestelle am Bahnhof",
            "der Erreichbarkeit der Kfz-Zulassungsstelle",
            "den Öffnungszeiten des Bürgerbüros",
            "der Beschilderung des Radwegs an der Kreisstraße",
            "dem Sachstand der Schulungen für die Beschäftigten",
        )
    )
    return f"{speaker} fragt nach {subject}. Die Verwaltung sagt eine schriftliche Beantwortung zu."
