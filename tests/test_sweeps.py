"""Sweeps: drawn footprints and GPS tracks widened by their sight radius in metres."""

import math
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.conftest import District, count_rows, feature
from tests.geo import geodesic_area


def sweep(**overrides: Any) -> dict[str, Any]:
    props = {
        "inspectors": ["张伟", "刘芳"],
        "team": "河西社区一组",
        "started_at": "2019-07-20T09:00:00",
        "ended_at": "2019-07-20T11:30:00",
    }
    props.update(overrides)
    return props


def test_polygon_sweep(client: TestClient, district: District) -> None:
    geometry = district.rect(100, 100, 200, 300)
    response = client.post("/api/v1/sweeps", json=feature(geometry, **sweep()))
    assert response.status_code == 201, response.text
    props = response.json()["properties"]
    assert props["compound_id"] == district.compound_id
    assert props["community_id"] == district.community_id
    assert props["inspectors"] == ["张伟", "刘芳"]
    assert props["started_at"] == "2019-07-20T09:00:00+08:00"  # campaign time
    assert props["track"] is None
    assert props["area_m2"] == pytest.approx(geodesic_area(geometry), rel=1e-3)


def test_track_is_widened_by_its_sight_radius_in_metres(
    client: TestClient, district: District
) -> None:
    track = district.frame.line((150, 250), (250, 250))  # 100 m due east
    response = client.post("/api/v1/sweeps", json=feature(track, **sweep(sight_radius_m=10)))
    assert response.status_code == 201, response.text
    body = response.json()
    expected = 100 * 2 * 10 + math.pi * 10**2
    assert body["properties"]["area_m2"] == pytest.approx(expected, rel=0.01)
    assert body["properties"]["sight_radius_m"] == 10
    assert body["properties"]["track"]["type"] == "LineString"
    default = client.post("/api/v1/sweeps", json=feature(track, **sweep()))
    assert default.json()["properties"]["sight_radius_m"] == 10


def test_sweep_refusals(client: TestClient, district: District, db: psycopg.Connection) -> None:
    before = count_rows(db, "sweep")
    inside = district.rect(100, 100, 200, 200)
    cases = [
        (feature(inside, **sweep(ended_at="2019-07-20T08:00:00")), "before started_at"),
        (feature(inside, **sweep(inspectors=[])), "inspectors"),
        (feature(inside, **sweep(sight_radius_m=5)), "only to a GPS track"),
        (feature(district.rect(700, 700, 800, 800), **sweep()), "outside every compound"),
        (feature(district.frame.line((150, 150), (150, 150)), **sweep()), "no length"),
    ]
    for body, words in cases:
        response = client.post("/api/v1/sweeps", json=body)
        assert response.status_code == 422, body
        assert words in response.json()["detail"], response.json()["detail"]
    assert count_rows(db, "sweep") == before


def test_sweep_filters(client: TestClient, district: District) -> None:
    west = client.post(
        "/api/v1/sweeps", json=feature(district.rect(100, 100, 200, 500), **sweep())
    ).json()["id"]
    later = client.post(
        "/api/v1/sweeps",
        json=feature(
            district.rect(320, 320, 480, 480),
            **sweep(started_at="2019-09-02T14:00:00", ended_at="2019-09-02T16:00:00"),
        ),
    ).json()["id"]

    def get(**params: Any) -> list[int]:
        response = client.get(
            "/api/v1/sweeps", params={"compound_id": district.compound_id, **params}
        )
        assert response.status_code == 200, response.text
        return [f["id"] for f in response.json()["features"]]

    assert get() == [west, later]
    assert get(grid_id=district.cells["ne"]) == [later]
    assert get(grid_id=district.cells["nw"]) == [west]
    assert get(swept_from="2019-09-02") == [later]
    assert get(swept_to="2019-07-20") == [west]
    assert get(swept_from="2019-07-21", swept_to="2019-09-01") == []


def test_sweep_patch_and_delete(client: TestClient, district: District) -> None:
    made = client.post(
        "/api/v1/sweeps", json=feature(district.rect(100, 100, 200, 200), **sweep())
    ).json()
    path = f"/api/v1/sweeps/{made['id']}"
    changed = client.patch(
        path, json={"properties": {"notes": "补充排查"}}, headers={"If-Match": '"1"'}
    )
    assert changed.status_code == 200 and changed.json()["properties"]["notes"] == "补充排查"
    wrong = client.patch(
        path, json={"properties": {"ended_at": "2019-07-19T08:00:00"}}, headers={"If-Match": '"2"'}
    )
    assert wrong.status_code == 422
    assert client.delete(path, params={"reason": "录入错误"}).status_code == 204
    assert client.get(path).status_code == 410
