"""The append-only history of a violation (violation_event).

Every create, edit, delete and status move appends one event with the actor,
the time, the reason and the diff (`{"field": [old, new]}`), so the state of a
violation at any past date can be derived and every figure answered for.
"""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from psycopg import AsyncConnection

from api.deps import Actor
from api.errors import NotFound


def json_value(value: Any) -> Any:
    """A value as it is written into a diff."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for each field of `new` whose value differs from `old`."""
    changes = {}
    for name, value in new.items():
        before = json_value(old.get(name))
        after = json_value(value)
        if before != after:
            changes[name] = [before, after]
    return changes


async def append_event(
    conn: AsyncConnection,
    violation_id: int,
    actor: Actor,
    kind: str,
    *,
    changes: dict[str, list[Any]] | None = None,
    reason: str | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
) -> None:
    await conn.execute(
        """
        INSERT INTO violation_event
            (violation_id, actor, kind, from_status, to_status, reason, diff, request_id)
        VALUES (%(violation_id)s, %(actor)s, %(kind)s, %(from_status)s, %(to_status)s,
                %(reason)s, %(diff)s::jsonb, %(request_id)s)
        """,
        {
            "violation_id": violation_id,
            "actor": actor.username,
            "kind": kind,
            "from_status": from_status,
            "to_status": to_status,
            "reason": reason,
            "diff": json.dumps(changes or {}, ensure_ascii=False),
            "request_id": actor.request_id,
        },
    )


async def history(conn: AsyncConnection, violation_id: int) -> list[dict[str, Any]]:
    """Every event of a violation (deleted ones included), oldest first."""
    cur = await conn.execute("SELECT 1 FROM violation WHERE id = %(id)s", {"id": violation_id})
    if await cur.fetchone() is None:
        raise NotFound(f"there is no violation {violation_id}")
    cur = await conn.execute(
        """
        SELECT json_build_object(
            'id', id, 'at', at, 'actor', actor, 'kind', kind, 'from_status', from_status,
            'to_status', to_status, 'reason', reason, 'diff', diff, 'request_id', request_id)
        FROM violation_event WHERE violation_id = %(id)s ORDER BY at, id
        """,
        {"id": violation_id},
    )
    return [row[0] for row in await cur.fetchall()]
