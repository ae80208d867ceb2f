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

from api.db.sqlfiles import compose, part
from api.vocabulary import STANDING
from spatial.analytics import Period, stats_params

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
# deleted cells, compute the others afresh (api/sql/grid_stat_refresh.sql over
# cell_stats.sql).
REFRESH = compose("grid_stat_refresh", stats=part("cell_stats"))

NOW_OVER_ALL_TIME = Period(at=None, start=None, end=None)


def _params(ids: list[int]) -> dict[str, Any]:
    return {**stats_params(NOW_OVER_ALL_TIME, STANDING), "ids": ids}


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
