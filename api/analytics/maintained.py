"""The maintained figures of each grid cell (now, over all time), recomputed for the
cells that writes have marked before anyone reads them (migration 0003)."""

from typing import Any

from psycopg import AsyncConnection, Connection

from api.vocabulary import STANDING
from spatial.analytics import Period, cell_stats_sql, stats_params

COLUMNS = (
    "area_m2, occupied_m2, demolished_m2, violations_standing, swept_m2, sweep_ids, last_swept_at"
)

# One statement, one snapshot: take the marks, drop the figures of deleted cells,
# compute the others afresh.
REFRESH = f"""
WITH marked AS (DELETE FROM grid_stat_dirty RETURNING grid_id),
ids AS (SELECT DISTINCT grid_id FROM marked),
gone AS (
    DELETE FROM grid_stat s USING ids
    WHERE s.grid_id = ids.grid_id
      AND NOT EXISTS (SELECT 1 FROM grid_cell g WHERE g.id = ids.grid_id AND g.deleted_at IS NULL)
    RETURNING 1
),
fresh AS ({
    cell_stats_sql(
        "SELECT g.id, g.geom, g.area_m2 FROM grid_cell g JOIN ids ON ids.grid_id = g.id "
        "WHERE g.deleted_at IS NULL"
    )
})
INSERT INTO grid_stat (grid_id, {COLUMNS})
SELECT grid_id, {COLUMNS} FROM fresh
ON CONFLICT (grid_id) DO UPDATE SET
    area_m2 = EXCLUDED.area_m2, occupied_m2 = EXCLUDED.occupied_m2,
    demolished_m2 = EXCLUDED.demolished_m2,
    violations_standing = EXCLUDED.violations_standing, swept_m2 = EXCLUDED.swept_m2,
    sweep_ids = EXCLUDED.sweep_ids, last_swept_at = EXCLUDED.last_swept_at,
    computed_at = now()
"""

NOW_OVER_ALL_TIME = Period(at=None, start=None, end=None)


def _params() -> dict[str, Any]:
    return stats_params(NOW_OVER_ALL_TIME, STANDING)


async def refresh(conn: AsyncConnection) -> None:
    """Recompute the marked cells (nothing, quickly, when none is marked)."""
    cur = await conn.execute("SELECT EXISTS (SELECT 1 FROM grid_stat_dirty)")
    row = await cur.fetchone()
    if row and row[0]:
        await conn.execute(REFRESH, _params())


def refresh_sync(conn: Connection) -> None:
    """`refresh` for loaders, inside their transaction."""
    conn.execute(REFRESH, _params())
