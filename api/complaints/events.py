"""The append-only history of a complaint (complaint_event).

Receiving it and every move or correction append one event with the actor (a
username, an API key as `key:<name>`, or `public`), the time, the reason and the diff
`{"field": [old, new]}`. The reporter's identity is never written into a diff, so the
history can be shown to every reader of the complaint. The public sees only the
timeline of statuses, without actors or reasons.
"""

from typing import Any

from psycopg import AsyncConnection

from api.auth.principal import Actor, Principal
from api.complaints.lifecycle import LABELS_ZH
from api.db import history as history_table
from api.errors import NotFound


async def append_event(
    conn: AsyncConnection,
    complaint_id: int,
    actor: Actor,
    kind: str,
    *,
    changes: dict[str, list[Any]] | None = None,
    reason: str | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
) -> None:
    await history_table.append(
        conn,
        "complaint_event",
        complaint_id,
        actor,
        kind,
        changes=changes,
        reason=reason,
        from_status=from_status,
        to_status=to_status,
    )


async def history(
    conn: AsyncConnection, complaint_id: int, viewer: Principal
) -> list[dict[str, Any]]:
    """Every event of a complaint the viewer may see, oldest first."""
    cur = await conn.execute(
        "SELECT community_id FROM complaint WHERE id = %(id)s", {"id": complaint_id}
    )
    row = await cur.fetchone()
    if row is None or not viewer.in_scope(row[0]):
        raise NotFound(f"there is no complaint {complaint_id}")
    cur = await conn.execute(
        """
        SELECT json_build_object(
            'id', id, 'at', at, 'actor', actor, 'kind', kind, 'from_status', from_status,
            'to_status', to_status, 'reason', reason, 'diff', diff, 'request_id', request_id)
        FROM complaint_event WHERE complaint_id = %(id)s ORDER BY at, id
        """,
        {"id": complaint_id},
    )
    return [row[0] for row in await cur.fetchall()]


async def timeline(conn: AsyncConnection, complaint_id: int) -> list[dict[str, Any]]:
    """The statuses a complaint went through and when, for the public."""
    cur = await conn.execute(
        """
        SELECT at, to_status FROM complaint_event
        WHERE complaint_id = %(id)s AND to_status IS NOT NULL
          AND to_status IS DISTINCT FROM from_status
        ORDER BY at, id
        """,
        {"id": complaint_id},
    )
    return [
        {"at": at, "status": status, "status_label": LABELS_ZH[status]}
        for at, status in await cur.fetchall()
    ]
