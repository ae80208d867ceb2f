"""The monthly report as an Excel sheet in the style government offices exchange:
a merged title row, a line saying who reports and as of when, two header rows with
merged group headings, a 序号 column, one row per community, a 合计 row, the
definitions, and a signature row (负责人 / 制表人 / 日期). Built with openpyxl."""

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from api.reports import figures
from api.settings import Settings

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_SUB = {
    "stock_ministry": "住建部存量台账",
    "stock_survey5": "五次调查新增存量",
    "stock_missed": "漏报存量",
    "new": "新增",
    "total": "小计",
}
# (group heading or None for a single column, [(sub heading, figure key)]).
GROUPS: list[tuple[str | None, list[tuple[str, str]]]] = [
    ("本月发现（宗）", [(zh, f"found.month.{k}") for k, zh in _SUB.items()]),
    ("累计发现（宗）", [(zh, f"found.cumulative.{k}") for k, zh in _SUB.items()]),
    *[
        (
            f"{zh}治理（宗）",
            [
                (s, f"dealt.{p}.{k}")
                for k, s in (("demolished", "拆除"), ("rectified", "整改"), ("total", "小计"))
            ],
        )
        for p, zh in figures.PERIODS.items()
    ],
    *[
        (
            f"{zh}拆除面积（㎡）",
            [
                ("占地面积", f"demolitions.{p}.footprint_m2"),
                ("建筑面积", f"demolitions.{p}.floor_area_m2"),
            ],
        )
        for p, zh in figures.PERIODS.items()
    ],
    ("不属违建（宗）", [("本月", "dismissed.month"), ("累计", "dismissed.cumulative")]),
    ("销账（宗）", [("本月", "written_off.month"), ("累计", "written_off.cumulative")]),
    (None, [("未治理（宗）", "standing")]),
    (None, [("逾期未治理（宗）", "overdue")]),
    (None, [("新增未及时制止（宗）", "stop_overdue")]),
    (None, [("累计进度", "progress_pct")]),
]
COLUMNS = [key for _, subs in GROUPS for _, key in subs]
FIRST = 3  # figures start in column C, after 序号 and 社区
LAST = FIRST + len(COLUMNS) - 1
HEADER_ROWS = (3, 4)
NOTES = "".join(
    (
        "说明：1. 数据为月末（次月1日0时，{tz}）依违建历史记录还原的情况，",
        "月末前删除的记录不计；",
        "2. 发现按台账类别统计：住建部存量台账、第五次调查新增存量台账、",
        "漏报存量、新增违建；",
        "3. 治理数按拆除、整改统计，已销账的按销账前状态计，每宗只计一次；",
        "拆除面积中占地面积为图斑面积，建筑面积为登记的建筑面积；",
        "4. 累计进度＝累计治理小计÷（累计发现小计－累计不属违建）×100%，",
        "分母为0时记“—”；",
        "5. 逾期未治理：月末仍未治理且已过整治期限（本宗期限，无则为小区期限；",
        "小区期限后发现的，为发现日期后{late}日）；",
        "6. 新增未及时制止：新增违建发现后{days}日内未制止",
        "（月末仍未制止，或制止晚于期限）。",
    )
)
NUMBER_FORMATS = {"count": "0", "area": "#,##0.00", "pct": "0.0%"}
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
BODY_FONT = Font(name="宋体", size=10)
BOLD = Font(name="宋体", size=10, bold=True)


def title(street: str, month_zh: str) -> str:
    return f"{street}违法建设专项治理工作进度月报（{month_zh}）"


def filename(street: str, month_zh: str, month: str) -> tuple[str, str]:
    """(ASCII fallback, the Chinese name) of the file."""
    return f"monthly-report-{month}.xlsx", f"{title(street, month_zh)}.xlsx"


def _merge(ws: Worksheet, row: int, first: int, last: int, value: str, **style: Any) -> None:
    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = ws.cell(row=row, column=first, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)


def _headers(ws: Worksheet) -> None:
    top, bottom = HEADER_ROWS
    for column, text in ((1, "序号"), (2, "社区")):
        ws.merge_cells(start_row=top, start_column=column, end_row=bottom, end_column=column)
        ws.cell(row=top, column=column, value=text)
    column = FIRST
    for group, subs in GROUPS:
        if group is None:
            ws.merge_cells(start_row=top, start_column=column, end_row=bottom, end_column=column)
            ws.cell(row=top, column=column, value=subs[0][0])
        else:
            _merge(ws, top, column, column + len(subs) - 1, group)
            for offset, (sub, _) in enumerate(subs):
                ws.cell(row=bottom, column=column + offset, value=sub)
        column += len(subs)
    for row in HEADER_ROWS:
        ws.row_dimensions[row].height = 30
        for col in range(1, LAST + 1):
            cell = ws.cell(row=row, column=col)
            cell.font, cell.alignment, cell.border = BOLD, CENTER, BORDER


def _figure_row(ws: Worksheet, row: int, flat: dict[str, Any]) -> None:
    for offset, key in enumerate(COLUMNS):
        cell = ws.cell(row=row, column=FIRST + offset)
        kind = figures.BY_KEY[key].kind
        value = flat[key]
        if kind == "pct":
            cell.value = "—" if value is None else round(value / 100, 3)
        else:
            cell.value = value
        cell.number_format = NUMBER_FORMATS[kind]


def workbook(report: dict[str, Any], street: str, month_zh: str, as_of_zh: str) -> bytes:
    """The sheet of a report as `monthly.report` builds it."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = report["month"]
    communities = report["communities"]
    _merge(ws, 1, 1, LAST, title(street, month_zh), font=Font(name="黑体", size=16, bold=True))
    ws.cell(row=1, column=1).alignment = CENTER
    ws.row_dimensions[1].height = 36
    unit = communities[0]["name"] if len(communities) == 1 else f"{street}（各社区）"
    info = f"填报单位：{unit}　　统计截止：{as_of_zh}　　单位：宗、平方米"
    _merge(ws, 2, 1, LAST, info, font=BODY_FONT)
    _headers(ws)
    row = HEADER_ROWS[-1]
    for number, community in enumerate(communities, start=1):
        row += 1
        ws.cell(row=row, column=1, value=number)
        ws.cell(row=row, column=2, value=community["name"])
        _figure_row(ws, row, figures.flatten(community))
    row += 1
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    ws.cell(row=row, column=1, value="合计")
    _figure_row(ws, row, figures.flatten(report["total"]))
    for r in range(HEADER_ROWS[-1] + 1, row + 1):
        for col in range(1, LAST + 1):
            cell = ws.cell(row=r, column=col)
            cell.border = BORDER
            cell.font = BOLD if r == row else BODY_FONT
            cell.alignment = CENTER if col <= 2 else Alignment(vertical="center")
    rules = report["rules"]
    notes = NOTES.format(
        tz=rules["tz"],
        days=rules["new_construction_days"],
        # Submissions frozen before the rule existed were computed without it.
        late=rules.get("late_find_days", Settings.model_fields["late_find_days"].default),
    )
    _merge(ws, row + 1, 1, LAST, notes, font=Font(name="宋体", size=9))
    ws.cell(row=row + 1, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[row + 1].height = 60
    third = LAST // 3
    signature = row + 3
    for first, last, text in (
        (1, third, "负责人：____________"),
        (third + 1, 2 * third, "制表人：____________"),
        (2 * third + 1, LAST, "日期：______年____月____日"),
    ):
        _merge(ws, signature, first, last, text, font=BODY_FONT)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 16
    for offset, key in enumerate(COLUMNS):
        width = 11 if figures.BY_KEY[key].kind == "area" else 8
        ws.column_dimensions[get_column_letter(FIRST + offset)].width = width
    ws.freeze_panes = ws.cell(row=HEADER_ROWS[-1] + 1, column=FIRST)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROWS[0]}:{HEADER_ROWS[-1]}"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
