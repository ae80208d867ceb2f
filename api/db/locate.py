"""Where a footprint belongs: the grid cell, compound and community holding it.

Rule (DESIGN.md): a footprint belongs to the grid cell holding the largest part
of it (geodesic area of the intersection); its compound and community follow
from that cell. Where no grid cell touches it, the compound holding its largest
part is used and the cell stays empty. A footprint touching no compound belongs
nowhere, and the caller refuses it.
"""

from dataclasses import dataclass

from psycopg import AsyncConnection, Connection

# One statement, so bulk loaders and the service share the rule exactly.
# %(geojson)s is a GeoJSON geometry text in EPSG:4326.
LOCATE_SQL = """
WITH footprint AS (
    SELECT ST_SetSRID(ST_GeomFromGeoJSON(%(geojson)s), 4326) AS geom
), by_cell AS (
    SELECT g.id AS grid_id, g.compound_id, g.community_id, 1 AS rank,
           ST_Area(ST_Intersection(g.geom, f.geom)::geography) AS overlap_m2
    FROM grid_cell g, footprint f
    WHERE g.deleted_at IS NULL AND ST_Intersects(g.geom, f.geom)
), by_compound AS (
    SELECT NULL::bigint AS grid_id, c.id AS compound_id, c.community_id, 2 AS rank,
           ST_Area(ST_Intersection(c.geom, f.geom)::geography) AS overlap_m2
    FROM compound c, footprint f
    WHERE c.deleted_at IS NULL AND ST_Intersects(c.geom, f.geom)
)
SELECT grid_id, compound_id, community_id
FROM (SELECT * FROM by_cell UNION ALL SELECT * FROM by_compound) AS candidates
WHERE overlap_m2 > 0
ORDER BY rank, overlap_m2 DESC, compound_id, grid_id
LIMIT 1
"""


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
