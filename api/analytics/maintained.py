"""The maintained figures of each grid cell (now, over all time), kept in grid_stat.

Every write that can change a cell's figures marks the cell in grid_stat_dirty
(triggers, migration 0003); the writing transaction recomputes the cells it marked
before it commits (`refresh`, called for every write request by
api/db/request_transaction.py, and `refresh_sync` by loaders and the CLI). Reads never
write: a cell still marked — by a write that did not refresh, e.g. by hand in psql —
is computed afresh by the reader instead (api/analytics/queries.py).

Two writers touching the same cell must not lose each other's change. Under READ
COMMITTED each takes the advisory transaction lock of every cell it recomputes, in id
order, in one statement; then computes in a fresh statement, whose snapshot includes
the change of a writer that held the lock before it and has committed.
"""

from typing import Any

from psycopg import AsyncConnection, Connection
from psycopg.pq import TransactionStatus

from spatial.analytics import Period, cell_stats_sql, stats_params

COLUMNS = (
    "area_m2, occupied_m2, demolished_m2, violations_standing, swept_m2, sweep_ids, last_swept_at"
)

# The marked cells, each locked (held until the transaction ends), in id order.
LOCK_MARKED = """
SELECT COALESCE(array_agg(grid_id ORDER BY grid_id), '{}')
FROM (
    SELECT grid_id,
           pg_advisory_xact_lock(hashtext('weijian.grid_stat'), (grid_id % 2147483648)::int)
    FROM (SELECT DISTINCT grid_id FROM grid_stat_dirty ORDER BY grid_id) marked
) locked
"""

# One statement, one snapshot: take the marks of the locked cells, drop the figures of
# deleted cells, compute the others afresh.
REFRESH = f"""
WITH ids AS (SELECT unnest(%(ids)s::bigint[]) AS grid_id),
marked AS (DELETE FROM grid_stat_dirty d USING ids WHERE d.grid_id = ids.grid_id),
gone AS (
    DELETE FROM grid_stat s USING ids
    WHERE s.grid_id = ids.grid_id
      AND NOT EXISTS (SELECT 1 FROM grid_cell g WHERE g.id = ids.grid_id AND g.deleted_at IS NULL)
),
fresh AS ({
    cell_stats_sql(
        "SELECT g.id, g.geom, g.area_m2 FROM grid_cell g JOIN ids ON ids.grid_id = g.id "
        "WHERE g.deleted_at IS NULL"
    )
})
INSERT INTO grid_stat (grid_id, {COLUMNS}, computed_at)
SELECT grid_id, {COLUMNS}, statement_timestamp() FROM fresh
ON CONFLICT (grid_id) DO UPDATE SET
    area_m2 = EXCLUDED.area_m2, occupied_m2 = EXCLUDED.occupied_m2,
    demolished_m2 = EXCLUDED.demolished_m2,
    violations_standing = EXCLUDED.violations_standing, swept_m2 = EXCLUDED.swept_m2,
    sweep_ids = EXCLUDED.sweep_ids, last_swept_at = EXCLUDED.last_swept_at,
    computed_at = EXCLUDED.computed_at
"""

NOW_OVER_ALL_TIME = Period(at=None, start=None, end=None)


def _params(ids: list[int]) -> dict[str, Any]:
    return {**stats_params(NOW_OVER_ALL_TIME), "ids": ids}


def _check_transaction(status: TransactionStatus) -> None:
    if status != TransactionStatus.INTRANS:
        raise RuntimeError("refresh the maintained figures inside the writing transaction")


async def refresh(conn: AsyncConnection) -> None:
    """Recompute the marked cells, inside the caller's transaction (nothing, quickly,
    when none is marked)."""
    _check_transaction(conn.info.transaction_status)
    cur = await conn.execute(LOCK_MARKED)
    row = await cur.fetchone()
    if row and row[0]:
        await conn.execute(REFRESH, _params(list(row[0])))


def refresh_sync(conn: Connection) -> None:
    """`refresh` for loaders and the CLI, inside their transaction."""
    _check_transaction(conn.info.transaction_status)
    row = conn.execute(LOCK_MARKED).fetchone()
    if row and row[0]:
        conn.execute(REFRESH, _params(list(row[0])))
