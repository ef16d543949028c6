"""Word lists and sentence templates for the synthetic benchmark Vorlagen.

The combinations give tens of thousands of distinct Betreffe and a German
vocabulary of a few thousand words, so that search benchmarks see realistic
term distributions rather than one repeated text.
"""
from __future__ import annotations

#: Objects in the genitive with the (feminine) actions that fit them; slots: {place}, {place2}, {year}, {number},
#: {school}.
BUILDING_ACTIONS = ("Sanierung", "Erweiterung", "Modernisierung", "Instandsetzung", "Ertüchtigung", "Umgestaltung")
BUILDINGS = (
    "der Sporthalle der {school}", "der Kreisstraße K {number} zwischen {place} und {place2}",
    "der Feuerwehrtechnischen Zentrale", "der Straßenmeisterei {place}", "des Bürgerbüros {place}",
    "der Deponie {place}", "der Rettungsleitstelle", "der Flüchtlingsunterkunft in {place}", "des Frauenhauses",
    "der Mensa der {school}", "der Fachräume der {school}", "der Kreisbibliothek", "des Heimatmuseums {place}",
    "der Brücke über den Auebach bei {place}", "der Bushaltestellen im Raum {place}", "des Kreishauses",
    "der Radwege im Raum {place}", "der Telefonanlage im Kreishaus", "der Photovoltaikanlagen auf Kreisgebäuden",
    "der Ladeinfrastruktur an Kreisgebäuden", "des Deiches an der Linde bei {place}",
)
PLAN_ACTIONS = ("Fortschreibung", "Evaluation", "Umsetzung", "Anpassung", "Überarbeitung", "Neufassung")
PLANS = (
    "des Abfallwirtschaftskonzepts", "des Nahverkehrsplans", "des Rettungsdienstbedarfsplans",
    "des Sicherheitskonzepts für das Kreishaus", "der Kita-Bedarfsplanung {year}", "des Schulentwicklungsplans {year}",
    "der Haushaltssatzung {year}", "des Stellenplans {year}", "der Gebührensatzung für den Rettungsdienst",
    "der Kreisentwicklungsplanung", "des Klimaschutzkonzepts", "der Förderrichtlinie Jugendarbeit",
    "der Satzung über die Schülerbeförderung", "des Medienentwicklungsplans", "der Pflegestrukturplanung",
    "des Radwegekonzepts", "des Tourismuskonzepts", "der Dienstvereinbarung zum Eingliederungsmanagement",
    "des Aktionsplans Inklusion", "der Hauptsatzung", "der Geschäftsordnung des Kreistages",
)
SERVICE_ACTIONS = ("Förderung", "Stärkung", "Neuordnung", "Finanzierung", "Weiterentwicklung", "Digitalisierung")
SERVICES = (
    "der Kindertagespflege", "der Schulsozialarbeit", "der Jugendberufsagentur", "der Ausbildungsplatzbörse",
    "des Betrieblichen Eingliederungsmanagements", "der Breitbandversorgung in {place}", "der Pflegeberatung",
    "der Schuldnerberatung", "der Kreismusikschule", "der Kreisvolkshochschule", "des Kreisarchivs",
    "des Gesundheitsamts", "der Ausländerbehörde", "der Kfz-Zulassungsstelle", "des Busangebots im Raum {place}",
    "des Katastrophenschutzes", "der Tourismusförderung", "der Wirtschaftsförderung", "der Integrationskurse",
    "der Hilfen zur Erziehung", "des Allgemeinen Sozialen Dienstes", "der Eingliederungshilfe",
    "der Jugendverbandsarbeit", "der Frühen Hilfen", "der Seniorenarbeit in {place}", "des Pflegestützpunkts",
    "der Sicherheitspaten im Jobcenter", "der Schulungen für Ehrenamtliche", "der Schülerbeförderung",
    "der Lebensmittelüberwachung", "der Bauaufsicht", "der Denkmalpflege in {place}", "der Gewässerunterhaltung",
    "der Energieberatung", "des Klimaschutzmanagements", "der Personalentwicklung",
    "der Ausbildung in der Kreisverwaltung", "der Gleichstellungsarbeit", "der Obdachlosenunterbringung",
    "der Suchtberatung", "der Gesundheitsförderung an Schulen",
    "des Ganztagsangebots der {school}", "der Streuobstwiesen im Kreisgebiet", "der Glasfaseranbindung der {school}",
)
SUBJECTS = ((BUILDING_ACTIONS, BUILDINGS), (PLAN_ACTIONS, PLANS), (SERVICE_ACTIONS, SERVICES))

SCHOOLS = (
    "Gesamtschule Waldau", "Oberschule Hohenfeld", "Oberschule Talbach", "Förderschule am Lindenpark",
    "Berufsbildenden Schulen Lindenau", "Realschule Ostheim", "Grundschule Kirchbergen", "Oberschule Rödingen",
)

PLACES = (
    "Lindenau", "Hohenfeld", "Brunnstedt", "Waldau", "Kirchbergen", "Ostheim", "Talbach", "Rödingen", "Altmühlen",
    "Eschenrode", "Grünwalde", "Moorhausen", "Bergfelde", "Lindhorst", "Wiesental", "Sandkamp", "Bruchhagen",
    "Oberrode", "Unterrode", "Kaltenbach", "Steinfurt", "Hagenau", "Birkenwerder", "Espenhain",
)

FACTIONS = (
    "Fraktion Bürgerunion", "Fraktion Soziale Liste", "Fraktion Grüne Zukunft", "Fraktion Freie Wähler Lindenau",
)

#: Feminine nouns for the sentence templates (many compounds, as in real Vorlagen).
NOUNS = (
    "Verwaltungsvereinbarung", "Förderrichtlinie", "Kostenschätzung", "Bedarfsanalyse", "Personalbemessung",
    "Schulträgerschaft", "Haushaltsermächtigung", "Ausschreibungsunterlage", "Leistungsbeschreibung",
    "Machbarkeitsstudie", "Wirtschaftlichkeitsbetrachtung", "Raumbedarfsplanung", "Trägerversammlung",
    "Kooperationsvereinbarung", "Dienstanweisung", "Sicherheitsunterweisung", "Brandschutzauflage",
    "Entwurfsplanung", "Ausführungsplanung", "Kostenberechnung", "Förderquote", "Folgekostenberechnung",
    "Fachkräftesicherung", "Öffentlichkeitsbeteiligung", "Bürgerversammlung", "Stellungnahme", "Rechnungsprüfung",
    "Zielvereinbarung", "Fallzahlentwicklung", "Betreuungsquote", "Auslastungsquote", "Versorgungslücke",
    "Barrierefreiheit", "Energieeinsparung", "Wärmeversorgung", "Dachsanierung", "Fassadendämmung", "Lüftungsanlage",
    "Schadstoffsanierung", "Verkehrssicherheit", "Taktverdichtung", "Anschlusssicherung", "Tarifanpassung",
    "Projektsteuerung", "Lenkungsgruppe", "Steuerungsgruppe", "Arbeitsgemeinschaft", "Netzwerkarbeit",
    "Sozialraumorientierung", "Integrationsquote", "Vermittlungsquote", "Qualifizierungsmaßnahme",
    "Fortbildungsreihe", "Personalgewinnung", "Arbeitgeberattraktivität", "Gefährdungsbeurteilung", "Notfallplanung",
    "Alarmierungskette", "Datenschutzfolgenabschätzung", "Informationssicherheit", "Schnittstellenanbindung",
    "Bearbeitungsdauer", "Gebührenkalkulation", "Rücklagenentnahme", "Kreditaufnahme", "Liquiditätsplanung",
    "Kreisumlage", "Schlüsselzuweisung", "Landeszuweisung", "Bundesförderung", "Ehrenamtspauschale",
    "Vereinsförderung", "Jugendfreizeit", "Ferienbetreuung", "Inklusionsassistenz", "Schulbegleitung",
    "Sprachförderung", "Elternberatung", "Inobhutnahme", "Pflegefamilie", "Tagespflegeperson", "Ganztagsbetreuung",
    "Schulwegsicherung", "Radverkehrsanlage", "Querungshilfe", "Bushaltestelle", "Mobilstation", "Ladesäule",
    "Photovoltaikanlage", "Wärmepumpe", "Ausgleichsmaßnahme", "Starkregenvorsorge", "Deichverteidigung",
    "Katastrophenschutzübung", "Löschwasserversorgung", "Atemschutzwerkstatt", "Zuwendung", "Planfeststellung",
    "Eingliederungsvereinbarung", "Verkehrszählung", "Schulbuslinie", "Ehrenamtskarte", "Jugendberufsagentur",
    "Kostenerstattung", "Fallkonferenz", "Dienstvereinbarung",
)
ADJECTIVES = (
    "erforderliche", "geplante", "bisherige", "künftige", "gemeinsame", "überarbeitete", "vorläufige", "abschließende",
    "kreisweite", "gesetzliche", "zusätzliche", "verbindliche", "wirtschaftliche", "nachhaltige", "schrittweise",
    "ergänzende", "regionale", "fachliche", "organisatorische", "technische",
)

#: In the sentence templates, {year} becomes the marker YEAR_MARK, replaced by the Vorlage's own year.
YEAR_MARK = "§JAHR§"
REASONING = (
    "Die {adj} {noun} wurde im Frühjahr {year} mit den Beteiligten abgestimmt.",
    "Im Ergebnis der {noun} ist eine Anpassung der {noun2} erforderlich.",
    "Nach Auffassung der Verwaltung ist die {adj} {noun} sachgerecht und wirtschaftlich.",
    "Die Gemeinde {place} hat ihre Unterstützung bei der {noun} zugesagt.",
    "Im Vergleich zum Vorjahr ist die {noun} um rund {pct} Prozent gestiegen.",
    "Die {noun} liegt derzeit bei {num} und damit über dem Landesdurchschnitt.",
    "Für die {noun} ist eine enge Abstimmung mit dem Fachbereich erforderlich.",
    "Der Ausschuss wurde zuletzt im Jahr {year} über die {noun} unterrichtet.",
    "Mit der {adj_en} {noun} wird eine Empfehlung des Rechnungsprüfungsamtes umgesetzt.",
    "Die {noun} in {place} und {place2} dient als Vorbild für weitere Standorte.",
    "Eine {adj} {noun} ist nach geltendem Recht nicht vorgesehen.",
    "Die Verwaltung schlägt vor, die {noun} bis Ende {year} abzuschließen.",
    "Die {adj} {noun} berücksichtigt die Hinweise aus der {noun2}.",
    "Ohne die {noun} wäre die {noun2} nicht dauerhaft gesichert.",
    "Die Erfahrungen mit der {noun} sind überwiegend positiv.",
    "Zur {noun} liegen inzwischen {num} Rückmeldungen aus den Gemeinden vor.",
    "Die {noun} wird durch eine {adj} {noun2} ergänzt.",
    "Über die {noun} entscheidet abschließend der Kreistag.",
    "Bei der {noun} sind die Belange der Barrierefreiheit zu beachten.",
    "Die Personalvertretung wurde bei der {noun} beteiligt.",
    "Die {noun} ist Voraussetzung für die Bewilligung der Fördermittel.",
    "Die Arbeitsgruppe hat die {noun} in {num} Sitzungen beraten.",
    "Eine Verschiebung der {noun} würde zu höheren Kosten führen.",
    "Die {adj} {noun} ist mit der Kommunalaufsicht abgestimmt.",
)
RESOLUTION = (
    "Der {adj_en} {noun} wird zugestimmt.",
    "Die Verwaltung wird beauftragt, die {noun} bis zum Jahresende {year} umzusetzen.",
    "Die Verwaltung wird ermächtigt, die {noun} abzuschließen.",
    "Dem Ausschuss ist über die {noun} jährlich zu berichten.",
    "Die {noun} ist im Haushalt des Jahres {year} zu berücksichtigen.",
    "Die Gemeinden sind bei der {noun} frühzeitig zu beteiligen.",
    "Die {adj} {noun} tritt am 1. Januar {year} in Kraft.",
    "Der Landrat wird beauftragt, die {noun} mit dem Land zu verhandeln.",
)
FINANCE = (
    "Für die {noun} entstehen Aufwendungen in Höhe von {amount} Euro.",
    "Die Mittel sind im Produkt {product} veranschlagt.",
    "Die Finanzierung erfolgt zu {pct} Prozent aus Fördermitteln des Landes.",
    "Jährliche Folgekosten für die {noun} von rund {amount} Euro sind zu erwarten.",
    "Der Eigenanteil des Landkreises beträgt {amount} Euro.",
    "Eine Deckung erfolgt durch Minderaufwendungen bei der {noun}.",
    "Die {noun} führt zu keiner zusätzlichen Belastung des Kreishaushalts.",
)
MINUTES = (
    "{speaker} fragt nach der {noun}.",
    "Die Verwaltung erläutert die {adj} {noun}.",
    "{speaker} regt an, die {noun} im Ausschuss erneut zu beraten.",
    "{speaker} begrüßt die {adj} {noun}.",
    "Die Verwaltung sagt zu, die Unterlagen zur {noun} nachzureichen.",
)
