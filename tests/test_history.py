"""If-Match on changes, and the append-only history a series of edits leaves."""

from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.conftest import District


def patch(client: TestClient, vid: int, body: dict[str, Any], if_match: str | None) -> Any:
    headers = {"If-Match": if_match} if if_match is not None else {}
    return client.patch(f"/api/v1/violations/{vid}", json=body, headers=headers)


def test_if_match_rules(client: TestClient, make_violation: Any, db: psycopg.Connection) -> None:
    vid = make_violation()["id"]
    missing = patch(client, vid, {"properties": {"floors": 2}}, None)
    assert missing.status_code == 428
    assert "If-Match" in missing.json()["detail"]
    stale = patch(client, vid, {"properties": {"floors": 2}}, '"7"')
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 1
    garbage = patch(client, vid, {"properties": {"floors": 2}}, "yesterday")
    assert garbage.status_code == 412
    row = db.execute("SELECT floors, version FROM violation WHERE id = %s", (vid,)).fetchone()
    assert row == (1, 1)  # none of the refused changes was written
    weak = patch(client, vid, {"properties": {"floors": 2}}, 'W/"1"')
    assert weak.status_code == 200 and weak.headers["etag"] == '"2"'
    # Two clients read version 2; the first write wins, the second is told.
    first = patch(client, vid, {"properties": {"floors": 3}}, '"2"')
    second = patch(client, vid, {"properties": {"floors": 4}}, '"2"')
    assert (first.status_code, second.status_code) == (200, 412)
    assert client.get(f"/api/v1/violations/{vid}").json()["properties"]["floors"] == 3


def test_if_match_on_places(client: TestClient, district: District) -> None:
    path = f"/api/v1/compounds/{district.compound_id}"
    assert client.patch(path, json={"properties": {"name": "新名"}}).status_code == 428
    ok = client.patch(path, json={"properties": {"name": "新名"}}, headers={"If-Match": '"1"'})
    assert ok.status_code == 200 and ok.json()["properties"]["name"] == "新名"
    assert (
        client.patch(
            path, json={"properties": {"name": "又名"}}, headers={"If-Match": '"1"'}
        ).status_code
        == 412
    )


def test_history_after_a_series_of_edits(
    client: TestClient, district: District, make_violation: Any
) -> None:
    made = make_violation((120, 120, 130, 130), party_name="李四")
    vid = made["id"]
    steps = [
        {"properties": {"floors": 2, "notes": "二层"}},
        {"properties": {"party_phone": "10000000001"}},
        {"geometry": district.rect(120, 120, 135, 130)},
        {"properties": {"notes": None}},
    ]
    for version, body in enumerate(steps, start=1):
        response = patch(client, vid, body, f'"{version}"')
        assert response.status_code == 200, response.text
    assert (
        client.delete(
            f"/api/v1/violations/{vid}", params={"reason": "误报 false report"}
        ).status_code
        == 204
    )

    response = client.get(f"/api/v1/violations/{vid}/history")
    assert response.status_code == 200
    events = response.json()["events"]
    assert [e["kind"] for e in events] == [
        "created",
        "updated",
        "updated",
        "updated",
        "updated",
        "deleted",
    ]
    assert all(e["actor"] == "admin" and e["at"] and e["request_id"] for e in events)
    created = events[0]
    assert created["to_status"] == "registered"
    assert created["diff"]["party_name"] == [None, "李四"]
    assert created["diff"]["grid_id"] == [None, district.cells["sw"]]
    assert created["diff"]["geom"][1]["type"] == "MultiPolygon"
    assert events[1]["diff"] == {"floors": [1, 2], "notes": [None, "二层"]}
    assert events[2]["diff"] == {"party_phone": [None, "10000000001"]}
    geometry_change = events[3]["diff"]
    assert set(geometry_change) == {"geom"}
    old_geom, new_geom = geometry_change["geom"]
    assert old_geom != new_geom and new_geom["type"] == "MultiPolygon"
    assert events[4]["diff"] == {"notes": ["二层", None]}
    assert events[5]["reason"] == "误报 false report"
    assert events[5]["from_status"] == "registered"
    times = [e["at"] for e in events]
    assert times == sorted(times)


def test_history_cannot_be_rewritten(make_violation: Any, db: psycopg.Connection) -> None:
    vid = make_violation()["id"]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        db.execute(
            "UPDATE violation_event SET actor = 'someone else' WHERE violation_id = %s", (vid,)
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        db.execute("DELETE FROM violation_event WHERE violation_id = %s", (vid,))
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        db.execute("TRUNCATE violation_event CASCADE")
    row = db.execute(
        "SELECT count(*), min(actor) FROM violation_event WHERE violation_id = %s", (vid,)
    ).fetchone()
    assert row == (1, "admin")
