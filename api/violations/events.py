"""The append-only history of a violation (violation_event).

Every create, edit, delete and status move appends one event with the actor,
the time, the reason and the diff (`{"field": [old, new]}`), so the state of a
violation at any past date can be derived and every figure answered for.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from psycopg import AsyncConnection

from api.auth.principal import Actor, Principal
from api.db import history as history_table
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
    await history_table.append(
        conn,
        "violation_event",
        violation_id,
        actor,
        kind,
        changes=changes,
        reason=reason,
        from_status=from_status,
        to_status=to_status,
    )


# The diff with personal data masked unless %(pii)s.
_DIFF = """CASE WHEN %(pii)s OR NOT diff ?| ARRAY['party_name', 'party_phone'] THEN diff
ELSE diff || jsonb_strip_nulls(jsonb_build_object(
    'party_name', CASE WHEN diff ? 'party_name' THEN jsonb_build_array(
        weijian_mask_name(diff->'party_name'->>0), weijian_mask_name(diff->'party_name'->>1)) END,
    'party_phone', CASE WHEN diff ? 'party_phone' THEN jsonb_build_array(
        weijian_mask_phone(diff->'party_phone'->>0), weijian_mask_phone(diff->'party_phone'->>1))
        END))
END"""


async def history(
    conn: AsyncConnection, violation_id: int, viewer: Principal
) -> list[dict[str, Any]]:
    """Every event of a violation (deleted ones included) the viewer may see, oldest first."""
    cur = await conn.execute(
        "SELECT community_id FROM violation WHERE id = %(id)s", {"id": violation_id}
    )
    row = await cur.fetchone()
    if row is None or not viewer.in_scope(row[0]):
        raise NotFound(f"there is no violation {violation_id}")
    cur = await conn.execute(
        f"""
        SELECT json_build_object(
            'id', id, 'at', at, 'actor', actor, 'kind', kind, 'from_status', from_status,
            'to_status', to_status, 'reason', reason, 'diff', {_DIFF}, 'request_id', request_id)
        FROM violation_event WHERE violation_id = %(id)s ORDER BY at, id
        """,
        {"id": violation_id, "pii": viewer.sees_pii},
    )
    return [row[0] for row in await cur.fetchall()]
