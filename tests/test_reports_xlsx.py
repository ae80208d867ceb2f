"""The monthly report as an Excel sheet, opened with openpyxl: the title, the two
header rows, one row per community with its 序号, the 合计 row, the signature row."""

from io import BytesIO
from typing import Any
from urllib.parse import quote

import psycopg
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from api.reports.xlsx import COLUMNS, FIRST, LAST, XLSX
from tests.conftest import build_district
from tests.geo import Frame
from tests.reports_history import build

TITLE = "汉沽街违法建设专项治理工作进度月报（2019年10月）"


def test_the_october_sheet(
    client: TestClient, db: psycopg.Connection, frame: Frame, login_as: Any
) -> None:
    scenario = build(client, db, frame)
    inspector = login_as("inspector", [scenario.a.community_id, scenario.b.community_id])
    params = {"month": "2019-10", "format": "xlsx"}
    response = client.get("/api/v1/reports/monthly", params=params, headers=inspector)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="monthly-report-2019-10.xlsx"')
    assert f"filename*=UTF-8''{quote(TITLE + '.xlsx', safe='')}" in disposition
    json_report = client.get(
        "/api/v1/reports/monthly", params={"month": "2019-10"}, headers=inspector
    ).json()

    ws = load_workbook(BytesIO(response.content)).active
    assert ws is not None
    merged = {str(r) for r in ws.merged_cells.ranges}
    last = get_column_letter(LAST)
    # The title, merged across the table; who reports and as of when.
    assert ws["A1"].value == TITLE and f"A1:{last}1" in merged
    assert "统计截止：2019年10月31日" in ws["A2"].value
    # Two header rows: 序号 and 社区 span both, groups head their columns.
    assert (ws["A3"].value, ws["B3"].value) == ("序号", "社区")
    assert {"A3:A4", "B3:B4", "C3:G3", "H3:L3"} <= merged
    assert (ws["C3"].value, ws["H3"].value) == ("本月发现（宗）", "累计发现（宗）")
    assert [ws.cell(row=4, column=c).value for c in range(3, 8)] == [
        "住建部存量台账",
        "五次调查新增存量",
        "漏报存量",
        "新增",
        "小计",
    ]
    assert ws.cell(row=3, column=LAST).value == "累计进度"
    # One row per community, numbered; then 合计.
    assert [ws.cell(row=r, column=1).value for r in (5, 6)] == [1, 2]
    assert [ws.cell(row=r, column=2).value for r in (5, 6)] == ["测试社区", "测试社区"]
    assert ws["A7"].value == "合计" and "A7:B7" in merged
    for offset, key in enumerate(COLUMNS):
        column = FIRST + offset
        rows = [ws.cell(row=r, column=column).value for r in (5, 6, 7)]
        if key == "progress_pct":
            assert rows == [0.167, 0.333, 0.222]  # 1/6, 1/3, 2/9
            assert ws.cell(row=7, column=column).number_format == "0.0%"
            continue
        assert abs(rows[0] + rows[1] - rows[2]) < 1e-9, key  # 合计 = the sum
        total = json_report["total"]
        for part in key.split("."):
            total = total[part]
        assert rows[2] == total, key
    assert ws.cell(row=7, column=FIRST + COLUMNS.index("found.cumulative.total")).value == 10
    footprint = ws.cell(row=5, column=FIRST + COLUMNS.index("demolitions.month.footprint_m2"))
    assert footprint.number_format == "#,##0.00"
    assert ws.cell(row=5, column=FIRST).border.left.style == "thin"
    # The definitions, then the signature row.
    assert ws["A8"].value.startswith("说明：") and "累计进度" in ws["A8"].value
    signature = [ws.cell(row=10, column=c).value for c in range(1, LAST + 1)]
    texts = "".join(v for v in signature if v)
    assert "负责人：" in texts and "制表人：" in texts and "日期：" in texts
    assert ws.column_dimensions["B"].width >= 12 and ws.freeze_panes == "C5"


def test_an_empty_month_reads_dash_for_progress(client: TestClient, frame: Frame) -> None:
    district = build_district(client, frame)
    response = client.get(
        "/api/v1/reports/monthly",
        params={"month": "2019-10", "format": "xlsx", "community_id": district.community_id},
    )
    ws = load_workbook(BytesIO(response.content)).active
    assert ws is not None
    assert ws["A2"].value.startswith("填报单位：测试社区")
    assert ws.cell(row=5, column=LAST).value == "—"  # nothing registered: no progress
    assert ws.cell(row=5, column=FIRST).value == 0
