"""Repairs of the defects real OParl servers deliver, applied before an object is imported.

Real servers mix OParl 1.0 and 1.1, drop ``type`` from deleted stubs, send numbers, dates and
booleans as odd texts, lose the leading zero of the Gemeindeschlüssel, swap GeoJSON coordinates,
leave line breaks and invisible characters in names and omit file metadata. The importer calls
:func:`repair_object` on every object it reads; the repaired copy follows the OParl 1.1 schema
as far as the input allows, and every change is reported as a :class:`Repair` with the quirk's
stable name, so the import report can say what was repaired. Inputs are never modified, and
repairing a repaired object changes nothing (the importer may call the functions twice).
"""
from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urljoin

from . import quirk_values as values
from .quirk_agenda import repair_agenda, repair_meeting, section_marker
from .quirk_fields import (
    AGS,
    BLOCK,
    BOOL,
    DATE,
    DATETIME,
    GENDER,
    GEOJSON,
    INT,
    KEYWORDS,
    LICENSE,
    LINE,
    LINES,
    LIST_URL,
    MIME,
    RGS,
    TYPE,
    TYPE_NAMES,
    URL,
    URLS,
    fields_of,
)
from .quirk_files import repair_file, unique_file_ids
from .quirk_geo import fix_geojson
from .quirk_values import DROP, Repair

__all__ = ["Repair", "is_pseudo_agenda_item", "repair_agenda", "repair_meeting", "repair_object", "type_name"]

SCHEMA = "https://schema.oparl.org/1.1/"

_FIXERS = {
    LINE: values.fix_line, BLOCK: values.fix_block, LINES: values.fix_lines, KEYWORDS: values.fix_keywords,
    DATE: values.fix_date, DATETIME: values.fix_datetime, BOOL: values.fix_bool, INT: values.fix_int,
    URL: values.fix_url, URLS: values.fix_urls, LICENSE: values.fix_license, AGS: values.fix_ags,
    RGS: values.fix_rgs, GEOJSON: fix_geojson, GENDER: values.fix_gender, MIME: values.fix_mime,
}
#: Location back-references some servers (and the spec's chapter 3 example) write in the singular.
_LOCATION_PLURALS = {"meeting": "meetings", "paper": "papers", "body": "bodies", "organization": "organizations",
                     "person": "persons"}
#: Integer fields get their own quirk names ("order-als-text"), since they mean different things.
_INT_QUIRK = {"order": "order", "size": "groesse"}

def type_name(type_url: Any) -> str | None:
    """The bare type name of ``https://schema.oparl.org/1.x/Paper`` or ``Paper`` (``None`` if unknown)."""
    if not isinstance(type_url, str):
        return None
    name = type_url.strip().rstrip("/").rsplit("/", 1)[-1]
    return name if name in TYPE_NAMES else None


def is_pseudo_agenda_item(item: dict) -> bool:
    """Whether an agenda item only marks the public or non-public part ("B Nichtöffentliche Sitzung").

    Such items are dropped from a meeting's agenda by :func:`repair_agenda`; an importer reading
    agenda items from the Body's ``agendaItem`` list skips them with this test.
    """
    return section_marker(item) is not None


def repair_object(raw: dict, expected_type: str | None) -> tuple[dict, list[Repair]]:
    """A repaired copy of one OParl object and its embedded objects, and the repairs made.

    ``expected_type`` is the type the reference promised (``"Paper"`` or its type URL); it fills
    a missing ``type`` (deleted stubs) and tells embedded objects apart. A Meeting also gets the
    structural repairs of :func:`repair_meeting` (agenda pseudo items, protocol files, start/end).
    """
    repairs: list[Repair] = []
    repaired = _repair(raw, type_name(expected_type) or expected_type, None, repairs)
    object_id = repaired.get("id") if isinstance(repaired.get("id"), str) else ""
    if "modified" not in repaired and isinstance(repaired.get("created"), str) and not repaired.get("deleted"):
        # Incremental imports select by ``modified``; without it the object would look unchanged forever.
        repaired["modified"] = repaired["created"]
        repairs.append(Repair("aenderungsdatum-fehlt", object_id,
                              "„modified“ fehlt und wurde aus „created“ übernommen."))
    unique_file_ids(repaired, object_id, repairs)
    return repaired, repairs


def _repair(raw: dict, expected: str | None, parent_id: str | None, repairs: list[Repair]) -> dict:
    """Repair ``raw`` (a copy is made) and append what was done to ``repairs``.

    ``parent_id`` is the id of the object that embeds this one (``None`` at the top); embedded
    objects without an id of their own report under it.
    """
    obj = copy.deepcopy(raw)
    object_id = obj.get("id").strip() if isinstance(obj.get("id"), str) else (parent_id or "")

    def report(quirk: str, detail: str) -> None:
        repairs.append(Repair(quirk, object_id, detail))

    kind_name = _repair_type(obj, expected, report, embedded=parent_id is not None)
    _rename_fields(obj, kind_name, report)
    kinds = fields_of(kind_name)
    for field in list(obj):
        kind = kinds.get(field)
        if kind is None or kind == TYPE:
            continue
        value = obj[field]
        if value is None:
            del obj[field]
            report("null-wert", f"Feld „{field}“ mit dem Wert null weggelassen.")
            continue
        if isinstance(value, str) and value.strip() == "" and kind not in (LINE, BLOCK):
            del obj[field]
            report("leerer-wert", f"Feld „{field}“ mit leerem Text weggelassen.")
            continue
        if kind.startswith(("obj:", "objs:")):
            fixed = _repair_embedded(field, value, kind, object_id, report, repairs)
        elif kind == LIST_URL:
            fixed, found = values.fix_url(value) if isinstance(value, str) else (value, [])
            for quirk, detail in found:
                report(quirk, f"{field}: {detail}")
            fixed = _absolute(field, fixed, object_id, report)
        else:
            fixed, found = values.fix_url(value, lenient=True) if field == "id" else _FIXERS[kind](value)
            for quirk, detail in found:
                if kind == INT and field in _INT_QUIRK:
                    quirk = quirk.replace("zahl-", _INT_QUIRK[field] + "-", 1)
                report(quirk, f"{field}: {detail}")
            if kind == LICENSE and fixed is DROP and isinstance(value, str) and value.strip():
                obj["licenseText"] = value.strip()
            if kind in (URL, URLS, LIST_URL, LICENSE):
                fixed = _absolute(field, fixed, object_id, report)
        if fixed is DROP:
            del obj[field]
        else:
            obj[field] = fixed
    if kind_name == "File" and not obj.get("deleted"):
        repair_file(obj, report)
    if kind_name == "Meeting" and not obj.get("deleted"):
        obj, structural = repair_meeting(obj)
        repairs.extend(structural)
    return obj


def _repair_type(obj: dict, expected: str | None, report: Any, embedded: bool) -> str | None:
    """Set ``type`` to the 1.1 URL: from 1.0, from a bare name, or from the expected type if missing."""
    given = obj.get("type")
    name = type_name(given)
    if name is None:
        if not expected or expected not in TYPE_NAMES:
            return None
        if obj.get("deleted") in (True, "true"):
            report("geloeschtes-objekt-ohne-typ", f"Gelöschtes Objekt ohne Typ als {expected} übernommen.")
        elif given in (None, ""):
            # Embedded objects are told apart from top-level ones: some servers drop ``type`` only there.
            quirk = "eingebettetes-objekt-ohne-typ" if embedded else "objekt-ohne-typ"
            report(quirk, f"Objekt ohne Typ als {expected} übernommen.")
        else:
            report("typ-unbekannt", f"Unbekannter Typ „{given}“ als {expected} übernommen.")
        name = expected
    elif "/1.0/" in given:
        report("oparl-1.0-typ", f"OParl-1.0-Typ {name} auf 1.1 umgestellt.")
    elif given.strip() != SCHEMA + name:
        report("typ-ohne-schema-url", f"Typangabe „{given}“ zur vollständigen 1.1-URL ergänzt.")
    obj["type"] = SCHEMA + name
    return name


def _repair_embedded(field: str, value: Any, kind: str, object_id: str, report: Any,
                     repairs: list[Repair]) -> Any:
    """An embedded object (``obj:T``) or list of them (``objs:T``): shape first, then each object."""
    many = kind.startswith("objs:")
    embedded_type = kind.split(":", 1)[1]
    if many and isinstance(value, (dict, str)):
        report("einzelwert-statt-liste", f"{field}: Einzelnes Objekt als Liste übernommen.")
        value = [value]
    if not many and isinstance(value, list):
        if not value:
            report("leerer-wert", f"{field}: Leere Liste statt Objekt weggelassen.")
            return DROP
        if len(value) > 1:
            report("liste-statt-einzelwert", f"{field}: Liste mit {len(value)} Einträgen, nur der erste übernommen.")
        else:
            report("liste-statt-einzelwert", f"{field}: Liste mit einem Eintrag als einzelnes Objekt übernommen.")
        value = value[0]
    if not many and isinstance(value, str) and embedded_type == "Location" and not value.strip().startswith("http"):
        if not value.strip():
            report("leerer-wert", f"{field}: Leerer Ort weggelassen.")
            return DROP
        report("ort-als-text", f"{field}: Ort als bloßer Text geliefert, als Beschreibung übernommen.")
        value = {"description": value}
    if isinstance(value, dict):
        return _repair(value, embedded_type, object_id, repairs)
    if isinstance(value, str):
        fixed, found = values.fix_url(value)
        for quirk, detail in found:
            report(quirk, f"{field}: {detail}")
        return fixed
    if isinstance(value, list) and many:
        items = []
        for item in value:
            fixed = _repair_embedded(field, item, "obj:" + embedded_type, object_id, report, repairs)
            if fixed is not DROP:
                items.append(fixed)
        return items
    if value is None:
        report("null-wert", f"{field}: Eintrag mit dem Wert null weggelassen.")
    else:
        report("wert-unlesbar", f"{field}: Eintrag {values.short(value)} ist kein Objekt und wurde weggelassen.")
    return DROP


def _rename_fields(obj: dict, kind_name: str | None, report: Any) -> None:
    """Fields under the wrong name: singular Location back-references, an embedded Person.location."""
    if kind_name == "Location":
        for singular, plural in _LOCATION_PLURALS.items():
            if singular in obj and plural not in obj:
                value = obj.pop(singular)
                obj[plural] = value if isinstance(value, list) else [value]
                report("ortsbezug-einzahl", f"Rückverweis „{singular}“ als „{plural}“ übernommen.")
    if kind_name == "Person" and isinstance(obj.get("location"), dict) and obj.get("locationObject") is None:
        # OParl 1.0 habits: the address embedded in ``location``; 1.1 wants the URL there and the object beside it.
        embedded = obj.pop("location")
        obj["locationObject"] = embedded
        if isinstance(embedded.get("id"), str):
            obj["location"] = embedded["id"]
        report("person-ort-eingebettet", "Eingebettete Adresse aus „location“ nach „locationObject“ verschoben.")


def _absolute(field: str, value: Any, object_id: str, report: Any) -> Any:
    """A relative URL ("/files/1.pdf") resolved against the object's own id."""
    if not object_id.startswith(("http://", "https://")):
        return value
    if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
        absolute = urljoin(object_id, value)
        report("relative-url", f"{field}: Relative URL „{value}“ zu {absolute} ergänzt.")
        return absolute
    if isinstance(value, list):
        return [_absolute(field, item, object_id, report) for item in value]
    return value
