"""Repairs of GeoJSON in OParl Locations: text instead of an object, bare geometries, [lat, lon].

OParl wants a complete GeoJSON Feature with [longitude, latitude]; the spec's own examples
break both rules, and servers copy them. A position is turned round only when it lies outside
Germany as given and inside Germany when swapped, so foreign places stay as they are.
"""
from __future__ import annotations

import json
from typing import Any

from .quirk_values import DROP, Found, short

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
            return DROP, [("geojson-unlesbar", f"GeoJSON {short(value)} ist unlesbar und wurde weggelassen.")]
    if not isinstance(value, dict):
        return DROP, [("geojson-unlesbar", f"GeoJSON {short(value)} ist unlesbar und wurde weggelassen.")]
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
