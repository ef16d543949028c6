"""The vendor extensions of this endpoint (namespaced keys beside the OParl fields).

OParl lets servers add fields with a vendor prefix; clients ignore what they do
not know. Ours carry what the portal shows but OParl has no field for. The
System object lists them with their German description (``x-minutesapp:extensions``);
the README documents the same table.
"""
from __future__ import annotations

PREFIX = "x-minutesapp:"
#: No public product page exists; the field is left out rather than pointing anywhere.
PRODUCT_URL = None

EXTENSIONS: dict[str, dict[str, str]] = {
    f"{PREFIX}voteResult": {
        "object": "AgendaItem",
        "description": "Abstimmungsergebnis eines öffentlichen Tagesordnungspunkts aus der veröffentlichten "
        "Niederschrift: yes/no/abstain (Ja, Nein, Enthaltung), unanimous (einstimmig) und text (Wortlaut).",
    },
    f"{PREFIX}votes": {
        "object": "AgendaItem",
        "description": "Namentlich festgehaltene Einzelstimmen öffentlicher Tagesordnungspunkte aus der "
        "veröffentlichten Niederschrift: je Stimme person (URL), name und vote (yes, no, abstain).",
    },
    f"{PREFIX}factionVotes": {
        "object": "AgendaItem",
        "description": "Abstimmungsergebnis je Fraktion, abgeleitet aus den Einzelstimmen und den "
        "Fraktionsmitgliedschaften am Sitzungstag (die Fraktion, für die das Mitglied im Gremium sitzt, sonst "
        "seine Fraktion): je Fraktion organization (URL), name, yes, no, abstain; ohne Fraktion: name "
        "„fraktionslos“. Vollständig nur, wenn alle Stimmen einzeln festgehalten sind.",
    },
    f"{PREFIX}minutesText": {
        "object": "AgendaItem",
        "description": "Beratungsverlauf des öffentlichen Tagesordnungspunkts aus der veröffentlichten "
        "Niederschrift, als Text.",
    },
    f"{PREFIX}implementation": {
        "object": "AgendaItem",
        "description": "Beschlusskontrolle eines öffentlichen Beschlusses aus der veröffentlichten Niederschrift: "
        "status (open, in_progress, done, settled), statusLabel (offen, in Umsetzung, umgesetzt, erledigt ohne "
        "Umsetzung, überfällig), overdue (Frist überschritten und nicht erledigt), dueDate (Frist), "
        "department (URL des zuständigen Fachbereichs) und lastReport (Datum des letzten Sachstands).",
    },
    f"{PREFIX}signOffs": {
        "object": "Paper",
        "description": "Öffentliche Sichtvermerke der Vorlage, wie sie auf der öffentlichen Vorlage (DOCX) "
        "stehen: je Sichtvermerk position, name, date und inDeputy (in Vertretung gezeichnet).",
    },
    f"{PREFIX}involvedOrganization": {
        "object": "Paper",
        "description": "Beteiligte Fachbereiche (URLs der Organisationen), wie auf der Vorlagenseite.",
    },
    f"{PREFIX}text": {
        "object": "Paper",
        "description": "Texte der Vorlage: resolutionProposal (Antrag der Verwaltung), reasoning "
        "(Sachverhalt/Begründung), financialImpact (Finanzierung und Folgekosten), in der einfachen Auszeichnung "
        "des Systems (Zeilen mit „## “ sind Überschriften, mit „- “ Listenpunkte, **fett**, *kursiv*).",
    },
    f"{PREFIX}result": {
        "object": "Consultation",
        "description": "Ergebnis der Beratung aus der veröffentlichten Niederschrift, wie in der "
        "Beratungsfolge der Vorlagenseite.",
    },
    f"{PREFIX}sha256Checksum": {
        "object": "File",
        "description": "SHA-256-Prüfsumme der Datei (hexadezimal).",
    },
    f"{PREFIX}place": {
        "object": "Meeting",
        "description": "Sitzungsort als Freitext, wenn er keinem Ort (Location) zugeordnet ist.",
    },
}
