"""附件3 违法建设治理任务计划: the rectification task plan of one compound — each
violation's measure, the person responsible and the deadline, under the compound's own
deadline (以小区为单位明确完成治理工作的最后期限). docs/forms.md lists the columns."""

from datetime import date

from psycopg import AsyncConnection

from api.auth.principal import Principal
from api.forms import queries
from api.forms.download import XlsxFile, exported, file_name
from api.forms.labels import day_zh, labelled, text
from api.forms.sheet import Column, new_sheet, to_bytes, write_form
from api.settings import Settings

TITLE = "违法建设治理任务计划"
COLUMNS = (
    Column("id", "违建编号", 9, "integer"),
    Column("grid", "网格", 10),
    Column("place", "位置", 22),
    Column("party_name", "当事人", 10),
    Column("structure_type", "结构类型", 11),
    Column("measured_area_m2", "丈量面积（㎡）", 11, "area", total=True),
    Column("ledger", "台账类别", 14),
    Column("plan_measure", "治理措施", 10),
    Column("plan_responsible", "责任人", 10),
    Column("deadline", "完成期限", 12, "date"),
    Column("status", "状态", 10),
    Column("overdue", "是否逾期", 8),
)


async def task_plan_form(
    conn: AsyncConnection, settings: Settings, compound_id: int, viewer: Principal
) -> XlsxFile:
    """The compound's task plan; 404 outside the viewer's communities. A violation's
    deadline is its plan's, else the compound's."""
    compound = await queries.compound(conn, compound_id, viewer)
    deadline = date.fromisoformat(compound["deadline"]) if compound["deadline"] else None
    rows = await queries.violation_rows(conn, {"compound_id": compound_id}, viewer)
    info = [
        [
            f"填报单位：{text(compound['community'])}",
            f"小区：{text(compound['name'])}",
            f"小区治理期限：{day_zh(deadline)}",
        ]
    ]
    workbook, ws = new_sheet(f"附件3 {TITLE}")
    write_form(
        ws, TITLE, info, COLUMNS, [labelled(r) for r in rows], footer=exported(settings, viewer)
    )
    return XlsxFile(
        name=file_name("附件3", TITLE, compound["community"], compound["name"]),
        fallback=f"task-plan-compound-{compound_id}.xlsx",
        content=to_bytes(workbook),
    )
