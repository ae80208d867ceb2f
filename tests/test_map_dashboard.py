"""The map app's dashboard (统计报表) in a real browser: the monthly report of a chosen
month as a table per community with the 合计 row, the cumulative-progress chart, the
Excel sheet to download, and the write-off queue where the street office approves
(批准) or sends back (退回) — and where a viewer or an inspector only reads.

The history it reads — which violation was found, and dealt with, in which month of
2019 — is laid out in tests/dashboard_history.py.
"""

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.reports.figures import flatten
from api.reports.xlsx import COLUMNS, FIRST
from tests.browser import DESKTOP, PHONE, shoot, ui_login
from tests.conftest import ADMIN
from tests.dashboard_history import EXPECTED, MONTHS, TITLE, History, build_history


@pytest.fixture(scope="module")
def history(client: TestClient, database_url: str) -> History:
    return build_history(client, database_url)


def report(client: TestClient, month: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    response = client.get("/api/v1/reports/monthly", params={"month": month}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def row_of(body: dict[str, Any], community_id: int) -> dict[str, Any]:
    """The community's figures in the report, flat: {"found.month.total": 1, …}."""
    rows = [c for c in body["communities"] if c["community_id"] == community_id]
    assert len(rows) == 1, f"community {community_id} is not once in the report"
    return flatten({k: v for k, v in rows[0].items() if k not in ("community_id", "code", "name")})


def shown(key: str, value: Any) -> str:
    """A figure as the dashboard shows it: the JSON's own digits."""
    if value is None:
        return "—"
    if key.endswith("_m2"):
        return f"{value:.2f}"
    if key == "progress_pct":
        return f"{value:.1f}"
    return str(value)


def table_row(page: Any, selector: str) -> dict[str, str]:
    cells: dict[str, str] = page.eval_on_selector_all(
        f"{selector} td[data-key]",
        "tds => Object.fromEntries(tds.map(td => [td.dataset.key, td.textContent]))",
    )
    return cells


def open_dashboard(page: Any) -> None:
    page.click("#tabs button[data-view=dashboard]")
    page.wait_for_selector("#dash-table[data-month] tbody tr")


def choose_month(page: Any, month: str) -> None:
    page.fill("#dash-month", month)
    page.wait_for_selector(f"#dash-table[data-month='{month}'] tbody tr")


def chart(page: Any) -> dict[str, Any]:
    data: dict[str, Any] = page.evaluate(
        """() => {
          const canvas = document.getElementById('progress-chart');
          const c = Chart.getChart(canvas);
          return {labels: c.data.labels, aria: canvas.getAttribute('aria-label'),
                  x: c.options.scales.x.title.text, y: c.options.scales.y.title.text,
                  datasets: c.data.datasets.map(
                    d => ({label: d.label, id: d.communityId, data: d.data}))};
        }"""
    )
    return data


def wait_for_chart(page: Any, month: str, measure: str) -> None:
    page.wait_for_function(
        """([month, measure]) => {
          const c = window.Chart && Chart.getChart(document.getElementById('progress-chart'));
          const table = document.getElementById('chart-table');
          return c && c.data.labels.at(-1) === month && table.dataset.measure === measure;
        }""",
        arg=[month, measure],
    )


def test_the_month_in_the_table_the_chart_and_the_sheet(
    server: str, history: History, open_page: Any, client: TestClient, tmp_path: Path
) -> None:
    page = open_page().page
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/reports/" in r.url else None)
    ui_login(page, server, *ADMIN)
    assert asked == [] and page.locator("#dash-table").count() == 0, "fetched when shown"
    open_dashboard(page)
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    latest = f"{now.year - 1}-12" if now.month == 1 else f"{now.year}-{now.month - 1:02d}"
    assert page.input_value("#dash-month") == latest, "the latest complete month by default"
    # (the history's events run up to now, so that is not after its last month)
    months = client.get("/api/v1/reports/monthly/months").json()
    assert months["last"] == f"{now:%Y-%m}"
    assert page.get_attribute("#dash-month", "min") == months["first"] <= "2019-08"
    assert "view=dashboard" in page.url

    cid = history.community_id
    mine = f"#dash-table tbody tr[data-community-id='{cid}']"
    areas = {
        "2019-09": {"demolitions.month.footprint_m2": history.footprint["v0"]},
        "2019-10": {
            "demolitions.month.footprint_m2": history.footprint["v3"],
            "demolitions.cumulative.footprint_m2": history.footprint["v0"]
            + history.footprint["v3"],
        },
    }
    choose_month(page, "2019-10")
    for month in reversed(MONTHS):  # 2019-10, then back a month at a time with ‹
        if month != "2019-10":
            page.click("#dashboard-view button[aria-label='上月']")
            page.wait_for_selector(f"#dash-table[data-month='{month}'] tbody tr")
        body = report(client, month)
        flat = row_of(body, cid)
        cells = table_row(page, mine)
        assert cells == {key: shown(key, value) for key, value in flat.items() if key in cells}
        assert set(cells) == set(COLUMNS), "every column of the sheet, once"
        for key, value in EXPECTED[month].items():
            assert flat[key] == value, (month, key)
        for key, area in areas.get(month, {}).items():
            assert flat[key] == pytest.approx(area, abs=0.02), (month, key)
        assert page.locator(mine + " th").inner_text() == "DASH测试社区"
        total = table_row(page, "#dash-table tfoot tr.total")
        assert total == {key: shown(key, flatten(body["total"])[key]) for key in COLUMNS}
        assert page.locator("#dash-table tbody tr").count() == len(body["communities"])
    assert "统计截止：2019年8月31日" in page.inner_text("#dash-asof")

    # The chart: one line per community, the months up to the chosen one.
    choose_month(page, "2019-10")
    wait_for_chart(page, "2019-10", "dealt.cumulative.total")
    drawn = chart(page)
    labels = drawn["labels"]
    assert labels[-3:] == MONTHS and len(labels) <= 18
    assert labels == sorted(labels) and len(set(labels)) == len(labels)
    assert labels[0] >= months["first"], "no month before the campaign's first"
    by_month = {m: report(client, m) for m in labels}
    assert [d["id"] for d in drawn["datasets"]] == [
        c["community_id"] for c in by_month["2019-10"]["communities"]
    ]
    line = next(d for d in drawn["datasets"] if d["id"] == cid)
    assert line["label"] == "DASH测试社区"
    assert line["data"] == [row_of(by_month[m], cid)["dealt.cumulative.total"] for m in labels]
    assert line["data"][-3:] == [0, 1, 3]
    assert drawn["x"] == "月份" and drawn["y"] == "累计治理（宗）"
    assert "累计治理（宗）" in drawn["aria"] and "2019-10" in drawn["aria"]
    page.click("#dash-progress details summary")
    chart_row = page.locator(f"#chart-table tr[data-community-id='{cid}'] td")
    assert chart_row.all_inner_texts()[-3:] == ["0", "1", "3"]
    shoot(page, "dashboard-admin-2019-10")

    page.select_option("#chart-measure", "footprint")
    wait_for_chart(page, "2019-10", "demolitions.cumulative.footprint_m2")
    line = next(d for d in chart(page)["datasets"] if d["id"] == cid)
    assert line["data"] == [
        row_of(by_month[m], cid)["demolitions.cumulative.footprint_m2"] for m in labels
    ]
    assert line["data"][-1] == pytest.approx(
        history.footprint["v0"] + history.footprint["v3"], abs=0.02
    )
    assert chart(page)["y"] == "累计拆除占地面积（㎡）"
    page.locator("#dash-progress").scroll_into_view_if_needed()
    shoot(page, "dashboard-admin-chart")

    # The Excel sheet of the month shown.
    with page.expect_download() as downloading:
        page.click("#dash-xlsx")
    download = downloading.value
    assert download.suggested_filename == TITLE + ".xlsx"
    path = tmp_path / "report.xlsx"
    download.save_as(path)
    ws = load_workbook(path).active
    assert ws is not None and ws["A1"].value == TITLE
    sheet = {str(r[1].value or r[0].value): r for r in ws.iter_rows(min_row=5) if r[0].value}
    body = report(client, "2019-10")
    for name, figures in (
        ("DASH测试社区", row_of(body, cid)),
        ("合计", flatten(body["total"])),
    ):
        cells = sheet[name][FIRST - 1 : FIRST - 1 + len(COLUMNS)]
        values = {key: cell.value for key, cell in zip(COLUMNS, cells, strict=True)}
        expected = {key: figures[key] for key in COLUMNS}
        expected["progress_pct"] = (
            "—" if figures["progress_pct"] is None else round(figures["progress_pct"] / 100, 3)
        )
        assert values == expected, name
    assert "已下载" in page.inner_text("#dash-status")


def ask(client: TestClient, vid: int, headers: dict[str, str], evidence: str) -> int:
    response = client.post(
        f"/api/v1/violations/{vid}/write-off-requests", json={"evidence": evidence}, headers=headers
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_the_street_office_approves_and_sends_back(
    server: str, history: History, open_page: Any, client: TestClient, login_as: Any
) -> None:
    cid = history.community_id
    inspector = login_as("inspector", [cid])
    inspector_name = client.get("/api/v1/auth/me", headers=inspector).json()["username"]
    approve = ask(client, history.ids["v0"], inspector, "拆除后照片2张，拆除面积850㎡")
    send_back = ask(client, history.ids["v3"], inspector, "拆除后照片1张")
    stale = ask(client, history.ids["v6"], inspector, "整改后照片1张")

    page = open_page().page
    ui_login(page, server, *ADMIN)
    open_dashboard(page)
    row = page.locator(f"#wo-list tr[data-request-id='{approve}']")
    row.wait_for()
    text = row.inner_text()
    for part in (f"#{history.ids['v0']}", "DASH测试社区", "已拆除", "2019-09-18 拆除 850.00 m²",
                 inspector_name, "拆除后照片2张，拆除面积850㎡", "待审批"):  # fmt: skip
        assert part in text, part
    # The evidence's after-photos.
    row.locator(".wo-photos-button").click()
    row.locator(".wo-photos img[src^='blob:']").first.wait_for()
    shoot(page, "dashboard-admin-queue")

    row.locator(".wo-approve").click()
    page.wait_for_selector(f"#wo-list tr[data-request-id='{approve}'][data-state='approved']")
    assert "已销账" in row.inner_text() and "已批准" in row.inner_text()
    assert row.locator("button.wo-approve").count() == 0

    back = page.locator(f"#wo-list tr[data-request-id='{send_back}']")
    back.locator(".wo-reject").click()
    back.locator(".wo-reason-input").fill("缺少拆除后全景照片")
    back.locator(".wo-confirm-reject").click()
    page.wait_for_selector(f"#wo-list tr[data-request-id='{send_back}'][data-state='rejected']")
    assert "缺少拆除后全景照片" in back.inner_text() and "已退回" in back.inner_text()

    # Decided meanwhile by someone else: the API's reason is shown in the row.
    decided = client.post(f"/api/v1/write-off-requests/{stale}/reject", json={"reason": "重复申请"})
    assert decided.status_code == 200, decided.text
    late = page.locator(f"#wo-list tr[data-request-id='{stale}']")
    late.locator(".wo-approve").click()
    alert = late.locator(".wo-decision .error")
    alert.wait_for()
    assert f"write-off request {stale} was already rejected" in alert.inner_text()
    shoot(page, "dashboard-admin-decided")

    # Through the API: the requests' states and the violations'.
    queue = client.get("/api/v1/write-off-requests", params={"community_id": cid}).json()
    states = {
        r["id"]: (r["state"], r["decided_by"], r["decision_reason"]) for r in queue["requests"]
    }
    assert states[approve] == ("approved", "admin", None)
    assert states[send_back] == ("rejected", "admin", "缺少拆除后全景照片")
    assert states[stale] == ("rejected", "admin", "重复申请")
    status = {
        name: client.get(f"/api/v1/violations/{history.ids[name]}").json()["properties"]["status"]
        for name in ("v0", "v3", "v6")
    }
    assert status == {"v0": "written_off", "v3": "demolished", "v6": "rectified"}
    events = client.get(f"/api/v1/violations/{history.ids['v0']}/history").json()["events"]
    assert events[-1]["kind"] == "write_off_approved" and events[-1]["actor"] == "admin"

    # The running month counts the write-off; the table agrees with the JSON.
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    month = f"{now:%Y-%m}"
    choose_month(page, month)
    cells = table_row(page, f"#dash-table tbody tr[data-community-id='{cid}']")
    flat = row_of(report(client, month), cid)
    assert cells == {key: shown(key, flat[key]) for key in cells}
    assert (cells["written_off.month"], cells["written_off.cumulative"]) == ("1", "1")
    assert (cells["found.month.total"], cells["found.cumulative.total"]) == ("2", "7")
    assert (cells["dealt.cumulative.total"], cells["progress_pct"]) == ("5", "83.3")
    assert "本月尚未结束" in page.inner_text("#dash-asof")


def token_login(page: Any, server: str, headers: dict[str, str]) -> None:
    """Open the dashboard with the token of a user made by login_as."""
    page.goto(server + "/#view=dashboard")
    page.evaluate("t => sessionStorage.setItem('weijian.token', t)", headers["Authorization"][7:])
    page.reload()
    page.wait_for_selector("#dashboard-view:not([hidden]) #dash-table[data-month] tbody tr")


@pytest.mark.parametrize(
    ("role", "viewport"), [("viewer", PHONE), ("inspector", DESKTOP)], ids=["viewer", "inspector"]
)
def test_others_read_the_queue_without_deciding(
    server: str,
    history: History,
    open_page: Any,
    client: TestClient,
    login_as: Any,
    role: str,
    viewport: dict[str, int],
) -> None:
    cid = history.community_id
    vid = history.ids["v5"]
    waiting = client.get(
        "/api/v1/write-off-requests", params={"state": "pending", "community_id": cid}
    )
    pending = [r["id"] for r in waiting.json()["requests"] if r["violation_id"] == vid]
    request_id = (
        pending[0] if pending else ask(client, vid, login_as("inspector", [cid]), "整改后照片")
    )
    headers = login_as(role, [cid] if role == "inspector" else None)

    page = open_page(viewport).page
    token_login(page, server, headers)
    row = page.locator(f"#wo-list tr[data-request-id='{request_id}']")
    row.wait_for()
    assert "待审批" in row.inner_text() and f"#{vid}" in row.inner_text()
    assert page.locator("#wo-list button.wo-approve, #wo-list button.wo-reject").count() == 0
    assert page.locator("#wo-read-only").is_visible()
    # The report is theirs to read too: an inspector gets their community only.
    month = page.input_value("#dash-month")
    body = report(client, month, headers)
    shown_ids = page.eval_on_selector_all(
        "#dash-table tbody tr[data-community-id]",
        "trs => trs.map(tr => Number(tr.dataset.communityId))",
    )
    assert shown_ids == [c["community_id"] for c in body["communities"]]
    if role == "inspector":
        assert shown_ids == [cid]
    wait_for_chart(page, month, "dealt.cumulative.total")
    shoot(page, f"dashboard-{role}")

    # In English (the page reloads on the dashboard, the same month).
    page.click("#lang")
    page.wait_for_selector("#dashboard-view:not([hidden]) #dash-table[data-month] tbody tr")
    assert page.input_value("#dash-month") == month
    assert "Found this month" in page.inner_text("#dash-table thead")
    assert page.inner_text("#dash-table tfoot th") == "Total"
    wait_for_chart(page, month, "dealt.cumulative.total")
    assert chart(page)["y"] == "Dealt with to date (cases)"
    page.locator(f"#wo-list tr[data-request-id='{request_id}']").wait_for()
    assert "Waiting" in page.inner_text(f"#wo-list tr[data-request-id='{request_id}']")
    assert "Only the street office" in page.inner_text("#wo-read-only")
    page.locator("#dash-writeoffs").scroll_into_view_if_needed()
    shoot(page, f"dashboard-{role}-en")
