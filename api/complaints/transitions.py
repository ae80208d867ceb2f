"""Moving a complaint through its lifecycle (the table is in lifecycle.py).

Each move locks the complaint, checks its version (If-Match), that the move exists
from its status (409 with the allowed ones), that the actor may make it (403), and
what it needs (422); then writes the new status and one `complaint_event`. Verifying
links the complaint to a violation — an existing one, or one registered from the
request with found_by 'complaint' — and appends a `complaint_linked` event to that
violation's history. All of it in one transaction: a refusal writes nothing.
"""

from datetime import datetime
from typing import Any

from psycopg import AsyncConnection

from api.auth.principal import Actor
from api.complaints import events, lifecycle
from api.complaints.schemas import ComplaintMove
from api.complaints.tables import ASSIGNEE_SQL, COMPLAINTS
from api.db.records import lock_for_write, update_record
from api.db.writes import live_parent
from api.errors import Conflict, Forbidden, Unprocessable
from api.settings import Settings
from api.violations import events as violation_events
from api.violations.service import create_violation
from spatial.validate import CheckedPolygonal


def _check_move(old: dict[str, Any], body: ComplaintMove, actor: Actor) -> lifecycle.Move:
    status, label = old["status"], old["tracking_no"]
    move = lifecycle.find_move(status, body.to)
    if move is None:
        allowed = lifecycle.allowed(status)
        then = (
            f"from {status} it may move to {', '.join(allowed)}"
            if allowed
            else "it is closed, and nothing follows"
        )
        raise Conflict(
            f"complaint {label} is {status}: it cannot move to {body.to}; {then}",
            current_status=status,
            allowed=allowed,
        )
    if not lifecycle.may_make(move, actor.principal.role):
        raise Forbidden(
            f"moving a complaint from {status} to {body.to} is for {lifecycle.who(move)}"
        )
    sent = body.sent()
    missing = lifecycle.unmet(move, sent)
    if missing:
        raise Unprocessable(f"to move complaint {label} to {body.to}, send {'; '.join(missing)}")
    extra = lifecycle.unexpected(move, sent)
    if extra:
        raise Unprocessable(
            f"{', '.join(extra)} is not used when moving to {body.to}: leave it out",
            unexpected=extra,
        )
    return move


async def _assignee(conn: AsyncConnection, username: str, old: dict[str, Any]) -> str:
    """The account the complaint is handed to: active, and may write its community's records."""
    community_id = old["community_id"]
    cur = await conn.execute(ASSIGNEE_SQL, {"username": username, "community_id": community_id})
    row = await cur.fetchone()
    if row is None:
        raise Unprocessable(f"there is no user {username!r}: assign it to an existing account")
    name, role, active, may_handle = row
    if not active:
        raise Unprocessable(f"user {name} is deactivated: assign it to someone active")
    if not may_handle:
        where = (
            f"community {community_id}"
            if community_id is not None
            else "no community (it has no point: place it first with PATCH, or assign it "
            "to an admin)"
        )
        raise Unprocessable(
            f"user {name} ({role}) may not handle this complaint, which lies in {where}: "
            "assign it to an inspector of that community or to an admin"
        )
    if name == old["assigned_to"]:
        raise Unprocessable(f"complaint {old['tracking_no']} is already assigned to {name}")
    return str(name)


async def _violation(
    conn: AsyncConnection,
    settings: Settings,
    actor: Actor,
    body: ComplaintMove,
    repair: bool,
    confirm_overlap: bool,
) -> tuple[int, CheckedPolygonal | None]:
    """The violation the complaint reports: an existing, live one the actor may see, or a
    new one registered now (found by complaint)."""
    if body.violation_id is not None:
        record = await live_parent(
            conn, "violation", "violation", body.violation_id, actor.principal
        )
        if record["status"] == "dismissed":
            raise Unprocessable(
                f"violation {body.violation_id} was dismissed (not a violation after all): "
                "link the complaint to another, or register a new one"
            )
        return body.violation_id, None
    assert body.violation is not None
    properties = body.violation.properties
    if "found_by" in properties.model_fields_set and properties.found_by != "complaint":
        raise Unprocessable(
            f"a violation registered from a complaint is found_by 'complaint', not "
            f"{properties.found_by!r}: leave found_by out"
        )
    feature = body.violation.model_copy(
        update={"properties": properties.model_copy(update={"found_by": "complaint"})}
    )
    return await create_violation(conn, settings, actor, feature, repair, confirm_overlap)


async def move_complaint(
    conn: AsyncConnection,
    settings: Settings,
    actor: Actor,
    complaint_id: int,
    version: int | None,
    body: ComplaintMove,
    repair: bool = False,
    confirm_overlap: bool = False,
) -> CheckedPolygonal | None:
    """Make one move; returns the new violation's checked footprint, if one was made
    (`confirm_overlap`: even over a standing violation, api/violations/duplicates.py)."""
    checked = None
    async with conn.transaction():
        old = await lock_for_write(conn, COMPLAINTS, complaint_id, version, actor.principal)
        _check_move(old, body, actor)
        cur = await conn.execute("SELECT now()")
        row = await cur.fetchone()
        assert row is not None
        now: datetime = row[0]
        changes: dict[str, Any] = {"status": body.to}
        if body.to == "assigned":
            assert body.assigned_to is not None
            changes["assigned_to"] = await _assignee(conn, body.assigned_to, old)
        if body.to == "verified":
            changes["violation_id"], checked = await _violation(
                conn, settings, actor, body, repair, confirm_overlap
            )
        recorded = violation_events.diff(old, changes)  # the times are the event's own
        if body.to != old["status"]:
            changes["status_changed_at"] = now
        if body.to == "assigned":
            changes["assigned_at"] = now
        if body.to in lifecycle.ANSWERED:
            changes["responded_at"] = now
        if body.to == "closed":
            changes["closed_at"] = now
        await update_record(conn, COMPLAINTS, complaint_id, changes)
        await events.append_event(
            conn,
            complaint_id,
            actor,
            body.to,
            changes=recorded,
            reason=body.reason,
            from_status=old["status"],
            to_status=body.to,
        )
        if body.to == "verified":
            linked = {"id": complaint_id, "tracking_no": old["tracking_no"]}
            await violation_events.append_event(
                conn,
                changes["violation_id"],
                actor,
                "complaint_linked",
                changes={"complaint": [None, linked]},
                reason=body.reason,
            )
    return checked
