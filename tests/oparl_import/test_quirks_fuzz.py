"""Random server output never makes the repairs fail, never changes the input, and repairs once for all."""
from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes_app.oparl_import.quirk_fields import fields_of
from minutes_app.oparl_import.quirks import repair_agenda, repair_object

TYPES = ["Body", "Meeting", "Paper", "Person", "File", "AgendaItem", "Location", "Organization", "Membership"]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**9), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", " ", "true", "0", "2013-05-02 10:00:00", "02.05.2013", "5358016", "https://x/ a",
                     "/files/a.pdf", "Öffentliche Sitzung", "A N T R Ä G E", "\u00a0Name\n", "&amp;", "50.9,6.9"]),
    st.text(max_size=12),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["id", "name", "type", "order", "coordinates",
                                                                  "geometry", "accessUrl", "public"]), inner,
                                                 max_size=4)), max_leaves=10)


@st.composite
def oparl_objects(draw: st.DrawFn) -> tuple[dict, str]:
    kind = draw(st.sampled_from(TYPES))
    names = sorted(fields_of(kind))
    keys = draw(st.lists(st.sampled_from(names), max_size=8, unique=True))
    obj = {key: draw(VALUES) for key in keys}
    obj["id"] = draw(st.sampled_from(["https://ris.example.de/o/1", "x", " https://ris.example.de/o/2 "]))
    return obj, kind


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(oparl_objects())
def test_repair_never_fails_never_mutates_and_is_stable(case: tuple[dict, str]) -> None:
    raw, kind = case
    before = copy.deepcopy(raw)
    repaired, repairs = repair_object(raw, kind)
    assert repr(raw) == repr(before)
    assert all(r.quirk and r.detail for r in repairs)
    again, _ = repair_object(repaired, kind)
    assert repr(again) == repr(repaired)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fixed_dictionaries({}, optional={
    "id": st.text(max_size=3), "name": st.sampled_from(["Öffentliche Sitzung", "B Nichtöffentliche Sitzung", "TOP",
                                                        "Haushalt"]),
    "order": SCALARS, "number": st.sampled_from(["1", "Ö 2", "N 3", ""]), "public": st.booleans()}), max_size=8))
def test_agenda_repair_is_stable(items: list[dict]) -> None:
    repaired, _ = repair_agenda(items)
    assert [item["order"] for item in repaired] == list(range(len(repaired)))
    assert repair_agenda(repaired) == (repaired, [])
