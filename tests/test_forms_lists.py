"""附件2 违法建设摸底登记表 (per community or compound) and 附件3 违法建设治理任务计划
(per compound), read back cell by cell."""

from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import District, build_district, feature
from tests.geo import Frame
from tests.test_workflow import move
from tests.xlsx import Form, attachment_name, xlsx_form

NAME, PHONE = "欧阳娜娜", "10098761234"


@pytest.fixture()
def records(client: TestClient, district: District, make_violation: Any) -> dict[str, int]:
    """In the district's compound (deadline 2020-06-30): a household's violation,
    measured and planned (deadline 2030-01-01); a bare violation of no household; a
    dismissed one."""
    compound = client.get(f"/api/v1/compounds/{district.compound_id}")
    changed = client.patch(
        f"/api/v1/compounds/{district.compound_id}",
        json={"properties": {"deadline": "2020-06-30"}},
        headers={"If-Match": compound.headers["etag"]},
    )
    assert changed.status_code == 200, changed.text
    hid = client.post(
        "/api/v1/households",
        json=feature(
            None,
            compound_id=district.compound_id,
            building="3号楼",
            unit="2单元",
            room="301",
            party_name=NAME,
            party_phone=PHONE,
        ),
    ).json()["id"]
    planned = make_violation(
        (320, 120, 330, 130),
        household_id=hid,
        address="东侧",
        measured_area_m2=101.5,
        floor_area_m2=101.5,
        on_ministry_ledger=True,
        ledger_no="ZJB-0001",
    )["id"]
    assert move(client, planned, to="verified").status_code == 200
    response = move(
        client,
        planned,
        to="planned",
        plan_measure="demolish",
        plan_responsible="吴晓航",
        plan_deadline="2030-01-01",
    )
    assert response.status_code == 200, response.text
    bare = make_violation((120, 120, 130, 130), address=None, party_name=None)["id"]
    dismissed = make_violation((140, 120, 150, 130))["id"]
    assert move(client, dismissed, to="dismissed", reason="合法建筑").status_code == 200
    return {"planned": planned, "bare": bare}


def registration(client: TestClient, headers: dict[str, str] | None = None, **params: int) -> Any:
    return client.get("/api/v1/forms/registration", params=params, headers=headers or {})


def task_plan(client: TestClient, compound_id: int, headers: dict[str, str] | None = None) -> Any:
    return client.get(
        "/api/v1/forms/task-plan", params={"compound_id": compound_id}, headers=headers or {}
    )


def by_id(form: Form) -> dict[int, dict[str, Any]]:
    return {row["违建编号"]: row for row in form.rows}


def test_the_registration_list(
    client: TestClient, district: District, records: dict[str, int]
) -> None:
    response = registration(client, community_id=district.community_id)
    form = xlsx_form(response)
    assert attachment_name(response) == "附件2_违法建设摸底登记表_测试社区.xlsx"
    assert form.title == "违法建设摸底登记表" and form.merged_across(1)
    assert "填报单位：测试社区" in form.info and "小区：全部小区" in form.info
    assert form.headers[:6] == ["序号", "违建编号", "小区", "网格", "位置", "当事人"]
    rows = by_id(form)
    assert sorted(rows) == sorted(records.values())  # dismissed: not listed
    assert [r["序号"] for r in form.rows] == [1, 2]
    planned, bare = rows[records["planned"]], rows[records["bare"]]
    assert planned["位置"] == "3号楼 2单元 301，东侧"
    assert (planned["当事人"], planned["联系电话"]) == (NAME, PHONE)  # the household's
    assert (planned["小区"], planned["网格"]) == ("测试小区", "网格se")
    assert (planned["台账类别"], planned["台账编号"]) == ("住建部存量台账", "ZJB-0001")
    assert (planned["状态"], planned["结构类型"], planned["用途"]) == (
        "已制定方案",
        "简易棚房",
        "储物",
    )
    assert planned["建成时间"] == datetime(2016, 5, 1) and planned["层数"] == 1
    assert planned["图斑面积（㎡）"] == pytest.approx(100, abs=0.5)
    assert (bare["位置"], bare["当事人"], bare["联系电话"], bare["台账编号"]) == ("无",) * 4
    assert (bare["丈量面积（㎡）"], bare["建筑面积（㎡）"]) == (0, 0)
    assert all(value is not None for row in form.rows for value in row.values())
    totals = form.totals
    for column in ("丈量面积（㎡）", "图斑面积（㎡）", "建筑面积（㎡）"):
        assert totals[column] == pytest.approx(sum(r[column] for r in form.rows))
    assert totals["丈量面积（㎡）"] == pytest.approx(101.5)
    assert totals["序号"] == "合计" and totals["状态"] == "—"
    assert len(form.signature) == 3

    one = registration(client, compound_id=district.compound_id)
    assert attachment_name(one) == "附件2_违法建设摸底登记表_测试社区_测试小区.xlsx"
    assert sorted(by_id(xlsx_form(one))) == sorted(records.values())
    assert "小区：测试小区" in xlsx_form(one).info


def test_the_registration_list_needs_one_place(client: TestClient, district: District) -> None:
    for params in ({}, {"community_id": district.community_id, "compound_id": 1}):
        response = registration(client, **params)
        assert response.status_code == 400
        assert "exactly one of community_id or compound_id" in response.json()["detail"]


def test_the_task_plan(client: TestClient, district: District, records: dict[str, int]) -> None:
    response = task_plan(client, district.compound_id)
    form = xlsx_form(response)
    assert attachment_name(response) == "附件3_违法建设治理任务计划_测试社区_测试小区.xlsx"
    assert form.title == "违法建设治理任务计划" and form.merged_across(1)
    assert "小区治理期限：2020年6月30日" in form.info and "小区：测试小区" in form.info
    assert form.headers == [
        "序号",
        "违建编号",
        "网格",
        "位置",
        "当事人",
        "结构类型",
        "丈量面积（㎡）",
        "台账类别",
        "治理措施",
        "责任人",
        "完成期限",
        "状态",
        "是否逾期",
    ]
    rows = by_id(form)
    planned, bare = rows[records["planned"]], rows[records["bare"]]
    assert (planned["治理措施"], planned["责任人"]) == ("拆除", "吴晓航")
    assert planned["完成期限"] == datetime(2030, 1, 1) and planned["是否逾期"] == "否"
    # No plan: 无, and the compound's deadline — long past, so overdue.
    assert (bare["治理措施"], bare["责任人"]) == ("无", "无")
    assert bare["完成期限"] == datetime(2020, 6, 30) and bare["是否逾期"] == "是"
    assert form.totals["丈量面积（㎡）"] == pytest.approx(
        sum(r["丈量面积（㎡）"] for r in form.rows)
    )
    assert form.signature[0].startswith("负责人：")


def test_a_compound_without_a_deadline_says_none(client: TestClient, district: District) -> None:
    form = xlsx_form(task_plan(client, district.compound_id))
    assert "小区治理期限：无" in form.info and form.rows == []
    assert form.totals["丈量面积（㎡）"] == 0


def test_lists_mask_personal_data(
    client: TestClient, district: District, records: dict[str, int], login_as: Any
) -> None:
    viewer = login_as("viewer")
    listed = by_id(xlsx_form(registration(client, viewer, compound_id=district.compound_id)))
    planned = listed[records["planned"]]
    assert (planned["当事人"], planned["联系电话"]) == ("欧***", "100****1234")
    plan = by_id(xlsx_form(task_plan(client, district.compound_id, viewer)))
    assert plan[records["planned"]]["当事人"] == "欧***"
    inspector = login_as("inspector", [district.community_id])
    listed = by_id(xlsx_form(registration(client, inspector, community_id=district.community_id)))
    assert listed[records["planned"]]["当事人"] == NAME


def test_lists_are_scoped(client: TestClient, district: District, login_as: Any) -> None:
    other = build_district(client, Frame(district.frame.lon0 + 0.02, district.frame.lat0))
    outsider = login_as("inspector", [other.community_id])
    for response in (
        registration(client, outsider, community_id=district.community_id),
        registration(client, outsider, compound_id=district.compound_id),
        task_plan(client, district.compound_id, outsider),
    ):
        assert response.status_code == 404, response.text
        assert response.headers["content-type"] == "application/problem+json"
    assert registration(client, outsider, community_id=other.community_id).status_code == 200
    assert task_plan(client, 987654321).status_code == 404
