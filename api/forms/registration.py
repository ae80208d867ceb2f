"""附件2 违法建设摸底登记表: the registration list of a community or of one compound —
one row per violation (docs/forms.md lists the columns)."""

from datetime import datetime

from psycopg import AsyncConnection

from api.auth.principal import Principal
from api.forms import queries
from api.forms.download import XlsxFile, exported, file_name
from api.forms.labels import day_zh, labelled, text
from api.forms.sheet import Column, new_sheet, to_bytes, write_form
from api.settings import Settings

TITLE = "违法建设摸底登记表"
COLUMNS = (
    Column("id", "违建编号", 9, "integer"),
    Column("compound", "小区", 12),
    Column("grid", "网格", 10),
    Column("place", "位置", 22),
    Column("party_name", "当事人", 10),
    Column("party_phone", "联系电话", 14),
    Column("structure_type", "结构类型", 11),
    Column("use", "用途", 8),
    Column("floors", "层数", 6, "integer"),
    Column("built_date", "建成时间", 12, "date"),
    Column("found_date", "发现时间", 12, "date"),
    Column("measured_area_m2", "丈量面积（㎡）", 11, "area", total=True),
    Column("mapped_area_m2", "图斑面积（㎡）", 11, "area", total=True),
    Column("floor_area_m2", "建筑面积（㎡）", 11, "area", total=True),
    Column("ledger", "台账类别", 14),
    Column("ledger_no", "台账编号", 12),
    Column("status", "状态", 10),
)


async def registration_form(
    conn: AsyncConnection,
    settings: Settings,
    viewer: Principal,
    *,
    community_id: int | None = None,
    compound_id: int | None = None,
) -> XlsxFile:
    """The registration list of one compound (when `compound_id`) or of a whole
    community; 404 outside the viewer's communities."""
    today = datetime.now(settings.zone).date()
    if compound_id is not None:
        place = await queries.compound(conn, compound_id, viewer)
        community_name, compound_name = place["community"], place["name"]
        filters = {"compound_id": compound_id}
        fallback = f"registration-compound-{compound_id}.xlsx"
    elif community_id is not None:
        place = await queries.community(conn, community_id, viewer)
        community_name, compound_name = place["name"], "全部小区"
        filters = {"community_id": community_id}
        fallback = f"registration-community-{community_id}.xlsx"
    else:
        raise ValueError("a community or a compound")
    rows = await queries.violation_rows(conn, filters, viewer)
    info = [
        [
            f"填报单位：{text(community_name)}",
            f"小区：{text(compound_name)}",
            f"统计截至：{day_zh(today)}",
        ]
    ]
    workbook, ws = new_sheet(f"附件2 {TITLE}")
    write_form(
        ws, TITLE, info, COLUMNS, [labelled(r) for r in rows], footer=exported(settings, viewer)
    )
    scope = compound_name if compound_id is not None else community_name
    return XlsxFile(
        name=file_name("附件2", TITLE, community_name, scope if scope != community_name else ""),
        fallback=fallback,
        content=to_bytes(workbook),
    )
