"""What the forms read: the place or household a form is about, and its violations as
flat rows. Scoped like every read (another community's record is 'not found');
personal data masked for those who may not see it. Values are bound parameters."""

import json
from typing import Any

from psycopg import AsyncConnection, sql
from psycopg.rows import dict_row

from api.auth.principal import Principal
from api.collections.declare import masked
from api.collections.read import get_feature, where_clause
from api.households.tables import HOUSEHOLDS
from api.places.tables import COMMUNITIES, COMPOUNDS
from api.violations.tables import DEADLINE, OVERDUE, VIOLATIONS

# The household's place: "7号楼 1单元 102".
HOUSEHOLD_PLACE = "NULLIF(concat_ws(' ', h.building, h.unit, h.room), '')"

# One row per violation (alias t; its compound c, grid cell g, household h). The
# party is the violation's own, else its household's.
ROW = {
    "id": "t.id",
    "compound": "c.name",
    "grid": "g.name",
    "place": f"NULLIF(concat_ws('，', {HOUSEHOLD_PLACE}, NULLIF(btrim(t.address), '')), '')",
    "address": "t.address",
    "party_name": masked("COALESCE(NULLIF(t.party_name, ''), h.party_name)", "name"),
    "party_phone": masked("COALESCE(NULLIF(t.party_phone, ''), h.party_phone)", "phone"),
    "structure_type": "t.structure_type",
    "use": "t.use",
    "floors": "t.floors",
    "built_date": "t.built_date",
    "found_date": "t.found_date",
    "measured_area_m2": "t.measured_area_m2",
    "mapped_area_m2": "round(t.mapped_area_m2::numeric, 2)",
    "floor_area_m2": "t.floor_area_m2",
    "ledger": "t.ledger",
    "ledger_no": "t.ledger_no",
    "status": "t.status",
    "plan_measure": "t.plan_measure",
    "plan_responsible": "t.plan_responsible",
    "deadline": DEADLINE,
    "overdue": OVERDUE,
    "notes": "t.notes",
}
# Dismissed records were not violations after all: no form lists them.
ON_FORMS = "t.status <> 'dismissed'"

_ROWS = """
SELECT {columns}
FROM violation t
JOIN compound c ON c.id = t.compound_id
LEFT JOIN grid_cell g ON g.id = t.grid_id
LEFT JOIN household h ON h.id = t.household_id
WHERE {where}
ORDER BY c.code, t.id
"""


async def violation_rows(
    conn: AsyncConnection, filters: dict[str, Any], viewer: Principal
) -> list[dict[str, Any]]:
    """The live violations matching `filters` (VIOLATIONS' filters: community_id,
    compound_id, household_id …) that the viewer may see, by compound and id."""
    where, params = where_clause(VIOLATIONS, filters, viewer, extra=[ON_FORMS])
    columns = sql.SQL(", ").join(
        sql.SQL("{} AS {}").format(sql.SQL(expr), sql.Identifier(name))
        for name, expr in ROW.items()
    )
    query = sql.SQL(_ROWS).format(columns=columns, where=where)
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(query, params)
        return list(await cur.fetchall())


async def _properties(
    conn: AsyncConnection, table: Any, record_id: int, viewer: Principal
) -> dict[str, Any]:
    feature, _ = await get_feature(conn, table, record_id, viewer)
    properties: dict[str, Any] = json.loads(feature)["properties"]
    return {"id": record_id, **properties}


async def _name_of(conn: AsyncConnection, table: str, record_id: int) -> str | None:
    query = sql.SQL("SELECT name FROM {} WHERE id = %(id)s").format(sql.Identifier(table))
    cur = await conn.execute(query, {"id": record_id})
    row = await cur.fetchone()
    return row[0] if row else None


async def household(conn: AsyncConnection, household_id: int, viewer: Principal) -> dict[str, Any]:
    """The household (party masked as the viewer must see it) with its compound's and
    community's names; 404 outside the viewer's communities, 410 when deleted."""
    found = await _properties(conn, HOUSEHOLDS, household_id, viewer)
    found["compound"] = await _name_of(conn, "compound", found["compound_id"])
    found["community"] = await _name_of(conn, "community", found["community_id"])
    return found


async def compound(conn: AsyncConnection, compound_id: int, viewer: Principal) -> dict[str, Any]:
    """The compound (name, code, deadline …) with its community's name."""
    found = await _properties(conn, COMPOUNDS, compound_id, viewer)
    found["community"] = await _name_of(conn, "community", found["community_id"])
    return found


async def community(conn: AsyncConnection, community_id: int, viewer: Principal) -> dict[str, Any]:
    return await _properties(conn, COMMUNITIES, community_id, viewer)
