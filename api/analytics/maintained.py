"""The maintained figures of each grid cell (now, over all time), recomputed for the
cells that writes have marked before anyone reads them (migration 0003)."""

from typing import Any

from psycopg import AsyncConnection, Connection

from api.db.sqlfiles import compose, part
from api.vocabulary import STANDING
from spatial.analytics import Period, stats_params

# One statement, one snapshot: take the marks, drop the figures of deleted cells,
# compute the others afresh (api/sql/grid_stat_refresh.sql over cell_stats.sql).
REFRESH = compose("grid_stat_refresh", stats=part("cell_stats"))

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
