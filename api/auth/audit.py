"""The audit log: who wrote what, when, from which request. Append-only."""

import json
from datetime import date
from typing import Any

from psycopg import AsyncConnection


async def record(
    conn: AsyncConnection,
    actor: str,
    actor_kind: str,
    action: str,
    record_type: str | None,
    record_id: int | None,
    status: int,
    request_id: str | None,
    detail: dict[str, Any] | None = None,
) -> None:
    await conn.execute(
        "INSERT INTO audit_log (actor, actor_kind, action, record_type, record_id, status, "
        "request_id, detail) VALUES (%(actor)s, %(kind)s, %(action)s, %(type)s, %(id)s, "
        "%(status)s, %(rid)s, %(detail)s::jsonb)",
        {
            "actor": actor,
            "kind": actor_kind,
            "action": action,
            "type": record_type,
            "id": record_id,
            "status": status,
            "rid": request_id,
            "detail": json.dumps(detail or {}, ensure_ascii=False),
        },
    )


FILTERS = {
    "actor": "actor = %(actor)s",
    "record_type": "record_type = %(record_type)s",
    "record_id": "record_id = %(record_id)s",
    "action": "action ILIKE %(action)s",
    "since": "at >= %(since)s::date",
    "until": "at < %(until)s::date + 1",
}


async def search(
    conn: AsyncConnection, filters: dict[str, str | int | date | None], limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """Entries matching every filter given, newest first."""
    given = {k: v for k, v in filters.items() if v is not None}
    if "action" in given:
        given["action"] = f"%{given['action']}%"
    where = " AND ".join([FILTERS[k] for k in given] or ["true"])
    cur = await conn.execute(f"SELECT count(*) FROM audit_log WHERE {where}", given)
    row = await cur.fetchone()
    total = int(row[0]) if row else 0
    cur = await conn.execute(
        "SELECT json_build_object('id', id, 'at', at, 'actor', actor, 'actor_kind', actor_kind, "
        "'action', action, 'record_type', record_type, 'record_id', record_id, "
        "'status', status, 'request_id', request_id, 'detail', detail) "
        f"FROM audit_log WHERE {where} ORDER BY at DESC, id DESC "
        "LIMIT %(limit)s OFFSET %(offset)s",
        {**given, "limit": limit, "offset": offset},
    )
    return total, [r[0] for r in await cur.fetchall()]
