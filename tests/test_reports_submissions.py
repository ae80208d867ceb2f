"""Submitting a month (上报): the figures frozen, resubmission by the street office
only, the list, and the comparison that brings quiet edits of the past to light."""

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.conftest import District, build_district
from tests.geo import Frame
from tests.reports_history import build

URL = "/api/v1/reports/monthly"
OCTOBER = f"{URL}/2019-10"


def submit(client: TestClient, headers: dict[str, str], community_id: int, **body: Any) -> Any:
    return client.post(
        f"{OCTOBER}/submissions", json={"community_id": community_id, **body}, headers=headers
    )


def compared(client: TestClient, community_id: int) -> dict[str, Any]:
    response = client.get(f"{OCTOBER}/compare", params={"community_id": community_id})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_submit_resubmit_list_and_compare(
    client: TestClient, db: psycopg.Connection, frame: Frame, login_as: Any
) -> None:
    scenario = build(client, db, frame)
    a, ids = scenario.a.community_id, scenario.ids
    inspector = login_as("inspector", [a])
    first = submit(client, inspector, a)
    assert first.status_code == 201, first.text
    frozen = first.json()
    report = client.get(URL, params={"month": "2019-10", "community_id": a}).json()
    assert frozen["figures"] == report["total"]  # one community: its figures
    assert frozen["as_of"].startswith("2019-11-01T00:00:00")
    assert frozen["current"] is True and frozen["supersedes"] is None
    assert frozen["rules"] == {
        "tz": "Asia/Shanghai",
        "new_construction_days": 7,
        "late_find_days": 30,
    }

    # Submitted once: the inspector cannot submit it again; the street office can,
    # with a reason, and the first submission is kept.
    again = submit(client, inspector, a)
    assert again.status_code == 409 and "street office" in again.json()["detail"]
    assert submit(client, {}, a).status_code == 422  # no reason
    second = submit(client, {}, a, reason="社区更正后重新上报")
    assert second.status_code == 201, second.text
    assert second.json()["supersedes"] == frozen["id"]
    listed = client.get(f"{OCTOBER}/submissions", params={"community_id": a}).json()
    old, new = listed["submissions"]
    assert (old["id"], old["current"], old["superseded_by"]) == (frozen["id"], False, new["id"])
    assert old["superseded_at"] == new["submitted_at"] and new["current"] is True
    assert old["figures"] == new["figures"] == frozen["figures"]
    assert client.get(f"{OCTOBER}/submissions", headers=inspector).json()["submissions"] == [
        old,
        new,
    ]

    # Edits through the service are recorded now: October does not move.
    gone = client.delete(
        f"/api/v1/violations/{ids['A5']}", headers={"If-Match": '"1"'}, params={"reason": "重复"}
    )
    assert gone.status_code == 204
    nothing = compared(client, a)
    assert nothing["changed"] == [] and nothing["submission"]["id"] == new["id"]
    assert all(f["difference"] in (0, 0.0) for f in nothing["fields"])

    # A forged demolition of A7, backdated into October (events written directly).
    for at, before, after in (
        ("10-20", "planned", "rectifying"),
        ("10-28", "rectifying", "demolished"),
    ):
        db.execute(
            "INSERT INTO violation_event (violation_id, at, actor, kind, from_status, to_status) "
            "VALUES (%s, %s, 'someone', 'status_changed', %s, %s)",
            (ids["A7"], f"2019-{at}T10:00:00+08:00", before, after),
        )
    forged = {f["field"]: f for f in compared(client, a)["fields"]}
    expected = {
        # one more demolished in October, of 10 × 10 m (A7 has no floor area)
        **dict.fromkeys(("dealt.month.demolished", "dealt.month.total"), 1),
        **dict.fromkeys(("dealt.cumulative.demolished", "dealt.cumulative.total"), 1),
        **dict.fromkeys(("demolitions.month.count", "demolitions.cumulative.count"), 1),
        "demolitions.month.footprint_m2": 100.0,
        "demolitions.cumulative.footprint_m2": 100.0,
        "standing": -1,
        "overdue": -1,  # A7 was past its 10-15 deadline
        "progress_pct": 16.6,  # 2 ÷ 6 = 33.3 % instead of 16.7 %
    }
    assert {k for k, f in forged.items() if f["changed"]} == set(expected)
    for key, difference in expected.items():
        assert forged[key]["difference"] == pytest.approx(difference, abs=0.05), key
    assert forged["standing"]["submitted"] == 5 and forged["standing"]["now"] == 4
    assert forged["standing"]["label"] == "未治理"

    # A change made in the table, without an event: A1 quietly off the ministry's ledger.
    db.execute(
        "UPDATE violation SET ledger = 'stock_missed', on_ministry_ledger = false WHERE id = %s",
        (ids["A1"],),
    )
    quiet = {f["field"]: f for f in compared(client, a)["fields"]}
    assert quiet["found.cumulative.stock_ministry"]["difference"] == -1
    assert quiet["found.cumulative.stock_missed"]["difference"] == 1
    assert quiet["found.cumulative.total"]["changed"] is False
    # The submission itself never changes.
    listed_again = client.get(f"{OCTOBER}/submissions", params={"community_id": a}).json()
    assert listed_again["submissions"][-1]["figures"] == frozen["figures"]


def test_refusals(client: TestClient, district: District, login_as: Any, api_key: Any) -> None:
    community = district.community_id
    for bad in ("2019-13", "2019-1", "October", "2019-10-01"):
        assert client.get(URL, params={"month": bad}).status_code == 400
        assert submit_to(client, bad, community).status_code == 422
        assert client.get(f"{URL}/{bad}/submissions").status_code == 422
    future = client.get(URL, params={"month": "2099-01"})
    assert future.status_code == 400 and "not begun" in future.json()["detail"]
    assert future.headers["content-type"] == "application/problem+json"
    # The running month can be read (as of now), not submitted.
    assert client.get(URL, params={"month": this_month()}).json()["complete"] is False
    not_over = submit_to(client, this_month(), community)
    assert not_over.status_code == 422 and "not over" in not_over.json()["detail"]
    # Another community's inspector: the community does not exist for them.
    elsewhere = build_district(client, Frame(district.frame.lon0 + 0.02, district.frame.lat0))
    outsider = login_as("inspector", [elsewhere.community_id])
    assert submit(client, outsider, community).status_code == 404
    scoped = {"month": "2019-10", "community_id": community}
    assert client.get(URL, params=scoped, headers=outsider).status_code == 404
    # Viewers read, never submit; nor do other systems.
    viewer = login_as("viewer")
    assert client.get(URL, params={"month": "2019-10"}, headers=viewer).status_code == 200
    assert client.get(f"{OCTOBER}/submissions", headers=viewer).status_code == 200
    refused = submit(client, viewer, community)
    assert refused.status_code == 403 and "viewer" in refused.json()["detail"]
    assert submit(client, api_key("write"), community).status_code == 403
    # The comparison is the street office's; only of a submitted month.
    inspector = login_as("inspector", [community])
    compare = f"{OCTOBER}/compare"
    mine = {"community_id": community}
    assert client.get(compare, params=mine, headers=inspector).status_code == 403
    unsubmitted = client.get(compare, params=mine)
    assert unsubmitted.status_code == 404 and "not submitted" in unsubmitted.json()["detail"]
    assert client.get(compare, params={"community_id": 987654321}).status_code == 404


def submit_to(client: TestClient, month: str, community_id: int) -> Any:
    return client.post(f"{URL}/{month}/submissions", json={"community_id": community_id})


def this_month() -> str:
    return f"{datetime.now(ZoneInfo('Asia/Shanghai')):%Y-%m}"


def test_submissions_are_append_only_and_audited(
    client: TestClient, district: District, db: psycopg.Connection
) -> None:
    response = submit(client, {}, district.community_id)
    assert response.status_code == 201, response.text
    row_id = response.json()["id"]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        db.execute("UPDATE monthly_report SET figures = '{}' WHERE id = %s", (row_id,))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        db.execute("DELETE FROM monthly_report WHERE id = %s", (row_id,))
    audited = db.execute(
        "SELECT status, actor FROM audit_log WHERE action = %s ORDER BY id DESC LIMIT 1",
        ("POST /api/v1/reports/monthly/2019-10/submissions",),
    ).fetchone()
    assert audited is not None and audited[0] == 201
    figures = db.execute("SELECT figures FROM monthly_report WHERE id = %s", (row_id,)).fetchone()
    assert figures is not None and json.dumps(figures[0])
