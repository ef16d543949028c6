"""Repairs of single OParl values: texts, dates, numbers, keys, URLs and coordinates.

Each ``fix_*`` function takes the value as a server sent it and returns the repaired value
(or :data:`DROP` when the value carries nothing and the field is better absent) together
with the list of ``(quirk, detail)`` pairs it applied; an empty list means the value was fine.
The functions never raise on odd input: what cannot be repaired is dropped and reported.
"""
from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Repair:
    """One repair of a server's defect: the quirk's stable name, the object it was found in, a German sentence."""

    quirk: str
    object_id: str
    detail: str


class _Drop:
    """Marker: remove the field."""

    def __repr__(self) -> str:
        return "DROP"


DROP: Any = _Drop()
Found = list[tuple[str, str]]

BERLIN = ZoneInfo("Europe/Berlin")

#: Characters that are invisible or only spacing, which servers leave in names.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACES = re.compile("[\u00a0\u2007\u202f\u2009\u2002\u2003]")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});")
#: "A N T R Ä G E": a word set in spaced letters (at least four single letters).
_LETTER_SPACED = re.compile(r"^(?:\w ){3,}\w$")


def _short(value: Any) -> str:
    """The value as it stands in a German report sentence (quoted, shortened)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"„{text[:60]}{'…' if len(text) > 60 else ''}“"


def fix_line(value: Any) -> tuple[Any, Found]:
    """A one-line text (name, number, title): one line, single spaces, no invisible characters."""
    if not isinstance(value, str):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value), [("text-als-zahl", f"Zahl {value} als Text übernommen.")]
        return value, []
    found: Found = []
    text = value
    if _ENTITY.search(text):
        text = html.unescape(text)
        found.append(("text-mit-html-entitaet", f"HTML-Entitäten in {_short(value)} aufgelöst."))
    if _INVISIBLE.search(text) or _ODD_SPACES.search(text):
        text = _ODD_SPACES.sub(" ", _INVISIBLE.sub("", text))
        found.append(("text-mit-unsichtbaren-zeichen",
                      f"Geschützte Leerzeichen oder unsichtbare Zeichen in {_short(value)} entfernt."))
    if "\n" in text or "\r" in text or "\t" in text:
        text = re.sub(r"\s*[\r\n\t]+\s*", " ", text)
        found.append(("text-mit-zeilenumbruch", f"Zeilenumbrüche in {_short(value)} durch Leerzeichen ersetzt."))
    spaced = re.sub(r" {2,}", " ", text).strip()
    if spaced != text:
        found.append(("text-mit-leerzeichen", f"Überzählige Leerzeichen in {_short(value)} entfernt."))
        text = spaced
    if _LETTER_SPACED.match(text):
        joined = text.replace(" ", "").capitalize()
        found.append(("text-gesperrt", f"Gesperrt geschriebenes {_short(text)} zu „{joined}“ zusammengezogen."))
        text = joined
    if text == "":
        return DROP, [*found, ("leerer-wert", "Leerer Text weggelassen.")]
    return text, found


def fix_block(value: Any) -> tuple[Any, Found]:
    """A longer text (Beschlusstext, Volltext): keeps its line breaks, loses invisible characters."""
    if not isinstance(value, str):
        return value, []
    found: Found = []
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if _INVISIBLE.search(text) or _ODD_SPACES.search(text):
        text = _ODD_SPACES.sub(" ", _INVISIBLE.sub("", text))
        found.append(("text-mit-unsichtbaren-zeichen", "Geschützte Leerzeichen oder unsichtbare Zeichen entfernt."))
    trimmed = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    if trimmed != text and text.strip() != "":
        found.append(("text-mit-leerzeichen", "Leerzeichen am Zeilenende entfernt."))
    if trimmed == "":
        return DROP, [("leerer-wert", "Leerer Text weggelassen.")]
    return trimmed, found


def fix_lines(value: Any) -> tuple[Any, Found]:
    """A list of one-line texts (``post``, ``status``, ``title``); a single text becomes a list of one."""
    found: Found = []
    if isinstance(value, str):
        value = [value]
        found.append(("einzelwert-statt-liste", "Einzelner Text als Liste übernommen."))
    if not isinstance(value, list):
        return value, []
    items = []
    for item in value:
        fixed, item_found = fix_line(item)
        found.extend(item_found)
        if fixed is not DROP:
            items.append(fixed)
    return items, found


def fix_keywords(value: Any) -> tuple[Any, Found]:
    """``keyword`` as one text ("Haushalt; Finanzen") becomes a list of words."""
    found: Found = []
    if isinstance(value, str):
        parts = [part for part in re.split(r"\s*[;,]\s*", value) if part.strip()]
        found.append(("schlagwort-als-text", f"Schlagworte {_short(value)} als Liste übernommen."))
        value = parts
    fixed, more = fix_lines(value)
    return (DROP if fixed == [] and found else fixed), found + more


_TRUE = {"true", "1", "ja", "yes", "wahr", "j"}
_FALSE = {"false", "0", "nein", "no", "falsch", "n", ""}


def fix_bool(value: Any) -> tuple[Any, Found]:
    """Booleans sent as texts ("true", "false", "1", "ja") or numbers 0/1."""
    if isinstance(value, bool):
        return value, []
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value), [("wahrheitswert-als-text", f"Zahl {value} als Wahrheitswert gelesen.")]
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE, [("wahrheitswert-als-text", f"Text {_short(value)} als Wahrheitswert gelesen.")]
    return DROP, [("wert-unlesbar", f"Wahrheitswert {_short(value)} ist unlesbar und wurde weggelassen.")]


def fix_int(value: Any) -> tuple[Any, Found]:
    """Integers sent as texts ("3", " 12 ") or as whole floats (3.0)."""
    if isinstance(value, bool):
        return DROP, [("wert-unlesbar", f"Zahl {_short(value)} ist unlesbar und wurde weggelassen.")]
    if isinstance(value, int):
        return value, []
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return int(value), [("zahl-als-kommazahl", f"Kommazahl {value} als ganze Zahl übernommen.")]
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+(?:[.,]0*)?\s*", value):
        return int(re.split(r"[.,]", value.strip())[0]), [("zahl-als-text", f"Text {_short(value)} als Zahl gelesen.")]
    return DROP, [("wert-unlesbar", f"Zahl {_short(value)} ist unlesbar und wurde weggelassen.")]


def fix_url(value: Any) -> tuple[Any, Found]:
    """URLs with surrounding or inner spaces (inner spaces become ``%20``)."""
    if not isinstance(value, str):
        return value, []
    text = value.strip()
    if text == "":
        return DROP, [("leerer-wert", "Leere URL weggelassen.")]
    if text == value and " " not in text:
        return value, []
    text = quote(re.sub(r"\s+", " ", text), safe=":/?#[]@!$&'()*+,;=%~")
    return text, [("url-mit-leerzeichen", f"Leerzeichen in der URL {_short(value)} entfernt bzw. kodiert.")]


def fix_urls(value: Any) -> tuple[Any, Found]:
    """A list of URLs; a single URL becomes a list of one."""
    found: Found = []
    if isinstance(value, str):
        value = [value]
        found.append(("einzelwert-statt-liste", "Einzelne URL als Liste übernommen."))
    if not isinstance(value, list):
        return value, found
    urls = []
    for item in value:
        fixed, item_found = fix_url(item)
        found.extend(item_found)
        if fixed is not DROP:
            urls.append(fixed)
    return urls, found


def fix_license(value: Any) -> tuple[Any, Found]:
    """``license`` must be a URL; free text ("Nutzung nur nach Genehmigung.") is kept aside as ``licenseText``."""
    if isinstance(value, str) and value.strip() and not re.match(r"^\s*https?://\S+\s*$", value):
        return DROP, [("lizenz-als-freitext", f"Lizenz als Freitext {_short(value)} statt URL, als licenseText behalten.")]
    return fix_url(value)


_STATES = {f"{n:02d}" for n in range(1, 17)}


def _fix_key(value: Any, length: int, label: str, quirk_prefix: str) -> tuple[Any, Found]:
    """An AGS (8 digits) or Regionalschlüssel (12 digits) whose leading zero was lost or gained a digit."""
    found: Found = []
    if isinstance(value, int) and not isinstance(value, bool):
        found.append((f"{quirk_prefix}-als-zahl", f"{label} {value} als Zahl statt Text übernommen."))
        value = str(value)
    if not isinstance(value, str):
        return value, []
    digits = re.sub(r"[\s.\-/]", "", value)
    if digits != value and digits.isdigit():
        found.append((f"{quirk_prefix}-mit-trennzeichen", f"Trennzeichen aus {label} {_short(value)} entfernt."))
    if not digits.isdigit():
        return DROP, [(f"{quirk_prefix}-unlesbar", f"{label} {_short(value)} ist keine Ziffernfolge, weggelassen.")]
    if len(digits) == length - 1 and "0" + digits[:1] in _STATES:
        found.append((f"{quirk_prefix}-ohne-fuehrende-null", f"Führende Null von {label} {digits} ergänzt."))
        digits = "0" + digits
    elif len(digits) == length + 1:
        # An extra digit: a doubled leading zero or a zero appended at the end (051140000 for 05114000).
        candidates = {c for c in (digits[1:] if digits[0] == "0" else "", digits[:-1] if digits[-1] == "0" else "")
                      if c and c[:2] in _STATES}
        if len(candidates) == 1:
            fixed = candidates.pop()
            found.append((f"{quirk_prefix}-mit-zusatzziffer", f"Überzählige Null in {label} {digits} entfernt: {fixed}."))
            digits = fixed
    if len(digits) != length or digits[:2] not in _STATES:
        return value, [*found, (f"{quirk_prefix}-unlesbar",
                                f"{label} {_short(value)} hat keine gültige Form und wurde unverändert übernommen.")]
    return digits, found


def fix_ags(value: Any) -> tuple[Any, Found]:
    """Amtlicher Gemeindeschlüssel: 8 digits, starting with the Land 01–16."""
    return _fix_key(value, 8, "Gemeindeschlüssel", "ags")


def fix_rgs(value: Any) -> tuple[Any, Found]:
    """Regionalschlüssel: 12 digits, starting with the Land 01–16."""
    return _fix_key(value, 12, "Regionalschlüssel", "regionalschluessel")


_DATE_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})$")
_DATE_ISO_WITH_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")
_DATE_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?Uhr)?)?$")
_DATETIME_OK = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$")


def _valid_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def fix_date(value: Any) -> tuple[Any, Found]:
    """A date (``yyyy-mm-dd``) sent with a time, in German notation or empty."""
    if not isinstance(value, str):
        return DROP, [("datum-unlesbar", f"Datum {_short(value)} ist unlesbar und wurde weggelassen.")]
    text = value.strip()
    if text == "":
        return DROP, [("leerer-wert", "Leeres Datum weggelassen.")]
    if _DATE_ISO.match(text) and _valid_date(text):
        return text, [] if text == value else [("text-mit-leerzeichen", f"Leerzeichen um Datum {_short(value)} entfernt.")]
    match = _DATE_ISO_WITH_TIME.match(text)
    if match and _valid_date(match.group(1)):
        return match.group(1), [("datum-mit-uhrzeit", f"Uhrzeit im Datum {_short(value)} weggelassen.")]
    match = _DATE_GERMAN.match(text)
    if match:
        day = _german_date(match)
        if day:
            return day.isoformat(), [("datum-deutsches-format", f"Datum {_short(value)} ins ISO-Format gebracht.")]
    return DROP, [("datum-unlesbar", f"Datum {_short(value)} ist unlesbar und wurde weggelassen.")]


def _german_date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None


def fix_datetime(value: Any) -> tuple[Any, Found]:
    """A date-time with zone; odd notations are read, times without zone are Europe/Berlin."""
    if not isinstance(value, str):
        return DROP, [("datum-unlesbar", f"Zeitpunkt {_short(value)} ist unlesbar und wurde weggelassen.")]
    text = value.strip()
    if text == "":
        return DROP, [("leerer-wert", "Leerer Zeitpunkt weggelassen.")]
    if _DATETIME_OK.match(text):
        try:
            datetime.fromisoformat(text)
            return text, []
        except ValueError:
            return DROP, [("datum-unlesbar", f"Zeitpunkt {_short(value)} ist unlesbar und wurde weggelassen.")]
    found: Found = []
    moment: datetime | None = None
    german = _DATE_GERMAN.match(text)
    if german:
        day = _german_date(german)
        if day:
            hour, minute, second = (int(german.group(i) or 0) for i in (4, 5, 6))
            if hour < 24 and minute < 60 and second < 60:
                moment = datetime(day.year, day.month, day.day, hour, minute, second)  # noqa: DTZ001 - zone below
                found.append(("datum-deutsches-format", f"Zeitpunkt {_short(value)} ins ISO-Format gebracht."))
    elif _DATE_ISO.match(text) and _valid_date(text):
        moment = datetime.fromisoformat(text)
        found.append(("zeitpunkt-nur-datum", f"Zeitpunkt {_short(value)} ohne Uhrzeit als 0:00 Uhr gelesen."))
    else:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is not None:
            if " " in text[:11]:
                found.append(("zeitpunkt-mit-leerzeichen", f"Zeitpunkt {_short(value)} mit Leerzeichen statt „T“."))
            if re.search(r":\d{2}[.,]\d+", text):
                found.append(("zeitpunkt-mit-sekundenbruchteil", f"Sekundenbruchteile in {_short(value)} entfernt."))
            if not found:
                found.append(("zeitpunkt-format", f"Zeitpunkt {_short(value)} ins Format der Spezifikation gebracht."))
    if moment is None:
        return DROP, [("datum-unlesbar", f"Zeitpunkt {_short(value)} ist unlesbar und wurde weggelassen.")]
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BERLIN)
        found.append(("zeitpunkt-ohne-zeitzone", f"Zeitpunkt {_short(value)} ohne Zeitzone als Europe/Berlin gelesen."))
    return moment.replace(microsecond=0).isoformat(), found


#: Germany's bounding box with a margin (longitude, latitude).
_LON = (5.5, 15.6)
_LAT = (47.0, 55.3)


def _in_germany(lon: float, lat: float) -> bool:
    return _LON[0] <= lon <= _LON[1] and _LAT[0] <= lat <= _LAT[1]


def _positions(coordinates: Any) -> list[list[Any]]:
    """Every position (innermost list of numbers) of a GeoJSON coordinates array."""
    if isinstance(coordinates, list) and coordinates and not isinstance(coordinates[0], list):
        return [coordinates]
    if isinstance(coordinates, list):
        return [p for item in coordinates for p in _positions(item)]
    return []


def fix_geojson(value: Any) -> tuple[Any, Found]:
    """GeoJSON as text, a bare geometry instead of a Feature, coordinates as texts or as [lat, lon]."""
    found: Found = []
    if isinstance(value, str):
        try:
            value = json.loads(value)
            found.append(("geojson-als-text", "GeoJSON als Text geliefert und gelesen."))
        except ValueError:
            return DROP, [("geojson-unlesbar", f"GeoJSON {_short(value)} ist unlesbar und wurde weggelassen.")]
    if not isinstance(value, dict):
        return DROP, [("geojson-unlesbar", f"GeoJSON {_short(value)} ist unlesbar und wurde weggelassen.")]
    feature = json.loads(json.dumps(value))
    if feature.get("type") not in ("Feature", "FeatureCollection") and "coordinates" in feature:
        feature = {"type": "Feature", "geometry": feature, "properties": {}}
        found.append(("geojson-ohne-feature", "Bloße Geometrie in ein GeoJSON-Feature eingebettet."))
    geometries = [feature.get("geometry")] if feature.get("type") == "Feature" else [
        f.get("geometry") for f in feature.get("features", []) if isinstance(f, dict)]
    for geometry in geometries:
        if isinstance(geometry, dict):
            found.extend(_fix_positions(_positions(geometry.get("coordinates"))))
    return feature, found


def _fix_positions(positions: list[list[Any]]) -> Found:
    """Numbers from texts, and [lat, lon] turned round when only the swapped order lies in Germany."""
    found: Found = []
    for position in positions:
        for index, number in enumerate(position):
            if isinstance(number, str):
                try:
                    position[index] = float(number.strip().replace(",", "."))
                except ValueError:
                    continue
                if not found or found[-1][0] != "koordinaten-als-text":
                    found.append(("koordinaten-als-text", "Koordinaten als Text geliefert und als Zahlen gelesen."))
    numeric = [p for p in positions if len(p) >= 2 and all(isinstance(x, (int, float)) for x in p[:2])]
    if numeric and all(not _in_germany(p[0], p[1]) and _in_germany(p[1], p[0]) for p in numeric):
        for position in numeric:
            position[0], position[1] = position[1], position[0]
        found.append(("koordinaten-vertauscht",
                      f"Breite und Länge vertauscht geliefert ({len(numeric)} Punkt(e)), in [Länge, Breite] gedreht."))
    return found
