"""Write-off (销账), stopping new construction, and ledger changes with a reason."""

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import District
from tests.test_workflow import TODAY, after_photo, move, to_rectifying


def demolished(client: TestClient, make_violation: Any) -> int:
    vid = int(make_violation((120, 120, 130, 130), measured_area_m2=100)["id"])
    to_rectifying(client, vid)
    after_photo(client, vid)
    assert (
        move(client, vid, to="demolished", demolished_on=TODAY, demolished_area_m2=100).status_code
        == 200
    )
    return vid


def test_request_approve(
    client: TestClient, make_violation: Any, district: District, login_as: Any
) -> None:
    vid = demolished(client, make_violation)
    inspector = login_as("inspector", [district.community_id])
    asked = client.post(
        f"/api/v1/violations/{vid}/write-off-requests",
        json={"evidence": "拆除后照片3张，拆除面积100㎡"},
        headers=inspector,
    )
    assert asked.status_code == 201, asked.text
    request = asked.json()
    assert request["state"] == "pending" and request["requested_by"].startswith("inspector")
    again = client.post(f"/api/v1/violations/{vid}/write-off-requests", json={"evidence": "再次"})
    assert again.status_code == 409
    queue = client.get("/api/v1/write-off-requests", params={"state": "pending"}).json()
    assert request["id"] in [r["id"] for r in queue["requests"]]
    # Only the street office decides.
    assert (
        client.post(
            f"/api/v1/write-off-requests/{request['id']}/approve", json={}, headers=inspector
        ).status_code
        == 403
    )
    approved = client.post(f"/api/v1/write-off-requests/{request['id']}/approve", json={})
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert client.get(f"/api/v1/violations/{vid}").json()["properties"]["status"] == "written_off"
    events = client.get(f"/api/v1/violations/{vid}/history").json()["events"]
    kinds = [e["kind"] for e in events]
    assert kinds[-2:] == ["write_off_requested", "write_off_approved"]
    assert events[-1]["to_status"] == "written_off" and events[-1]["actor"] == "admin"
    twice = client.post(
        f"/api/v1/write-off-requests/{request['id']}/reject", json={"reason": "重复"}
    )
    assert twice.status_code == 409


def test_send_back_needs_a_reason(client: TestClient, make_violation: Any) -> None:
    vid = demolished(client, make_violation)
    request = client.post(
        f"/api/v1/violations/{vid}/write-off-requests", json={"evidence": "照片"}
    ).json()
    assert (
        client.post(f"/api/v1/write-off-requests/{request['id']}/reject", json={}).status_code
        == 422
    )
    back = client.post(
        f"/api/v1/write-off-requests/{request['id']}/reject", json={"reason": "缺少拆除后全景照片"}
    )
    assert back.status_code == 200 and back.json()["state"] == "rejected"
    assert client.get(f"/api/v1/violations/{vid}").json()["properties"]["status"] == "demolished"
    events = client.get(f"/api/v1/violations/{vid}/history").json()["events"]
    assert events[-1]["kind"] == "write_off_rejected"
    assert events[-1]["reason"] == "缺少拆除后全景照片"
    # Sent back, it may be asked again.
    assert (
        client.post(
            f"/api/v1/violations/{vid}/write-off-requests", json={"evidence": "补充全景照片"}
        ).status_code
        == 201
    )


def test_only_finished_violations_are_written_off(client: TestClient, make_violation: Any) -> None:
    vid = make_violation()["id"]
    refused = client.post(f"/api/v1/violations/{vid}/write-off-requests", json={"evidence": "照片"})
    assert refused.status_code == 409 and "demolished or rectified" in refused.json()["detail"]


def test_new_construction_must_be_stopped(
    client: TestClient, make_violation: Any, district: District
) -> None:
    found = (date.today() - timedelta(days=10)).isoformat()
    late = make_violation((120, 120, 130, 130), built_date=found, found_date=found)
    fresh = make_violation((140, 140, 150, 150), built_date=TODAY, found_date=TODAY)
    stock = make_violation((160, 160, 170, 170), built_date="2010-01-01")
    assert late["properties"]["ledger"] == "new" and late["properties"]["stop_overdue"] is True
    assert fresh["properties"]["stop_overdue"] is False
    flagged = client.get(
        "/api/v1/violations", params={"compound_id": district.compound_id, "stop_overdue": "true"}
    ).json()
    assert [f["id"] for f in flagged["features"]] == [late["id"]]

    stopped = client.post(
        f"/api/v1/violations/{fresh['id']}/stop",
        json={"stopped_on": TODAY},
        headers={"If-Match": '"1"'},
    )
    assert stopped.status_code == 200 and stopped.json()["properties"]["stopped_on"] == TODAY
    # Stopped late is still flagged: zero tolerance means within the days allowed.
    late_stop = client.post(
        f"/api/v1/violations/{late['id']}/stop",
        json={"stopped_on": TODAY, "reason": "责令停工"},
        headers={"If-Match": '"1"'},
    )
    assert late_stop.status_code == 200 and late_stop.json()["properties"]["stop_overdue"] is True
    assert (
        client.post(
            f"/api/v1/violations/{stock['id']}/stop",
            json={"stopped_on": TODAY},
            headers={"If-Match": '"1"'},
        ).status_code
        == 409
    )
    events = client.get(f"/api/v1/violations/{late['id']}/history").json()["events"]
    assert events[-1]["kind"] == "stopped" and events[-1]["reason"] == "责令停工"


def test_ledger_changes_need_a_reason(client: TestClient, make_violation: Any) -> None:
    vid = make_violation(built_date="2016-01-01")["id"]
    by_patch = client.patch(
        f"/api/v1/violations/{vid}",
        headers={"If-Match": '"1"'},
        json={"properties": {"on_ministry_ledger": True}},
    )
    assert by_patch.status_code == 422 and "/ledger" in by_patch.json()["detail"]
    no_reason = client.post(
        f"/api/v1/violations/{vid}/ledger",
        headers={"If-Match": '"1"'},
        json={"on_ministry_ledger": True},
    )
    assert no_reason.status_code == 422
    changed = client.post(
        f"/api/v1/violations/{vid}/ledger",
        headers={"If-Match": '"1"'},
        json={"on_ministry_ledger": True, "reason": "核对住建部台账，编号HG-0231"},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["properties"]["ledger"] == "stock_ministry"
    event = client.get(f"/api/v1/violations/{vid}/history").json()["events"][-1]
    assert event["kind"] == "ledger_changed"
    assert event["diff"]["ledger"] == ["stock_missed", "stock_ministry"]
    # A built date that keeps the category may still be corrected by PATCH.
    ok = client.patch(
        f"/api/v1/violations/{vid}",
        headers={"If-Match": '"2"'},
        json={"properties": {"built_date": "2015-06-01"}},
    )
    assert ok.status_code == 200
