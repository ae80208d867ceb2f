"""Reading the Excel forms back with openpyxl, the way a clerk's spreadsheet would, to
check their cells: title, info lines, headers, rows, 合计 and signature."""

import io
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Form:
    ws: Worksheet

    def values(self, row: int) -> list[Any]:
        return [c.value for c in self.ws[row]][: self.width]

    @property
    def width(self) -> int:
        return self.ws.max_column

    @property
    def title(self) -> Any:
        return self.ws["A1"].value

    def merged_across(self, row: int) -> bool:
        """Whether row `row` is one cell merged over every column."""
        wanted = f"A{row}:{get_column_letter(self.width)}{row}"
        return any(str(r) == wanted for r in self.ws.merged_cells.ranges)

    def _row_starting(self, text: str) -> int:
        for row in range(1, self.ws.max_row + 1):
            value = self.ws.cell(row=row, column=1).value
            if isinstance(value, str) and value.startswith(text):
                return row
        raise AssertionError(f"no row starts with {text!r}")

    @property
    def info(self) -> list[str]:
        """The texts of the lines between the title and the headers."""
        return [
            v for row in range(2, self.header_row) for v in self.values(row) if isinstance(v, str)
        ]

    @property
    def header_row(self) -> int:
        return self._row_starting("序号")

    @property
    def headers(self) -> list[Any]:
        return self.values(self.header_row)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The data rows, keyed by header."""
        found = []
        row = self.header_row + 1
        while isinstance(self.ws.cell(row=row, column=1).value, int):
            found.append(dict(zip(self.headers, self.values(row), strict=True)))
            row += 1
        return found

    @property
    def totals(self) -> dict[str, Any]:
        return dict(zip(self.headers, self.values(self._row_starting("合计")), strict=True))

    @property
    def signature(self) -> list[str]:
        row = self._row_starting("负责人")
        return [v for v in self.values(row) if isinstance(v, str)]


def open_form(content: bytes, sheet: int = 0) -> Form:
    workbook = load_workbook(io.BytesIO(content))
    return Form(workbook.worksheets[sheet])


def attachment_name(response: Any) -> str:
    """The UTF-8 file name (filename*) of an attachment."""
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;"), disposition
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    return unquote(encoded)


def xlsx_form(response: Any) -> Form:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    return open_form(response.content)
