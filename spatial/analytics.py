"""Occupied area, sweep coverage and gaps per grid cell, computed in PostGIS.

Definitions (DESIGN.md, "Definitions"):
- Occupied area of a cell at time T: area((∪ footprints of the violations standing
  at T) ∩ cell). Overlapping footprints count once. "Standing" is the status a
  violation had at T by its event history — registered, verified, planned or
  rectifying, the caller's %(standing)s (api.vocabulary.STANDING) — so a structure
  demolished on 3 November stands on the 2nd and not on the 4th. A footprint redrawn
  after T counts with its shape at T.
- Demolished area at T: area((∪ footprints of violations demolished by T) ∩ cell).
- Coverage of a cell over [from, to): area((∪ sweep footprints started in the
  period) ∩ cell) / area(cell). Gaps: the cell minus that union, slivers under
  1 m² dropped.
- Counts follow belonging (a violation counts in the one cell holding the largest
  part of it); areas are clipped, so a footprint across two cells is split by area.
- Areas are geodesic m² on the WGS84 ellipsoid (PostGIS geography).

The state "as recorded at T" is replayed from violation_event: a record created
after T is not there yet, one deleted after T still is.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg import AsyncConnection

GAP_SLIVER_M2 = 1.0


@dataclass(frozen=True)
class Period:
    at: datetime | None  # None: now
    start: datetime | None  # None: since ever
    end: datetime | None  # None: until now (exclusive bound)

    def params(self) -> dict[str, Any]:
        return {"at": self.at, "start": self.start, "end": self.end}


# Each violation near a cell, with its status and footprint as recorded at %(at)s.
VIOLATIONS_AT = """
SELECT v.id, v.grid_id, s.to_status AS status,
       CASE WHEN g.old IS NULL THEN v.geom
            ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(g.old), 4326)) END AS geom,
       EXISTS (SELECT 1 FROM violation_event d WHERE d.violation_id = v.id
               AND d.to_status = 'demolished' AND d.kind <> 'deleted'
               AND d.at <= COALESCE(%(at)s::timestamptz, now())) AS demolished
FROM violation v
JOIN LATERAL (
    SELECT e.kind, e.to_status FROM violation_event e
    WHERE e.violation_id = v.id AND e.to_status IS NOT NULL
      AND e.at <= COALESCE(%(at)s::timestamptz, now())
    ORDER BY e.at DESC, e.id DESC LIMIT 1
) s ON s.kind <> 'deleted'
LEFT JOIN LATERAL (
    SELECT e.diff -> 'geom' ->> 0 AS old FROM violation_event e
    WHERE e.violation_id = v.id AND e.diff ? 'geom' AND e.at > COALESCE(%(at)s::timestamptz, now())
    ORDER BY e.at, e.id LIMIT 1
) g ON true
"""

SWEEPS_IN_PERIOD = """
sw.deleted_at IS NULL
AND (%(start)s::timestamptz IS NULL OR sw.started_at >= %(start)s)
AND (%(end)s::timestamptz IS NULL OR sw.started_at < %(end)s)
"""

# One row per cell of `cells` (a query yielding id, geom, area_m2).
CELL_STATS = f"""
SELECT c.id AS grid_id, c.area_m2,
       COALESCE(occ.occupied_m2, 0) AS occupied_m2,
       COALESCE(occ.demolished_m2, 0) AS demolished_m2,
       COALESCE(cnt.standing, 0) AS violations_standing,
       COALESCE(cov.swept_m2, 0) AS swept_m2,
       COALESCE(cov.sweep_ids, '{{}}') AS sweep_ids,
       cov.last_swept_at
FROM ({{cells}}) c
LEFT JOIN LATERAL (
    SELECT ST_Area(ST_Intersection(c.geom,
               ST_Union(x.geom) FILTER (WHERE x.status = ANY(%(standing)s)))::geography)
               AS occupied_m2,
           ST_Area(ST_Intersection(c.geom,
               ST_Union(x.geom) FILTER (WHERE x.demolished))::geography) AS demolished_m2
    FROM ({VIOLATIONS_AT}
          WHERE ST_Intersects(v.geom, c.geom) AND NOT ST_Touches(v.geom, c.geom)) x
) occ ON true
LEFT JOIN LATERAL (
    SELECT count(*) AS standing
    FROM ({VIOLATIONS_AT} WHERE v.grid_id = c.id) x
    WHERE x.status = ANY(%(standing)s)
) cnt ON true
LEFT JOIN LATERAL (
    SELECT ST_Area(ST_Intersection(c.geom, ST_Union(sw.geom))::geography) AS swept_m2,
           array_agg(sw.id ORDER BY sw.id) AS sweep_ids,
           max(sw.ended_at) AS last_swept_at
    FROM sweep sw
    WHERE ST_Intersects(sw.geom, c.geom) AND NOT ST_Touches(sw.geom, c.geom)
      AND {SWEEPS_IN_PERIOD}
) cov ON true
"""


def cell_stats_sql(cells: str) -> str:
    """The per-cell figures over the cells an SQL query selects (id, geom, area_m2)."""
    return CELL_STATS.replace("{cells}", cells)


def stats_params(period: Period, standing: Sequence[str]) -> dict[str, Any]:
    """The parameters of the per-cell figures: the period, and the statuses that count
    as standing (api.vocabulary.STANDING: spatial does not import api)."""
    return {**period.params(), "standing": list(standing)}


GAPS = f"""
SELECT ST_AsGeoJSON(ST_Multi(ST_Collect(part.geom)), 7)::json AS geometry,
       COALESCE(sum(part.m2), 0) AS gap_m2
FROM grid_cell c
CROSS JOIN LATERAL (
    SELECT ST_Union(sw.geom) AS geom FROM sweep sw
    WHERE ST_Intersects(sw.geom, c.geom) AND {SWEEPS_IN_PERIOD}
) swept
CROSS JOIN LATERAL (
    SELECT d.geom, ST_Area(d.geom::geography) AS m2
    FROM ST_Dump(CASE WHEN swept.geom IS NULL THEN c.geom
                      ELSE ST_Difference(c.geom, swept.geom) END) d
    WHERE ST_Dimension(d.geom) = 2
) part
WHERE c.id = %(grid_id)s AND part.m2 >= %(sliver)s
"""


async def gaps(conn: AsyncConnection, grid_id: int, period: Period) -> tuple[Any, float]:
    """(GeoJSON MultiPolygon or None, its area in m²) of the unswept part of a cell."""
    cur = await conn.execute(GAPS, {**period.params(), "grid_id": grid_id, "sliver": GAP_SLIVER_M2})
    row = await cur.fetchone()
    if row is None:
        return None, 0.0
    return row[0], float(row[1])
