"""The data-quality audit as a whole: the score on a small case computed by hand, what
is counted, scoping to the inspector's communities, the rule filter, the Excel list."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.quality.rules import RULE_NAMES, RULES
from api.quality.score import community_score
from tests.conftest import District, build_district, feature
from tests.geo import Frame
from tests.images import exif, jpeg, upload
from tests.quality import audit
from tests.test_workflow import move
from tests.xlsx import attachment_name, open_form


def test_the_score_function() -> None:
    assert community_score(5, {"h2": "error", "v2": "warning", "v3": "warning"}, 0.5) == 60.0
    assert community_score(4, {}, 0.5) == 100.0
    assert community_score(2, {"a": "error", "b": "error"}, 0.5) == 0.0
    assert community_score(3, {"a": "warning"}, 0.0) == 100.0
    assert community_score(0, {}, 0.5) is None


@pytest.fixture()
def small_case(client: TestClient, district: District, make_violation: Any) -> dict[str, int]:
    """Two households and three violations that count; a deleted household and a
    dismissed violation that do not.

    H1 complete · H2 without a phone (error) · V1 sound · V2 measured 50 % over its
    footprint (warning) · V3 of H1, measured 50 % over and with a photo taken 500 m
    away (two warnings: the record costs once)."""

    def household(**props: Any) -> int:
        body = feature(None, compound_id=district.compound_id, building="9号楼", **props)
        response = client.post("/api/v1/households", json=body)
        assert response.status_code == 201, response.text
        return int(response.json()["id"])

    h1 = household(party_name="赵六", party_phone="10012345678")
    h2 = household(party_name="钱七")
    gone = household()
    assert client.delete(f"/api/v1/households/{gone}", params={"reason": "录错"}).status_code == 204
    v1 = make_violation((120, 120, 130, 130), party_name="孙八")["id"]
    v2 = make_violation((140, 120, 150, 130), party_name="孙八", measured_area_m2=150)["id"]
    v3 = make_violation((160, 120, 170, 130), household_id=h1, measured_area_m2=150)["id"]
    lon, lat = district.frame.point(165, 630)["coordinates"]
    photo = upload(client, "violation", v3, jpeg(exif_data=exif(lonlat=(lon, lat)), seed=v3))
    assert photo.status_code == 201, photo.text
    dismissed = make_violation((180, 120, 190, 130), address=None)["id"]  # would lack a party
    assert move(client, dismissed, to="dismissed", reason="合法建筑").status_code == 200
    return {"h1": h1, "h2": h2, "v1": v1, "v2": v2, "v3": v3, "photo": int(photo.json()["id"])}


def test_the_score_by_hand(
    client: TestClient, district: District, small_case: dict[str, int]
) -> None:
    body = audit(client, district)
    (community,) = body["communities"]
    assert community["community_id"] == district.community_id
    assert community["records"] == {"violations": 3, "households": 2}
    flagged = {(p["record"]["type"], p["record"]["id"], p["rule"]) for p in body["problems"]}
    assert flagged == {
        ("household", small_case["h2"], "household_fields_missing"),
        ("violation", small_case["v2"], "area_mismatch"),
        ("violation", small_case["v3"], "area_mismatch"),
        ("photo", small_case["photo"], "photo_far_from_violation"),
    }
    assert community["problems"] == 4
    assert community["flagged"] == {"error": 1, "warning": 2}
    # N = 5 records; E = 1 (H2); W = 2 (V2, V3 — its photo's problem is its own); w = 0.5.
    assert community["score"] == 100 * (1 - (1 + 0.5 * 2) / 5) == 60.0
    assert body["thresholds"]["warning_weight"] == 0.5
    assert [r["name"] for r in body["rules"]] == list(RULE_NAMES)
    counts = {r["name"]: r["problems"] for r in body["rules"]}
    assert counts["area_mismatch"] == 2 and counts["geometry_repaired"] == 0
    assert all(r["description"] and r["description_zh"] for r in body["rules"])

    only = audit(client, district, rule="household_fields_missing")
    assert only["communities"][0]["score"] == 80.0  # 1 error of 5 records, that rule alone


def test_every_rule_is_described() -> None:
    assert len(set(RULE_NAMES)) == len(RULES) >= 10
    for rule in RULES:
        assert rule.severity in ("error", "warning") and rule.title_zh and rule.sql.strip()


def test_the_audit_is_scoped(
    client: TestClient, district: District, small_case: dict[str, int], login_as: Any
) -> None:
    other = build_district(client, Frame(district.frame.lon0 + 0.02, district.frame.lat0))
    theirs = client.post(
        "/api/v1/households",
        json=feature(None, compound_id=other.compound_id, building="1号楼"),
    ).json()["id"]
    outsider = login_as("inspector", [other.community_id])
    hidden = client.get(
        "/api/v1/quality", params={"community_id": district.community_id}, headers=outsider
    )
    assert hidden.status_code == 404
    assert hidden.headers["content-type"] == "application/problem+json"
    mine = client.get("/api/v1/quality", headers=outsider).json()
    assert [c["community_id"] for c in mine["communities"]] == [other.community_id]
    assert {p["record"]["id"] for p in mine["problems"]} == {theirs}
    assert {p["community_id"] for p in mine["problems"]} == {other.community_id}

    everyone = client.get("/api/v1/quality", headers=login_as("viewer")).json()
    seen = {c["community_id"] for c in everyone["communities"]}
    assert {district.community_id, other.community_id} <= seen


def test_bad_parameters(client: TestClient, district: District) -> None:
    unknown = client.get("/api/v1/quality", params={"rule": "no_such_rule"})
    assert unknown.status_code == 400 and "no_such_rule" in unknown.json()["detail"]
    assert client.get("/api/v1/quality", params={"community_id": 987654321}).status_code == 404
    assert client.get("/api/v1/quality", params={"format": "pdf"}).status_code == 400


def test_the_audit_as_a_workbook(
    client: TestClient, district: District, small_case: dict[str, int]
) -> None:
    response = client.get(
        "/api/v1/quality", params={"community_id": district.community_id, "format": "xlsx"}
    )
    assert response.status_code == 200
    assert attachment_name(response) == "违法建设数据质量核查表_测试社区.xlsx"
    listed = open_form(response.content)
    assert listed.title == "违法建设数据质量核查表" and listed.merged_across(1)
    assert listed.headers[:3] == ["序号", "社区", "问题类型"]
    rows = listed.rows
    assert len(rows) == 4 and [r["序号"] for r in rows] == [1, 2, 3, 4]
    assert {r["严重程度"] for r in rows} == {"错误", "提示"}
    photo = next(r for r in rows if r["记录类型"] == "照片")
    assert photo["记录编号"] == small_case["photo"]
    assert photo["关联记录"] == f"违建 {small_case['v3']}"
    assert len(listed.signature) == 3

    scores = open_form(response.content, sheet=1)
    (row,) = scores.rows
    assert (row["社区"], row["违建（处）"], row["户数"], row["评分"]) == ("测试社区", 3, 2, "60.0")
    assert scores.totals["问题数"] == 4 and scores.totals["评分"] == "—"
