"""Failed logins counted per client address, in PostgreSQL (table login_throttle), so
the count holds across worker processes: after settings.login_address_max_failures
failures from one address within settings.login_address_window_minutes, that address
is answered 429 (Retry-After: until the window ends) before any account is looked at
— so its further guesses neither test a password nor count towards an account's lock.

The account's own slowing down and lock (api/auth/users.py) stay as they were; an
admin lifts a lock with POST /api/v1/users/{id}/unlock.
"""

from psycopg import AsyncConnection

from api.errors import TooManyRequests
from api.settings import Settings

WAIT_SQL = """
SELECT failures,
       ceil(extract(epoch FROM window_started_at + make_interval(mins => %(window)s)
                               - clock_timestamp()))::int
FROM login_throttle
WHERE address = %(address)s
  AND window_started_at + make_interval(mins => %(window)s) > clock_timestamp()
"""

FAILED_SQL = """
INSERT INTO login_throttle AS t (address, failures, window_started_at, last_failed_at)
VALUES (%(address)s, 1, clock_timestamp(), clock_timestamp())
ON CONFLICT (address) DO UPDATE SET
    failures = CASE WHEN t.window_started_at + make_interval(mins => %(window)s)
                         > clock_timestamp() THEN t.failures + 1 ELSE 1 END,
    window_started_at = CASE WHEN t.window_started_at + make_interval(mins => %(window)s)
                             > clock_timestamp() THEN t.window_started_at
                             ELSE clock_timestamp() END,
    last_failed_at = clock_timestamp()
"""


async def refuse_throttled(conn: AsyncConnection, settings: Settings, address: str) -> None:
    """429 while `address` has used up its failed logins of the window."""
    params = {"address": address, "window": settings.login_address_window_minutes}
    cur = await conn.execute(WAIT_SQL, params)
    row = await cur.fetchone()
    if row is None or row[0] < settings.login_address_max_failures:
        return
    wait = max(int(row[1]), 1)
    raise TooManyRequests(
        f"too many failed logins from your address ({row[0]} within "
        f"{settings.login_address_window_minutes} minutes): wait {wait} s before trying "
        "again",
        wait,
    )


async def count_failure(conn: AsyncConnection, settings: Settings, address: str) -> None:
    await conn.execute(
        FAILED_SQL, {"address": address, "window": settings.login_address_window_minutes}
    )
