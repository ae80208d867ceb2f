"""A complaint's lifecycle: every move, every refusal, who may make which move, and the
history each move leaves on the complaint and on the violation it is linked to."""

from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.complaints import (
    PATH,
    complaint_id,
    move,
    other_community,
    reset_window,
    send_public,
    username,
)
from tests.conftest import ANONYMOUS, District, count_rows, feature, violation_properties


@pytest.fixture(autouse=True)
def _fresh_window(client: TestClient) -> None:
    reset_window(client)


@pytest.fixture()
def received(client: TestClient, district: District, db: psycopg.Connection) -> int:
    """A public complaint in the district, as the public sent it."""
    return complaint_id(db, send_public(client, district)["tracking_no"])


@pytest.fixture()
def inspector(login_as: Any, district: District) -> dict[str, str]:
    return login_as("inspector", [district.community_id])


@pytest.fixture()
def assigned(client: TestClient, received: int, inspector: dict[str, str]) -> int:
    response = move(client, received, "assigned", assigned_to=username(client, inspector))
    assert response.status_code == 200, response.text
    return received


def state(db: psycopg.Connection, cid: int) -> tuple[Any, ...]:
    row = db.execute(
        "SELECT status, version, (SELECT count(*) FROM complaint_event WHERE complaint_id = c.id) "
        "FROM complaint c WHERE id = %s",
        (cid,),
    ).fetchone()
    assert row is not None
    return tuple(row)


def test_the_whole_way_with_an_existing_violation(
    client: TestClient,
    received: int,
    inspector: dict[str, str],
    make_violation: Any,
    db: psycopg.Connection,
) -> None:
    who = username(client, inspector)
    assigned = move(client, received, "assigned", assigned_to=who, reason="请社区核查")
    assert assigned.status_code == 200, assigned.text
    assert assigned.headers["etag"] == '"2"'
    props = assigned.json()["properties"]
    assert props["status"] == "assigned" and props["assigned_to"] == who
    assert props["assigned_at"] is not None and props["responded_at"] is None

    violation = make_violation()
    verified = move(
        client, received, "verified", inspector, violation_id=violation["id"], reason="现场属实"
    )
    assert verified.status_code == 200, verified.text
    props = verified.json()["properties"]
    assert props["status"] == "verified" and props["violation_id"] == violation["id"]
    assert props["responded_at"] is not None and props["overdue"] is False

    closed = move(client, received, "closed", inspector, reason="已立案，转入违建台账")
    assert closed.status_code == 200, closed.text
    assert closed.json()["properties"]["closed_at"] is not None

    history = client.get(f"{PATH}/{received}/history").json()["events"]
    assert [e["kind"] for e in history] == ["received", "assigned", "verified", "closed"]
    assert [e["actor"] for e in history] == ["public", "admin", who, who]
    assert [e["reason"] for e in history] == [
        None,
        "请社区核查",
        "现场属实",
        "已立案，转入违建台账",
    ]
    assert history[1]["diff"]["assigned_to"] == [None, who]
    assert history[2]["diff"] == {
        "status": ["assigned", "verified"],
        "violation_id": [None, violation["id"]],
    }
    assert all(e["at"] for e in history)

    linked = client.get(f"/api/v1/violations/{violation['id']}/history").json()["events"][-1]
    tracking_no = client.get(f"{PATH}/{received}").json()["properties"]["tracking_no"]
    assert linked["kind"] == "complaint_linked" and linked["actor"] == who
    assert linked["diff"] == {"complaint": [None, {"id": received, "tracking_no": tracking_no}]}
    assert linked["reason"] == "现场属实"

    public = client.get(f"/api/v1/public/complaints/{tracking_no}", headers=ANONYMOUS).json()
    assert [t["status"] for t in public["timeline"]] == [
        "received",
        "assigned",
        "verified",
        "closed",
    ]
    assert public["status_label"] == "已办结" and public["closed_at"] is not None
    assert who not in str(public) and "现场属实" not in str(public)


def test_verified_with_a_new_violation(
    client: TestClient,
    assigned: int,
    inspector: dict[str, str],
    district: District,
    db: psycopg.Connection,
) -> None:
    new = feature(district.rect(350, 120, 360, 130), **violation_properties(found_by="complaint"))
    del new["properties"]["found_by"]  # it is the complaint's to say
    response = move(client, assigned, "verified", inspector, violation=new)
    assert response.status_code == 200, response.text
    violation_id = response.json()["properties"]["violation_id"]
    violation = client.get(f"/api/v1/violations/{violation_id}").json()["properties"]
    assert violation["found_by"] == "complaint"
    assert violation["grid_id"] == district.cells["se"]  # located by its footprint
    assert violation["compound_id"] == district.compound_id
    events = client.get(f"/api/v1/violations/{violation_id}/history").json()["events"]
    assert [e["kind"] for e in events] == ["created", "complaint_linked"]


def test_a_new_violation_found_otherwise_is_refused(
    client: TestClient, assigned: int, district: District, db: psycopg.Connection
) -> None:
    before = state(db, assigned), count_rows(db, "violation")
    new = feature(district.rect(350, 120, 360, 130), **violation_properties(found_by="sweep"))
    response = move(client, assigned, "verified", violation=new)
    assert response.status_code == 422 and "found_by" in response.json()["detail"]
    outside = feature(district.rect(700, 700, 710, 710), **violation_properties())
    del outside["properties"]["found_by"]
    response = move(client, assigned, "verified", violation=outside)
    assert response.status_code == 422 and "outside every compound" in response.json()["detail"]
    assert (state(db, assigned), count_rows(db, "violation")) == before


def test_unfounded_then_closed(
    client: TestClient, assigned: int, inspector: dict[str, str]
) -> None:
    no_reason = move(client, assigned, "unfounded", inspector)
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["detail"]
    response = move(client, assigned, "unfounded", inspector, reason="现场为合法审批的自行车棚")
    assert response.status_code == 200, response.text
    assert response.json()["properties"]["status_label"] == "经核查不属实"
    assert move(client, assigned, "closed", inspector).status_code == 200


def test_the_street_office_screens_out_without_a_visit(
    client: TestClient, received: int, inspector: dict[str, str]
) -> None:
    refused = move(client, received, "unfounded", inspector, reason="重复举报")
    assert refused.status_code == 403 and "street office" in refused.json()["detail"]
    response = move(client, received, "unfounded", reason="与TS-20191015-7K3QXM重复")
    assert response.status_code == 200
    assert response.json()["properties"]["assigned_to"] is None


def test_illegal_moves_answer_409_with_the_allowed_ones(
    client: TestClient, received: int, db: psycopg.Connection
) -> None:
    before = state(db, received)
    response = move(client, received, "verified", violation_id=1)
    assert response.status_code == 409
    body = response.json()
    assert body["allowed"] == ["assigned", "unfounded"] and body["current_status"] == "received"
    assert "it may move to assigned, unfounded" in body["detail"]
    assert move(client, received, "closed").status_code == 409
    assert move(client, received, "received").status_code == 409
    assert state(db, received) == before
    assert move(client, received, "unfounded", reason="不属实").status_code == 200
    assert move(client, received, "closed").status_code == 200
    final = move(client, received, "assigned", assigned_to="admin")
    assert final.status_code == 409 and final.json()["allowed"] == []
    unknown = move(client, received, "lost")
    assert unknown.status_code == 422


def test_if_match_is_required_and_checked(
    client: TestClient, received: int, db: psycopg.Connection
) -> None:
    before = state(db, received)
    path = f"{PATH}/{received}/transitions"
    missing = client.post(path, json={"to": "unfounded", "reason": "不属实"})
    assert missing.status_code == 428
    stale = move(client, received, "unfounded", if_match='"9"', reason="不属实")
    assert stale.status_code == 412 and stale.json()["current_version"] == 1
    assert state(db, received) == before
    assert move(client, received, "unfounded", if_match='"1"', reason="不属实").status_code == 200


def test_assignment_needs_someone_who_may_handle_it(
    client: TestClient,
    received: int,
    district: District,
    login_as: Any,
    db: psycopg.Connection,
) -> None:
    before = state(db, received)
    stranger = login_as("inspector", [other_community(client, district)])
    for body, words in [
        ({}, "assigned_to"),
        ({"assigned_to": "nobody-here"}, "there is no user"),
        ({"assigned_to": username(client, login_as("viewer"))}, "may not handle"),
        ({"assigned_to": username(client, stranger)}, "may not handle"),
        ({"assigned_to": "admin", "violation_id": 5}, "not used when moving to assigned"),
    ]:
        response = move(client, received, "assigned", **body)
        assert response.status_code == 422, (body, response.text)
        assert words in response.json()["detail"], (body, response.text)
    assert state(db, received) == before
    # An admin may be the assignee; and the street office may hand it on.
    assert move(client, received, "assigned", assigned_to="ADMIN").status_code == 200
    same = move(client, received, "assigned", assigned_to="admin")
    assert same.status_code == 422 and "already assigned" in same.json()["detail"]
    mine = username(client, login_as("inspector", [district.community_id]))
    again = move(client, received, "assigned", assigned_to=mine, reason="改派社区")
    assert again.status_code == 200 and again.json()["properties"]["assigned_to"] == mine
    tracking_no = again.json()["properties"]["tracking_no"]
    timeline = client.get(f"/api/v1/public/complaints/{tracking_no}", headers=ANONYMOUS).json()
    assert [t["status"] for t in timeline["timeline"]] == ["received", "assigned"]


def test_verification_needs_a_live_visible_violation(
    client: TestClient,
    assigned: int,
    inspector: dict[str, str],
    make_violation: Any,
    district: District,
    db: psycopg.Connection,
) -> None:
    before = state(db, assigned)
    missing = move(client, assigned, "verified", inspector)
    assert missing.status_code == 422 and "violation_id" in missing.json()["detail"]
    unknown = move(client, assigned, "verified", inspector, violation_id=987654321)
    assert unknown.status_code == 422 and "does not exist" in unknown.json()["detail"]
    gone = make_violation()
    client.delete(f"/api/v1/violations/{gone['id']}", params={"reason": "登记错误"})
    deleted = move(client, assigned, "verified", inspector, violation_id=gone["id"])
    assert deleted.status_code == 422
    new = feature(district.rect(350, 120, 360, 130), **violation_properties())
    both = move(client, assigned, "verified", violation_id=gone["id"], violation=new)
    assert both.status_code == 422 and "violation_id" in both.json()["detail"]
    assert state(db, assigned) == before


def test_who_may_move_what(
    client: TestClient,
    assigned: int,
    inspector: dict[str, str],
    district: District,
    login_as: Any,
    api_key: Any,
) -> None:
    mine = username(client, inspector)
    refused = move(client, assigned, "assigned", inspector, assigned_to=mine)
    assert refused.status_code == 403 and "street office" in refused.json()["detail"]
    stranger = login_as("inspector", [other_community(client, district)])
    hidden = move(client, assigned, "unfounded", stranger, reason="不属实")
    assert hidden.status_code == 404
    viewer = move(client, assigned, "unfounded", login_as("viewer"), reason="不属实")
    assert viewer.status_code == 403
    for scopes in (("write",), ("complaints:write",)):
        keyed = move(client, assigned, "unfounded", api_key(*scopes), reason="不属实")
        assert keyed.status_code == 403, scopes
    assert move(client, assigned, "unfounded", ANONYMOUS, reason="不属实").status_code == 401
