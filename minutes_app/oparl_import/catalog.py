"""OParl types and vocabularies as the importer reads them: lenient parsing and the German words mapped to enums.

OParl leaves most values as free text (``paperType``, ``role``, ``result``,
``organizationType``); the model keeps enums with German labels. Each mapping
here tries the exact label first, then the words real servers use; what
matches nothing gets the neutral default and the original wording is kept
where the model has a place for it (``result_wording``, ``classification``).
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..models import (
    AgendaItemResult,
    ConsultationRole,
    MeetingState,
    MembershipRole,
    OrganizationType,
    PaperType,
)
from ..records.lines import RESULT_WORDS

BERLIN = ZoneInfo("Europe/Berlin")
TYPES = ("System", "Body", "LegislativeTerm", "Organization", "Person", "Membership", "Meeting", "AgendaItem",
         "Paper", "Consultation", "File", "Location")
#: The body's list of each type (OParl 1.1 names; 1.0 has the first four).
LIST_FIELDS = {
    "Organization": "organization", "Person": "person", "Meeting": "meeting", "Paper": "paper",
    "AgendaItem": "agendaItem", "Consultation": "consultation", "File": "file", "Membership": "membership",
    "Location": "locationList", "LegislativeTerm": "legislativeTermList",
}
#: Fields holding embedded objects (as objects; some servers give URLs instead, resolved on use).
EMBEDDED_FIELDS = ("legislativeTerm", "membership", "agendaItem", "consultation", "mainFile", "auxiliaryFile",
                   "invitation", "resultsProtocol", "verbatimProtocol", "resolutionFile", "location",
                   "locationObject")
#: German names of the types for the report.
TYPE_LABELS = {
    "Body": "Körperschaften", "LegislativeTerm": "Wahlperioden", "Organization": "Gremien/Organisationen",
    "Person": "Personen", "Membership": "Mitgliedschaften", "Meeting": "Sitzungen",
    "AgendaItem": "Tagesordnungspunkte", "Paper": "Vorlagen", "Consultation": "Beratungen", "File": "Dateien",
    "Location": "Orte",
}


def type_name(raw: Any) -> str | None:
    """``Paper`` for ``https://schema.oparl.org/1.1/Paper`` (1.0 and 1.1, also ``oparl:Paper``); else None."""
    if not isinstance(raw, dict):
        return None
    value = raw.get("type") or raw.get("_expectedType")
    if not isinstance(value, str) or not value:
        return None
    name = value.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    return name if name in TYPES else None


def ref(value: Any) -> str | None:
    """The id a reference names: a URL string, or the ``id`` of an embedded object."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def refs(value: Any) -> list[str]:
    """The ids of a list of references (a single reference counts as a list of one)."""
    items = value if isinstance(value, list) else [value]
    return [r for r in (ref(v) for v in items) if r]


def text(value: Any, limit: int | None = None) -> str:
    """A string field, stripped; non-strings become ""; cut to ``limit`` characters."""
    if not isinstance(value, str):
        return ""
    cleaned = value.strip()
    return cleaned[:limit] if limit else cleaned


def parse_datetime(value: Any) -> datetime | None:
    """An OParl date-time (also ``Z``, a missing offset = Berlin time, or a bare date); None when unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    cleaned = value.strip().replace(" ", "T", 1) if "T" not in value else value.strip()
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=BERLIN)


def parse_date(value: Any) -> date | None:
    """An OParl date (a date-time gives its Berlin day); None when unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        moment = parse_datetime(value)
        return moment.astimezone(BERLIN).date() if moment else None


def utc(moment: datetime | None) -> datetime | None:
    """The moment in UTC (the database stores UTC)."""
    return moment.astimezone(UTC) if moment is not None else None


def _by_label(enum_cls: Any, wording: str) -> Any:
    folded = wording.casefold()
    return next((m for m in enum_cls if m.label.casefold() == folded or m.value == folded), None)


PAPER_TYPE_WORDS = (
    ("änderungsantrag", PaperType.AMENDMENT), ("ergänzungsantrag", PaperType.SUPPLEMENTARY_MOTION),
    ("ergänzungsvorlage", PaperType.SUPPLEMENTARY_PAPER), ("beantwortung", PaperType.ANSWER),
    ("antwort", PaperType.ANSWER), ("anfrage", PaperType.INQUIRY), ("antrag", PaperType.MOTION),
    ("mitteilung", PaperType.COMMUNICATION), ("information", PaperType.COMMUNICATION),
    ("stellungnahme", PaperType.STATEMENT), ("bericht", PaperType.REPORT), ("beschluss", PaperType.RESOLUTION),
    ("vorlage", PaperType.RESOLUTION),
)


def paper_type(wording: str) -> PaperType | None:
    """The Vorlage type of an OParl ``paperType``; None when nothing fits."""
    exact = _by_label(PaperType, wording)
    if exact is not None:
        return exact  # type: ignore[no-any-return]
    folded = wording.casefold()
    return next((kind for word, kind in PAPER_TYPE_WORDS if word in folded), None)


ORGANIZATION_TYPES = {
    "gremium": OrganizationType.COMMITTEE, "fraktion": OrganizationType.FACTION, "partei": OrganizationType.FACTION,
    "verwaltungsbereich": OrganizationType.DEPARTMENT,
}


def organization_type(wording: str, classification: str) -> OrganizationType:
    """The model's organization type from ``organizationType`` (and ``classification`` when that is missing)."""
    found = ORGANIZATION_TYPES.get(wording.casefold())
    if found is not None:
        return found
    hint = f"{wording} {classification}".casefold()
    if any(w in hint for w in ("ausschuss", "rat", "kreistag", "beirat", "kommission", "parlament", "vertretung")):
        return OrganizationType.COMMITTEE
    if "fraktion" in hint or "gruppe" in hint:
        return OrganizationType.FACTION
    if any(w in hint for w in ("amt", "dezernat", "fachbereich", "referat", "verwaltung")):
        return OrganizationType.DEPARTMENT
    return OrganizationType.OTHER


ROLE_WORDS = (
    ("stellv", MembershipRole.DEPUTY_MEMBER), ("vertret", MembershipRole.DEPUTY_MEMBER),
    ("vorsitz", MembershipRole.CHAIR), ("sachkundig", MembershipRole.EXPERT_CITIZEN),
    ("beratend", MembershipRole.ADVISORY), ("schriftführ", MembershipRole.SECRETARY),
    ("ortsvorsteher", MembershipRole.LOCAL_MAYOR), ("bürgermeister", MembershipRole.MAYOR),
)


def membership_role(wording: str) -> MembershipRole:
    """The membership role of an OParl ``role`` (exact label first, else by its words, else Mitglied)."""
    exact = _by_label(MembershipRole, wording)
    if exact is not None:
        return exact  # type: ignore[no-any-return]
    folded = wording.casefold()
    if "stellv" in folded and "vorsitz" in folded:
        return MembershipRole.VICE_CHAIR
    return next((role for word, role in ROLE_WORDS if word in folded), MembershipRole.MEMBER)


def consultation_role(wording: str, authoritative: bool) -> ConsultationRole:
    """The consultation role of an OParl ``role``; without one, Entscheidung when authoritative."""
    exact = _by_label(ConsultationRole, wording)
    if exact is not None:
        return exact  # type: ignore[no-any-return]
    folded = wording.casefold()
    for word, role in (("entscheid", ConsultationRole.DECISION), ("beschl", ConsultationRole.DECISION),
                       ("vorberat", ConsultationRole.PRELIMINARY), ("kenntnis", ConsultationRole.INFORMATION),
                       ("anhör", ConsultationRole.HEARING)):
        if word in folded:
            return role
    return ConsultationRole.DECISION if authoritative else ConsultationRole.PRELIMINARY


def agenda_result(wording: str) -> AgendaItemResult | None:
    """The result category of an OParl ``result`` (the wording itself is kept beside it)."""
    folded = " ".join(wording.casefold().split())
    if not folded:
        return None
    exact = _by_label(AgendaItemResult, folded) or RESULT_WORDS.get(folded)
    if exact is not None:
        return exact  # type: ignore[no-any-return]
    for word, result in (("abgelehnt", AgendaItemResult.REJECTED), ("geändert", AgendaItemResult.ADOPTED_AMENDED),
                         ("änderung", AgendaItemResult.ADOPTED_AMENDED), ("kenntnis", AgendaItemResult.NOTED),
                         ("vertagt", AgendaItemResult.POSTPONED), ("verwiesen", AgendaItemResult.REFERRED),
                         ("zurückgezogen", AgendaItemResult.WITHDRAWN), ("abgesetzt", AgendaItemResult.WITHDRAWN),
                         ("beschlossen", AgendaItemResult.ADOPTED), ("zugestimmt", AgendaItemResult.ADOPTED),
                         ("empfohlen", AgendaItemResult.ADOPTED), ("angenommen", AgendaItemResult.ADOPTED)):
        if word in folded:
            return result
    return None


def meeting_state(raw: dict[str, Any], now: datetime) -> MeetingState:
    """The meeting's state: abgesagt, durchgeführt, eingeladen (OParl serves only announced meetings)."""
    if raw.get("cancelled") is True or text(raw.get("meetingState")).casefold() == "abgesagt":
        return MeetingState.CANCELLED
    wording = text(raw.get("meetingState")).casefold()
    if wording in ("durchgeführt", "durchgefuehrt", "beendet", "abgeschlossen"):
        return MeetingState.HELD
    if wording in ("eingeladen", "terminiert", "geplant"):
        return MeetingState.INVITED
    start = parse_datetime(raw.get("start"))
    held = start is not None and start < now and (raw.get("resultsProtocol") or any(
        isinstance(i, dict) and i.get("result") for i in raw.get("agendaItem") or []))
    return MeetingState.HELD if held else MeetingState.INVITED
