"""The data-quality audit as an Excel workbook: the problems (数据质量问题清单) and the
scores per community (数据质量评分)."""

from typing import Any

from api.forms.download import XlsxFile, file_name
from api.forms.sheet import Column, new_sheet, to_bytes, write_form

TITLE = "违法建设数据质量核查表"
SEVERITY_ZH = {"error": "错误", "warning": "提示"}
RECORD_ZH = {"violation": "违建", "household": "户", "photo": "照片", "compound": "小区"}

PROBLEM_COLUMNS = (
    Column("community", "社区", 12),
    Column("title_zh", "问题类型", 18),
    Column("severity", "严重程度", 8),
    Column("record_type", "记录类型", 8),
    Column("record_id", "记录编号", 9, "integer"),
    Column("related", "关联记录", 12),
    Column("message", "说明及处理办法", 60),
)
SCORE_COLUMNS = (
    Column("name", "社区", 14),
    Column("violations", "违建（处）", 10, "integer", total=True),
    Column("households", "户数", 8, "integer", total=True),
    Column("errors", "错误记录", 10, "integer", total=True),
    Column("warnings", "提示记录", 10, "integer", total=True),
    Column("problems", "问题数", 8, "integer", total=True),
    Column("score", "评分", 8),
)


def audit_xlsx(report: dict[str, Any], scope: str, footer: str) -> XlsxFile:
    names = {c["community_id"]: c["name"] for c in report["communities"]}
    problems = [
        {
            "community": names.get(p["community_id"]),
            "title_zh": p["title_zh"],
            "severity": SEVERITY_ZH[p["severity"]],
            "record_type": RECORD_ZH[p["record"]["type"]],
            "record_id": p["record"]["id"],
            "related": (
                f"{RECORD_ZH[p['related']['type']]} {p['related']['id']}" if p["related"] else None
            ),
            "message": p["message"],
        }
        for p in report["problems"]
    ]
    scores = [
        {
            "name": c["name"],
            "violations": c["records"]["violations"],
            "households": c["records"]["households"],
            "errors": c["flagged"]["error"],
            "warnings": c["flagged"]["warning"],
            "problems": c["problems"],
            "score": None if c["score"] is None else f"{c['score']:.1f}",
        }
        for c in report["communities"]
    ]
    info = [[f"范围：{scope}", f"核查时间：{report['generated_at'][:16].replace('T', ' ')}"]]
    weight = report["thresholds"]["warning_weight"]
    formula = f"评分 = 100 ×（1 −（错误记录 + {weight:g} × 提示记录）÷（违建 + 户数））"
    workbook, ws = new_sheet("数据质量问题清单")
    write_form(ws, TITLE, info, PROBLEM_COLUMNS, problems, totals=False, footer=footer)
    scores_ws = workbook.create_sheet("数据质量评分")
    write_form(
        scores_ws, "违法建设数据质量评分", [*info, [formula]], SCORE_COLUMNS, scores, footer=footer
    )
    return XlsxFile(
        name=file_name(TITLE, scope), fallback="quality-audit.xlsx", content=to_bytes(workbook)
    )
