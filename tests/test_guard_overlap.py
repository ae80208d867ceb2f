"""One structure registered twice: a footprint overlapping a standing violation by more
than WEIJIAN_DUPLICATE_OVERLAP (80%) of the smaller one answers 409 naming it, writes
nothing, and goes through only with confirm_overlap=true, which the history records.
The share is geodesic (PostGIS geography), checked against pyproj.Geod."""

from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from shapely.geometry import mapping, shape

from tests.complaints import complaint_id, reset_window, send_public
from tests.complaints import move as move_complaint
from tests.conftest import ADMIN, District, count_rows, feature, violation_properties
from tests.geo import geodesic_area
from tests.test_workflow import move

PATH = "/api/v1/violations"


def rows(db: psycopg.Connection) -> tuple[int, int]:
    return count_rows(db, "violation"), count_rows(db, "violation_event")


def register(client: TestClient, district: District, rect: tuple[float, ...], **params: Any) -> Any:
    return client.post(
        PATH, json=feature(district.rect(*rect), **violation_properties()), params=params
    )


def independent_share(a: dict[str, Any], b: dict[str, Any]) -> float:
    """Shared area over the smaller one's, by Shapely and pyproj.Geod (no PostGIS)."""
    shared = shape(a).intersection(shape(b))
    return geodesic_area(dict(mapping(shared))) / min(geodesic_area(a), geodesic_area(b))


def test_a_duplicate_footprint_is_refused_naming_the_other(
    client: TestClient, db: psycopg.Connection, district: District
) -> None:
    first = register(client, district, (120, 120, 130, 130))
    assert first.status_code == 201, first.text
    first_id = first.json()["id"]
    before = rows(db)
    # 9 × 10 m of a 10 × 10 m footprint: 90% of the smaller.
    refused = register(client, district, (121, 120, 131, 130))
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    body = refused.json()
    assert f"overlaps violation {first_id} (registered) by 90% of the smaller" in body["detail"]
    assert "confirm_overlap=true" in body["detail"]
    expected = independent_share(
        district.rect(120, 120, 130, 130), district.rect(121, 120, 131, 130)
    )
    assert expected == pytest.approx(0.9, abs=1e-3)
    assert body["overlaps"]["violation_id"] == first_id
    assert body["overlaps"]["share"] == pytest.approx(expected, abs=1e-4)
    assert body["overlaps"]["shared_m2"] == pytest.approx(90, abs=0.05)
    assert rows(db) == before

    # The smaller one counts: a 10 × 10 m shed inside a 20 × 20 m yard is 100% of it.
    inside = register(client, district, (115, 115, 135, 135))
    assert inside.status_code == 409
    assert inside.json()["overlaps"]["share"] == pytest.approx(1, abs=1e-4)
    assert rows(db) == before

    # Confirmed: registered, and the history says over which one.
    confirmed = register(client, district, (121, 120, 131, 130), confirm_overlap="true")
    assert confirmed.status_code == 201, confirmed.text
    events = client.get(f"{PATH}/{confirmed.json()['id']}/history").json()["events"]
    (created,) = events
    recorded = created["diff"]["overlap_confirmed"]
    assert recorded[0] is None and recorded[1]["violation_id"] == first_id
    assert recorded[1]["share"] == pytest.approx(expected, abs=1e-4)


def test_small_overlaps_and_removed_structures_pass(client: TestClient, district: District) -> None:
    first = register(client, district, (120, 120, 130, 130)).json()["id"]
    # 7 × 10 m: 70%, below the limit.
    assert register(client, district, (123, 120, 133, 130)).status_code == 201
    assert register(client, district, (130, 120, 140, 130)).status_code == 201  # an edge
    # Dismissed: it no longer stands, so the same ground may be registered again.
    assert move(client, first, to="dismissed", reason="重复登记").status_code == 200
    again = register(client, district, (120, 120, 130, 130))
    assert again.status_code == 201, again.text
    assert (
        "overlap_confirmed"
        not in (client.get(f"{PATH}/{again.json()['id']}/history").json()["events"][0]["diff"])
    )


def test_redrawing_over_another_is_refused_unless_confirmed(
    client: TestClient, db: psycopg.Connection, district: District
) -> None:
    first = register(client, district, (120, 120, 130, 130)).json()["id"]
    second = register(client, district, (160, 120, 170, 130))
    etag = second.headers["etag"]
    vid = second.json()["id"]
    body = {"type": "Feature", "geometry": district.rect(120, 121, 130, 131)}
    before = rows(db)
    refused = client.patch(f"{PATH}/{vid}", json=body, headers={"If-Match": etag})
    assert refused.status_code == 409, refused.text
    assert f"overlaps violation {first}" in refused.json()["detail"]
    assert rows(db) == before
    assert client.get(f"{PATH}/{vid}").headers["etag"] == etag
    # Redrawing itself (its own old footprint) is no duplicate.
    itself = client.patch(
        f"{PATH}/{vid}",
        json={"type": "Feature", "geometry": district.rect(160, 121, 170, 131)},
        headers={"If-Match": etag},
    )
    assert itself.status_code == 200, itself.text
    confirmed = client.patch(
        f"{PATH}/{vid}",
        json=body,
        headers={"If-Match": itself.headers["etag"]},
        params={"confirm_overlap": "true"},
    )
    assert confirmed.status_code == 200, confirmed.text
    last = client.get(f"{PATH}/{vid}/history").json()["events"][-1]
    assert last["diff"]["overlap_confirmed"][1]["violation_id"] == first


def test_an_inspector_is_not_told_another_communitys_record(
    client: TestClient, district: District, login_as: Any
) -> None:
    """Across a community border the other record is not named to an inspector who may
    not see it."""
    # The community is 0..1000 m; a neighbour east of it shares the ground from 1000 m.
    frame = district.frame
    neighbour = client.post(
        "/api/v1/communities",
        json=feature(frame.rect(1000, 0, 2000, 1000), code=f"N{frame.lon0}", name="邻社区"),
    )
    assert neighbour.status_code == 201, neighbour.text
    compound = client.post(
        "/api/v1/compounds",
        json=feature(
            frame.rect(1000, 100, 1500, 500),
            community_id=neighbour.json()["id"],
            code=f"NK{frame.lon0}",
            name="邻小区",
        ),
    )
    assert compound.status_code == 201, compound.text
    east = client.post(
        PATH, json=feature(frame.rect(995, 120, 1015, 130), **violation_properties())
    )
    assert east.status_code == 201, east.text
    assert east.json()["properties"]["community_id"] == neighbour.json()["id"]
    # A second compound of ours, up to the border.
    ours = client.post(
        "/api/v1/compounds",
        json=feature(
            frame.rect(600, 100, 1000, 500),
            community_id=district.community_id,
            code=f"OK{frame.lon0}",
            name="边界小区",
        ),
    )
    assert ours.status_code == 201, ours.text
    inspector = login_as("inspector", [district.community_id])
    refused = client.post(
        PATH,
        # 5 m of its 7 m in ours, all of it over the neighbour's: 100% of the smaller.
        json=feature(frame.rect(995, 120, 1002, 130), **violation_properties()),
        headers=inspector,
    )
    assert refused.status_code == 409, refused.text
    assert "a standing violation of another community" in refused.json()["detail"]
    assert f"violation {east.json()['id']}" not in refused.json()["detail"]
    assert refused.json()["overlaps"]["violation_id"] is None


def test_a_complaint_verified_with_a_duplicate_is_refused_unless_confirmed(
    client: TestClient, db: psycopg.Connection, district: District
) -> None:
    """Verifying a complaint by registering a violation over a standing one: link that
    one instead, or confirm it is another structure."""
    reset_window(client)
    cid = complaint_id(db, send_public(client, district)["tracking_no"])
    assert move_complaint(client, cid, "assigned", assigned_to=ADMIN[0]).status_code == 200
    standing = register(client, district, (120, 120, 130, 130)).json()["id"]
    new = feature(district.rect(120, 121, 130, 131), **violation_properties())
    del new["properties"]["found_by"]
    path = f"/api/v1/complaints/{cid}/transitions"
    before = rows(db), client.get(f"/api/v1/complaints/{cid}").headers["etag"]

    def verify(**params: str) -> Any:
        etag = client.get(f"/api/v1/complaints/{cid}").headers["etag"]
        return client.post(
            path,
            json={"to": "verified", "violation": new},
            headers={"If-Match": etag},
            params=params,
        )

    refused = verify()
    assert refused.status_code == 409, refused.text
    assert f"overlaps violation {standing} (registered)" in refused.json()["detail"]
    assert (rows(db), client.get(f"/api/v1/complaints/{cid}").headers["etag"]) == before
    confirmed = verify(confirm_overlap="true")
    assert confirmed.status_code == 200, confirmed.text
    vid = confirmed.json()["properties"]["violation_id"]
    created = client.get(f"{PATH}/{vid}/history").json()["events"][0]
    assert created["diff"]["overlap_confirmed"][1]["violation_id"] == standing


def test_confirm_overlap_is_a_declared_parameter(client: TestClient, district: District) -> None:
    """Declared on the collection's writes (Operation.query): documented on the routes it
    belongs to, refused (400) when it is no boolean, and unknown on the others."""
    spec = client.get("/openapi.json").json()["paths"]

    def query_names(path: str, method: str) -> set[str]:
        return {p["name"] for p in spec[path][method].get("parameters", []) if p["in"] == "query"}

    assert "confirm_overlap" in query_names("/api/v1/violations", "post")
    assert "confirm_overlap" in query_names("/api/v1/violations/{violation_id}", "patch")
    assert "confirm_overlap" not in query_names("/api/v1/violations/{violation_id}", "delete")
    assert "confirm_overlap" not in query_names("/api/v1/sweeps", "post")
    bad = register(client, district, (120, 120, 130, 130), confirm_overlap="perhaps")
    assert bad.status_code == 400, bad.text
    assert "confirm_overlap" in bad.json()["detail"]
