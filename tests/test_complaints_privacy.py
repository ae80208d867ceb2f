"""The reporter's identity is the street office's alone; complaints are scoped like
records — another community's answers 404, and one without a point is no
inspector's."""

from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.complaints import (
    PATH,
    REPORTER_NAME,
    REPORTER_PHONE,
    complaint_id,
    hotline,
    move,
    other_community,
    reset_window,
    send_public,
    username,
)
from tests.conftest import ANONYMOUS, District


@pytest.fixture(autouse=True)
def _fresh_window(client: TestClient) -> None:
    reset_window(client)


@pytest.fixture()
def handled(
    client: TestClient,
    district: District,
    login_as: Any,
    make_violation: Any,
    db: psycopg.Connection,
) -> dict[str, Any]:
    """A public complaint with the reporter's identity, assigned and verified; and one
    the 12345 platform pushed with the identity too."""
    receipt = send_public(client, district)
    cid = complaint_id(db, receipt["tracking_no"])
    inspector = login_as("inspector", [district.community_id])
    assert move(client, cid, "assigned", assigned_to=username(client, inspector)).status_code == 200
    violation = make_violation()
    assert move(client, cid, "verified", violation_id=violation["id"]).status_code == 200
    pushed = client.post(PATH, json=hotline(district, external_ref=f"GD-{cid}")).json()
    return {
        "id": cid,
        "pushed": pushed["id"],
        "tracking_no": receipt["tracking_no"],
        "violation": violation["id"],
        "inspector": inspector,
    }


def paths(handled: dict[str, Any], district: District) -> list[str]:
    cid = handled["id"]
    return [
        f"{PATH}?community_id={district.community_id}",
        f"{PATH}/{cid}",
        f"{PATH}/{handled['pushed']}",
        f"{PATH}/{cid}/history",
        f"{PATH}/{handled['pushed']}/history",
        f"/api/v1/violations/{handled['violation']}/history",
    ]


def bodies(client: TestClient, paths: list[str], headers: dict[str, str]) -> str:
    texts = []
    for path in paths:
        response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.text)
        texts.append(response.text)
    return "\n".join(texts)


def test_only_the_street_office_sees_who_complained(
    client: TestClient,
    handled: dict[str, Any],
    district: District,
    login_as: Any,
    api_key: Any,
) -> None:
    readers = {
        "viewer": login_as("viewer"),
        "inspector": handled["inspector"],
        "key read+pii": api_key("read", "pii"),
        "key write+pii": api_key("write", "pii"),
    }
    for role, headers in readers.items():
        text = bodies(client, paths(handled, district), headers)
        assert REPORTER_NAME not in text and REPORTER_PHONE not in text, role
        # Not even masked: the keys are absent.
        assert "reporter_" not in text, role
        assert REPORTER_NAME[0] + "*" not in text and "100****6666" not in text, role

    admin = bodies(client, paths(handled, district)[:3], {})
    # The list holds both complaints, then each on its own.
    assert admin.count(REPORTER_NAME) == 4 and admin.count(REPORTER_PHONE) == 4
    history = bodies(client, paths(handled, district)[3:], {})
    assert REPORTER_NAME not in history and REPORTER_PHONE not in history

    public = client.get(f"/api/v1/public/complaints/{handled['tracking_no']}", headers=ANONYMOUS)
    assert public.status_code == 200
    assert REPORTER_NAME not in public.text and REPORTER_PHONE not in public.text
    assert "reporter" not in public.text


def test_another_communitys_inspector_gets_404(
    client: TestClient, handled: dict[str, Any], district: District, login_as: Any
) -> None:
    stranger = login_as("inspector", [other_community(client, district)])
    for path in paths(handled, district)[1:5]:
        assert client.get(path, headers=stranger).status_code == 404, path
    listed = client.get(PATH, headers=stranger).json()
    assert handled["id"] not in {f["id"] for f in listed["features"]}
    asked = client.get(PATH, params={"community_id": district.community_id}, headers=stranger)
    assert asked.json()["numberMatched"] == 0


def test_a_complaint_without_a_point_is_no_inspectors(
    client: TestClient, district: District, login_as: Any, api_key: Any, db: psycopg.Connection
) -> None:
    made = client.post(PATH, json=hotline(None), headers=api_key("complaints:write")).json()
    cid = made["id"]
    inspector = login_as("inspector", [district.community_id])
    assert client.get(f"{PATH}/{cid}", headers=inspector).status_code == 404
    assert client.get(f"{PATH}/{cid}/history", headers=inspector).status_code == 404
    listed = client.get(PATH, params={"limit": 10000}, headers=inspector).json()
    assert cid not in {f["id"] for f in listed["features"]}
    # Unscoped readers see it (the viewer without the reporter); the admin places it.
    viewer = client.get(f"{PATH}/{cid}", headers=login_as("viewer"))
    assert viewer.status_code == 200 and "reporter_name" not in viewer.json()["properties"]
    assert client.get(f"{PATH}/{cid}").json()["properties"]["reporter_name"] == REPORTER_NAME
    who = username(client, inspector)
    refused = move(client, cid, "assigned", assigned_to=who)
    assert refused.status_code == 422 and "no community" in refused.json()["detail"]

    placed = client.patch(
        f"{PATH}/{cid}",
        json={"geometry": district.frame.point(300, 300), "properties": {"address": "7号楼"}},
        headers={"If-Match": '"1"'},
    )
    assert placed.status_code == 200, placed.text
    props = placed.json()["properties"]
    assert props["community_id"] == district.community_id
    assert props["compound_id"] == district.compound_id and props["address"] == "7号楼"
    assert client.get(f"{PATH}/{cid}", headers=inspector).status_code == 200
    assert move(client, cid, "assigned", assigned_to=who).status_code == 200
    events = client.get(f"{PATH}/{cid}/history").json()["events"]
    assert [e["kind"] for e in events] == ["received", "updated", "assigned"]
    assert events[1]["diff"]["community_id"] == [None, district.community_id]
    assert events[1]["diff"]["geom"][0] is None


def test_only_the_street_office_corrects_the_place(
    client: TestClient, district: District, login_as: Any, db: psycopg.Connection
) -> None:
    cid = complaint_id(db, send_public(client, district)["tracking_no"])
    inspector = login_as("inspector", [district.community_id])
    body = {"geometry": district.frame.point(150, 150)}
    refused = client.patch(f"{PATH}/{cid}", json=body, headers={**inspector, "If-Match": '"1"'})
    assert refused.status_code == 403
    outside = client.patch(
        f"{PATH}/{cid}",
        json={"geometry": district.frame.point(2500, 2500)},
        headers={"If-Match": '"1"'},
    )
    assert outside.status_code == 422 and "outside the district" in outside.json()["detail"]
    assert move(client, cid, "unfounded", reason="不属实").status_code == 200
    late = client.patch(f"{PATH}/{cid}", json=body, headers={"If-Match": '"2"'})
    assert late.status_code == 409 and "only while it is received" in late.json()["detail"]
