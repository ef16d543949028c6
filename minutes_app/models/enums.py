"""State and classification enums shared by models, services and templates.

Values are lowercase English (stored in the database); ``label`` gives the
German text users see.
"""
from __future__ import annotations

import enum


class LabeledEnum(enum.StrEnum):
    """A string enum whose members carry a German label."""

    label: str

    def __new__(cls, value: str, label: str) -> LabeledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs for select fields."""
        return [(m.value, m.label) for m in cls]


class OrganizationType(LabeledEnum):
    COMMITTEE = "committee", "Gremium"
    DEPARTMENT = "department", "Fachbereich / Dezernat"
    FACTION = "faction", "Fraktion"
    OTHER = "other", "Sonstige"


class MembershipRole(LabeledEnum):
    CHAIR = "chair", "Vorsitz"
    VICE_CHAIR = "vice_chair", "stellv. Vorsitz"
    MEMBER = "member", "Mitglied"
    DEPUTY_MEMBER = "deputy_member", "stellv. Mitglied"
    ADVISORY = "advisory", "beratendes Mitglied"
    # Further roles found in real council records (OParl ``Membership.role`` is free text).
    EXPERT_CITIZEN = "expert_citizen", "Sachkundige/r Bürger/in"
    DEPUTY_EXPERT_CITIZEN = "deputy_expert_citizen", "stellv. sachkundige/r Bürger/in"
    PERSONAL_DEPUTY = "personal_deputy", "Persönliche/r Vertreter/in"
    MAYOR = "mayor", "Bürgermeister/in"
    FIRST_DEPUTY_MAYOR = "first_deputy_mayor", "1. stellv. Bürgermeister/in"
    SECOND_DEPUTY_MAYOR = "second_deputy_mayor", "2. stellv. Bürgermeister/in"
    THIRD_DEPUTY_MAYOR = "third_deputy_mayor", "3. stellv. Bürgermeister/in"
    LOCAL_MAYOR = "local_mayor", "Ortsvorsteher/in"
    DEPUTY_LOCAL_MAYOR = "deputy_local_mayor", "stellv. Ortsvorsteher/in"
    FACTION_CHAIR = "faction_chair", "Fraktionsvorsitz"
    DEPUTY_FACTION_CHAIR = "deputy_faction_chair", "stellv. Fraktionsvorsitz"
    SECRETARY = "secretary", "Schriftführer/in"


class MeetingState(LabeledEnum):
    PLANNED = "planned", "Geplant"
    INVITED = "invited", "Eingeladen"
    HELD = "held", "Durchgeführt"
    CANCELLED = "cancelled", "Abgesagt"


class PaperType(LabeledEnum):
    RESOLUTION = "resolution", "Beschlussvorlage"
    COMMUNICATION = "communication", "Mitteilungsvorlage"
    MOTION = "motion", "Antrag"
    INQUIRY = "inquiry", "Anfrage"
    STATEMENT = "statement", "Stellungnahme"
    REPORT = "report", "Bericht"
    AMENDMENT = "amendment", "Änderungsantrag"
    SUPPLEMENTARY_MOTION = "supplementary_motion", "Ergänzungsantrag"
    SUPPLEMENTARY_PAPER = "supplementary_paper", "Ergänzungsvorlage"
    ANSWER = "answer", "Beantwortung einer Anfrage"


class PaperState(LabeledEnum):
    DRAFT = "draft", "Entwurf"
    IN_SIGN_OFF = "in_sign_off", "In Mitzeichnung"
    RELEASED = "released", "Freigegeben"
    IN_CONSULTATION = "in_consultation", "In Beratung"
    COMPLETED = "completed", "Erledigt"
    WITHDRAWN = "withdrawn", "Zurückgezogen"


class ConsultationRole(LabeledEnum):
    PRELIMINARY = "preliminary", "Vorberatung"
    DECISION = "decision", "Entscheidung"
    INFORMATION = "information", "Kenntnisnahme"
    HEARING = "hearing", "Anhörung"


class AgendaItemResult(LabeledEnum):
    ADOPTED = "adopted", "beschlossen"
    ADOPTED_AMENDED = "adopted_amended", "geändert beschlossen"
    REJECTED = "rejected", "abgelehnt"
    NOTED = "noted", "zur Kenntnis genommen"
    POSTPONED = "postponed", "vertagt"
    REFERRED = "referred", "verwiesen"
    WITHDRAWN = "withdrawn", "abgesetzt"

    @property
    def is_final(self) -> bool:
        """Whether the result settles the consultation (vertagt/verwiesen leave it pending)."""
        return self not in (AgendaItemResult.POSTPONED, AgendaItemResult.REFERRED, AgendaItemResult.WITHDRAWN)


class SignOffState(LabeledEnum):
    OPEN = "open", "offen"
    SIGNED = "signed", "gezeichnet"
    RETURNED = "returned", "zurückgegeben"
    VOID = "void", "ungültig"


class SignOffCapacity(LabeledEnum):
    OWN = "own", "selbst"
    DEPUTY = "deputy", "in Vertretung"


class MinutesState(LabeledEnum):
    DRAFT = "draft", "Entwurf"
    CLOSED = "closed", "Abgeschlossen"
    APPROVED = "approved", "Genehmigt"


class MinutesPublication(LabeledEnum):
    ON_CLOSED = "on_closed", "bei Abschluss"
    ON_APPROVED = "on_approved", "bei Genehmigung"


class QuorumRule(LabeledEnum):
    MORE_THAN_HALF = "more_than_half", "mehr als die Hälfte der stimmberechtigten Mitglieder"
    AT_LEAST_HALF = "at_least_half", "mindestens die Hälfte der stimmberechtigten Mitglieder"
    AT_LEAST_TWO_THIRDS = "at_least_two_thirds", "mindestens zwei Drittel der stimmberechtigten Mitglieder"


class AttendanceStatus(LabeledEnum):
    PRESENT = "present", "anwesend"
    EXCUSED = "excused", "entschuldigt"
    ABSENT = "absent", "abwesend"
    REPRESENTED = "represented", "vertreten"


class AttendeeKind(LabeledEnum):
    MEMBER = "member", "Mitglied"
    GUEST = "guest", "Gast"
    STAFF = "staff", "Verwaltung"


class Role(LabeledEnum):
    MEMBER = "member", "Mandatsträger/in"
    EDITOR = "editor", "Sachbearbeitung"
    SIGNER = "signer", "Sichtvermerk"
    SECRETARY = "secretary", "Schriftführung"
    ADMIN = "admin", "Administration"


class VoteChoice(LabeledEnum):
    YES = "yes", "Ja"
    NO = "no", "Nein"
    ABSTAIN = "abstain", "Enthaltung"
