"""A government report sheet (政府报表) in openpyxl: a merged title row, lines of
"label：value" cells under it, a header row starting with 序号, one row per record,
a 合计 row summing the columns that add up, and a signature row (负责人 / 制表人 /
填表日期). Borders, widths, wrapped text; landscape A4, one page wide, the header
repeated on every printed page.

The plan (三、工作原则 (三)) wants no field left empty: "没有相关内容的应填写'无'或'0'".
So an empty text or date is written 无 and an empty number 0 — never a blank cell.
"""

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NONE_TEXT = "无"  # what an empty text or date field says
NOT_SUMMED = "—"  # a 合计 cell of a column that does not add up
NUMBER_FORMATS = {"integer": "0", "area": "0.00", "date": "yyyy-mm-dd"}
SIGNATURE = ("负责人：__________", "制表人：__________", "填表日期：______年____月____日")

Kind = Literal["text", "integer", "area", "date"]

FONT = "宋体"
_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class Column:
    """One column of a form: the row key it shows, its Chinese header, its width (in
    characters), what kind of value it holds, and whether the 合计 row sums it."""

    key: str
    header: str
    width: float = 12
    kind: Kind = "text"
    total: bool = False


def cell_value(value: Any, kind: Kind) -> Any:
    """What a cell holds: 无 for an empty text or date, 0 for an empty number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0 if kind in ("integer", "area") else NONE_TEXT
    if kind == "integer":
        return int(value)
    if kind == "area":
        return round(float(value), 2)
    if kind == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return date.fromisoformat(str(value))
    return str(value)


def column_total(rows: Sequence[Mapping[str, Any]], column: Column) -> float | int:
    """The 合计 of a column: the sum of what its cells show (empties count 0)."""
    total = sum((Decimal(str(cell_value(r.get(column.key), column.kind))) for r in rows), Decimal())
    return int(total) if column.kind == "integer" else round(float(total), 2)


def _spans(count: int, width: int) -> list[tuple[int, int]]:
    """Split columns 1..width into `count` runs as even as possible: (first, last)."""
    count = max(1, min(count, width))
    base, extra = divmod(width, count)
    spans, start = [], 1
    for i in range(count):
        end = start + base + (1 if i < extra else 0) - 1
        spans.append((start, end))
        start = end + 1
    return spans


def _merged(ws: Worksheet, row: int, first: int, last: int, text: Any, **style: Any) -> None:
    cell = ws.cell(row=row, column=first, value=text)
    for name, value in style.items():
        setattr(cell, name, value)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    border = style.get("border")
    if border is not None:
        for col in range(first + 1, last + 1):
            ws.cell(row=row, column=col).border = border


def write_form(
    ws: Worksheet,
    title: str,
    info: Sequence[Sequence[str]],
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Any]],
    *,
    totals: bool = True,
    footer: str = "",
) -> None:
    """Lay out one form on `ws`. `info` holds lines of cells ("小区：…") shown between
    the title and the headers; `rows` are dicts keyed by the columns' keys."""
    all_columns = [Column("_no", "序号", 6, "integer"), *columns]
    width = len(all_columns)
    body = Font(name=FONT, size=11)
    _merged(ws, 1, 1, width, title, font=Font(name=FONT, size=18, bold=True), alignment=CENTER)
    ws.row_dimensions[1].height = 36
    r = 2
    for line in info:
        for (first, last), text in zip(_spans(len(line), width), line, strict=False):
            _merged(ws, r, first, last, text, font=body, alignment=LEFT, border=BORDER)
        ws.row_dimensions[r].height = 22
        r += 1
    header_row = r
    for c, column in enumerate(all_columns, start=1):
        cell = ws.cell(row=r, column=c, value=column.header)
        cell.font, cell.alignment = Font(name=FONT, size=11, bold=True), CENTER
        cell.fill, cell.border = HEADER_FILL, BORDER
        ws.column_dimensions[get_column_letter(c)].width = column.width
    ws.row_dimensions[r].height = 32
    for number, row in enumerate(rows, start=1):
        r += 1
        for c, column in enumerate(all_columns, start=1):
            value = number if column.key == "_no" else cell_value(row.get(column.key), column.kind)
            cell = ws.cell(row=r, column=c, value=value)
            cell.font, cell.border = body, BORDER
            cell.alignment = LEFT if column.kind == "text" and value != NONE_TEXT else CENTER
            if column.kind in NUMBER_FORMATS and not isinstance(value, str):
                cell.number_format = NUMBER_FORMATS[column.kind]
    if not rows:  # a form with no records says so rather than showing nothing
        r += 1
        _merged(ws, r, 1, width, NONE_TEXT, font=body, alignment=CENTER, border=BORDER)
    summed = [c for c, column in enumerate(all_columns, start=1) if column.total]
    if totals and summed:
        r += 1
        bold = Font(name=FONT, size=11, bold=True)
        _merged(ws, r, 1, summed[0] - 1, "合计", font=bold, alignment=CENTER, border=BORDER)
        for c in range(summed[0], width + 1):
            column = all_columns[c - 1]
            total: Any = column_total(rows, column) if column.total else NOT_SUMMED
            cell = ws.cell(row=r, column=c, value=total)
            cell.font, cell.border, cell.alignment = bold, BORDER, CENTER
            if column.total:
                cell.number_format = NUMBER_FORMATS[column.kind]
    r += 2
    for (first, last), text in zip(_spans(3, width), SIGNATURE, strict=True):
        _merged(ws, r, first, last, text, font=body, alignment=LEFT)
    ws.row_dimensions[r].height = 28
    _print_setup(ws, header_row, footer)


def _print_setup(ws: Worksheet, header_row: int, footer: str) -> None:
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    if footer:
        ws.oddFooter.left.text = footer


def new_sheet(title: str) -> tuple[Workbook, Worksheet]:
    """A workbook with one sheet named `title` (at most 31 characters, as Excel wants)."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = title[:31]
    return workbook, ws


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
