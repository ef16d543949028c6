"""Demo topics of the Jobcenter and the central services (Personal, Organisation)."""
from __future__ import annotations

from .topic import COM, DEC, HEAR, INQ, MOT, PRE, REP, RES, Topic

WORK_TOPICS: tuple[Topic, ...] = (
    Topic(
        key="sicherheitskonzept",
        department="jc",
        participants=("zd",),
        titles={
            RES: ("Sicherheitskonzept für das Jobcenter Landkreis Lindenau",),
            COM: ("Sachstandsbericht zur Umsetzung des Sicherheitskonzepts im Jobcenter {year}",),
            INQ: ("Anfrage der {faction} zu Übergriffen auf Beschäftigte des Jobcenters",),
        },
        acc="das Sicherheitskonzept für das Jobcenter",
        context=(
            "Die Beschäftigten des Jobcenters führen jährlich rund {number}0 persönliche Beratungsgespräche, "
            "einige davon in angespannten Lebenslagen der Kundinnen und Kunden.",
            "Im vergangenen Jahr wurden {number} Vorfälle dokumentiert, bei denen Beschäftigte bedroht oder "
            "beleidigt wurden.",
            "Das bisherige Sicherheitskonzept stammt aus dem Jahr {prev_year} und berücksichtigt die neuen Standorte "
            "in "
            "{place} und {place2} noch nicht.",
            "Die Unfallkasse empfiehlt, bauliche, organisatorische und personelle Maßnahmen in einem "
            "Sicherheitskonzept "
            "zusammenzuführen und regelmäßig zu überprüfen.",
        ),
        measures=(
            "Einbau von Notrufknöpfen und einer stillen Alarmierung in allen Beratungsräumen",
            "verpflichtende **Schulungen** zur Deeskalation für alle Beschäftigten mit Kundenkontakt",
            "Benennung von Sicherheitspaten in jeder Dienststelle als Ansprechpersonen im Ernstfall",
            "Umgestaltung des Wartebereichs mit klarer Wegeführung und Sichtachsen",
            "Einsatz eines Sicherheitsdienstes an Tagen mit hohem Besucheraufkommen",
            "jährliche Übung der Alarmierungskette gemeinsam mit der Polizeiinspektion Lindenau",
        ),
        decisions=(
            "Dem Sicherheitskonzept für das Jobcenter Landkreis Lindenau in der Fassung der Anlage 1 wird zugestimmt.",
            "Die Verwaltung wird beauftragt, die baulichen Maßnahmen bis zum Ende des Jahres {next_year} umzusetzen.",
            "Die Beschäftigten sind in **Schulungen** auf die neuen Abläufe vorzubereiten; Sicherheitspaten sind in "
            "jeder Dienststelle zu benennen.",
            "Über den Stand der Umsetzung ist jährlich zu berichten.",
        ),
        answers=(
            "alle Beschäftigten mit Kundenkontakt bis zum Sommer an einer Deeskalationsschulung teilgenommen haben "
            "werden",
            "die Sicherheitspaten freiwillig tätig sind und dafür eine zusätzliche Schulung erhalten",
            "die Notrufanlage in {place} bereits in Betrieb ist und die übrigen Standorte folgen",
            "die Zahl der dokumentierten Vorfälle gegenüber dem Vorjahr leicht zurückgegangen ist",
        ),
        asks=(
            "dem Stand der Deeskalationsschulungen",
            "der Rolle der Sicherheitspaten",
            "der Notrufanlage in den Außenstellen",
            "der Entwicklung der Zahl der Vorfälle",
        ),
        questions=(
            "Wie werden die Beschäftigten auf schwierige Gesprächssituationen vorbereitet?",
            "Welche Aufgabe haben die Sicherheitspaten?",
            "Welche Maßnahmen des Sicherheitskonzepts sind bereits umgesetzt?",
            "Wie hat sich die Zahl der Übergriffe auf Beschäftigte des Jobcenters entwickelt?",
        ),
        path=(("aas", PRE), ("ka", DEC)),
        info=("aas", "jcb"),
        cost=(60000, 180000),
        attachment="Sicherheitskonzept Jobcenter (Entwurf)",
    ),
    Topic(
        key="sicherheitspaten",
        department="jc",
        titles={
            COM: ("Einführung von Sicherheitspaten in den Dienststellen des Jobcenters",),
            MOT: ("Antrag der {faction}: Sicherheitspaten auch in den Bürgerbüros der Kreisverwaltung",),
        },
        acc="die Einführung von Sicherheitspaten",
        context=(
            "Sicherheitspaten sind geschulte Beschäftigte, die in ihrer Dienststelle als erste Ansprechpersonen bei "
            "Konflikten und Notfällen zur Verfügung stehen.",
            "Das Modell hat sich in mehreren Jobcentern des Landes bewährt und wurde von der Personalvertretung "
            "angeregt.",
            "In {place} und {place2} haben sich insgesamt {number} Beschäftigte freiwillig als Sicherheitspaten "
            "gemeldet.",
        ),
        measures=(
            "zweitägige Grundschulung der Sicherheitspaten durch die Unfallkasse",
            "vierteljährlicher Erfahrungsaustausch der Sicherheitspaten aller Standorte",
            "Aushang der Namen der Sicherheitspaten in jeder Etage",
            "Auswertung der Einsätze im Arbeitsschutzausschuss",
        ),
        demands=(
            "Die Verwaltung wird beauftragt, das Modell der Sicherheitspaten auf die Bürgerbüros und die "
            "Kfz-Zulassungsstelle zu übertragen.",
            "Für die Sicherheitspaten sind jährliche Schulungen anzubieten.",
            "Dem Ausschuss für Arbeit und Soziales ist nach einem Jahr über die Erfahrungen zu berichten.",
        ),
        answers=(
            "die Sicherheitspaten ihre Aufgabe im Rahmen der regulären Arbeitszeit wahrnehmen",
            "eine Ausweitung auf die Bürgerbüros mit geringem Aufwand möglich ist",
        ),
        asks=("der Freistellung der Sicherheitspaten", "einer Ausweitung auf die Bürgerbüros"),
        path=(("aas", DEC),),
        info=("aas", "jcb"),
    ),
    Topic(
        key="ausbildungsplatzboerse",
        department="jc",
        participants=("sch",),
        titles={
            COM: ("Ausbildungsplatzbörse {year} des Jobcenters und der Kreishandwerkerschaft – Bericht",),
            RES: ("Zuschuss zur Durchführung der Ausbildungsplatzbörse {year} in der Berufsbildenden Schule Lindenau",),
        },
        acc="die Ausbildungsplatzbörse",
        context=(
            "Die Ausbildungsplatzbörse bringt seit mehreren Jahren Schulabgängerinnen und Schulabgänger mit "
            "Ausbildungsbetrieben aus dem Landkreis zusammen.",
            "An der letzten Ausbildungsplatzbörse beteiligten sich {number}0 Betriebe; rund {number}00 junge Menschen "
            "besuchten die Veranstaltung.",
            "Viele Betriebe im Handwerk und in der Pflege können ihre Ausbildungsstellen nicht mehr besetzen.",
        ),
        measures=(
            "gemeinsame Organisation durch Jobcenter, Agentur für Arbeit und Kreishandwerkerschaft",
            "Speed-Dating-Format für kurze Bewerbungsgespräche vor Ort",
            "kostenloser Busverkehr aus {place} und {place2} zur Ausbildungsplatzbörse",
            "Vorbereitung der Schülerinnen und Schüler im Unterricht der Abgangsklassen",
            "Angebot von Bewerbungsfotos und Mappen-Checks",
        ),
        decisions=(
            "Für die Ausbildungsplatzbörse {year} wird ein Zuschuss in Höhe der im Finanzteil genannten Mittel "
            "bewilligt.",
            "Die Verwaltung wird beauftragt, die Ausbildungsplatzbörse gemeinsam mit der Kreishandwerkerschaft "
            "auszurichten.",
        ),
        answers=(
            "im Anschluss an die Ausbildungsplatzbörse {number}2 Ausbildungsverträge geschlossen wurden",
            "die Betriebe die Veranstaltung in einer Umfrage überwiegend mit gut bewertet haben",
        ),
        asks=("der Zahl der vermittelten Ausbildungsverträge", "der Rückmeldung der Betriebe"),
        path=(("aas", DEC),),
        info=("aas", "jcb"),
        cost=(8000, 25000),
    ),
    Topic(
        key="integrationsprogramm",
        department="jc",
        titles={
            RES: ("Arbeitsmarkt- und Integrationsprogramm {year} des Jobcenters Landkreis Lindenau",),
            REP: ("Eingliederungsbericht {prev_year} des Jobcenters",),
        },
        acc="das Arbeitsmarkt- und Integrationsprogramm",
        context=(
            "Das Jobcenter stellt jährlich ein Arbeitsmarkt- und Integrationsprogramm auf, das die Schwerpunkte des "
            "Eingliederungsbudgets festlegt.",
            "Die Zahl der erwerbsfähigen Leistungsberechtigten liegt derzeit bei rund {number}.800 Personen.",
            "Rund ein Drittel der Leistungsberechtigten ist länger als zwei Jahre im Leistungsbezug.",
        ),
        measures=(
            "Coaching für Langzeitarbeitslose im Rahmen der Teilhabe am Arbeitsmarkt",
            "berufsbezogene Sprachkurse in Zusammenarbeit mit der Kreisvolkshochschule",
            "Gesundheitsorientierte Angebote und ein Fallmanagement zur Eingliederung",
            "Förderung von Umschulungen in Berufen mit Fachkräftebedarf",
            "aufsuchende Beratung junger Menschen unter 25 Jahren",
        ),
        decisions=(
            "Der Beirat des Jobcenters ist angehört worden; seine Stellungnahme ist berücksichtigt.",
            "Dem Arbeitsmarkt- und Integrationsprogramm {year} in der vorgelegten Fassung wird zugestimmt.",
        ),
        answers=(
            "das Eingliederungsbudget im laufenden Jahr voraussichtlich vollständig ausgeschöpft wird",
            "die Integrationsquote mit {number},4 Prozent über dem Landesdurchschnitt liegt",
        ),
        asks=("der Ausschöpfung des Eingliederungsbudgets", "der Entwicklung der Integrationsquote"),
        path=(("jcb", HEAR), ("aas", DEC)),
        info=("aas", "jcb"),
        attachment="Arbeitsmarkt- und Integrationsprogramm (Langfassung)",
    ),
    Topic(
        key="qualifizierung_jobcenter",
        department="jc",
        titles={COM: ("Qualifizierungsoffensive: Schulungen für Beschäftigte im Leistungsbereich des Jobcenters",)},
        acc="die Qualifizierungsoffensive im Leistungsbereich",
        context=(
            "Durch Rechtsänderungen im Zweiten Buch Sozialgesetzbuch haben sich die Arbeitsabläufe im Leistungsbereich "
            "erheblich verändert.",
            "Im vergangenen Jahr wurden {number} Stellen im Leistungsbereich neu besetzt.",
        ),
        measures=(
            "modulare Schulungen zum Leistungsrecht für neue Beschäftigte",
            "Schulungen zur verständlichen Sprache in Bescheiden",
            "E-Learning-Angebote für die Arbeit mit der elektronischen Akte",
            "Einarbeitungspatenschaften durch erfahrene Kolleginnen und Kollegen",
        ),
        answers=("die Schulungen überwiegend in der Arbeitszeit und am Standort Lindenau stattfinden",),
        asks=("Ort und Zeit der Schulungen",),
        info=("aas", "jcb"),
    ),
    Topic(
        key="eingliederungsmanagement",
        department="zd",
        titles={
            RES: ("Dienstvereinbarung zum Betrieblichen Eingliederungsmanagement in der Kreisverwaltung",),
            REP: ("Bericht zum Betrieblichen Eingliederungsmanagement und zur Gesundheitsquote {prev_year}",),
        },
        acc="die Dienstvereinbarung zum Betrieblichen Eingliederungsmanagement",
        context=(
            "Nach § 167 Absatz 2 SGB IX ist allen Beschäftigten, die innerhalb eines Jahres länger als sechs Wochen "
            "arbeitsunfähig sind, ein Betriebliches Eingliederungsmanagement anzubieten.",
            "Im Jahr {prev_year} erhielten {number}4 Beschäftigte ein Angebot; rund zwei Drittel haben es angenommen.",
            "Die bisherige Regelung aus dem Jahr 2016 entspricht nicht mehr den datenschutzrechtlichen Anforderungen.",
        ),
        measures=(
            "ein festes Eingliederungsteam aus Personalabteilung, Personalrat und Schwerbehindertenvertretung",
            "getrennte Aufbewahrung der Unterlagen des Eingliederungsmanagements außerhalb der Personalakte",
            "Schulungen für Führungskräfte zur Gesprächsführung",
            "stufenweise Wiedereingliederung in Abstimmung mit dem betriebsärztlichen Dienst",
        ),
        decisions=(
            "Dem Abschluss der Dienstvereinbarung zum Betrieblichen Eingliederungsmanagement in der Fassung der "
            "Anlage 1 wird zugestimmt.",
            "Der Landrat wird ermächtigt, die Dienstvereinbarung mit dem Personalrat abzuschließen.",
        ),
        answers=(
            "die Teilnahme am Eingliederungsmanagement freiwillig ist und keine Nachteile entstehen",
            "der Personalrat der Dienstvereinbarung bereits zugestimmt hat",
        ),
        asks=("der Freiwilligkeit des Eingliederungsmanagements", "der Beteiligung des Personalrats"),
        path=(("ka", DEC),),
        info=("ka",),
        attachment="Dienstvereinbarung Betriebliches Eingliederungsmanagement",
    ),
    Topic(
        key="mobiles_arbeiten",
        department="zd",
        titles={RES: ("Dienstvereinbarung über mobiles Arbeiten in der Kreisverwaltung",)},
        acc="die Dienstvereinbarung über mobiles Arbeiten",
        context=(
            "Seit {prev_year} arbeiten rund {number}0 Prozent der Beschäftigten zeitweise mobil.",
            "Die bisherige Regelung war als Übergangslösung befristet.",
        ),
        measures=(
            "mobiles Arbeiten bis zu drei Tage je Woche nach Absprache mit der Führungskraft",
            "Ausstattung mit Notebooks und sicherer Verbindung zum Kreisnetz",
            "Erreichbarkeitszeiten und Vertretungsregelungen je Team",
        ),
        decisions=("Dem Abschluss der Dienstvereinbarung über mobiles Arbeiten wird zugestimmt.",),
        answers=("die Bürgerinnen und Bürger keine Einschränkungen der Öffnungszeiten bemerken werden",),
        asks=("der Erreichbarkeit der Fachbereiche",),
        path=(("ka", DEC),),
    ),
)
