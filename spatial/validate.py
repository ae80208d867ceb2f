"""Checking and repairing GeoJSON geometry that users send.

Every geometry entering Weijian passes through `polygonal_from_geojson` (footprints)
or `point_from_geojson` / `line_from_geojson`. They refuse, with a reason a person
can act on and the place of the fault, anything PostGIS would store wrongly:
wrong type, empty, coordinates that are not finite or not lon/lat, and invalid
polygons (self-intersections, rings that are too short or unclosed, …). With
`repair=True`, an invalid polygon is repaired (GEOS MakeValid, structure method)
and only its polygonal part is kept.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import (
    GeometryCollection,
    LineString,
    MultiPolygon,
    Point,
    Polygon,
    shape,
)
from shapely.validation import explain_validity

POLYGONAL = ("Polygon", "MultiPolygon")


class GeometryError(ValueError):
    """Geometry a person must correct; `where` is [lon, lat] of the fault when known."""

    def __init__(self, reason: str, where: list[float] | None = None):
        super().__init__(reason)
        self.reason = reason
        self.where = where


@dataclass(frozen=True)
class CheckedPolygonal:
    geometry: MultiPolygon
    repaired: bool
    note: str | None = None  # what was wrong before the repair


def _walk_positions(coords: Any, path: str) -> Iterable[tuple[str, Any]]:
    """Yield (path, position) for each position of nested GeoJSON coordinates."""
    if not isinstance(coords, list | tuple):
        raise GeometryError(f"coordinates{path} must be an array, got {type(coords).__name__}")
    if coords and not isinstance(coords[0], list | tuple):
        yield path, coords
        return
    for i, item in enumerate(coords):
        yield from _walk_positions(item, f"{path}[{i}]")


def _check_positions(geometry: Mapping[str, Any]) -> None:
    coords = geometry.get("coordinates")
    if coords is None:
        raise GeometryError("the geometry has no 'coordinates'")
    for path, pos in _walk_positions(coords, ""):
        if len(pos) < 2:
            raise GeometryError(f"position coordinates{path} has fewer than 2 numbers")
        for value in pos[:2]:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise GeometryError(f"position coordinates{path} holds a non-number: {value!r}")
            if not math.isfinite(value):
                raise GeometryError(f"position coordinates{path} is not finite: {value!r}")
        lon, lat = pos[0], pos[1]
        if not -180 <= lon <= 180 or not -90 <= lat <= 90:
            hint = " (are longitude and latitude swapped?)" if -90 <= lon <= 90 < abs(lat) else ""
            raise GeometryError(
                f"position coordinates{path} = [{lon}, {lat}] is outside lon -180..180, "
                f"lat -90..90; send WGS84/CGCS2000 longitude, latitude{hint}",
                where=None,
            )


def _parse(geometry: Any, allowed: tuple[str, ...]) -> shapely.Geometry:
    if not isinstance(geometry, Mapping):
        raise GeometryError("the geometry must be a GeoJSON geometry object")
    kind = geometry.get("type")
    if kind not in allowed:
        raise GeometryError(
            f"geometry type {kind!r} is not accepted here; send {' or '.join(allowed)}"
        )
    _check_positions(geometry)
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError) as exc:
        raise GeometryError(f"the {kind} cannot be read: {exc}") from exc
    if geom.is_empty:
        raise GeometryError(f"the {kind} is empty")
    return shapely.force_2d(geom)


def _fault(geom: shapely.Geometry) -> GeometryError:
    """The validity fault as a reason and a location, from GEOS's explanation."""
    explanation = explain_validity(geom)  # e.g. "Self-intersection[117.8 39.25]"
    where = None
    reason = explanation
    if "[" in explanation and explanation.endswith("]"):
        reason, _, point = explanation.partition("[")
        try:
            where = [float(v) for v in point.rstrip("]").split()[:2]]
        except ValueError:
            where = None
    at = f" at [{where[0]}, {where[1]}]" if where else ""
    return GeometryError(
        f"invalid geometry: {reason.strip()}{at}; correct it, or send ?repair=true to have "
        "it repaired",
        where,
    )


def _polygonal_part(geom: shapely.Geometry) -> MultiPolygon:
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    if isinstance(geom, MultiPolygon):
        return geom
    if isinstance(geom, GeometryCollection):
        polygons: list[Polygon] = []
        for part in geom.geoms:
            if not part.is_empty and isinstance(part, Polygon | MultiPolygon):
                polygons.extend(_polygonal_part(part).geoms)
        return MultiPolygon(polygons)
    return MultiPolygon()


def _ring_lengths_ok(geometry: Mapping[str, Any]) -> None:
    """Rings need 4 positions and must be closed; report the ring at fault."""
    coords = geometry["coordinates"]
    polygons = [coords] if geometry["type"] == "Polygon" else coords
    for p, rings in enumerate(polygons):
        if not isinstance(rings, list | tuple) or not rings:
            raise GeometryError(f"polygon {p} has no rings")
        for r, ring in enumerate(rings):
            if len(ring) < 4:
                raise GeometryError(
                    f"ring {r} of polygon {p} has {len(ring)} positions; a ring needs at least "
                    "4 (the first repeated as the last)",
                    where=[float(ring[0][0]), float(ring[0][1])] if ring else None,
                )
            if list(ring[0][:2]) != list(ring[-1][:2]):
                raise GeometryError(
                    f"ring {r} of polygon {p} is not closed: it starts at {list(ring[0][:2])} "
                    f"and ends at {list(ring[-1][:2])}",
                    where=[float(ring[0][0]), float(ring[0][1])],
                )


def polygonal_from_geojson(geometry: Any, *, repair: bool = False) -> CheckedPolygonal:
    """A valid MultiPolygon from a GeoJSON Polygon/MultiPolygon, or GeometryError."""
    if isinstance(geometry, Mapping) and geometry.get("type") in POLYGONAL:
        _check_positions(geometry)
        if geometry["coordinates"]:
            _ring_lengths_ok(geometry)
    geom = _parse(geometry, POLYGONAL)
    if geom.is_valid:
        return CheckedPolygonal(_polygonal_part(geom), repaired=False)
    if not repair:
        raise _fault(geom)
    note = explain_validity(geom)
    fixed = _polygonal_part(shapely.make_valid(geom, method="structure", keep_collapsed=False))
    if fixed.is_empty or fixed.area == 0:
        raise GeometryError(f"the geometry cannot be repaired into a polygon ({note})")
    return CheckedPolygonal(fixed, repaired=True, note=note)


def point_from_geojson(geometry: Any) -> Point:
    geom = _parse(geometry, ("Point",))
    assert isinstance(geom, Point)
    return geom


def line_from_geojson(geometry: Any) -> LineString:
    """A LineString of at least two distinct positions (a GPS track), or GeometryError."""
    if isinstance(geometry, Mapping) and geometry.get("type") == "LineString":
        _check_positions(geometry)
        count = len(geometry["coordinates"])
        if count < 2:
            raise GeometryError(
                f"the line has {count} position{'' if count == 1 else 's'}; a line (a GPS "
                "track) needs at least 2, where the walk started and where it ended: send "
                "the whole track, or draw the ground covered as a polygon"
            )
    geom = _parse(geometry, ("LineString",))
    assert isinstance(geom, LineString)
    if geom.length == 0:
        raise GeometryError("the LineString has no length: all its positions are the same")
    return geom
