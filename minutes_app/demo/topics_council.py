"""What the Fraktionen bring in on the demo topics: inquiries (Anfragen) and motions (Anträge)."""
from __future__ import annotations

#: Subjects of Fraktionen's inquiries for topics without an inquiry template (after "Anfrage der … zu").
INQUIRY_SUBJECTS = {
    "ausbildungsplatzboerse": "den Vermittlungserfolgen der Ausbildungsplatzbörse",
    "qualifizierung_jobcenter": "der Bearbeitungsdauer von Widersprüchen im Jobcenter",
    "eingliederungsmanagement": "der Inanspruchnahme des Betrieblichen Eingliederungsmanagements",
    "mobiles_arbeiten": "der Erreichbarkeit der Kreisverwaltung bei mobilem Arbeiten",
    "pflegeplanung": "fehlenden Kurzzeitpflegeplätzen in {place}",
    "kosten_unterkunft": "den Kosten der Unterkunft im Kreishaushalt",
    "inklusion": "barrierefreien Bürgerbüros",
    "schuldnerberatung": "Wartezeiten in der Schuldnerberatung",
    "vormundschaft": "der Gewinnung neuer Pflegefamilien",
    "kinderschutz": "der Personalausstattung des Allgemeinen Sozialen Dienstes",
    "hilfen_erziehung": "den Ursachen der Kostensteigerung bei den Hilfen zur Erziehung",
    "medienentwicklung": "dem IT-Support an den Schulen des Landkreises",
    "schuelerbefoerderung": "überfüllten Schulbussen zwischen {place} und Lindenau",
    "klimaschutz": "Fördermitteln des Bundes für den Klimaschutz",
    "abfallgebuehren": "der Entwicklung der Abfallgebühren",
    "radwegekonzept": "dem Grunderwerb für Radwege an Kreisstraßen",
    "nahverkehr": "dem Rufbus im Raum {place}",
    "breitband": "Verzögerungen beim Glasfaserausbau in {place}",
    "haushalt": "der Entwicklung der Kreisumlage",
    "kreissportbund": "Schwimmkursen für Grundschulkinder",
    "rettungsdienst": "Hilfsfristen im Rettungsdienst im Raum {place}",
    "integration_gefluechtete": "der Belegung der Gemeinschaftsunterkunft",
    "tourismus": "der Beteiligung der Gastronomie am Tourismuskonzept",
    "schuleingang": "dem Sprachförderbedarf bei Schulanfängern",
}

#: Motions of the Fraktionen for topics without a motion template: Betreff and the points of the Antrag.
MOTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "kita_bedarfsplanung": (
        "Antrag der {faction}: Kosten eines beitragsfreien letzten Kita-Jahres prüfen",
        ("Die Verwaltung ermittelt die Kosten eines beitragsfreien letzten Kita-Jahres für den Kreishaushalt.",
         "Das Ergebnis wird dem Jugendhilfeausschuss bis zu den Haushaltsberatungen vorgelegt."),
    ),
    "nahverkehr": (
        "Antrag der {faction}: 365-Euro-Ticket für Schülerinnen, Schüler und Auszubildende",
        ("Der Landkreis führt ein 365-Euro-Ticket für Schülerinnen, Schüler und Auszubildende ein.",
         "Die Verwaltung verhandelt hierzu mit dem Verkehrsverbund und legt die Kosten dar."),
    ),
    "pflegeplanung": (
        "Antrag der {faction}: Pflegelotsen in allen Gemeinden",
        ("In jeder Gemeinde wird eine ehrenamtliche Pflegelotsin oder ein Pflegelotse gewonnen und geschult.",
         "Der Pflegestützpunkt koordiniert die Pflegelotsen und bietet regelmäßige Schulungen an."),
    ),
    "breitband": (
        "Antrag der {faction}: Freies WLAN in allen Kreisgebäuden mit Publikumsverkehr",
        ("In allen Kreisgebäuden mit Publikumsverkehr wird ein kostenloses WLAN eingerichtet.",
         "Die Kosten werden im Haushalt des kommenden Jahres veranschlagt."),
    ),
    "hochwasserschutz": (
        "Antrag der {faction}: Starkregen-Gefahrenkarten für alle Gemeinden",
        ("Der Landkreis lässt für alle Gemeinden Starkregen-Gefahrenkarten erstellen.",
         "Die Karten werden veröffentlicht und mit den Gemeinden in Bürgerversammlungen vorgestellt."),
    ),
    "ausbildungsplatzboerse": (
        "Antrag der {faction}: Wohnheimplätze für Auszubildende aus dem ländlichen Raum",
        ("Die Verwaltung prüft mit der Kreiswohnungsbaugesellschaft den Bau eines Wohnheims für Auszubildende.",
         "Die Ausbildungsplatzbörse wird um eine Beratung zu Wohnen und Mobilität ergänzt."),
    ),
    "medienentwicklung": (
        "Antrag der {faction}: Leihgeräte für alle Schülerinnen und Schüler ab Klasse 7",
        ("Allen Schülerinnen und Schülern ab Klasse 7 wird ein Leihgerät zur Verfügung gestellt.",
         "Für Lehrkräfte werden begleitende Schulungen angeboten."),
    ),
    "haushalt": (
        "Antrag der {faction} zum Haushalt: Sanierungsprogramm für Kreisstraßen aufstocken",
        ("Die Mittel für die Sanierung der Kreisstraßen werden um 500.000 Euro erhöht.",
         "Die Deckung erfolgt durch geringere Ansätze bei den Sachkosten der Verwaltung."),
    ),
}
