"""One login per role and one API key for the demo, so anyone can try each view.

These passwords are printed by `make demo` and listed in the README: they are for a
demo on one machine only (the service refuses the demo secret outside WEIJIAN_ENV=demo).
They are also written to the table demo_login, from which the login page of a demo
(WEIJIAN_ENV=demo only) offers them: the service reads that table, never this module.
"""

import asyncio

from psycopg import AsyncConnection

from api.auth import keys, users
from api.settings import Settings

# (username, password, role, display name)
DEMO_USERS = [
    ("admin", "admin-2019", "admin", "街道违建治理办公室"),
    ("inspector", "inspector-2019", "inspector", "社区网格员"),
    ("viewer", "viewer-2019", "viewer", "街道领导"),
]
DEMO_KEY_NAME = "区GIS平台 (demo)"
DEMO_KEY = "wjk_demo_district_gis_read_only_2019"
DEMO_KEY_SCOPES = ["read"]


async def record_logins(conn: AsyncConnection) -> None:
    """Write DEMO_USERS to demo_login (replacing what it held), in their order."""
    async with conn.transaction():
        await conn.execute("DELETE FROM demo_login")
        async with conn.cursor() as cur:
            await cur.executemany(
                "INSERT INTO demo_login (position, username, password, role, name) "
                "VALUES (%s, %s, %s, %s, %s)",
                [(n, *user) for n, user in enumerate(DEMO_USERS, start=1)],
            )


async def _ensure(settings: Settings) -> list[str]:
    lines = []
    async with await AsyncConnection.connect(settings.database_url, autocommit=True) as conn:
        cur = await conn.execute(
            "SELECT id, name FROM community WHERE deleted_at IS NULL ORDER BY id LIMIT 1"
        )
        first = await cur.fetchone()
        for username, password, role, display in DEMO_USERS:
            cur = await conn.execute(
                "SELECT 1 FROM app_user WHERE lower(username) = %s", (username,)
            )
            if not await cur.fetchone():
                communities = [first[0]] if role == "inspector" and first else []
                await users.create_user(conn, username, password, role, communities, display)
            where = f", community {first[0]} {first[1]}" if role == "inspector" and first else ""
            lines.append(f"  {role:<10} {username} / {password}   ({display}{where})")
        cur = await conn.execute(
            "SELECT 1 FROM api_key WHERE name = %s AND revoked_at IS NULL", (DEMO_KEY_NAME,)
        )
        if not await cur.fetchone():
            await keys.create_key(
                conn, settings.signing_key, DEMO_KEY_NAME, DEMO_KEY_SCOPES, "demo", DEMO_KEY
            )
        await record_logins(conn)
        lines.append(f"  API key    X-API-Key: {DEMO_KEY}   (scopes: {', '.join(DEMO_KEY_SCOPES)})")
    return lines


def ensure_demo_accounts(settings: Settings) -> str:
    """Create the demo logins and key where missing; return them, printable."""
    return "Demo logins:\n" + "\n".join(asyncio.run(_ensure(settings)))
