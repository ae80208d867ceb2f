"""Households: a point inside their compound (or none), linked to violations."""

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import District, feature


def household(district: District, **overrides: Any) -> dict[str, Any]:
    props = {
        "compound_id": district.compound_id,
        "building": "3号楼",
        "unit": "2单元",
        "room": "301",
        "party_name": "赵敏",
        "party_phone": "10087654321",
    }
    props.update(overrides)
    return props


def test_household_round_trip(client: TestClient, district: District, make_violation: Any) -> None:
    made = client.post(
        "/api/v1/households", json=feature(district.frame.point(150, 150), **household(district))
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["geometry"]["type"] == "Point"
    assert body["properties"]["community_id"] == district.community_id
    hid = body["id"]
    vid = make_violation(household_id=hid)["id"]
    listed = client.get("/api/v1/violations", params={"household_id": hid}).json()
    assert [f["id"] for f in listed["features"]] == [vid]
    refused = client.delete(f"/api/v1/households/{hid}", params={"reason": "搬迁"})
    assert refused.status_code == 409
    cleared = client.patch(
        f"/api/v1/households/{hid}", json={"geometry": None}, headers={"If-Match": '"1"'}
    )
    assert cleared.status_code == 200 and cleared.json()["geometry"] is None


def test_household_refusals(client: TestClient, district: District) -> None:
    outside = client.post(
        "/api/v1/households", json=feature(district.frame.point(800, 800), **household(district))
    )
    assert outside.status_code == 422
    assert "outside compound" in outside.json()["detail"]
    no_point = client.post("/api/v1/households", json=feature(None, **household(district)))
    assert no_point.status_code == 201 and no_point.json()["geometry"] is None
    bad_type = client.post(
        "/api/v1/households", json=feature(district.rect(120, 120, 130, 130), **household(district))
    )
    assert bad_type.status_code == 422
    unknown = client.post(
        "/api/v1/violations",
        json=feature(
            district.rect(120, 120, 130, 130),
            structure_type="shed",
            built_date="2015-01-01",
            found_date="2019-07-20",
            household_id=987654321,
        ),
    )
    assert unknown.status_code == 422
    assert "household 987654321 does not exist" in unknown.json()["detail"]
