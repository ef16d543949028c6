"""Demo topics of Soziales and Jugend: care, inclusion, day care, youth welfare."""
from __future__ import annotations

from .topic import COM, DEC, INQ, MOT, PRE, REP, RES, Topic

FAMILY_TOPICS: tuple[Topic, ...] = (
    Topic(
        key="pflegeplanung",
        department="soz",
        titles={
            RES: ("Örtliche Pflegestrukturplanung des Landkreises Lindenau {next_year}–{year5}",),
            COM: ("Sachstand Pflegestützpunkt und Pflegeberatung im Landkreis",),
        },
        acc="die Pflegestrukturplanung",
        context=(
            "Die Zahl der Pflegebedürftigen im Landkreis ist in den letzten fünf Jahren um rund {number}5 Prozent "
            "gestiegen.",
            "In {place} und {place2} fehlen Plätze in der Tages- und Kurzzeitpflege.",
            "Die Pflegestrukturplanung ist nach dem Landespflegegesetz regelmäßig fortzuschreiben.",
        ),
        measures=(
            "Ausbau der Kurzzeitpflege um mindestens {number}0 Plätze",
            "Förderung von Nachbarschaftshilfen und Pflegebegleitern",
            "Beratung pflegender Angehöriger im Pflegestützpunkt",
            "Gewinnung von Auszubildenden in der Pflege gemeinsam mit den Pflegeschulen",
        ),
        decisions=(
            "Der örtlichen Pflegestrukturplanung wird zugestimmt.",
            "Die Verwaltung wird beauftragt, die Handlungsempfehlungen mit den Trägern umzusetzen.",
        ),
        answers=("die Pflegekassen den Ausbau der Kurzzeitpflege unterstützen",),
        asks=("dem Ausbau der Kurzzeitpflege",),
        path=(("aas", PRE), ("kt", DEC)),
        info=("aas",),
        attachment="Pflegestrukturplanung – Bericht",
    ),
    Topic(
        key="kosten_unterkunft",
        department="soz",
        participants=("jc",),
        titles={RES: ("Kosten der Unterkunft: Anpassung der Angemessenheitsgrenzen (Schlüssiges Konzept {year})",)},
        acc="die neuen Angemessenheitsgrenzen für die Kosten der Unterkunft",
        context=(
            "Die Angemessenheitsgrenzen für Unterkunft und Heizung beruhen auf einem schlüssigen Konzept, das alle "
            "zwei "
            "Jahre zu überprüfen ist.",
            "Die Angebotsmieten sind im Landkreis seit der letzten Erhebung um durchschnittlich {number} Prozent "
            "gestiegen.",
        ),
        measures=(
            "Neuerhebung der Bestands- und Angebotsmieten in allen Vergleichsräumen",
            "Anhebung der Richtwerte für Ein- und Zweipersonenhaushalte",
            "Berücksichtigung der gestiegenen Heizkosten",
        ),
        decisions=("Die Angemessenheitsgrenzen werden entsprechend der Anlage 1 mit Wirkung vom 1. Januar {next_year} "
                   "festgesetzt.",),
        answers=("rund {number}00 Bedarfsgemeinschaften von der Anpassung profitieren",),
        asks=("der Zahl der betroffenen Bedarfsgemeinschaften",),
        path=(("aas", PRE), ("ka", DEC)),
        cost=(250000, 900000),
        attachment="Schlüssiges Konzept – Mietwerterhebung",
    ),
    Topic(
        key="inklusion",
        department="soz",
        titles={
            RES: ("Aktionsplan Inklusion des Landkreises Lindenau",),
            MOT: ("Antrag der {faction}: Barrierefreie Sitzungsunterlagen und Gebärdensprachdolmetschung im Kreistag",),
        },
        acc="den Aktionsplan Inklusion",
        context=(
            "Der Landkreis hat sich verpflichtet, die UN-Behindertenrechtskonvention in seinem Zuständigkeitsbereich "
            "umzusetzen.",
            "Der Aktionsplan wurde in {number} Workshops gemeinsam mit Menschen mit Behinderungen erarbeitet.",
        ),
        measures=(
            "barrierefreier Umbau der Bürgerbüros in {place} und {place2}",
            "Informationen der Kreisverwaltung in Leichter Sprache",
            "Berufung eines Inklusionsbeirats",
            "inklusive Ausbildungsplätze in der Kreisverwaltung",
        ),
        decisions=(
            "Der Aktionsplan Inklusion wird beschlossen.",
            "Der Inklusionsbeirat ist bis zum Jahresende zu berufen.",
        ),
        demands=(
            "Die Sitzungsunterlagen des Kreistages werden barrierefrei bereitgestellt.",
            "Für die Sitzungen des Kreistages wird auf Anforderung eine Gebärdensprachdolmetschung organisiert.",
        ),
        answers=("die Kosten der Gebärdensprachdolmetschung je Sitzung bei etwa 600 Euro liegen",),
        asks=("den Kosten der Gebärdensprachdolmetschung",),
        path=(("aas", PRE), ("kt", DEC)),
        cost=(40000, 120000),
    ),
    Topic(
        key="schuldnerberatung",
        department="soz",
        titles={RES: ("Zuschuss an die Schuldner- und Insolvenzberatung der freien Träger {year}",)},
        acc="die Förderung der Schuldnerberatung",
        context=(
            "Die Schuldner- und Insolvenzberatung wird im Auftrag des Landkreises von zwei freien Trägern angeboten.",
            "Die Wartezeit auf ein Erstgespräch beträgt derzeit rund {number} Wochen.",
        ),
        measures=(
            "Aufstockung um eine halbe Beratungsstelle",
            "offene Sprechstunde im Jobcenter einmal wöchentlich",
            "Präventionsangebote an den Berufsbildenden Schulen",
        ),
        decisions=("Den Trägern der Schuldner- und Insolvenzberatung wird für {year} ein Zuschuss gewährt.",),
        answers=("die Nachfrage nach Beratung seit dem Anstieg der Energiepreise deutlich zugenommen hat",),
        asks=("der Nachfrage nach Beratung",),
        path=(("aas", DEC),),
        cost=(90000, 160000),
    ),
    Topic(
        key="kita_bedarfsplanung",
        department="jug",
        titles={
            RES: ("Kita-Bedarfsplanung {year}/{next_year}",),
            INQ: ("Anfrage der {faction} zu fehlenden Krippenplätzen in {place}",),
        },
        acc="die Kita-Bedarfsplanung",
        context=(
            "Als örtlicher Träger der öffentlichen Jugendhilfe ist der Landkreis für die Bedarfsplanung der "
            "Kindertagesbetreuung verantwortlich.",
            "Zum Stichtag fehlen im Landkreis rund {number}0 Krippenplätze, vor allem in {place} und {place2}.",
            "Die Geburtenzahlen sind leicht rückläufig, der Betreuungsbedarf für unter Dreijährige steigt dennoch.",
        ),
        measures=(
            "Bau einer zusätzlichen Krippengruppe in {place}",
            "Ausbau der Kindertagespflege durch Qualifizierung neuer Tagespflegepersonen",
            "Verlängerung der Öffnungszeiten in zwei Einrichtungen",
            "Unterstützung der Gemeinden bei der Gewinnung von Fachkräften",
        ),
        decisions=(
            "Der Kita-Bedarfsplanung {year}/{next_year} wird zugestimmt.",
            "Die Verwaltung wird beauftragt, mit den Gemeinden Vereinbarungen über den Ausbau zu schließen.",
        ),
        questions=(
            "Wie viele Kinder warten in {place} derzeit auf einen Krippenplatz?",
            "Welche Maßnahmen plant die Verwaltung kurzfristig?",
            "Wie viele Tagespflegepersonen sind im Landkreis tätig?",
        ),
        answers=(
            "in {place} zum Stichtag {number}2 Kinder auf einen Krippenplatz warten",
            "im kommenden Jahr zwei neue Gruppen in Betrieb gehen",
        ),
        asks=("der Wartesituation in {place}", "kurzfristigen Entlastungen"),
        path=(("jha", PRE), ("ka", DEC)),
        info=("jha",),
        cost=(300000, 1200000),
        attachment="Kita-Bedarfsplan mit Gemeindeübersicht",
    ),
    Topic(
        key="vormundschaft",
        department="jug",
        titles={COM: ("Schulungen für ehrenamtliche Vormünder und Pflegeeltern {year}",)},
        acc="das Schulungsangebot für ehrenamtliche Vormünder und Pflegeeltern",
        context=(
            "Mit der Reform des Vormundschaftsrechts soll die ehrenamtliche Vormundschaft gestärkt werden.",
            "Derzeit betreut das Jugendamt {number}0 Amtsvormundschaften.",
        ),
        measures=(
            "vier Schulungen für angehende ehrenamtliche Vormünder im Jahr",
            "Fortbildungsabende für Pflegeeltern zu Traumapädagogik",
            "Begleitung durch eine feste Ansprechperson im Fachbereich",
        ),
        answers=("sich bislang {number}2 Personen für eine ehrenamtliche Vormundschaft interessieren",),
        asks=("dem Interesse an ehrenamtlichen Vormundschaften",),
        info=("jha",),
    ),
    Topic(
        key="schulsozialarbeit",
        department="jug",
        participants=("sch",),
        titles={
            RES: ("Ausbau der Schulsozialarbeit an den Schulen in Trägerschaft des Landkreises",),
            MOT: ("Antrag der {faction}: Schulsozialarbeit an allen Grundschulen im Kreisgebiet",),
        },
        acc="den Ausbau der Schulsozialarbeit",
        context=(
            "Schulsozialarbeit ist an {number} Schulen des Landkreises etabliert und wird stark nachgefragt.",
            "Die Landesförderung deckt nur einen Teil der Personalkosten.",
        ),
        measures=(
            "zusätzliche Stellen {at_school} und an den Oberschulen im Südkreis",
            "gemeinsame Fortbildungen von Lehrkräften und Schulsozialarbeit",
            "Kooperationsvereinbarungen mit den Schulleitungen",
        ),
        decisions=("Die Schulsozialarbeit wird um {number},5 Vollzeitstellen ausgebaut.",),
        demands=(
            "Die Verwaltung legt ein Konzept für Schulsozialarbeit an allen Grundschulen vor.",
            "Die Gemeinden als Schulträger werden an den Gesprächen beteiligt.",
        ),
        answers=("die Stellen über einen freien Träger besetzt werden sollen",),
        asks=("der Trägerschaft der neuen Stellen",),
        path=(("jha", PRE), ("scha", PRE), ("ka", DEC)),
        cost=(150000, 400000),
    ),
    Topic(
        key="kinderschutz",
        department="jug",
        titles={REP: ("Bericht Kinderschutz und Frühe Hilfen {prev_year}",)},
        acc="den Bericht zum Kinderschutz",
        context=(
            "Im Jahr {prev_year} gingen beim Jugendamt {number}40 Meldungen zu einer möglichen Kindeswohlgefährdung "
            "ein.",
            "Das Netzwerk Frühe Hilfen erreicht junge Familien bereits während der Schwangerschaft.",
        ),
        measures=(
            "Willkommensbesuche für Neugeborene in allen Gemeinden",
            "Fortbildungen zum Kinderschutz für Kitas und Schulen",
            "Rufbereitschaft des Jugendamtes rund um die Uhr",
        ),
        answers=("die Zahl der Inobhutnahmen im Vergleich zum Vorjahr stabil geblieben ist",),
        asks=("der Entwicklung der Inobhutnahmen",),
        info=("jha",),
    ),
    Topic(
        key="jugendfoerderung",
        department="jug",
        titles={RES: ("Richtlinie über die Förderung der Jugendarbeit im Landkreis Lindenau – Neufassung",)},
        acc="die Neufassung der Förderrichtlinie Jugendarbeit",
        context=(
            "Die Förderrichtlinie für die Jugendarbeit wurde seit über zehn Jahren nicht angepasst.",
            "Der Kreisjugendring hat Vorschläge zur Vereinfachung der Antragstellung eingebracht.",
        ),
        measures=(
            "höhere Zuschüsse für Freizeiten und Bildungsmaßnahmen",
            "Förderung der Jugendleiterausbildung",
            "vereinfachte Abrechnung kleiner Zuschüsse",
        ),
        decisions=("Die Richtlinie über die Förderung der Jugendarbeit wird in der Fassung der Anlage 1 beschlossen.",),
        answers=("der Kreisjugendring der Neufassung ausdrücklich zugestimmt hat",),
        asks=("der Haltung des Kreisjugendrings",),
        path=(("jha", DEC),),
        cost=(20000, 60000),
        attachment="Förderrichtlinie Jugendarbeit (Neufassung)",
    ),
    Topic(
        key="hilfen_erziehung",
        department="jug",
        participants=("fin",),
        titles={REP: ("Controllingbericht Hilfen zur Erziehung, {quarter}. Quartal {year}",)},
        acc="den Controllingbericht zu den Hilfen zur Erziehung",
        context=(
            "Die Aufwendungen für Hilfen zur Erziehung sind einer der größten Posten im Kreishaushalt.",
            "Die Zahl der stationären Unterbringungen ist gegenüber dem Vorjahr um {number} Fälle gestiegen.",
        ),
        measures=(
            "Ausbau ambulanter Hilfen vor Ort",
            "regelmäßige Hilfeplanüberprüfung nach sechs Monaten",
            "Kostenvergleich mit benachbarten Landkreisen",
        ),
        answers=("der Haushaltsansatz voraussichtlich um rund {number}00.000 Euro überschritten wird",),
        asks=("der voraussichtlichen Überschreitung des Haushaltsansatzes",),
        info=("jha", "fina"),
    ),
)
