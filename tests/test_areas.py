"""Mapped areas are geodesic: checked against pyproj.Geod on the same polygons (0.1%)."""

import math
from typing import Any

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import Polygon, box

from tests.conftest import District, feature, violation_properties
from tests.geo import geodesic_area

SHAPES = {
    "rectangle 10 x 8 m": box(120, 120, 130, 128),
    "thin wall 30 x 0.3 m": box(150, 150, 180, 150.3),
    "L-shaped extension": Polygon(
        [(200, 200), (215, 200), (215, 205), (205, 205), (205, 215), (200, 215)]
    ),
    "yard with a hole": Polygon(
        [(400, 400), (420, 400), (420, 420), (400, 420)],
        [[(405, 405), (410, 405), (410, 410), (405, 410)]],
    ),
    "rotated shed": Polygon(
        [(250 + 8 * math.cos(a), 250 + 8 * math.sin(a)) for a in (0.3, 1.9, 3.4, 5.0)]
    ),
}


@pytest.mark.parametrize("name", SHAPES)
def test_mapped_area_matches_pyproj(client: TestClient, district: District, name: str) -> None:
    geometry = district.frame.geojson(SHAPES[name])
    response = client.post("/api/v1/violations", json=feature(geometry, **violation_properties()))
    assert response.status_code == 201, response.text
    expected = geodesic_area(geometry)
    got = response.json()["properties"]["mapped_area_m2"]
    assert got == pytest.approx(expected, rel=1e-3, abs=0.01)
    assert expected == pytest.approx(SHAPES[name].area, rel=1e-3)  # the frame is in metres


def test_multipolygon_area(client: TestClient, district: District) -> None:
    parts = [
        district.frame.geojson(box(120, 120, 125, 125)),
        district.frame.geojson(box(140, 140, 150, 146)),
    ]
    geometry: dict[str, Any] = {
        "type": "MultiPolygon",
        "coordinates": [parts[0]["coordinates"], parts[1]["coordinates"]],
    }
    response = client.post("/api/v1/violations", json=feature(geometry, **violation_properties()))
    assert response.status_code == 201, response.text
    got = response.json()["properties"]["mapped_area_m2"]
    assert got == pytest.approx(geodesic_area(geometry), rel=1e-3)
    assert got == pytest.approx(25 + 60, rel=1e-3)


def test_place_areas(client: TestClient, district: District) -> None:
    cell = client.get(f"/api/v1/grids/{district.cells['sw']}").json()
    assert cell["properties"]["area_m2"] == pytest.approx(geodesic_area(cell["geometry"]), rel=1e-3)
    assert cell["properties"]["area_m2"] == pytest.approx(200 * 200, rel=1e-3)
    compound = client.get(f"/api/v1/compounds/{district.compound_id}").json()
    assert compound["properties"]["area_m2"] == pytest.approx(400 * 400, rel=1e-3)
    community = client.get(f"/api/v1/communities/{district.community_id}").json()
    assert community["properties"]["area_m2"] == pytest.approx(1000 * 1000, rel=1e-3)
