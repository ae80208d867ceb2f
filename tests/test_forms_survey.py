"""附件1 违法建设摸底调查表: the survey form of a household, read back cell by cell."""

import io
import zipfile
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import District, build_district, feature
from tests.geo import Frame
from tests.test_workflow import move
from tests.xlsx import attachment_name, open_form, xlsx_form

NAME, PHONE = "钱多多", "10055556666"
HEADERS = [
    "序号",
    "违建编号",
    "具体位置",
    "结构类型",
    "用途",
    "层数",
    "建成时间",
    "丈量面积（㎡）",
    "建筑面积（㎡）",
    "台账类别",
    "发现时间",
    "状态",
    "备注",
]


@pytest.fixture()
def household(client: TestClient, district: District, make_violation: Any) -> dict[str, Any]:
    """A household (no unit) with two violations — one measured and verified, one bare
    — a dismissed one, and a violation of no household."""
    created = client.post(
        "/api/v1/households",
        json=feature(
            district.frame.point(150, 150),
            compound_id=district.compound_id,
            building="7号楼",
            room="102",
            party_name=NAME,
            party_phone=PHONE,
        ),
    ).json()
    hid = created["id"]
    measured = make_violation(
        (120, 120, 130, 130),
        household_id=hid,
        measured_area_m2=98.5,
        floor_area_m2=120.25,
        floors=2,
        structure_type="rooftop_room",
        use="dwelling",
        notes="二层彩钢房",
    )["id"]
    assert move(client, measured, to="verified").status_code == 200
    bare = make_violation((140, 120, 150, 130), household_id=hid, address=None)["id"]
    dismissed = make_violation((160, 120, 170, 130), household_id=hid)["id"]
    assert move(client, dismissed, to="dismissed", reason="合法建筑").status_code == 200
    make_violation((180, 120, 190, 130))
    return {"id": hid, "measured": measured, "bare": bare}


def survey(client: TestClient, hid: int, headers: dict[str, str] | None = None) -> Any:
    return client.get("/api/v1/forms/survey", params={"household_id": hid}, headers=headers or {})


def test_the_survey_form(client: TestClient, household: dict[str, Any]) -> None:
    response = survey(client, household["id"])
    form = xlsx_form(response)
    assert attachment_name(response).startswith("附件1_违法建设摸底调查表_测试小区_7号楼102")
    assert (
        f'filename="survey-household-{household["id"]}.xlsx"'
        in (response.headers["content-disposition"])
    )

    assert form.title == "违法建设摸底调查表" and form.merged_across(1)
    assert "社区：测试社区" in form.info and "小区：测试小区" in form.info
    assert f"户编号：{household['id']}" in form.info
    assert "楼号：7号楼" in form.info and "单元：无" in form.info and "室号：102" in form.info
    assert f"当事人：{NAME}" in form.info and f"联系电话：{PHONE}" in form.info
    assert "地址：无" in form.info
    assert form.headers == HEADERS

    rows = form.rows
    assert [r["序号"] for r in rows] == [1, 2]  # the dismissed one is not on the form
    first, second = rows
    assert first["违建编号"] == household["measured"]
    assert (first["结构类型"], first["用途"], first["层数"]) == ("屋顶加盖房", "居住", 2)
    assert first["建成时间"] == datetime(2016, 5, 1)
    assert first["发现时间"] == datetime(2019, 7, 20)
    assert (first["丈量面积（㎡）"], first["建筑面积（㎡）"]) == (98.5, 120.25)
    assert (first["台账类别"], first["状态"], first["备注"]) == ("漏报存量", "已核实", "二层彩钢房")
    # Empty fields: 无 for text, 0 for numbers — never a blank cell.
    assert second["违建编号"] == household["bare"]
    assert (second["具体位置"], second["备注"]) == ("无", "无")
    assert (second["丈量面积（㎡）"], second["建筑面积（㎡）"]) == (0, 0)
    assert second["状态"] == "已登记"
    assert all(value is not None for row in rows for value in row.values())

    totals = form.totals
    assert totals["序号"] == "合计"
    for column in ("丈量面积（㎡）", "建筑面积（㎡）"):
        assert totals[column] == pytest.approx(sum(r[column] for r in rows))
    assert totals["丈量面积（㎡）"] == pytest.approx(98.5)
    assert totals["台账类别"] == "—"
    assert [s.split("：")[0] for s in form.signature] == ["负责人", "制表人", "填表日期"]


def test_a_household_without_violations_says_none(client: TestClient, district: District) -> None:
    hid = client.post(
        "/api/v1/households",
        json=feature(None, compound_id=district.compound_id, building="1号楼"),
    ).json()["id"]
    form = xlsx_form(survey(client, hid))
    assert form.rows == []
    assert form.values(form.header_row + 1)[0] == "无" and form.merged_across(form.header_row + 1)
    assert "当事人：无" in form.info and "联系电话：无" in form.info
    assert form.totals["丈量面积（㎡）"] == 0


def test_personal_data_is_masked_for_viewers(
    client: TestClient, household: dict[str, Any], login_as: Any, api_key: Any
) -> None:
    for headers in (login_as("viewer"), api_key("read")):
        form = xlsx_form(survey(client, household["id"], headers))
        assert "当事人：钱**" in form.info and "联系电话：100****6666" in form.info
        assert not any(NAME in text or PHONE in text for text in form.info)
    for headers in (login_as("inspector", [_community(client, household)]), api_key("read", "pii")):
        form = xlsx_form(survey(client, household["id"], headers))
        assert f"当事人：{NAME}" in form.info


def _community(client: TestClient, household: dict[str, Any]) -> int:
    return int(
        client.get(f"/api/v1/households/{household['id']}").json()["properties"]["community_id"]
    )


def test_another_communitys_household_is_not_found(
    client: TestClient, district: District, household: dict[str, Any], login_as: Any
) -> None:
    other = build_district(client, Frame(district.frame.lon0 + 0.02, district.frame.lat0))
    outsider = login_as("inspector", [other.community_id])
    hidden = survey(client, household["id"], outsider)
    assert hidden.status_code == 404
    assert hidden.headers["content-type"] == "application/problem+json"
    assert survey(client, 987654321).status_code == 404
    missing = client.get("/api/v1/forms/survey")
    assert missing.status_code == 400 and "household_id" in missing.json()["detail"]


def test_the_household_file_carries_the_form(
    client: TestClient, household: dict[str, Any], login_as: Any
) -> None:
    archive = client.get(f"/api/v1/households/{household['id']}/dossier.zip")
    assert archive.status_code == 200
    with zipfile.ZipFile(io.BytesIO(archive.content)) as z:
        form = open_form(z.read("附件1-违法建设摸底调查表.xlsx"))
    assert form.title == "违法建设摸底调查表" and len(form.rows) == 2
    viewer = client.get(
        f"/api/v1/households/{household['id']}/dossier.zip", headers=login_as("viewer")
    )
    with zipfile.ZipFile(io.BytesIO(viewer.content)) as z:
        masked = open_form(z.read("附件1-违法建设摸底调查表.xlsx"))
    assert "当事人：钱**" in masked.info
