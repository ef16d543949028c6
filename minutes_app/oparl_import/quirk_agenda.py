"""Structural repairs of a meeting: its agenda, its protocol files, its start and end.

Many servers express the public and non-public parts of a meeting as pseudo agenda items
("A Öffentliche Sitzung", "B Nichtöffentliche Sitzung") instead of ``public`` on each item,
number the agenda with strings, from 1 or with duplicates, publish the Niederschrift as an
ordinary ``auxiliaryFile`` and occasionally swap start and end. These functions turn that into
the OParl 1.1 form and report each change. Inputs are never modified.
"""
from __future__ import annotations

import copy
import re
from datetime import datetime, timedelta
from typing import Any

from .quirk_values import DROP, Repair, fix_datetime, fix_int, fix_line

#: Optional item numbering before a pseudo item's words: "A", "B.", "I.", "II)", "1.", "TOP 2", "Teil A:".
_PREFIX = r"(?:(?:top|teil)\s*)?(?:[a-d]|[ivx]{1,4}|\d{1,2})?[.):]?\s*[-–:]?\s*"
_NOT = r"(?:nicht|nicht-|nicht )"
_PUBLIC = re.compile(rf"^{_PREFIX}(?:öffentliche sitzung|öffentlicher teil(?: der sitzung)?|öffentlich|"
                     rf"sitzung\s*[-–:]?\s*öffentlich(?:er teil)?)$")
_NON_PUBLIC = re.compile(rf"^{_PREFIX}(?:{_NOT}öffentliche sitzung|{_NOT}öffentlicher teil(?: der sitzung)?|"
                         rf"{_NOT}öffentlich|sitzung\s*[-–:]?\s*{_NOT}öffentlich(?:er teil)?)$")
#: Fields that make an item a real item even if its title reads like a section marker.
_CONTENT = ("consultation", "resolutionText", "resolutionFile", "auxiliaryFile", "result")
#: Item numbers that carry the part: "Ö 3", "Ö3.1" public; "N 2", "NÖ 2" non-public.
_NUMBER_PUBLIC = re.compile(r"^Ö\s*\d")
_NUMBER_NON_PUBLIC = re.compile(r"^(?:NÖ|N)\s*\d")


def _plain(text: Any) -> str:
    """Lower-case single-spaced text without surrounding dashes, stars and colons, for matching."""
    cleaned, _found = fix_line(text) if isinstance(text, str) else ("", [])
    if cleaned is DROP or not isinstance(cleaned, str):
        return ""
    return re.sub(r"^[\s*\-–]+|[\s*\-–:.]+$", "", cleaned).lower()


def section_marker(item: dict) -> bool | None:
    """``True``/``False`` if the item is a pseudo item opening the public/non-public part, else ``None``."""
    if any(item.get(field) for field in _CONTENT):
        return None
    name = _plain(item.get("name"))
    number = _plain(item.get("number"))
    for text in (name, f"{number} {name}".strip()):
        if _NON_PUBLIC.match(text):
            return False
        if _PUBLIC.match(text):
            return True
    return None


def repair_agenda(items: list[dict]) -> tuple[list[dict], list[Repair]]:
    """Agenda items in agenda order, without pseudo items, with ``public`` set and ``order`` 0, 1, 2 …

    Pseudo items ("A Öffentliche Sitzung", "Nichtöffentlicher Teil") are removed and set ``public``
    on the items after them that do not state it. ``order`` is read from texts and floats, the
    items are sorted by it (stable, so duplicates keep their sequence) and renumbered without gaps
    from 0; when an item has no ``number``, its original ``order`` becomes its number.
    """
    return _repair_agenda(items, "")


def _item_id(item: Any, fallback: str) -> str:
    return item["id"] if isinstance(item, dict) and isinstance(item.get("id"), str) else fallback


def _repair_agenda(items: list[dict], meeting_id: str) -> tuple[list[dict], list[Repair]]:
    repairs: list[Repair] = []
    agenda = [copy.deepcopy(item) for item in items]
    dicts = [item for item in agenda if isinstance(item, dict)]
    owner = meeting_id or next((i["meeting"] for i in dicts if isinstance(i.get("meeting"), str)), "") \
        or _item_id(dicts[0] if dicts else None, "")
    original: list[int | None] = []
    for item in dicts:
        value = item.get("order")
        number, found = fix_int(value) if value is not None else (DROP, [])
        for quirk, detail in found:
            repairs.append(Repair(quirk.replace("zahl-", "order-", 1), _item_id(item, owner), f"order: {detail}"))
        original.append(None if number is DROP else number)
    # Missing orders stay behind their predecessor; duplicates keep the sequence they came in.
    keys, last = [], -(10**9)
    for number in original:
        last = number if number is not None else last
        keys.append(last)
    positions = sorted(range(len(dicts)), key=keys.__getitem__)
    if positions != list(range(len(dicts))):
        repairs.append(Repair("agenda-umsortiert", owner,
                              "Tagesordnungspunkte nach ihrer order-Angabe in Reihenfolge gebracht."))
    ordered = [(dicts[i], original[i]) for i in positions]
    ordered = _apply_markers(ordered, owner, repairs)
    _renumber(ordered, owner, repairs)
    # Non-object entries (bare URLs of items) cannot be numbered; they stay at the end.
    return [item for item, _ in ordered] + [item for item in agenda if not isinstance(item, dict)], repairs


def _apply_markers(ordered: list[tuple[dict, int | None]], owner: str,
                   repairs: list[Repair]) -> list[tuple[dict, int | None]]:
    """Remove pseudo items and set ``public`` on the items of their part, from the marker or the number."""
    kept: list[tuple[dict, int | None]] = []
    part: bool | None = None
    marker_name = ""
    for item, number in ordered:
        marker = section_marker(item)
        if marker is not None:
            part, marker_name = marker, str(item.get("name") or item.get("number") or "").strip()
            label = "öffentlich" if marker else "nichtöffentlich"
            repairs.append(Repair("pseudo-tagesordnungspunkt", _item_id(item, owner),
                                  f"Pseudo-TOP „{marker_name}“ entfernt; die folgenden TOPs gelten als {label}."))
            continue
        if "public" not in item:
            text_number = str(item.get("number") or "").strip()
            if part is not None:
                item["public"] = part
                label = "öffentlich" if part else "nichtöffentlich"
                repairs.append(Repair("oeffentlichkeit-aus-pseudo-tagesordnungspunkt", _item_id(item, owner),
                                      f"TOP als {label} markiert (nach „{marker_name}“)."))
            elif _NUMBER_PUBLIC.match(text_number) or _NUMBER_NON_PUBLIC.match(text_number):
                item["public"] = bool(_NUMBER_PUBLIC.match(text_number))
                label = "öffentlich" if item["public"] else "nichtöffentlich"
                repairs.append(Repair("oeffentlichkeit-aus-nummer", _item_id(item, owner),
                                      f"TOP „{text_number}“ nach seiner Nummer als {label} markiert."))
        kept.append((item, number))
    return kept


def _renumber(ordered: list[tuple[dict, int | None]], owner: str, repairs: list[Repair]) -> None:
    """``order`` becomes 0, 1, 2 …; the original order is kept as ``number`` where that is missing."""
    originals = [number for _item, number in ordered]
    if originals == list(range(len(ordered))):
        for position, (item, _number) in enumerate(ordered):
            item["order"] = position  # the int, where the server sent "0" or 0.0
        return
    if any(number is None for number in originals):
        quirk, why = "order-fehlt", "fehlt bei einigen TOPs"
    elif len(set(originals)) < len(originals):
        quirk, why = "order-nicht-eindeutig", "ist nicht eindeutig"
    else:
        quirk, why = "order-nicht-fortlaufend", "zählt nicht lückenlos ab 0"
    for position, (item, number) in enumerate(ordered):
        item["order"] = position
        if number is not None and not str(item.get("number") or "").strip():
            item["number"] = str(number)
    repairs.append(Repair(quirk, owner, f"Die order-Angabe der Tagesordnung {why}; neu gezählt ab 0, "
                                        "die bisherige Nummerierung bleibt in „number“ erhalten."))


#: Protocol and invitation files recognised by name: (target field, pattern, German label).
_FILE_ROLES = (
    ("verbatimProtocol", re.compile(r"wortprotokoll"), "Wortprotokoll"),
    ("resultsProtocol", re.compile(r"niederschrift|(?:ergebnis|sitzungs)?protokoll"), "Niederschrift"),
    ("invitation", re.compile(r"einladung"), "Einladung"),
)
#: Names that only look like one of those: extracts, supplements, non-public parts, drafts of changes.
_NOT_THE_FILE = re.compile(r"auszug|nachtrag|ergänzung|änderung|anlage zu|anlage zur|nicht ?öffentl|"
                           r"tischvorlage|berichtigung")


def repair_meeting(meeting: dict) -> tuple[dict, list[Repair]]:
    """A repaired copy of a meeting: protocol and invitation files in their fields, start before end, agenda.

    An ``auxiliaryFile`` named like "Niederschrift", "Protokoll" or "Ergebnisprotokoll" becomes the
    ``resultsProtocol`` (OParl's field for the Niederschrift), a "Wortprotokoll" the
    ``verbatimProtocol`` and an "Einladung" the ``invitation`` — each only if that field is empty
    and exactly one file qualifies. A ``start`` after ``end`` is swapped when the two are less
    than a day apart (times entered the wrong way round), otherwise ``end`` is dropped.
    The agenda gets :func:`repair_agenda`.
    """
    result = copy.deepcopy(meeting)
    meeting_id = result["id"] if isinstance(result.get("id"), str) else ""
    repairs: list[Repair] = []
    _move_files(result, meeting_id, repairs)
    _cancelled_from_state(result, meeting_id, repairs)
    _order_start_end(result, meeting_id, repairs)
    if isinstance(result.get("agendaItem"), list):
        result["agendaItem"], agenda_repairs = _repair_agenda(result["agendaItem"], meeting_id)
        repairs.extend(agenda_repairs)
    return result, repairs


def _file_text(file: dict) -> str:
    return f"{_plain(file.get('name'))} {_plain(file.get('fileName'))}"


def _move_files(meeting: dict, meeting_id: str, repairs: list[Repair]) -> None:
    files = meeting.get("auxiliaryFile")
    if not isinstance(files, list):
        return
    for field, pattern, label in _FILE_ROLES:
        if meeting.get(field):
            continue
        candidates = [f for f in files if isinstance(f, dict) and not f.get("deleted")
                      and pattern.search(_file_text(f)) and not _NOT_THE_FILE.search(_file_text(f))
                      and not (field == "resultsProtocol" and "wortprotokoll" in _file_text(f))]
        if len(candidates) > 1:
            # "Niederschrift" beside "Lageplan zur Niederschrift": the one named after its role wins.
            candidates = [f for f in candidates if pattern.match(_plain(f.get("name") or f.get("fileName")))]
        if len(candidates) != 1:
            continue
        chosen = candidates[0]
        files.remove(chosen)
        meeting[field] = chosen
        quirk = {"resultsProtocol": "niederschrift-als-anlage", "verbatimProtocol": "wortprotokoll-als-anlage",
                 "invitation": "einladung-als-anlage"}[field]
        repairs.append(Repair(quirk, meeting_id, f"{label} „{chosen.get('name') or chosen.get('fileName')}“ "
                                                 f"war als Anlage geliefert und steht jetzt in „{field}“."))
    if not files:
        del meeting["auxiliaryFile"]


#: ``meetingState`` values that mean the meeting did not take place.
_CANCELLED_STATES = {"abgesagt", "ausgefallen", "entfällt", "entfallen", "fällt aus", "abgesetzt"}


def _cancelled_from_state(meeting: dict, meeting_id: str, repairs: list[Repair]) -> None:
    """A cancellation stated only in ``meetingState`` ("abgesagt") also sets ``cancelled``."""
    state = _plain(meeting.get("meetingState"))
    if state in _CANCELLED_STATES and "cancelled" not in meeting:
        meeting["cancelled"] = True
        repairs.append(Repair("absage-nur-im-status", meeting_id,
                              f"Sitzungsstatus „{meeting['meetingState']}“: Sitzung als abgesagt markiert."))


def _moment(value: Any) -> datetime | None:
    fixed, _found = fix_datetime(value)
    return None if fixed is DROP else datetime.fromisoformat(fixed)


def _order_start_end(meeting: dict, meeting_id: str, repairs: list[Repair]) -> None:
    start, end = _moment(meeting.get("start")), _moment(meeting.get("end"))
    if start is None or end is None or end >= start:
        return
    if start - end < timedelta(days=1):
        meeting["start"], meeting["end"] = meeting["end"], meeting["start"]
        repairs.append(Repair("beginn-nach-ende", meeting_id,
                              f"Beginn ({start:%d.%m.%Y %H:%M}) lag nach dem Ende ({end:%H:%M}); beide vertauscht."))
    else:
        del meeting["end"]
        repairs.append(Repair("ende-vor-beginn", meeting_id,
                              f"Ende ({end:%d.%m.%Y}) lag Tage vor dem Beginn ({start:%d.%m.%Y}) und wurde verworfen."))
