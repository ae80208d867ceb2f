"""Where a footprint belongs: the grid cell, compound and community holding it.

Rule (DESIGN.md): a footprint belongs to the grid cell holding the largest part
of it (geodesic area of the intersection); its compound and community follow
from that cell. Where no grid cell touches it, the compound holding its largest
part is used and the cell stays empty. A footprint touching no compound belongs
nowhere, and the caller refuses it.

When a grid cell or compound is drawn or redrawn, the records it touches are
located again (`relocate`), so stored places never go stale.
"""

from dataclasses import dataclass

from psycopg import AsyncConnection, Connection

from api.errors import Conflict


def locate_query(footprint: str) -> str:
    """The rule as one query over an SQL expression for the footprint (EPSG:4326)."""
    return f"""
SELECT grid_id, compound_id, community_id FROM (
    SELECT g.id AS grid_id, g.compound_id, g.community_id, 1 AS rank,
           ST_Area(ST_Intersection(g.geom, {footprint})::geography) AS overlap_m2
    FROM grid_cell g
    WHERE g.deleted_at IS NULL AND ST_Intersects(g.geom, {footprint})
    UNION ALL
    SELECT NULL::bigint, c.id, c.community_id, 2,
           ST_Area(ST_Intersection(c.geom, {footprint})::geography)
    FROM compound c
    WHERE c.deleted_at IS NULL AND ST_Intersects(c.geom, {footprint})
) AS candidates
WHERE overlap_m2 > 0
ORDER BY rank, overlap_m2 DESC, compound_id, grid_id
LIMIT 1"""


# For one footprint given as a GeoJSON geometry text in %(geojson)s.
LOCATE_SQL = locate_query("ST_SetSRID(ST_GeomFromGeoJSON(%(geojson)s), 4326)")


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


# Live records touching %(area)s (hex EWKB), each with where it now belongs.
_LOCATED = """
SELECT r.id, {old_grid} AS old_grid_id, r.compound_id AS old_compound_id,
       r.community_id AS old_community_id, l.grid_id, l.compound_id, l.community_id
FROM {table} r
LEFT JOIN LATERAL ({locate}) l ON true
WHERE r.deleted_at IS NULL AND ST_Intersects(r.geom, %(area)s::geometry)
"""


def _located(table: str) -> str:
    old_grid = "r.grid_id" if table == "violation" else "NULL::bigint"
    return _LOCATED.format(table=table, old_grid=old_grid, locate=locate_query("r.geom"))


RELOCATE_VIOLATIONS_SQL = f"""
WITH located AS ({_located("violation")}),
moved AS (
    UPDATE violation v
    SET grid_id = l.grid_id, compound_id = l.compound_id, community_id = l.community_id,
        version = v.version + 1, updated_at = now()
    FROM located l
    WHERE v.id = l.id AND l.compound_id IS NOT NULL
      AND (l.old_grid_id, l.old_compound_id, l.old_community_id)
          IS DISTINCT FROM (l.grid_id, l.compound_id, l.community_id)
    RETURNING l.*
)
INSERT INTO violation_event (violation_id, actor, kind, reason, diff, request_id)
SELECT id, %(actor)s, 'updated', %(reason)s,
       jsonb_strip_nulls(jsonb_build_object(
           'grid_id', CASE WHEN old_grid_id IS DISTINCT FROM grid_id
                           THEN jsonb_build_array(old_grid_id, grid_id) END,
           'compound_id', CASE WHEN old_compound_id IS DISTINCT FROM compound_id
                               THEN jsonb_build_array(old_compound_id, compound_id) END,
           'community_id', CASE WHEN old_community_id IS DISTINCT FROM community_id
                                THEN jsonb_build_array(old_community_id, community_id) END)),
       %(request_id)s
FROM moved
"""

RELOCATE_SWEEPS_SQL = f"""
WITH located AS ({_located("sweep")})
UPDATE sweep s
SET compound_id = l.compound_id, community_id = l.community_id,
    version = s.version + 1, updated_at = now()
FROM located l
WHERE s.id = l.id AND l.compound_id IS NOT NULL
  AND (l.old_compound_id, l.old_community_id) IS DISTINCT FROM (l.compound_id, l.community_id)
"""


async def relocate(
    conn: AsyncConnection, area_ewkb: str, actor: str, reason: str, request_id: str | None
) -> None:
    """Locate again every live violation and sweep touching `area` (after places there
    were drawn or redrawn); a moved violation gets an event. Refuses (409) a change
    that would leave records outside every compound. Run inside the change's transaction."""
    for table in ("violation", "sweep"):
        cur = await conn.execute(
            f"SELECT array_agg(id ORDER BY id) FROM ({_located(table)}) x "
            "WHERE compound_id IS NULL",
            {"area": area_ewkb},
        )
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
