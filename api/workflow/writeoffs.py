"""Write-off (销账): the community asks, with evidence, for a demolished or rectified
violation to leave the ledger; the street office approves it (→ written_off) or sends
it back with a reason. Each step is an event in the violation's history."""

from datetime import datetime
from typing import Any

from psycopg import AsyncConnection, errors

from api.auth.principal import Actor, Principal
from api.campaign import lifecycle
from api.db.records import lock_for_write, update_record
from api.errors import Conflict, NotFound, Unprocessable
from api.settings import Settings
from api.violations import events
from api.violations.tables import VIOLATIONS

REQUEST_JSON = """json_build_object(
    'id', r.id, 'violation_id', r.violation_id, 'community_id', v.community_id,
    'compound_id', v.compound_id, 'status', v.status, 'address', v.address,
    'demolished_area_m2', v.demolished_area_m2, 'demolished_on', v.demolished_on,
    'rectified_on', v.rectified_on, 'requested_by', r.requested_by,
    'requested_at', r.requested_at, 'evidence', r.evidence, 'state', r.state,
    'decided_by', r.decided_by, 'decided_at', r.decided_at,
    'decision_reason', r.decision_reason)"""


async def request(
    conn: AsyncConnection, actor: Actor, violation_id: int, evidence: str
) -> dict[str, Any]:
    async with conn.transaction():
        record = await lock_for_write(conn, VIOLATIONS, violation_id, None, actor.principal)
        if record["status"] not in lifecycle.WRITE_OFF_FROM:
            raise Conflict(
                f"only a demolished or rectified violation can be written off; this one is "
                f"{record['status']}"
            )
        try:
            cur = await conn.execute(
                "INSERT INTO write_off_request (violation_id, requested_by, evidence) "
                "VALUES (%s, %s, %s) RETURNING id",
                (violation_id, actor.username, evidence),
            )
        except errors.UniqueViolation as exc:
            raise Conflict(
                "a write-off request for this violation is already waiting for the street "
                "office's decision"
            ) from exc
        row = await cur.fetchone()
        assert row is not None
        await events.append_event(
            conn,
            violation_id,
            actor,
            "write_off_requested",
            changes={"write_off_request": [None, row[0]]},
            reason=evidence,
        )
    return await get(conn, row[0], actor.principal)


async def decide(
    conn: AsyncConnection,
    settings: Settings,
    actor: Actor,
    request_id: int,
    approve: bool,
    reason: str | None,
) -> dict[str, Any]:
    """Approve (→ written_off) or send back (with a reason) a pending request."""
    if not approve and not (reason and reason.strip()):
        raise Unprocessable("say why the request is sent back (reason)")
    async with conn.transaction():
        cur = await conn.execute(
            "SELECT violation_id, state FROM write_off_request WHERE id = %s FOR UPDATE",
            (request_id,),
        )
        row = await cur.fetchone()
        if row is None:
            raise NotFound(f"there is no write-off request {request_id}")
        violation_id, state = row
        if state != "pending":
            raise Conflict(f"write-off request {request_id} was already {state}")
        record = await lock_for_write(conn, VIOLATIONS, violation_id, None, actor.principal)
        await conn.execute(
            "UPDATE write_off_request SET state = %s, decided_by = %s, decided_at = now(), "
            "decision_reason = %s WHERE id = %s",
            ("approved" if approve else "rejected", actor.username, reason, request_id),
        )
        if approve:
            if record["status"] not in lifecycle.WRITE_OFF_FROM:
                raise Conflict(f"the violation is {record['status']} now: it cannot be written off")
            await update_record(
                conn,
                VIOLATIONS,
                violation_id,
                {
                    "status": "written_off",
                    "status_changed_at": datetime.now(settings.zone),
                },
            )
            await events.append_event(
                conn,
                violation_id,
                actor,
                "write_off_approved",
                changes={"write_off_request": [request_id, request_id]},
                reason=reason,
                from_status=record["status"],
                to_status="written_off",
            )
        else:
            await events.append_event(
                conn,
                violation_id,
                actor,
                "write_off_rejected",
                changes={"write_off_request": [request_id, request_id]},
                reason=reason,
            )
    return await get(conn, request_id, actor.principal)


def _scope(viewer: Principal) -> tuple[str, dict[str, Any]]:
    if viewer.communities is None:
        return "true", {}
    return "v.community_id = ANY(%(scope)s)", {"scope": list(viewer.communities)}


async def get(conn: AsyncConnection, request_id: int, viewer: Principal) -> dict[str, Any]:
    scope, params = _scope(viewer)
    cur = await conn.execute(
        f"SELECT {REQUEST_JSON} FROM write_off_request r JOIN violation v ON v.id = "
        f"r.violation_id WHERE r.id = %(id)s AND {scope}",
        {**params, "id": request_id},
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"there is no write-off request {request_id}")
    return dict(row[0])


async def queue(
    conn: AsyncConnection,
    viewer: Principal,
    state: str | None,
    community_id: int | None,
    limit: int,
    offset: int,
) -> tuple[int, list[dict[str, Any]]]:
    """Requests, oldest first (the street office works through them in order)."""
    scope, params = _scope(viewer)
    where = (
        f"{scope} AND (%(state)s::text IS NULL OR r.state = %(state)s) "
        "AND (%(community)s::bigint IS NULL OR v.community_id = %(community)s)"
    )
    params |= {"state": state, "community": community_id}
    base = f"FROM write_off_request r JOIN violation v ON v.id = r.violation_id WHERE {where}"
    cur = await conn.execute(f"SELECT count(*) {base}", params)
    total = await cur.fetchone()
    cur = await conn.execute(
        f"SELECT {REQUEST_JSON} {base} ORDER BY r.requested_at, r.id "
        "LIMIT %(limit)s OFFSET %(offset)s",
        {**params, "limit": limit, "offset": offset},
    )
    return (int(total[0]) if total else 0), [dict(r[0]) for r in await cur.fetchall()]
