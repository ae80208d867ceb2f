"""The first admin, from WEIJIAN_ADMIN_USERNAME / WEIJIAN_ADMIN_PASSWORD, made at start."""

import logging

from psycopg import AsyncConnection

from api.auth import users
from api.settings import Settings

log = logging.getLogger("weijian")


async def ensure_admin(conn: AsyncConnection, settings: Settings) -> None:
    """Create the configured admin if no user has that name; never changes an existing one."""
    if not settings.admin_username or not settings.admin_password:
        return
    cur = await conn.execute(
        "SELECT 1 FROM app_user WHERE lower(username) = lower(%(u)s)",
        {"u": settings.admin_username},
    )
    if await cur.fetchone():
        return
    await users.create_user(
        conn, settings.admin_username, settings.admin_password.get_secret_value(), "admin"
    )
    log.info("created the admin user %s from WEIJIAN_ADMIN_USERNAME", settings.admin_username)
