"""spatial.validate without HTTP: what is accepted, refused and repaired."""

from typing import Any

import pytest
from shapely.geometry import MultiPolygon

from spatial.validate import (
    GeometryError,
    line_from_geojson,
    point_from_geojson,
    polygonal_from_geojson,
)

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[117.8, 39.25], [117.801, 39.25], [117.801, 39.251], [117.8, 39.251], [117.8, 39.25]]
    ],
}


def test_valid_polygon_becomes_a_multipolygon() -> None:
    checked = polygonal_from_geojson(SQUARE)
    assert isinstance(checked.geometry, MultiPolygon)
    assert not checked.repaired and checked.note is None


def test_spike_is_repaired_to_its_polygonal_part() -> None:
    # A square with a zero-width spike: invalid (self-touching) until repaired.
    ring = [[0, 0], [2, 0], [2, 1], [3, 1], [2, 1], [2, 2], [0, 2], [0, 0]]
    geometry = {"type": "Polygon", "coordinates": [ring]}
    with pytest.raises(GeometryError):
        polygonal_from_geojson(geometry)
    checked = polygonal_from_geojson(geometry, repair=True)
    assert checked.repaired and checked.geometry.is_valid
    assert checked.geometry.area == pytest.approx(4)


def test_a_line_cannot_be_repaired_into_a_polygon() -> None:
    flat = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [2, 0], [0, 0]]]}
    with pytest.raises(GeometryError, match="cannot be repaired"):
        polygonal_from_geojson(flat, repair=True)


@pytest.mark.parametrize(
    "geometry, words",
    [
        ("not a dict", "GeoJSON geometry object"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, True], [1, 1], [0, 0]]]}, "non-number"),
        ({"type": "Polygon", "coordinates": [[[0], [1, 0], [1, 1], [0]]]}, "fewer than 2"),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [float("inf"), 0], [1, 1], [0, 0]]]},
            "not finite",
        ),
        ({"type": "Polygon", "coordinates": 5}, "must be an array"),
    ],
)
def test_refusals(geometry: Any, words: str) -> None:
    with pytest.raises(GeometryError, match=words):
        polygonal_from_geojson(geometry)


def test_points_and_lines() -> None:
    assert point_from_geojson({"type": "Point", "coordinates": [117.8, 39.25, 4]}).has_z is False
    with pytest.raises(GeometryError, match="not accepted"):
        point_from_geojson(SQUARE)
    line = line_from_geojson(
        {"type": "LineString", "coordinates": [[117.8, 39.25], [117.81, 39.25]]}
    )
    assert line.length > 0
