"""PostGIS figures against the Shapely + pyproj reference, on random shapes (0.5%)."""

import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPoint, box, shape

from spatial import reference
from tests.geo import Frame
from tests.test_analytics import Cells

_grounds = itertools.count()

coordinate = st.tuples(st.floats(90, 210), st.floats(100, 200))
# A convex shape from 3–6 random points, big enough not to be a sliver.
shapes = st.lists(coordinate, min_size=3, max_size=6).map(lambda pts: MultiPoint(pts).convex_hull)
COMPOUND = box(100, 100, 300, 200)
footprints = st.lists(
    shapes.filter(lambda g: g.geom_type == "Polygon" and g.intersection(COMPOUND).area > 4),
    min_size=1,
    max_size=5,
)


def lonlat(frame: Frame, metric: Any) -> dict[str, Any]:
    return frame.geojson(metric)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(standing=footprints, swept=footprints)
def test_postgis_agrees_with_the_reference(client: TestClient, standing: list, swept: list) -> None:
    k = next(_grounds)
    frame = Frame(100.0 + (k % 100) * 0.05, 20.0 + (k // 100) * 0.05)
    cells = Cells(client, frame)
    for polygon in standing:
        # Random footprints may overlap: confirmed, so that overlaps are tested too.
        response = client.post(
            "/api/v1/violations",
            params={"confirm_overlap": "true"},
            json={
                "type": "Feature",
                "geometry": lonlat(frame, polygon),
                "properties": {
                    "structure_type": "shed",
                    "built_date": "2015-01-01",
                    "found_date": "2019-07-20",
                },
            },
        )
        assert response.status_code == 201, response.text
    for polygon in swept:
        cells.sweep(lonlat(frame, polygon))

    cell = shape(client.get(f"/api/v1/grids/{cells.west}").json()["geometry"])
    standing_ll = [shape(lonlat(frame, p)) for p in standing]
    swept_ll = [shape(lonlat(frame, p)) for p in swept]
    stats = cells.stats(cells.west)

    expected_occupied = reference.occupied_area(cell, standing_ll)
    expected_swept, expected_ratio = reference.coverage(cell, swept_ll)
    assert stats["occupied_m2"] == pytest.approx(expected_occupied, rel=5e-3, abs=0.05)
    assert stats["swept_m2"] == pytest.approx(expected_swept, rel=5e-3, abs=0.05)
    assert stats["coverage_ratio"] == pytest.approx(expected_ratio, rel=5e-3, abs=1e-5)
    gap = client.get(f"/api/v1/grids/{cells.west}/gaps").json()["properties"]["gap_m2"]
    expected_gap = reference.geodesic_area(reference.gaps(cell, swept_ll))
    assert gap == pytest.approx(expected_gap, rel=5e-3, abs=0.05)


def test_track_footprint_agrees(client: TestClient) -> None:
    frame = Frame(121.0, 31.0)
    cells = Cells(client, frame)
    track = frame.line((120, 150), (180, 170), (260, 130))
    sweep = client.get(f"/api/v1/sweeps/{cells.sweep(track, sight_radius_m=7)}").json()
    expected = reference.geodesic_area(reference.track_footprint(shape(track), 7))
    assert sweep["properties"]["area_m2"] == pytest.approx(expected, rel=5e-3)
