"""Appending to an append-only history (violation_event, complaint_event): one row per
step, with the actor, the time, the reason, the status move and the diff."""

import json
from typing import Any

from psycopg import AsyncConnection, sql

from api.auth.principal import Actor

# history table -> the column naming whose history it is
HISTORIES = {"violation_event": "violation_id", "complaint_event": "complaint_id"}


async def append(
    conn: AsyncConnection,
    table: str,
    owner_id: int,
    actor: Actor,
    kind: str,
    *,
    changes: dict[str, list[Any]] | None = None,
    reason: str | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
) -> None:
    query = sql.SQL(
        "INSERT INTO {table} ({owner}, actor, kind, from_status, to_status, reason, diff, "
        "request_id) VALUES (%(owner)s, %(actor)s, %(kind)s, %(from_status)s, "
        "%(to_status)s, %(reason)s, %(diff)s::jsonb, %(request_id)s)"
    ).format(table=sql.Identifier(table), owner=sql.Identifier(HISTORIES[table]))
    await conn.execute(
        query,
        {
            "owner": owner_id,
            "actor": actor.username,
            "kind": kind,
            "from_status": from_status,
            "to_status": to_status,
            "reason": reason,
            "diff": json.dumps(changes or {}, ensure_ascii=False),
            "request_id": actor.request_id,
        },
    )
