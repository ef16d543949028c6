"""Validating served objects against the OParl 1.1 JSON schemas (copied into ``schema/``).

The published schema files are not plain JSON Schema (see ``schema/README.md``),
so they are prepared here as the research note recommends: embedded objects
(``"schema": "File.json"``) become ``$ref`` so they are validated too; the
formats ``url``, ``date`` and ``date-time`` are checked strictly; ``created``
and ``modified`` are required on every object and Body's six 1.1 list URLs
are required. A deleted object (``deleted: true``) must carry exactly ``id``,
``type``, ``created``, ``modified``.
"""
from __future__ import annotations

import copy
import json
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMA_DIR = Path(__file__).parent / "schema"
BASE = "https://schema.oparl.org/1.1/"
TYPES = ("System", "Body", "LegislativeTerm", "Organization", "Person", "Membership", "Meeting", "AgendaItem",
         "Paper", "Consultation", "File", "Location")
BODY_LISTS_11 = ("agendaItem", "consultation", "file", "locationList", "legislativeTermList", "membership")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")

FORMATS = FormatChecker(formats=())


@FORMATS.checks("url")
def _is_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


@FORMATS.checks("date")
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None and bool(date.fromisoformat(value))
    except ValueError:
        return False


@FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    return not isinstance(value, str) or DATE_TIME.match(value) is not None


def _embed_refs(node: Any) -> Any:
    """Replace the custom ``"schema": "X.json"`` marker by a real ``$ref``."""
    if isinstance(node, dict):
        if isinstance(node.get("schema"), str) and node.get("type") == "object":
            return {"$ref": node["schema"]}
        return {k: _embed_refs(v) for k, v in node.items() if k not in ("references", "backreference", "cardinality")}
    if isinstance(node, list):
        return [_embed_refs(v) for v in node]
    return node


def _prepared(name: str) -> dict[str, Any]:
    raw = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    schema = _embed_refs(copy.deepcopy(raw))
    schema["required"] = [*schema["required"], "created", "modified"]
    if name == "Body":
        schema["required"] += list(BODY_LISTS_11)
    stub = {
        "type": "object",
        "required": ["id", "type", "created", "modified", "deleted"],
        "properties": {key: schema["properties"][key] for key in ("id", "type", "created", "modified", "deleted")},
        "additionalProperties": False,
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"{BASE}{name}.json",
        "if": {"required": ["deleted"], "properties": {"deleted": {"const": True}}},
        "then": stub,
        "else": {key: value for key, value in schema.items() if key not in ("title", "description")},
    }


@cache
def _validators() -> dict[str, Draft7Validator]:
    schemas = {name: _prepared(name) for name in TYPES}
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7)) for schema in schemas.values()
    )
    return {
        name: Draft7Validator(schema, registry=registry, format_checker=FORMATS) for name, schema in schemas.items()
    }


def _empty_values(node: Any, path: str = "") -> list[str]:
    """Paths of ``null`` and ``""`` values (OParl: leave optional fields out instead)."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if value is None or value == "":
                found.append(f"{path}/{key}")
            found += _empty_values(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _empty_values(value, f"{path}/{index}")
    return found


def problems(obj: dict[str, Any]) -> list[str]:
    """Everything wrong with one served object (empty when it conforms)."""
    type_url = obj.get("type", "")
    name = type_url.removeprefix(BASE)
    if name not in TYPES:
        return [f"unbekannter Typ {type_url!r}"]
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validators()[name].iter_errors(obj)]
    return errors + [f"leerer Wert bei {p}" for p in _empty_values(obj)]
