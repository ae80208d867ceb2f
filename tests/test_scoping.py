"""Inspectors see and change only their communities' records; nothing of another
community leaks, not even its existence (404, not 403)."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import District, build_district, feature, violation_properties
from tests.geo import Frame


@pytest.fixture()
def two_districts(
    client: TestClient, district: District, frame: Frame
) -> tuple[District, District]:
    """The fixture district (mine) and a second one next door (theirs)."""
    theirs = build_district(client, Frame(frame.lon0 + 0.02, frame.lat0))
    return district, theirs


def register(client: TestClient, where: District, headers: dict[str, str] | None = None) -> Any:
    return client.post(
        "/api/v1/violations",
        json=feature(where.rect(120, 120, 130, 130), **violation_properties(party_name="孙七")),
        headers=headers or {},
    )


def test_inspector_reads_only_their_communities(
    client: TestClient, two_districts: tuple[District, District], login_as: Any
) -> None:
    mine, theirs = two_districts
    my_violation = register(client, mine).json()["id"]
    their_violation = register(client, theirs).json()["id"]
    inspector = login_as("inspector", [mine.community_id])

    listed = client.get("/api/v1/violations", headers=inspector).json()
    ids = {f["id"] for f in listed["features"]}
    assert my_violation in ids and their_violation not in ids
    assert {f["properties"]["community_id"] for f in listed["features"]} == {mine.community_id}
    asked = client.get(
        "/api/v1/violations", params={"community_id": theirs.community_id}, headers=inspector
    ).json()
    assert asked["numberMatched"] == 0

    for path in (
        f"/api/v1/violations/{their_violation}",
        f"/api/v1/violations/{their_violation}/history",
        f"/api/v1/communities/{theirs.community_id}",
        f"/api/v1/compounds/{theirs.compound_id}",
        f"/api/v1/grids/{theirs.cells['sw']}",
    ):
        response = client.get(path, headers=inspector)
        assert response.status_code == 404, path
    nothing = client.get("/api/v1/violations/987654321", headers=inspector)
    hidden = client.get(f"/api/v1/violations/{their_violation}", headers=inspector)
    assert hidden.json()["detail"] == nothing.json()["detail"].replace(
        "987654321", str(their_violation)
    )
    communities = client.get("/api/v1/communities", headers=inspector).json()
    assert [f["id"] for f in communities["features"]] == [mine.community_id]
    assert client.get(f"/api/v1/violations/{my_violation}", headers=inspector).status_code == 200


def test_inspector_writes_only_their_communities(
    client: TestClient, two_districts: tuple[District, District], login_as: Any
) -> None:
    mine, theirs = two_districts
    their_violation = register(client, theirs).json()["id"]
    inspector = login_as("inspector", [mine.community_id])
    headers = {**inspector, "If-Match": '"1"'}

    first = register(client, mine, inspector)
    assert first.status_code == 201
    refused = register(client, theirs, inspector)
    assert refused.status_code == 403
    assert "not one of yours" in refused.json()["detail"]
    path = f"/api/v1/violations/{their_violation}"
    assert (
        client.patch(path, json={"properties": {"floors": 2}}, headers=headers).status_code == 404
    )
    assert client.delete(path, params={"reason": "试试"}, headers=inspector).status_code == 404
    assert client.get(path).json()["properties"]["floors"] == 1  # untouched

    household = client.post(
        "/api/v1/households",
        headers=inspector,
        json=feature(None, compound_id=theirs.compound_id, building="1号楼"),
    )
    assert household.status_code == 422
    assert "does not exist" in household.json()["detail"]
    sweep = client.post(
        "/api/v1/sweeps",
        headers=inspector,
        json=feature(
            theirs.rect(100, 100, 200, 200),
            inspectors=["我"],
            started_at="2019-07-20T09:00",
            ended_at="2019-07-20T10:00",
        ),
    )
    assert sweep.status_code == 403

    # Moving my violation into their community is refused too.
    moved = client.patch(
        f"/api/v1/violations/{first.json()['id']}",
        json={"geometry": theirs.rect(120, 120, 130, 130)},
        headers=headers,
    )
    assert moved.status_code == 403


def test_public_sees_only_aggregates(client: TestClient, district: District) -> None:
    register(client, district)
    anonymous = {"Authorization": ""}
    assert client.get("/api/v1/violations", headers=anonymous).status_code == 401
    response = client.get("/api/v1/public/compounds", headers=anonymous)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geo+json"
    assert "孙七" not in response.text and "party" not in response.text
    mine = [f for f in response.json()["features"] if f["id"] == district.compound_id][0]
    assert mine["properties"]["violations"] == 1 and mine["properties"]["standing"] == 1
