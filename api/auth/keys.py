"""API keys for other systems: created by admins, shown once, stored as digests."""

from typing import Any

from psycopg import AsyncConnection

from api.auth.secrets import digest, new_token
from api.errors import NotFound

KEY_JSON = """json_build_object(
    'id', k.id, 'name', k.name, 'prefix', k.prefix, 'scopes', k.scopes,
    'created_by', k.created_by, 'created_at', k.created_at, 'last_used_at', k.last_used_at,
    'revoked_at', k.revoked_at, 'revoked_by', k.revoked_by)"""


async def create_key(
    conn: AsyncConnection,
    signing_key: bytes,
    name: str,
    scopes: list[str],
    created_by: str,
    secret: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """(the key itself — shown this once —, its record). `secret` is for demo data only."""
    key = secret or new_token("wjk")
    cur = await conn.execute(
        "INSERT INTO api_key AS k (name, prefix, digest, scopes, created_by) "
        f"VALUES (%(name)s, %(prefix)s, %(digest)s, %(scopes)s, %(by)s) RETURNING {KEY_JSON}",
        {
            "name": name,
            "prefix": key[:8],
            "digest": digest(signing_key, key),
            "scopes": sorted(set(scopes)),
            "by": created_by,
        },
    )
    row = await cur.fetchone()
    assert row is not None
    return key, dict(row[0])


async def list_keys(conn: AsyncConnection) -> list[dict[str, Any]]:
    cur = await conn.execute(f"SELECT {KEY_JSON} FROM api_key k ORDER BY k.id")
    return [dict(r[0]) for r in await cur.fetchall()]


async def revoke_key(conn: AsyncConnection, key_id: int, revoked_by: str) -> dict[str, Any]:
    cur = await conn.execute(
        "UPDATE api_key k SET revoked_at = COALESCE(revoked_at, now()), "
        "revoked_by = COALESCE(revoked_by, %(by)s) "
        f"WHERE id = %(id)s RETURNING {KEY_JSON}",
        {"id": key_id, "by": revoked_by},
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"there is no API key {key_id}")
    return dict(row[0])
