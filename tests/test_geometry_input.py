"""Every geometry refusal answers 422 with a reason (and where, when known), and
writes nothing; ?repair=true repairs instead and says so."""

import json
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.conftest import District, count_rows, feature, violation_properties
from tests.geo import geodesic_area


def post_raw(client: TestClient, body: str, **params: Any) -> Any:
    return client.post(
        "/api/v1/violations",
        content=body,
        params=params,
        headers={"Content-Type": "application/json"},
    )


def bowtie(district: District) -> dict[str, Any]:
    """A square drawn with two corners swapped: it crosses itself at its middle."""
    ring = district.rect(120, 120, 140, 140)["coordinates"][0]
    a, b, c, d, _ = ring
    return {"type": "Polygon", "coordinates": [[a, c, b, d, a]]}


def test_self_intersection_is_refused_with_its_location(
    client: TestClient, district: District, db: psycopg.Connection
) -> None:
    before = count_rows(db, "violation"), count_rows(db, "violation_event")
    geometry = bowtie(district)
    response = client.post("/api/v1/violations", json=feature(geometry, **violation_properties()))
    assert response.status_code == 422
    body = response.json()
    assert "Self-intersection" in body["detail"] and "repair=true" in body["detail"]
    lon, lat = body["where"]
    centre = district.frame.point(130, 130)["coordinates"]
    assert lon == pytest.approx(centre[0], abs=1e-5) and lat == pytest.approx(centre[1], abs=1e-5)
    assert (count_rows(db, "violation"), count_rows(db, "violation_event")) == before


def test_repair_keeps_the_polygonal_part_and_says_so(
    client: TestClient, district: District
) -> None:
    response = client.post(
        "/api/v1/violations",
        params={"repair": "true"},
        json=feature(bowtie(district), **violation_properties()),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["repaired"] is True and "Self-intersection" in body["repair_note"]
    assert body["properties"]["geom_repaired"] is True
    # The bow-tie becomes two triangles: half of the 20 x 20 m square.
    assert body["properties"]["mapped_area_m2"] == pytest.approx(200, rel=1e-3)
    assert body["properties"]["mapped_area_m2"] == pytest.approx(
        geodesic_area(body["geometry"]), rel=1e-3
    )
    again = client.get(f"/api/v1/violations/{body['id']}").json()
    assert "repaired" not in again and again["properties"]["geom_repaired"] is True


def refusals(district: District) -> dict[str, tuple[Any, str]]:
    square = district.rect(120, 120, 130, 130)
    ring = square["coordinates"][0]
    return {
        "point": ({"type": "Point", "coordinates": ring[0]}, "geometry type 'Point'"),
        "line": ({"type": "LineString", "coordinates": ring}, "'LineString' is not accepted"),
        "collection": (
            {"type": "GeometryCollection", "geometries": [square]},
            "GeometryCollection",
        ),
        "empty polygon": ({"type": "Polygon", "coordinates": []}, "empty"),
        "empty multipolygon": ({"type": "MultiPolygon", "coordinates": []}, "empty"),
        "no coordinates": ({"type": "Polygon"}, "no 'coordinates'"),
        "longitude out of range": (
            {"type": "Polygon", "coordinates": [[[181, 39], [182, 39], [182, 40], [181, 39]]]},
            "outside lon -180..180",
        ),
        "latitude out of range": (
            {
                "type": "Polygon",
                "coordinates": [[[39.25, 117.8], [39.26, 117.8], [39.26, 117.81], [39.25, 117.8]]],
            },
            "swapped",
        ),
        "unclosed ring": ({"type": "Polygon", "coordinates": [ring[:4]]}, "not closed"),
        "too few positions": (
            {"type": "Polygon", "coordinates": [[ring[0], ring[1], ring[0]]]},
            "at least 4",
        ),
        "text coordinates": (
            {"type": "Polygon", "coordinates": [[["a", "b"], ring[1], ring[2], ring[0]]]},
            "non-number",
        ),
        "missing geometry": (None, "geometry (Polygon or MultiPolygon) is required"),
        "hole outside shell": (
            {
                "type": "Polygon",
                "coordinates": [ring, district.rect(200, 200, 205, 205)["coordinates"][0]],
            },
            "invalid geometry",
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "point",
        "line",
        "collection",
        "empty polygon",
        "empty multipolygon",
        "no coordinates",
        "longitude out of range",
        "latitude out of range",
        "unclosed ring",
        "too few positions",
        "text coordinates",
        "missing geometry",
        "hole outside shell",
    ],
)
def test_refusals(
    client: TestClient, district: District, db: psycopg.Connection, case: str
) -> None:
    geometry, words = refusals(district)[case]
    before = count_rows(db, "violation")
    response = client.post("/api/v1/violations", json=feature(geometry, **violation_properties()))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert words in response.json()["detail"], response.json()["detail"]
    assert count_rows(db, "violation") == before


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_coordinates_are_refused(
    client: TestClient, district: District, db: psycopg.Connection, token: str
) -> None:
    ring = district.rect(120, 120, 130, 130)["coordinates"][0]
    body = json.dumps(feature({"type": "Polygon", "coordinates": [ring]}, **violation_properties()))
    body = body.replace(repr(ring[1][0]), token, 1)
    assert token in body
    before = count_rows(db, "violation")
    response = post_raw(client, body)
    assert response.status_code == 422, response.text
    assert "not finite" in response.json()["detail"]
    assert count_rows(db, "violation") == before


def test_not_a_feature(client: TestClient, district: District) -> None:
    response = client.post("/api/v1/violations", json=district.rect(120, 120, 130, 130))
    assert response.status_code == 422
    assert "type" in response.json()["detail"]
    response = post_raw(client, "{not json")
    assert response.status_code == 422


def test_invalid_geometry_on_places_too(client: TestClient, district: District) -> None:
    response = client.post(
        "/api/v1/grids",
        json=feature(bowtie(district), compound_id=district.compound_id, code="bad", name="坏网格"),
    )
    assert response.status_code == 422
    assert "Self-intersection" in response.json()["detail"]


def test_z_coordinates_are_dropped(client: TestClient, district: District) -> None:
    ring = [[*pos, 3.5] for pos in district.rect(120, 120, 130, 130)["coordinates"][0]]
    response = client.post(
        "/api/v1/violations",
        json=feature({"type": "Polygon", "coordinates": [ring]}, **violation_properties()),
    )
    assert response.status_code == 201, response.text
    assert all(len(pos) == 2 for pos in response.json()["geometry"]["coordinates"][0][0])
