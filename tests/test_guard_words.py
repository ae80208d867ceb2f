"""Clear words: refusals say what the person can do, in the terms of the campaign —
not of another part of the service, nor of the geometry library."""

from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.conftest import District, count_rows, feature
from tests.test_writeoffs import demolished


def sweep(**overrides: Any) -> dict[str, Any]:
    props = {
        "inspectors": ["周八"],
        "started_at": "2019-07-20T09:00:00",
        "ended_at": "2019-07-20T10:00:00",
    }
    props.update(overrides)
    return props


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_an_inspector_deciding_a_write_off_is_told_who_decides(
    client: TestClient,
    make_violation: Any,
    district: District,
    login_as: Any,
    decision: str,
) -> None:
    vid = demolished(client, make_violation)
    inspector = login_as("inspector", [district.community_id])
    asked = client.post(
        f"/api/v1/violations/{vid}/write-off-requests",
        json={"evidence": "拆除后照片3张"},
        headers=inspector,
    )
    assert asked.status_code == 201, asked.text
    history = client.get(f"/api/v1/violations/{vid}/history").json()["events"]
    refused = client.post(
        f"/api/v1/write-off-requests/{asked.json()['id']}/{decision}",
        json={"reason": "材料齐全"},
        headers=inspector,
    )
    assert refused.status_code == 403, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    detail = refused.json()["detail"]
    assert detail.startswith("an inspector may not decide on a write-off")
    assert "only the street office approves a write-off request or sends it back" in detail
    assert "API key" not in detail and "users" not in detail
    request = client.get("/api/v1/write-off-requests", params={"state": "pending"}).json()
    assert asked.json()["id"] in [r["id"] for r in request["requests"]]
    assert client.get(f"/api/v1/violations/{vid}/history").json()["events"] == history


def test_a_multilinestring_track_is_refused_about_tracks(
    client: TestClient, db: psycopg.Connection, district: District
) -> None:
    before = count_rows(db, "sweep")
    first = district.frame.line((150, 150), (250, 150))
    second = district.frame.line((150, 250), (250, 250))
    track = {
        "type": "MultiLineString",
        "coordinates": [first["coordinates"], second["coordinates"]],
    }
    response = client.post("/api/v1/sweeps", json=feature(track, **sweep()))
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert detail.startswith("a GPS track must be one line (LineString)")
    assert "this MultiLineString has 2 parts" in detail
    assert "send each part as its own sweep" in detail
    assert count_rows(db, "sweep") == before

    # Each part on its own is a track.
    for part in (first, second):
        made = client.post("/api/v1/sweeps", json=feature(part, **sweep()))
        assert made.status_code == 201, made.text


@pytest.mark.parametrize("positions", [1, 0])
def test_a_track_of_one_position_is_refused_in_plain_words(
    client: TestClient, db: psycopg.Connection, district: District, positions: int
) -> None:
    before = count_rows(db, "sweep")
    point = district.frame.point(150, 150)["coordinates"]
    track = {"type": "LineString", "coordinates": [point] * positions}
    response = client.post("/api/v1/sweeps", json=feature(track, **sweep()))
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    plural = "" if positions == 1 else "s"
    assert detail.startswith(f"the line has {positions} position{plural}; a line (a GPS track)")
    assert "needs at least 2" in detail
    for geos in ("IllegalArgument", "point array", "cannot be read"):
        assert geos not in detail
    assert count_rows(db, "sweep") == before


def test_a_point_is_not_a_sweep(client: TestClient, district: District) -> None:
    response = client.post(
        "/api/v1/sweeps", json=feature(district.frame.point(150, 150), **sweep())
    )
    assert response.status_code == 422
    assert "geometry type 'Point' is not a sweep" in response.json()["detail"]
