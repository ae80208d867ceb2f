"""Where a footprint belongs: the grid cell, compound and community holding it.

Rule: a footprint belongs to the grid cell holding the largest part
of it (geodesic area of the intersection); its compound and community follow
from that cell. Where no grid cell touches it, the compound holding its largest
part is used and the cell stays empty. A footprint touching no compound belongs
nowhere, and the caller refuses it.

When a grid cell or compound is drawn or redrawn, the records it touches are
located again (`relocate`), so stored places never go stale.
"""

from dataclasses import dataclass

from psycopg import AsyncConnection, Connection, sql

from api.db.sqlfiles import compose, part
from api.errors import Conflict

# The rule, as a piece of the queries below (api/sql/locate_rule.sql).
_RULE = part("locate_rule")
# For one footprint given as a GeoJSON geometry text in %(geojson)s.
LOCATE_SQL = compose("locate", rule=_RULE)


@dataclass(frozen=True)
class Location:
    grid_id: int | None
    compound_id: int
    community_id: int


async def locate(conn: AsyncConnection, geojson: str) -> Location | None:
    """The location of a footprint, or None when it lies outside every compound."""
    cur = await conn.execute(LOCATE_SQL, {"geojson": geojson})
    row = await cur.fetchone()
    return Location(*row) if row else None


def locate_sync(conn: Connection, geojson: str) -> Location | None:
    """`locate` for synchronous connections (loaders, scripts)."""
    row = conn.execute(LOCATE_SQL, {"geojson": geojson}).fetchone()
    return Location(*row) if row else None


# Records a change of places may move: their table → the live ones touching %(area)s
# (hex EWKB) that would belong nowhere, and the query placing them again.
RELOCATED = ("violation", "sweep")
UNPLACED_SQL = {
    table: compose("unplaced", records=sql.Identifier(table), rule=_RULE) for table in RELOCATED
}
RELOCATE_VIOLATIONS_SQL = compose("relocate_violations", rule=_RULE)
RELOCATE_SWEEPS_SQL = compose("relocate_sweeps", rule=_RULE)


async def relocate(
    conn: AsyncConnection, area_ewkb: str, actor: str, reason: str, request_id: str | None
) -> None:
    """Locate again every live violation and sweep touching `area` (after places there
    were drawn or redrawn); a moved violation gets an event. Refuses (409) a change
    that would leave records outside every compound. Run inside the change's transaction."""
    for table in RELOCATED:
        cur = await conn.execute(UNPLACED_SQL[table], {"area": area_ewkb})
        row = await cur.fetchone()
        if row and row[0]:
            shown = ", ".join(str(i) for i in row[0][:20])
            raise Conflict(
                f"this change would leave {len(row[0])} {table}(s) outside every compound "
                f"({shown}); draw the place so that it still covers them, or move them first",
                orphans={table: row[0]},
            )
    params = {"area": area_ewkb, "actor": actor, "reason": reason, "request_id": request_id}
    await conn.execute(RELOCATE_VIOLATIONS_SQL, params)
    await conn.execute(RELOCATE_SWEEPS_SQL, params)
