"""附件1 违法建设摸底调查表: the survey form of one household — where it is, who the
party is, and each of its violations as a row (docs/forms.md lists the columns)."""

from psycopg import AsyncConnection

from api.auth.principal import Principal
from api.forms import queries
from api.forms.download import XlsxFile, exported, file_name
from api.forms.labels import labelled, text
from api.forms.sheet import Column, new_sheet, to_bytes, write_form
from api.settings import Settings

TITLE = "违法建设摸底调查表"
COLUMNS = (
    Column("id", "违建编号", 9, "integer"),
    Column("address", "具体位置", 18),
    Column("structure_type", "结构类型", 11),
    Column("use", "用途", 8),
    Column("floors", "层数", 6, "integer"),
    Column("built_date", "建成时间", 12, "date"),
    Column("measured_area_m2", "丈量面积（㎡）", 11, "area", total=True),
    Column("floor_area_m2", "建筑面积（㎡）", 11, "area", total=True),
    Column("ledger", "台账类别", 14),
    Column("found_date", "发现时间", 12, "date"),
    Column("status", "状态", 10),
    Column("notes", "备注", 20),
)


async def survey_form(
    conn: AsyncConnection, settings: Settings, household_id: int, viewer: Principal
) -> XlsxFile:
    """The household's survey form; 404 outside the viewer's communities."""
    household = await queries.household(conn, household_id, viewer)
    rows = await queries.violation_rows(conn, {"household_id": household_id}, viewer)
    info = [
        [
            f"社区：{text(household['community'])}",
            f"小区：{text(household['compound'])}",
            f"户编号：{household_id}",
        ],
        [
            f"楼号：{text(household['building'])}",
            f"单元：{text(household['unit'])}",
            f"室号：{text(household['room'])}",
        ],
        [
            f"地址：{text(household['address'])}",
            f"当事人：{text(household['party_name'])}",
            f"联系电话：{text(household['party_phone'])}",
        ],
    ]
    workbook, ws = new_sheet(f"附件1 {TITLE}")
    write_form(
        ws,
        TITLE,
        info,
        COLUMNS,
        [labelled(r) for r in rows],
        footer=exported(settings, viewer),
    )
    place = "".join(str(household[k] or "") for k in ("building", "unit", "room"))
    return XlsxFile(
        name=file_name("附件1", TITLE, household["compound"], place or f"户{household_id}"),
        fallback=f"survey-household-{household_id}.xlsx",
        content=to_bytes(workbook),
    )


async def survey_form_xlsx(
    conn: AsyncConnection, settings: Settings, household_id: int, viewer: Principal
) -> bytes:
    """The survey form's bytes, e.g. for the household's file (dossier.zip)."""
    return (await survey_form(conn, settings, household_id, viewer)).content
