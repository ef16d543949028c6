"""Static facts of the demo county "Landkreis Lindenau": organizations, places, names, settings texts.

Everything here is invented for the demo; any resemblance to a real county is
coincidental. Keys (``"kt"``, ``"jc"`` …) tie the other demo modules together.
"""
from __future__ import annotations

from dataclasses import dataclass

BODY_NAME = "Landkreis Lindenau"
BODY_SHORT_NAME = "LK Lindenau"
BODY_WEBSITE = "https://www.landkreis-lindenau.example"
BODY_EMAIL = "sitzungsdienst@landkreis-lindenau.example"
TIMEZONE = "Europe/Berlin"

IMPRINT_TEXT = "\n\n".join((
    "## Herausgeber",
    (
        "Landkreis Lindenau\n"
        "Der Landrat\n"
        "Am Schlossgarten 4\n"
        "34560 Lindenau"
    ),
    (
        "Telefon: 05531 700-0\n"
        "E-Mail: poststelle@landkreis-lindenau.example"
    ),
    (
        "Der Landkreis Lindenau ist eine Körperschaft des öffentlichen Rechts. Er wird gesetzlich vertreten "
        "durch den Landrat."
    ),
    "## Verantwortlich für den Inhalt",
    "Kreistagsbüro des Landkreises Lindenau, Am Schlossgarten 4, 34560 Lindenau.",
    "## Hinweis",
    (
        "Dies ist ein **Demonstrationssystem**. Der Landkreis Lindenau, seine Gremien und alle genannten "
        "Personen sind frei erfunden."
    ),
))

PRIVACY_TEXT = "\n\n".join((
    "## Verantwortliche Stelle",
    (
        "Verantwortlich für die Verarbeitung personenbezogener Daten im Bürgerinformationssystem ist der "
        "Landkreis Lindenau, vertreten durch den Landrat. Die behördliche Datenschutzbeauftragte erreichen "
        "Sie unter datenschutz@landkreis-lindenau.example."
    ),
    "## Welche Daten verarbeitet werden",
    (
        "- Beim Aufruf der Seiten verarbeitet der Server technisch notwendige Verbindungsdaten (IP-Adresse, "
        "Zeitpunkt, aufgerufene Adresse). Sie werden nach sieben Tagen gelöscht.\n"
        "- Im Bürgerinformationssystem veröffentlicht werden Namen und Funktionen der Mitglieder der Gremien "
        "sowie die öffentlichen Teile von Vorlagen und Niederschriften. Grundlage ist die Kommunalverfassung,"
        " die die Öffentlichkeit der Sitzungen vorschreibt.\n"
        "- Für den internen Bereich wird nach der Anmeldung ein Sitzungs-Cookie gesetzt. Es enthält keine "
        "Daten zur Nachverfolgung und wird beim Abmelden gelöscht."
    ),
    "## Ihre Rechte",
    (
        "Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung sowie "
        "das Recht, sich bei der Landesbeauftragten für den Datenschutz zu beschweren."
    ),
    "Es werden keine Analyse- oder Werbedienste eingesetzt und keine Inhalte von fremden Servern geladen.",
))

ACCESSIBILITY_TEXT = "\n\n".join((
    "## Erklärung zur Barrierefreiheit",
    (
        "Der Landkreis Lindenau ist bemüht, das Bürgerinformationssystem im Einklang mit den Vorgaben zur "
        "barrierefreien Informationstechnik barrierefrei zugänglich zu machen. Maßstab sind die Web Content "
        "Accessibility Guidelines (WCAG) 2.1, Konformitätsstufe AA."
    ),
    "## Stand der Vereinbarkeit",
    "Die Seiten sind weitgehend vereinbar mit den Anforderungen. Nicht vollständig barrierefrei sind:",
    (
        "- ältere Anlagen zu Vorlagen, die als eingescannte Dokumente vorliegen;\n"
        "- einzelne Pläne und Karten in Anlagen, für die keine Textfassung besteht."
    ),
    "Auf Anfrage stellen wir diese Inhalte in einer zugänglichen Form bereit.",
    "## Feedback und Kontakt",
    (
        "Barrieren können Sie dem Kreistagsbüro melden: barrierefreiheit@landkreis-lindenau.example, Telefon "
        "05531 700-120."
    ),
    "## Schlichtungsverfahren",
    (
        "Bleibt Ihre Meldung ohne zufriedenstellende Lösung, können Sie sich an die Schlichtungsstelle für "
        "barrierefreie Informationstechnik des Landes wenden."
    ),
))


@dataclass(frozen=True)
class CommitteeInfo:
    """A Gremium with its meeting rhythm (weekday 0 = Monday, interval in weeks, local start hour)."""

    key: str
    name: str
    short_name: str
    #: "des Kreistages" – for meeting titles.
    genitive: str
    #: "dem Kreistag" – for texts.
    dative: str
    weekday: int
    interval_weeks: int
    offset_weeks: int
    hour: int
    location: str
    #: Ordinal of the first meeting in the demo window (meetings before it belong to the term, not the data).
    first_sequence: int
    notice_period_days: int | None = None


COMMITTEES: tuple[CommitteeInfo, ...] = (
    CommitteeInfo("kt", "Kreistag", "KT", "des Kreistages", "dem Kreistag", 0, 8, 3, 16, "saal", 9, 10),
    CommitteeInfo(
        "ka", "Kreisausschuss", "KA", "des Kreisausschusses", "dem Kreisausschuss", 1, 5, 1, 15, "raum214", 14,
    ),
    CommitteeInfo(
        "aas", "Ausschuss für Arbeit und Soziales", "AAS", "des Ausschusses für Arbeit und Soziales",
        "dem Ausschuss für Arbeit und Soziales", 2, 7, 0, 17, "saal", 8,
    ),
    CommitteeInfo(
        "jha", "Jugendhilfeausschuss", "JHA", "des Jugendhilfeausschusses", "dem Jugendhilfeausschuss",
        3, 7, 2, 17, "raum214", 8,
    ),
    CommitteeInfo(
        "ubv", "Ausschuss für Umwelt, Bau und Verkehr", "UBV", "des Ausschusses für Umwelt, Bau und Verkehr",
        "dem Ausschuss für Umwelt, Bau und Verkehr", 2, 7, 4, 17, "saal", 8,
    ),
    CommitteeInfo(
        "scha", "Schulausschuss", "SchA", "des Schulausschusses", "dem Schulausschuss", 1, 8, 5, 17, "bbs", 7,
    ),
    CommitteeInfo(
        "fina", "Finanzausschuss", "FinA", "des Finanzausschusses", "dem Finanzausschuss", 3, 8, 6, 16, "raum214", 7,
    ),
    CommitteeInfo(
        "jcb", "Jobcenter-Beirat", "JC-Beirat", "des Jobcenter-Beirats", "dem Jobcenter-Beirat", 0, 12, 2, 14,
        "jobcenter", 5,
    ),
)
COMMITTEE_BY_KEY = {c.key: c for c in COMMITTEES}


@dataclass(frozen=True)
class DepartmentInfo:
    """A Dezernat or Fachbereich; ``parent`` is the Dezernat's key."""

    key: str
    name: str
    short_name: str
    parent: str | None
    #: Head of the department as (form of address, title, given name, family name).
    head: tuple[str, str, str, str]
    #: Position title in the sign-off chain.
    head_title: str


DEZERNATE: tuple[DepartmentInfo, ...] = (
    DepartmentInfo("dez1", "Dezernat I – Landrat, Zentrale Steuerung und Finanzen", "Dez. I", None,
                   ("Herr", "Dr.", "Matthias", "Hollerbach"), "Landrat"),
    DepartmentInfo("dez2", "Dezernat II – Soziales, Jugend, Arbeit und Bildung", "Dez. II", None,
                   ("Frau", "Dr.", "Katrin", "Albers"), "Dezernentin Dezernat II"),
    DepartmentInfo("dez3", "Dezernat III – Bauen, Umwelt und Kreisentwicklung", "Dez. III", None,
                   ("Herr", "", "Jörg", "Winterfeld"), "Dezernent Dezernat III"),
)

FACHBEREICHE: tuple[DepartmentInfo, ...] = (
    DepartmentInfo("ktb", "Büro des Landrats und Kreistagsbüro", "FB 01", "dez1",
                   ("Frau", "", "Sabine", "Roth"), "Leitung Kreistagsbüro"),
    DepartmentInfo("zd", "Fachbereich Zentrale Dienste und Personal", "FB 10", "dez1",
                   ("Herr", "", "Ralf", "Meinecke"), "Fachbereichsleitung Zentrale Dienste"),
    DepartmentInfo("fin", "Fachbereich Finanzen", "FB 20", "dez1",
                   ("Frau", "", "Birgit", "Conrad"), "Kreiskämmerin"),
    DepartmentInfo("jc", "Jobcenter Landkreis Lindenau", "Jobcenter", "dez2",
                   ("Herr", "", "Michael", "Kranz"), "Geschäftsführung Jobcenter"),
    DepartmentInfo("soz", "Fachbereich Soziales und Teilhabe", "FB 50", "dez2",
                   ("Frau", "", "Andrea", "Lindqvist"), "Fachbereichsleitung Soziales"),
    DepartmentInfo("jug", "Fachbereich Jugend und Familie", "FB 51", "dez2",
                   ("Herr", "Dr.", "Tobias", "Stein"), "Fachbereichsleitung Jugend und Familie"),
    DepartmentInfo("sch", "Fachbereich Schulen und Kultur", "FB 40", "dez2",
                   ("Frau", "", "Petra", "Hahnemann"), "Fachbereichsleitung Schulen und Kultur"),
    DepartmentInfo("bau", "Fachbereich Bauen und Umwelt", "FB 60", "dez3",
                   ("Herr", "", "Stefan", "Ohlsen"), "Fachbereichsleitung Bauen und Umwelt"),
    DepartmentInfo("kev", "Fachbereich Kreisentwicklung und Verkehr", "FB 61", "dez3",
                   ("Frau", "", "Nadine", "Vogt"), "Fachbereichsleitung Kreisentwicklung"),
)
DEPARTMENT_BY_KEY = {d.key: d for d in (*DEZERNATE, *FACHBEREICHE)}


@dataclass(frozen=True)
class FactionInfo:
    """A Fraktion and its number of seats in the Kreistag."""

    key: str
    name: str
    short_name: str
    seats: int


FACTIONS: tuple[FactionInfo, ...] = (
    FactionInfo("bu", "Fraktion Bürgerunion", "BU", 16),
    FactionInfo("sl", "Fraktion Soziale Liste", "SL", 13),
    FactionInfo("gz", "Fraktion Grüne Zukunft", "GZ", 9),
    FactionInfo("fwl", "Fraktion Freie Wähler Lindenau", "FWL", 7),
)

#: Seats per committee and faction (bu, sl, gz, fwl); the Kreistag takes every member.
COMMITTEE_SEATS: dict[str, tuple[int, int, int, int]] = {
    "ka": (4, 3, 2, 1),
    "aas": (4, 3, 2, 2),
    "jha": (3, 3, 2, 1),
    "ubv": (4, 3, 2, 2),
    "scha": (4, 3, 2, 2),
    "fina": (3, 3, 2, 1),
    "jcb": (1, 1, 1, 0),
}

#: Members who are not Kreistagsabgeordnete: (committee, role, voting, form, title, given, family, organization).
EXTERNAL_MEMBERS: tuple[tuple[str, str, bool, str, str, str, str, str], ...] = (
    ("jha", "member", True, "Frau", "", "Susanne", "Pohl", "Diakonisches Werk Lindenau"),
    ("jha", "member", True, "Herr", "", "Benedikt", "Aurich", "Caritasverband für den Landkreis Lindenau"),
    ("jha", "member", True, "Frau", "", "Jana", "Ebeling", "Kreisjugendring Lindenau"),
    ("jha", "member", True, "Herr", "", "Kemal", "Yıldırım", "Arbeiterwohlfahrt Kreisverband Lindenau"),
    ("jcb", "member", True, "Frau", "", "Ute", "Sandmann", "Agentur für Arbeit, Geschäftsstelle Lindenau"),
    ("jcb", "member", True, "Herr", "", "Dieter", "Großkopf", "Kreishandwerkerschaft Lindenau"),
    ("jcb", "member", True, "Frau", "Dr.", "Helga", "Marquardt", "IHK, Geschäftsstelle Lindenau"),
    ("jcb", "advisory", False, "Herr", "", "Oliver", "Brenner", "DGB-Kreisverband Lindenau"),
    ("scha", "advisory", False, "Frau", "", "Claudia", "Reinhold", "Kreiselternrat"),
    ("scha", "advisory", False, "Herr", "", "Johannes", "Fleck", "Arbeitskreis der Schulleitungen"),
)

FEMALE_GIVEN = (
    "Anna", "Birgit", "Christina", "Dagmar", "Elke", "Franziska", "Gabriele", "Heike", "Ines", "Julia", "Karin",
    "Katharina", "Lena", "Marion", "Nicole", "Renate", "Sandra", "Silke", "Tanja", "Ulrike", "Vera", "Yvonne",
    "Monika", "Sophie", "Claudia", "Hannah", "Martina", "Doris",
)
MALE_GIVEN = (
    "Andreas", "Bernd", "Christian", "Dirk", "Frank", "Georg", "Hans-Peter", "Heiko", "Jan", "Jens", "Jürgen",
    "Klaus", "Lars", "Markus", "Martin", "Norbert", "Olaf", "Peter", "Rainer", "Sebastian", "Thomas", "Uwe",
    "Volker", "Werner", "Wolfgang", "Florian", "Henrik", "Carsten",
)
FAMILY_NAMES = (
    "Albrecht", "Bauer", "Brandt", "Busch", "Dietrich", "Engel", "Fischer", "Franke", "Friedrich", "Graf",
    "Günther", "Haas", "Hartmann", "Heinrich", "Herrmann", "Hoffmann", "Jansen", "Kaiser", "Keller", "Klein",
    "Koch", "Köhler", "König", "Krüger", "Kuhn", "Lange", "Lehmann", "Lorenz", "Ludwig", "Maier", "Möller",
    "Neumann", "Otto", "Peters", "Richter", "Sauer", "Schäfer", "Schmitt", "Schröder", "Schulte", "Seidel",
    "Sommer", "Thiele", "Vogel", "Walter", "Weber", "Winkler", "Wolf", "Ziegler", "Arnold", "Beck", "Böhm",
    "Hahn", "Horn", "Jung", "Kraus", "Martens", "Nowak", "Scholz", "Wendt",
)

#: The demo member account's person: a KTA of the Soziale Liste in three committees.
MEMBER_PERSON = ("Frau", "", "Miriam", "Berger")
#: The Kreistag member who leaves during the term, and the successor.
SUCCESSOR_PERSON = ("Herr", "", "Timo", "Reichardt")

LOCATIONS: dict[str, tuple[str, str, str, str, str]] = {
    "saal": ("Kreishaus Lindenau", "Großer Sitzungssaal", "Am Schlossgarten 4", "34560", "Lindenau"),
    "raum214": ("Kreishaus Lindenau", "Raum 2.14 (Kleiner Sitzungssaal)", "Am Schlossgarten 4", "34560", "Lindenau"),
    "bbs": ("Berufsbildende Schulen Lindenau", "Aula", "Gewerbestraße 21", "34560", "Lindenau"),
    "jobcenter": ("Jobcenter Landkreis Lindenau", "Besprechungsraum E.07", "Bahnhofstraße 12", "34560", "Lindenau"),
}

PLACES = (
    "Lindenau", "Hohenfeld", "Brunnstedt", "Waldau", "Kirchbergen", "Ostheim", "Talbach", "Rödingen",
    "Altmühlen", "Eschenrode", "Grünwalde", "Moorhausen",
)
#: Schools in the county's care: name, "at" (dative), genitive and accusative with article.
SCHOOLS = (
    ("Kreisgymnasium Lindenau", "am Kreisgymnasium Lindenau", "des Kreisgymnasiums Lindenau",
     "das Kreisgymnasium Lindenau"),
    ("Gesamtschule Waldau", "an der Gesamtschule Waldau", "der Gesamtschule Waldau", "die Gesamtschule Waldau"),
    ("Berufsbildende Schulen Lindenau", "an den Berufsbildenden Schulen Lindenau",
     "der Berufsbildenden Schulen Lindenau", "die Berufsbildenden Schulen Lindenau"),
    ("Förderschule am Lindenpark", "an der Förderschule am Lindenpark", "der Förderschule am Lindenpark",
     "die Förderschule am Lindenpark"),
    ("Oberschule Hohenfeld", "an der Oberschule Hohenfeld", "der Oberschule Hohenfeld", "die Oberschule Hohenfeld"),
    ("Gymnasium Brunnstedt", "am Gymnasium Brunnstedt", "des Gymnasiums Brunnstedt", "das Gymnasium Brunnstedt"),
    ("Oberschule Talbach", "an der Oberschule Talbach", "der Oberschule Talbach", "die Oberschule Talbach"),
)

#: Demo accounts: login, display name, role value. Password of each is "demo".
DEMO_PASSWORD = "demo"
