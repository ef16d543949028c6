"""The audit trail in German: every action code as a phrase, every object by its name instead of its id.

Action codes stay English in the database (they are identifiers); what users
read comes from :data:`ACTION_LABELS`. A code without an entry (a new one not
yet named here) is shown by its object and a neutral "Änderung", never in English.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import (
    AgendaItem,
    AuditEvent,
    Meeting,
    Minutes,
    Organization,
    Paper,
    Person,
    User,
)
from ..services.minutes_common import describe_meeting

OBJECT_LABELS = {
    "AgendaItem": "Tagesordnungspunkt",
    "Attendance": "Anwesenheit",
    "Body": "Körperschaft",
    "Consultation": "Beratung",
    "File": "Anlage",
    "LegislativeTerm": "Wahlperiode",
    "Location": "Ort",
    "Meeting": "Sitzung",
    "Membership": "Mitgliedschaft",
    "Minutes": "Niederschrift",
    "Organization": "Organisation",
    "Paper": "Vorlage",
    "PaperVersion": "Vorlagenversion",
    "Person": "Person",
    "SearchSynonymGroup": "Synonymgruppe der Suche",
    "SignOff": "Sichtvermerk",
    "SignOffChain": "Zeichnungsweg",
    "SignOffPosition": "Zeichnungsstelle",
    "User": "Benutzerkonto",
}

ACTION_LABELS = {
    "meeting.recorded": "Sitzung nachträglich erfasst",
    "meeting.supplement_sent": "Nachtrag versandt",
    "mail.requeued": "Mail erneut in die Warteschlange gestellt",
    "paper.recorded": "Vorlage nachträglich erfasst",
    "paper.result_recorded": "Beratungsergebnis nachträglich erfasst",
    "agenda.item_added": "Tagesordnungspunkt aufgenommen",
    "agenda.item_updated": "Tagesordnungspunkt geändert",
    "agenda.item_removed": "Tagesordnungspunkt entfernt",
    "agenda.item_moved": "Tagesordnungspunkt verschoben",
    "agenda.item_moved_part": "Tagesordnungspunkt in anderen Teil verschoben",
    "agenda.item_indented": "Tagesordnungspunkt eingerückt",
    "agenda.item_outdented": "Tagesordnungspunkt ausgerückt",
    "agenda.items_reordered": "Tagesordnung neu geordnet",
    "agenda.paper_placed": "Vorlage auf die Tagesordnung gesetzt",
    "agenda.file_added": "Tischvorlage hinzugefügt",
    "agenda.file_removed": "Tischvorlage entfernt",
    "agenda.file_changed": "Tischvorlage geändert",
    "body.created": "Körperschaft angelegt",
    "body.updated": "Einstellungen geändert",
    "body.letterhead_changed": "Briefkopf geändert",
    "body.letterhead_reset": "Briefkopf zurückgesetzt",
    "demo.loaded": "Demodaten geladen",
    "file.uploaded": "Anlage hochgeladen",
    "file.deleted": "Anlage gelöscht",
    "legislative_term.created": "Wahlperiode angelegt",
    "legislative_term.updated": "Wahlperiode geändert",
    "location.created": "Ort angelegt",
    "location.updated": "Ort geändert",
    "meeting.created": "Sitzung geplant",
    "meeting.updated": "Sitzung geändert",
    "meeting.invited": "Zur Sitzung eingeladen",
    "meeting.moved": "Sitzung verlegt",
    "meeting.date_corrected": "Sitzungstermin berichtigt",
    "meeting.cancelled": "Sitzung abgesagt",
    "meeting.held": "Sitzung als durchgeführt vermerkt",
    "membership.created": "Mitgliedschaft angelegt",
    "membership.updated": "Mitgliedschaft geändert",
    "membership.deleted": "Mitgliedschaft gelöscht",
    "minutes.started": "Niederschrift angelegt",
    "minutes.header_saved": "Kopfdaten der Niederschrift gespeichert",
    "minutes.attendance_prefilled": "Anwesenheitsliste vorbereitet",
    "minutes.attendance_recorded": "Anwesenheit erfasst",
    "minutes.attendee_added": "Teilnehmende ergänzt",
    "minutes.attendee_removed": "Teilnehmende entfernt",
    "minutes.item_saved": "Tagesordnungspunkt der Niederschrift gespeichert",
    "minutes.item_conflict": "Bearbeitungskonflikt aufbewahrt",
    "minutes.votes_saved": "Abstimmung nach Fraktionen oder Teilen gespeichert",
    "minutes.signed_chair": "Niederschrift vom Vorsitz unterschrieben",
    "minutes.signed_recorder": "Niederschrift von der Schriftführung unterschrieben",
    "minutes.signatures_voided": "Unterschriften ungültig geworden",
    "minutes.closed": "Niederschrift abgeschlossen",
    "minutes.published": "Niederschrift veröffentlicht",
    "minutes.approval_recorded": "Genehmigung eingetragen",
    "minutes.approval_refused": "Genehmigung nicht erteilt",
    "minutes.approved": "Niederschrift genehmigt",
    "organization.created": "Organisation angelegt",
    "organization.updated": "Organisation geändert",
    "paper.created": "Vorlage angelegt",
    "paper.updated": "Vorlage geändert",
    "paper.deleted": "Vorlage gelöscht",
    "paper.new_version": "Neue Version der Vorlage",
    "paper.file_added": "Anlage hinzugefügt",
    "paper.file_changed": "Anlage geändert",
    "paper.file_removed": "Anlage entfernt",
    "paper.consultation_added": "Beratungsfolge ergänzt",
    "paper.consultation_changed": "Beratungsfolge geändert",
    "paper.consultation_moved": "Beratungsfolge umgestellt",
    "paper.consultation_removed": "Beratung aus der Beratungsfolge entfernt",
    "paper.consultation_result": "Beratungsergebnis eingetragen",
    "paper.sign_off_started": "Zur Mitzeichnung gegeben",
    "paper.signed": "Sichtvermerk erteilt",
    "paper.returned": "Vorlage zurückgegeben",
    "paper.sign_off_recalled": "Mitzeichnung zurückgeholt",
    "paper.released": "Vorlage freigegeben",
    "paper.in_consultation": "Vorlage in Beratung",
    "paper.reopened": "Beratung wieder aufgenommen",
    "paper.completed": "Vorlage erledigt",
    "paper.withdrawn": "Vorlage zurückgezogen",
    "person.created": "Person angelegt",
    "person.updated": "Person geändert",
    "search_synonyms.created": "Synonymgruppe angelegt",
    "search_synonyms.updated": "Synonymgruppe geändert",
    "search_synonyms.deleted": "Synonymgruppe gelöscht",
    "sign_off_chain.created": "Zeichnungsweg angelegt",
    "sign_off_chain.renamed": "Zeichnungsweg umbenannt",
    "sign_off_chain.deleted": "Zeichnungsweg gelöscht",
    "sign_off_chain.holder_added": "Zeichnungsberechtigte Person hinzugefügt",
    "sign_off_chain.holder_removed": "Zeichnungsberechtigte Person entfernt",
    "sign_off_chain.position_added": "Zeichnungsstelle hinzugefügt",
    "sign_off_chain.position_moved": "Zeichnungsstelle verschoben",
    "sign_off_chain.position_removed": "Zeichnungsstelle entfernt",
    "sign_off_chain.position_renamed": "Zeichnungsstelle umbenannt",
    "sign_off_chain.rule_added": "Regel für den Zeichnungsweg hinzugefügt",
    "sign_off_chain.rule_removed": "Regel für den Zeichnungsweg entfernt",
    "user.created": "Benutzerkonto angelegt",
    "user.updated": "Benutzerkonto geändert",
    "user.activated": "Benutzerkonto aktiviert",
    "user.deactivated": "Benutzerkonto deaktiviert",
    "user.password_changed": "Passwort geändert",
    "user.password_reset": "Passwort neu gesetzt",
}


def object_label(object_type: str) -> str:
    """German name of an object type; an unknown type is called "Objekt"."""
    return OBJECT_LABELS.get(object_type, "Objekt")


def action_label(action: str) -> str:
    """German phrase of an action code, e.g. "meeting.invited" → "Zur Sitzung eingeladen"."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    subject = "".join(part.title() for part in action.partition(".")[0].split("_"))
    return f"{OBJECT_LABELS[subject]}: Änderung" if subject in OBJECT_LABELS else "Änderung"


def _name(found: object) -> str | None:
    if isinstance(found, Meeting):
        return f"Sitzung {describe_meeting(found)}"
    if isinstance(found, Minutes):
        return f"Niederschrift {describe_meeting(found.meeting)}"
    if isinstance(found, AgendaItem):
        name = found.name if len(found.name) <= 60 else found.name[:59] + "…"
        return f"{found.number} „{name}“ ({describe_meeting(found.meeting)})"
    if isinstance(found, Paper):
        return f"Vorlage {found.reference}"
    if isinstance(found, Person):
        return found.name
    if isinstance(found, User):
        return found.display_name
    if isinstance(found, Organization):
        return found.name
    return None


_MODELS = {"Meeting": Meeting, "Minutes": Minutes, "AgendaItem": AgendaItem, "Paper": Paper, "Person": Person,
           "User": User, "Organization": Organization}


def object_name(session: Session, event: AuditEvent) -> str:
    """The object as users know it ("Vorlage 012/2026", "Sitzung Kreisausschuss vom 12.03.2026")."""
    model = _MODELS.get(event.object_type)
    found = session.get(model, event.object_id) if model is not None and event.object_id is not None else None
    name = _name(found) if found is not None else None
    if name is not None:
        return name
    label = object_label(event.object_type)
    return f"{label} (gelöscht)" if model is not None and event.object_id is not None else label
