"""The psycopg 3 connection pool, opened in the app's lifespan.

Connections run in autocommit mode. A write request runs in one transaction on
one connection (api/db/request_transaction.py), so a service's own
`async with conn.transaction():` is a savepoint inside it; elsewhere (reads, the
CLI) it is a transaction of its own. Each session uses the campaign's time zone,
so dates computed in SQL (`at::date`) are the campaign's days.
"""

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from api.settings import Settings


def connection_options(settings: Settings) -> str:
    """Per-session settings: the campaign's time zone, and the campaign rules that SQL
    reads with current_setting('weijian.…'); read-only sessions for an instance over a
    replica (settings.database_read_only)."""
    options = (
        f"-c statement_timeout={settings.statement_timeout_ms} "
        f"-c lock_timeout={settings.lock_timeout_ms} -c TimeZone={settings.tz} "
        f"-c weijian.new_construction_days={settings.new_construction_days} "
        f"-c weijian.late_find_days={settings.late_find_days}"
    )
    if settings.database_read_only:
        options += " -c default_transaction_read_only=on"
    return options


def create_pool(settings: Settings) -> AsyncConnectionPool:
    """A closed pool; `await pool.open()` in the lifespan. A request waits at most
    settings.pool_timeout_s for a connection."""
    return AsyncConnectionPool(
        settings.database_url,
        min_size=settings.pool_min_size,
        max_size=settings.pool_max_size,
        kwargs={"autocommit": True, "options": connection_options(settings)},
        timeout=settings.pool_timeout_s,  # then PoolTimeout, answered 503 (api/errors.py)
        open=False,
        name="weijian",
    )


async def schema_revision(conn: AsyncConnection) -> str | None:
    """The Alembic revision the database is at, or None if it was never migrated."""
    cur = await conn.execute("SELECT to_regclass('public.alembic_version') IS NOT NULL")
    row = await cur.fetchone()
    if not row or not row[0]:
        return None
    cur = await conn.execute("SELECT version_num FROM alembic_version")
    row = await cur.fetchone()
    return row[0] if row else None
