"""Moving a violation through the campaign: status moves, stopping new construction,
changing its ledger category. Each step is one event in its history."""

from datetime import datetime
from typing import Any

from psycopg import AsyncConnection

from api.auth.principal import Actor
from api.campaign import deadlines, lifecycle
from api.campaign.ledger import LedgerContradiction, ledger_category
from api.db.records import lock_for_write, update_record
from api.errors import Conflict, Unprocessable
from api.photos.queries import count_photos
from api.settings import Settings
from api.violations import events
from api.violations.tables import VIOLATIONS
from api.workflow.schemas import MOVE_FIELDS, LedgerIn, StopIn, TransitionIn


def _today(settings: Settings) -> Any:
    return datetime.now(settings.zone).date()


async def _compound_deadline(conn: AsyncConnection, compound_id: int) -> Any:
    cur = await conn.execute("SELECT deadline FROM compound WHERE id = %s", (compound_id,))
    row = await cur.fetchone()
    return row[0] if row else None


async def transition(
    conn: AsyncConnection,
    settings: Settings,
    actor: Actor,
    violation_id: int,
    version: int | None,
    body: TransitionIn,
) -> None:
    """Move a violation to `body.to`: 409 for a move the lifecycle does not allow (with
    the allowed ones), 422 listing what the move still needs."""
    sent = body.model_dump(exclude_unset=True, exclude={"to", "reason"})
    async with conn.transaction():
        record = await lock_for_write(conn, VIOLATIONS, violation_id, version, actor.principal)
        status = record["status"]
        if body.to == "written_off":
            raise Conflict(
                "a violation is written off only by the street office approving a write-off "
                f"request: POST /api/v1/violations/{violation_id}/write-off-requests",
                allowed=lifecycle.allowed(status),
            )
        move = lifecycle.find_move(status, body.to)
        if move is None:
            allowed = lifecycle.allowed(status)
            raise Conflict(
                f"a {status} violation cannot become {body.to}; "
                + (f"it can become: {', '.join(allowed)}" if allowed else "it can move no further"),
                allowed=allowed,
            )
        stray = sorted(set(sent) - set(MOVE_FIELDS.get(body.to, ())))
        if stray:
            raise Unprocessable(f"{', '.join(stray)} do not belong to the move to {body.to}")
        fields = dict(sent)
        if body.to == "planned" and not fields.get("plan_deadline") and not record["plan_deadline"]:
            fields["plan_deadline"] = deadlines.default_deadline(
                record["found_date"],
                await _compound_deadline(conn, record["compound_id"]),
                settings.late_find_days,
            )
        after = 0
        if "after_photo" in move.needs:
            after = await count_photos(conn, "violation", violation_id, "after")
        context = lifecycle.Context(
            record={**record, **{k: v for k, v in fields.items() if v is not None}},
            reason=body.reason,
            today=_today(settings),
            after_photos=after,
            area_tolerance=settings.demolished_area_tolerance,
        )
        problems = lifecycle.unmet(move, context)
        if problems:
            raise Unprocessable(
                f"to become {body.to} the violation needs: " + "; ".join(problems),
                unmet=problems,
            )
        changes = {**fields, "status": body.to, "status_changed_at": datetime.now(settings.zone)}
        recorded = events.diff(record, fields)
        await update_record(conn, VIOLATIONS, violation_id, changes)
        await events.append_event(
            conn,
            violation_id,
            actor,
            "status_changed",
            changes=recorded,
            reason=body.reason,
            from_status=status,
            to_status=body.to,
        )


async def stop(
    conn: AsyncConnection,
    settings: Settings,
    actor: Actor,
    violation_id: int,
    version: int | None,
    body: StopIn,
) -> None:
    """Record that new construction was stopped (制止) on a day."""
    async with conn.transaction():
        record = await lock_for_write(conn, VIOLATIONS, violation_id, version, actor.principal)
        if record["ledger"] != "new":
            raise Conflict(
                f"only new construction is stopped; this one is {record['ledger']} stock"
            )
        if record["stopped_on"] is not None:
            raise Conflict(f"it was already stopped on {record['stopped_on']}")
        if record["status"] not in lifecycle.STANDING:
            raise Conflict(f"a {record['status']} violation no longer needs stopping")
        if body.stopped_on > _today(settings):
            raise Unprocessable(f"stopped_on {body.stopped_on} is in the future")
        if body.stopped_on < record["found_date"]:
            raise Unprocessable(
                f"stopped_on {body.stopped_on} is before it was found ({record['found_date']})"
            )
        changes = {"stopped_on": body.stopped_on}
        await update_record(conn, VIOLATIONS, violation_id, changes)
        await events.append_event(
            conn,
            violation_id,
            actor,
            "stopped",
            changes=events.diff(record, changes),
            reason=body.reason,
        )


async def change_ledger(
    conn: AsyncConnection,
    settings: Settings,
    actor: Actor,
    violation_id: int,
    version: int | None,
    body: LedgerIn,
) -> None:
    """Change the built date or ledger flags, and so perhaps the ledger category, with a
    reason that stays in the history."""
    sent = body.model_dump(exclude_unset=True, exclude={"reason"})
    nulls = [k for k, v in sent.items() if v is None]
    if nulls:
        raise Unprocessable(f"{', '.join(nulls)} cannot be emptied")
    async with conn.transaction():
        record = await lock_for_write(conn, VIOLATIONS, violation_id, version, actor.principal)
        merged = {**record, **sent}
        if merged["built_date"] > merged["found_date"]:
            raise Unprocessable(
                f"built_date {merged['built_date']} is after found_date {merged['found_date']}"
            )
        try:
            category = ledger_category(
                merged["built_date"],
                merged["on_ministry_ledger"],
                merged["on_survey5_ledger"],
                settings.cutoff_date,
            ).value
        except LedgerContradiction as exc:
            raise Unprocessable(str(exc)) from exc
        changes = {**sent, "ledger": category}
        recorded = events.diff(record, changes)
        if not recorded:
            raise Unprocessable("nothing changes: send the built date or ledger flags to change")
        await update_record(conn, VIOLATIONS, violation_id, changes)
        await events.append_event(
            conn, violation_id, actor, "ledger_changed", changes=recorded, reason=body.reason
        )
