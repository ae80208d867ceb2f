"""The monthly report's figures on a hand-made history (tests/reports_history.py),
worked out by hand below, for October and November 2019 and their total (合计)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.reports.figures import FIELDS, flatten
from tests.conftest import feature, violation_properties
from tests.geo import Frame
from tests.reports_history import Scenario, build

URL = "/api/v1/reports/monthly"
AREAS = {f.key for f in FIELDS if f.kind == "area"}

# October, community A. At month end (11-01 00:00) A6 is deleted (10-05) and A9 not yet
# registered; A1 demolished (10-25), A2 rectifying, A3 dismissed, A4 planned (rectifying
# only 11-01 10:00), A5 registered, A7 planned, A8 registered (deleted only 11-10).
OCTOBER_A = {
    # registered in October: A2 (survey5), A3 (missed), A4, A5, A8 (new)
    **{"found.month.stock_ministry": 0, "found.month.stock_survey5": 1},
    **{"found.month.stock_missed": 1, "found.month.new": 3, "found.month.total": 5},
    # by month end also A1 and A7 (ministry): 7 in all
    **{"found.cumulative.stock_ministry": 2, "found.cumulative.stock_survey5": 1},
    **{"found.cumulative.stock_missed": 1, "found.cumulative.new": 3},
    "found.cumulative.total": 7,
    # A1 demolished 10-25: the only one dealt with, this month and ever
    **{"dealt.month.demolished": 1, "dealt.month.rectified": 0, "dealt.month.total": 1},
    **{"dealt.cumulative.demolished": 1, "dealt.cumulative.rectified": 0},
    "dealt.cumulative.total": 1,
    # A1: 10 × 10 m, floor area 80 m²
    **{"demolitions.month.count": 1, "demolitions.month.footprint_m2": 100.0},
    **{"demolitions.month.floor_area_m2": 80.0, "demolitions.cumulative.count": 1},
    **{"demolitions.cumulative.footprint_m2": 100.0, "demolitions.cumulative.floor_area_m2": 80.0},
    # A3 dismissed 10-20; nothing written off yet (A1 only on 11-12)
    **{"dismissed.month": 1, "dismissed.cumulative": 1},
    **{"written_off.month": 0, "written_off.cumulative": 0},
    # standing: A2, A4, A5, A7, A8
    "standing": 5,
    # past the deadline on 11-01: A7 (plan 10-15), A5 and A8 (the compound's, 10-31);
    # A2 (11-30) and A4 (11-15) are not
    "overdue": 3,
    # new: A4 stopped 10-06, in time (found 10-03); A5 found 10-20, due by 10-27, its
    # stop recorded only 11-03; A8 found 10-30, due by 11-06: not yet late
    "stop_overdue": 1,
    # 1 dealt with ÷ (7 registered − 1 dismissed) = 16.67 %
    "progress_pct": 16.7,
}
# October, community B: B1 demolished in September, written off 10-10; B2 registered
# 10-01 00:30 Shanghai time (October), B3 09-30 23:59:59 (September).
OCTOBER_B = {
    **{f.key: 0 for f in FIELDS},
    "found.month.stock_ministry": 1,  # B2
    "found.month.total": 1,
    "found.cumulative.stock_ministry": 1,  # B2
    "found.cumulative.stock_missed": 2,  # B1, B3
    "found.cumulative.total": 3,
    # B1, written off, counts as what it was: demolished (in September)
    **{"dealt.cumulative.demolished": 1, "dealt.cumulative.total": 1},
    **{"demolitions.cumulative.count": 1, "demolitions.cumulative.footprint_m2": 200.0},
    "demolitions.cumulative.floor_area_m2": 150.0,
    **{"written_off.month": 1, "written_off.cumulative": 1},  # B1, 10-10
    "standing": 2,  # B2, B3 — no deadline anywhere in B
    "progress_pct": 33.3,  # 1 ÷ (3 − 0)
}
# November, community A. At month end (12-01) A1 written off (11-12, after demolition),
# A2 rectified (11-05), A3 dismissed, A4 demolished (11-20), A5 registered (its stop,
# on 11-02, recorded 11-03), A7 planned, A8 deleted (11-10), A9 registered (11-15).
NOVEMBER_A = {
    **{f.key: 0 for f in FIELDS},
    **{"found.month.stock_survey5": 1, "found.month.total": 1},  # A9
    # A1, A7 (ministry); A2, A9 (survey5); A3 (missed); A4, A5 (new)
    **{"found.cumulative.stock_ministry": 2, "found.cumulative.stock_survey5": 2},
    **{"found.cumulative.stock_missed": 1, "found.cumulative.new": 2},
    "found.cumulative.total": 7,
    # A2 rectified 11-05, A4 demolished 11-20
    **{"dealt.month.demolished": 1, "dealt.month.rectified": 1, "dealt.month.total": 2},
    # and A1 (written off, demolished before): each once
    **{"dealt.cumulative.demolished": 2, "dealt.cumulative.rectified": 1},
    "dealt.cumulative.total": 3,
    # A4: 4 × 5 m, floor 20 m²; with A1: 120 m² and 100 m²
    **{"demolitions.month.count": 1, "demolitions.month.footprint_m2": 20.0},
    **{"demolitions.month.floor_area_m2": 20.0, "demolitions.cumulative.count": 2},
    **{"demolitions.cumulative.footprint_m2": 120.0, "demolitions.cumulative.floor_area_m2": 100.0},
    "dismissed.cumulative": 1,  # A3, in October
    **{"written_off.month": 1, "written_off.cumulative": 1},  # A1, 11-12
    "standing": 3,  # A5, A7, A9
    # On 12-01: A7 (10-15) and A5 (the compound's 10-31). A9, found 11-15 after the
    # compound's deadline (a late find), is due 30 days after it was found: 12-15.
    "overdue": 2,
    "stop_overdue": 1,  # A5, stopped 11-02, after 10-27; A4 was in time
    "progress_pct": 50.0,  # 3 ÷ (7 − 1)
}
# November, community B: nothing happened; the month's figures are 0.
NOVEMBER_B = {
    **OCTOBER_B,
    **{"found.month.stock_ministry": 0, "found.month.total": 0},
    "written_off.month": 0,
}


def total(*rows: dict[str, Any], progress: float | None) -> dict[str, Any]:
    summed = {f.key: sum(row[f.key] for row in rows) for f in FIELDS if f.kind != "pct"}
    return {**summed, "progress_pct": progress}


OCTOBER_TOTAL = total(OCTOBER_A, OCTOBER_B, progress=22.2)  # 2 ÷ (10 − 1)
NOVEMBER_TOTAL = total(NOVEMBER_A, NOVEMBER_B, progress=44.4)  # 4 ÷ (10 − 1)


def check(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    """Every figure, areas to the centimetre² (geodesic areas of metric rectangles)."""
    flat = {k: v for k, v in flatten(actual).items() if k not in ("community_id", "code", "name")}
    assert set(flat) == set(expected)
    for key, value in expected.items():
        wanted = pytest.approx(value, abs=0.05) if key in AREAS else value
        assert flat[key] == wanted, f"{key}: {flat[key]} != {value}"


@pytest.fixture()
def scenario(client: TestClient, db: psycopg.Connection, frame: Frame) -> Scenario:
    return build(client, db, frame)


def report(client: TestClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = client.get(URL, params=params, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        ("2019-10", (OCTOBER_A, OCTOBER_B, OCTOBER_TOTAL)),
        ("2019-11", (NOVEMBER_A, NOVEMBER_B, NOVEMBER_TOTAL)),
    ],
)
def test_every_figure(
    client: TestClient, scenario: Scenario, login_as: Any, month: str, expected: tuple
) -> None:
    inspector = login_as("inspector", [scenario.a.community_id, scenario.b.community_id])
    body = report(client, inspector, month=month)
    assert body["month"] == month and body["complete"] is True
    assert body["as_of"] == f"{month[:5]}{int(month[5:]) + 1:02d}-01T00:00:00+08:00"
    assert body["rules"] == {
        "tz": "Asia/Shanghai",
        "new_construction_days": 7,
        "late_find_days": 30,
    }
    a, b = body["communities"]  # in the order of their codes: A's frame lies west
    assert (a["community_id"], b["community_id"]) == (
        scenario.a.community_id,
        scenario.b.community_id,
    )
    check(a, expected[0])
    check(b, expected[1])
    check(body["total"], expected[2])
    # One community asked for: its figures, and a total of it alone.
    alone = report(client, {}, month=month, community_id=scenario.b.community_id)
    assert [c["community_id"] for c in alone["communities"]] == [scenario.b.community_id]
    check(alone["total"], expected[1])


def test_september_and_the_time_zone(client: TestClient, scenario: Scenario) -> None:
    body = report(client, {}, month="2019-09", community_id=scenario.b.community_id)
    figures = flatten(body["total"])
    # B1 and B3 (09-30 23:59:59 Shanghai); not B2 (10-01 00:30 Shanghai, 09-30 in UTC)
    assert figures["found.month.total"] == 2 and figures["found.cumulative.stock_ministry"] == 0
    assert figures["dealt.month.demolished"] == 1  # B1, 09-20, not yet written off
    assert figures["written_off.cumulative"] == 0 and figures["progress_pct"] == 50.0


def _same(first: dict[str, Any], again: dict[str, Any]) -> None:
    for before, after in zip(first["communities"], again["communities"], strict=True):
        was, now = flatten(before), flatten(after)
        assert {k: (was[k], now[k]) for k in was if was[k] != now[k]} == {}
    assert {k: v for k, v in again.items() if k != "generated_at"} == {
        k: v for k, v in first.items() if k != "generated_at"
    }


def test_past_months_do_not_change(client: TestClient, scenario: Scenario, login_as: Any) -> None:
    ids, a, b = scenario.ids, scenario.a, scenario.b
    both = login_as("inspector", [a.community_id, b.community_id])
    months = {m: report(client, both, month=m) for m in ("2019-10", "2019-11")}
    # After the months: a new violation, a redrawn footprint and floor area, a ledger
    # change, a move to another community, a status move and a deletion.
    response = client.post(
        "/api/v1/violations",
        json=feature(a.rect(200, 200, 210, 210), **violation_properties(floor_area_m2=30)),
    )
    assert response.status_code == 201, response.text
    for name, version, body in (
        ("A1", 1, {"geometry": a.rect(110, 110, 130, 130), "properties": {"floor_area_m2": 95}}),
        ("A9", 1, {"geometry": b.rect(300, 300, 310, 310)}),  # into community B
        ("A5", 1, {"properties": {"measured_area_m2": 100}}),
    ):
        patched = client.patch(
            f"/api/v1/violations/{ids[name]}", headers={"If-Match": f'"{version}"'}, json=body
        )
        assert patched.status_code == 200, patched.text
    assert client.get(f"/api/v1/violations/{ids['A9']}").json()["properties"]["community_id"] == (
        b.community_id
    )
    moved = client.post(
        f"/api/v1/violations/{ids['A7']}/ledger",
        headers={"If-Match": '"1"'},
        json={"on_ministry_ledger": False, "reason": "复核：不在住建部台账上"},
    )
    assert moved.status_code == 200, moved.text
    verified = client.post(
        f"/api/v1/violations/{ids['A5']}/transitions",
        headers={"If-Match": '"2"'},
        json={"to": "verified"},
    )
    assert verified.status_code == 200, verified.text
    gone = client.delete(
        f"/api/v1/violations/{ids['A2']}",
        headers={"If-Match": '"1"'},
        params={"reason": "重复登记"},
    )
    assert gone.status_code == 204, gone.text
    for month, before in months.items():
        _same(before, report(client, both, month=month))
    # The running month sees them all.
    now = report(client, both, month=months_now())
    in_a, in_b = (flatten(c) for c in now["communities"])
    assert now["complete"] is False
    assert in_a["found.month.total"] == 1  # the new one
    assert in_a["found.cumulative.stock_missed"] == 3  # A3, A7 now, and the new one
    assert in_a["found.cumulative.total"] == 6  # A1 A3 A4 A5 A7 + new; A2 deleted, A9 in B
    assert in_b["found.cumulative.stock_survey5"] == 1  # A9
    assert in_a["demolitions.cumulative.floor_area_m2"] == pytest.approx(115)  # 95 + 20
    assert in_a["demolitions.cumulative.footprint_m2"] == pytest.approx(420, abs=0.1)


def months_now() -> str:
    return f"{datetime.now(ZoneInfo('Asia/Shanghai')):%Y-%m}"


def test_the_running_month_agrees_with_the_flags(client: TestClient, scenario: Scenario) -> None:
    """As of now, `overdue` and `stop_overdue` count what the violation list flags."""
    community = scenario.a.community_id
    figures = flatten(report(client, {}, month=months_now(), community_id=community)["total"])
    for flag in ("overdue", "stop_overdue"):
        listed = client.get(
            "/api/v1/violations", params={"community_id": community, flag: "true", "limit": 1}
        ).json()
        assert figures[flag] == listed["numberMatched"], flag
    assert (figures["overdue"], figures["stop_overdue"]) == (3, 1)  # A5 A7 A9; A5
