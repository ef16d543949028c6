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


def short(value: Any) -> str:
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
        found.append(("text-mit-html-entitaet", f"HTML-Entitäten in {short(value)} aufgelöst."))
    if _INVISIBLE.search(text) or _ODD_SPACES.search(text):
        text = _ODD_SPACES.sub(" ", _INVISIBLE.sub("", text))
        found.append(("text-mit-unsichtbaren-zeichen",
                      f"Geschützte Leerzeichen oder unsichtbare Zeichen in {short(value)} entfernt."))
    if "\n" in text or "\r" in text or "\t" in text:
        text = re.sub(r"\s*[\r\n\t]+\s*", " ", text)
        found.append(("text-mit-zeilenumbruch", f"Zeilenumbrüche in {short(value)} durch Leerzeichen ersetzt."))
    spaced = re.sub(r" {2,}", " ", text).strip()
    if spaced != text:
        found.append(("text-mit-leerzeichen", f"Überzählige Leerzeichen in {short(value)} entfernt."))
        text = spaced
    if _LETTER_SPACED.match(text):
        joined = text.replace(" ", "").capitalize()
        found.append(("text-gesperrt", f"Gesperrt geschriebenes {short(text)} zu „{joined}“ zusammengezogen."))
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
        found.append(("schlagwort-als-text", f"Schlagworte {short(value)} als Liste übernommen."))
        value = parts
    fixed, more = fix_lines(value)
    return (DROP if fixed == [] and found else fixed), found + more


_GENDERS = {"weiblich": "female", "w": "female", "frau": "female", "f": "female", "männlich": "male",
            "maennlich": "male", "m": "male", "herr": "male", "divers": "other", "d": "other"}


def fix_gender(value: Any) -> tuple[Any, Found]:
    """``gender`` in German or abbreviated ("weiblich", "m") becomes the English lower-case value."""
    fixed, found = fix_line(value)
    if not isinstance(fixed, str):
        return fixed, found
    word = fixed.lower()
    if word in _GENDERS:
        return _GENDERS[word], [*found, ("geschlecht-nicht-englisch",
                                         f"Geschlecht {short(value)} als „{_GENDERS[word]}“ übernommen.")]
    if word != fixed and word in ("female", "male", "other"):
        return word, [*found, ("geschlecht-nicht-englisch", f"Geschlecht {short(value)} kleingeschrieben.")]
    return fixed, found


def fix_mime(value: Any) -> tuple[Any, Found]:
    """A MIME type with upper case or parameters ("Application/PDF; charset=binary") in its plain form."""
    fixed, found = fix_line(value)
    if not isinstance(fixed, str):
        return fixed, found
    plain = fixed.split(";", 1)[0].strip().lower()
    if plain != fixed:
        found = [*found, ("mimetyp-uneinheitlich", f"MIME-Typ {short(value)} als „{plain}“ übernommen.")]
    return plain, found


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
            return word in _TRUE, [("wahrheitswert-als-text", f"Text {short(value)} als Wahrheitswert gelesen.")]
    return DROP, [("wert-unlesbar", f"Wahrheitswert {short(value)} ist unlesbar und wurde weggelassen.")]


def fix_int(value: Any) -> tuple[Any, Found]:
    """Integers sent as texts ("3", " 12 ") or as whole floats (3.0)."""
    if isinstance(value, bool):
        return DROP, [("wert-unlesbar", f"Zahl {short(value)} ist unlesbar und wurde weggelassen.")]
    if isinstance(value, int):
        return value, []
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return int(value), [("zahl-als-kommazahl", f"Kommazahl {value} als ganze Zahl übernommen.")]
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+(?:[.,]0*)?\s*", value):
        return int(re.split(r"[.,]", value.strip())[0]), [("zahl-als-text", f"Text {short(value)} als Zahl gelesen.")]
    return DROP, [("wert-unlesbar", f"Zahl {short(value)} ist unlesbar und wurde weggelassen.")]


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S")
#: A host name without scheme ("www.steinhagen.de", "ris.example.de/bi/").
_BARE_HOST = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}(?:[/?#]\S*)?$")


def fix_url(value: Any, *, lenient: bool = False) -> tuple[Any, Found]:
    """A URL: spaces trimmed or encoded, a bare host name given its scheme, an embedded object its id.

    Free text where a URL belongs ("Sitzungsmanagementsystem Session …") and anything that is not
    text are dropped; ``lenient`` (for ``id``) keeps any text, since it identifies the object.
    Relative URLs ("/files/1.pdf") are kept; the caller resolves them against the object's id.
    """
    if isinstance(value, dict) and isinstance(value.get("id"), str) and value["id"].strip():
        # An embedded object where a reference belongs: its id is the reference.
        fixed, found = fix_url(value["id"])
        detail = f"Eingebettetes Objekt statt URL, dessen id {short(value['id'])} übernommen."
        return fixed, [("objekt-statt-url", detail), *found]
    if not isinstance(value, str):
        return DROP, [("wert-unlesbar", f"URL {short(value)} ist kein Text und wurde weggelassen.")]
    text = value.strip()
    if text == "":
        return DROP, [("leerer-wert", "Leere URL weggelassen.")]
    found: Found = []
    if not lenient and not _SCHEME.match(text) and not text.startswith("/"):
        if not _BARE_HOST.match(text):
            return DROP, [("url-als-freitext", f"Text {short(value)} statt einer URL weggelassen.")]
        text = "https://" + text
        found.append(("url-ohne-schema", f"URL {short(value)} ohne „https://“ ergänzt."))
    if value != value.strip() or re.search(r"\s", text):
        text = quote(re.sub(r"\s+", " ", text), safe=":/?#[]@!$&'()*+,;=%~")
        found.append(("url-mit-leerzeichen", f"Leerzeichen in der URL {short(value)} entfernt bzw. kodiert."))
    return text, found


def fix_urls(value: Any) -> tuple[Any, Found]:
    """A list of URLs; a single URL becomes a list of one."""
    found: Found = []
    if isinstance(value, str):
        value = [value]
        found.append(("einzelwert-statt-liste", "Einzelne URL als Liste übernommen."))
    if not isinstance(value, list):
        return DROP, [("wert-unlesbar", f"URL-Liste {short(value)} ist unlesbar und wurde weggelassen.")]
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
        detail = f"Lizenz als Freitext {short(value)} statt URL, als licenseText behalten."
        return DROP, [("lizenz-als-freitext", detail)]
    if not isinstance(value, str):
        return DROP, [("wert-unlesbar", f"Lizenz {short(value)} ist kein Text und wurde weggelassen.")]
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
        found.append((f"{quirk_prefix}-mit-trennzeichen", f"Trennzeichen aus {label} {short(value)} entfernt."))
    if not digits.isdigit():
        return DROP, [(f"{quirk_prefix}-unlesbar", f"{label} {short(value)} ist keine Ziffernfolge, weggelassen.")]
    if len(digits) == length - 1 and "0" + digits[:1] in _STATES:
        found.append((f"{quirk_prefix}-ohne-fuehrende-null", f"Führende Null von {label} {digits} ergänzt."))
        digits = "0" + digits
    elif len(digits) == length + 1:
        # An extra digit: a doubled leading zero or a zero appended at the end (051140000 for 05114000).
        candidates = {c for c in (digits[1:] if digits[0] == "0" else "", digits[:-1] if digits[-1] == "0" else "")
                      if c and c[:2] in _STATES}
        if len(candidates) == 1:
            fixed = candidates.pop()
            detail = f"Überzählige Null in {label} {digits} entfernt: {fixed}."
            found.append((f"{quirk_prefix}-mit-zusatzziffer", detail))
            digits = fixed
    if len(digits) != length or digits[:2] not in _STATES:
        return value, [*found, (f"{quirk_prefix}-unlesbar",
                                f"{label} {short(value)} hat keine gültige Form und wurde unverändert übernommen.")]
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
        return DROP, [("datum-unlesbar", f"Datum {short(value)} ist unlesbar und wurde weggelassen.")]
    text = value.strip()
    if text == "":
        return DROP, [("leerer-wert", "Leeres Datum weggelassen.")]
    if _DATE_ISO.match(text) and _valid_date(text):
        if text == value:
            return text, []
        return text, [("text-mit-leerzeichen", f"Leerzeichen um Datum {short(value)} entfernt.")]
    match = _DATE_ISO_WITH_TIME.match(text)
    if match and _valid_date(match.group(1)):
        return match.group(1), [("datum-mit-uhrzeit", f"Uhrzeit im Datum {short(value)} weggelassen.")]
    match = _DATE_GERMAN.match(text)
    if match:
        day = _german_date(match)
        if day:
            return day.isoformat(), [("datum-deutsches-format", f"Datum {short(value)} ins ISO-Format gebracht.")]
    return DROP, [("datum-unlesbar", f"Datum {short(value)} ist unlesbar und wurde weggelassen.")]


def _german_date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None


def fix_datetime(value: Any) -> tuple[Any, Found]:
    """A date-time with zone; odd notations are read, times without zone are Europe/Berlin."""
    if not isinstance(value, str):
        return DROP, [("datum-unlesbar", f"Zeitpunkt {short(value)} ist unlesbar und wurde weggelassen.")]
    text = value.strip()
    if text == "":
        return DROP, [("leerer-wert", "Leerer Zeitpunkt weggelassen.")]
    if _DATETIME_OK.match(text):
        try:
            datetime.fromisoformat(text)
            return text, []
        except ValueError:
            return DROP, [("datum-unlesbar", f"Zeitpunkt {short(value)} ist unlesbar und wurde weggelassen.")]
    found: Found = []
    moment: datetime | None = None
    german = _DATE_GERMAN.match(text)
    if german:
        day = _german_date(german)
        if day:
            hour, minute, second = (int(german.group(i) or 0) for i in (4, 5, 6))
            if hour < 24 and minute < 60 and second < 60:
                moment = datetime(day.year, day.month, day.day, hour, minute, second)  # noqa: DTZ001 - zone below
                found.append(("datum-deutsches-format", f"Zeitpunkt {short(value)} ins ISO-Format gebracht."))
    elif _DATE_ISO.match(text) and _valid_date(text):
        moment = datetime.fromisoformat(text)
        found.append(("zeitpunkt-nur-datum", f"Zeitpunkt {short(value)} ohne Uhrzeit als 0:00 Uhr gelesen."))
    else:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is not None:
            if " " in text[:11]:
                found.append(("zeitpunkt-mit-leerzeichen", f"Zeitpunkt {short(value)} mit Leerzeichen statt „T“."))
            if re.search(r":\d{2}[.,]\d+", text):
                found.append(("zeitpunkt-mit-sekundenbruchteil", f"Sekundenbruchteile in {short(value)} entfernt."))
            if not found:
                found.append(("zeitpunkt-format", f"Zeitpunkt {short(value)} ins Format der Spezifikation gebracht."))
    if moment is None:
        return DROP, [("datum-unlesbar", f"Zeitpunkt {short(value)} ist unlesbar und wurde weggelassen.")]
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BERLIN)
        found.append(("zeitpunkt-ohne-zeitzone", f"Zeitpunkt {short(value)} ohne Zeitzone als Europe/Berlin gelesen."))
    return moment.replace(microsecond=0).isoformat(), found
