"""Every OParl 1.1 field of the eleven object types has a home in the model, and README.md says where.

The schema files in ``tests/oparl/schema/`` are copies of the OParl 1.1.1 JSON schemas
(OParl/spec, tag v1.1.1, CC BY-SA 4.0, see the licence file there).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import inspect as sa_inspect

from minutes_app import models
from minutes_app.models import Base
from minutes_app.records import oparl_fields

SCHEMA_DIR = Path(__file__).parent.parent / "oparl" / "schema"
README = Path(__file__).parents[2] / "README.md"
TYPES = ("Body", "Organization", "Person", "Membership", "LegislativeTerm", "Meeting", "AgendaItem", "Paper",
         "Consultation", "File", "Location")


@pytest.mark.parametrize("object_type", TYPES)
def test_every_schema_property_has_a_home(object_type):
    schema = json.loads((SCHEMA_DIR / f"{object_type}.json").read_text(encoding="utf-8"))
    missing = [name for name in schema["properties"] if oparl_fields.home_of(object_type, name) is None]
    assert missing == []


@pytest.mark.parametrize("object_type", TYPES)
def test_every_named_column_exists_in_the_model(object_type):
    """A home that names `table.column` names a real column of the models (no stale mapping)."""
    columns = {f"{t.name}.{c.name}" for t in Base.metadata.tables.values() for c in t.columns}
    tables = set(Base.metadata.tables)
    for field, home in oparl_fields.FIELDS[object_type].items():
        for name in re.findall(r"`([a-z_]+(?:\.[a-z_0-9]+)?)`", home.where):
            if "." in name:
                assert name in columns, f"{object_type}.{field}: {name}"
            elif name.endswith(("_files", "_organizations", "_persons", "_leads", "_related", "_hierarchy",
                                "_locations", "attendances", "consultations", "memberships", "locations")):
                assert name in tables, f"{object_type}.{field}: {name}"


def test_every_oparl_model_carries_the_common_fields():
    for object_type in TYPES:
        mapper = sa_inspect(getattr(models, object_type))
        assert {"created", "modified", "deleted_at", "oparl_id", "keywords"} <= set(mapper.columns.keys())
        assert mapper.columns["oparl_id"].unique and mapper.columns["oparl_id"].index


def test_readme_carries_the_mapping():
    text = README.read_text(encoding="utf-8")
    assert "## OParl-Abbildung des Datenmodells" in text
    assert oparl_fields.markdown() in text
