"""Registering, changing and deleting violations.

A violation's place (grid cell, compound, community) is derived from its
footprint and its ledger category from its built date and ledger flags; both are
recomputed whenever what they depend on changes. Each write appends one event.
"""

import json
from datetime import date, datetime
from typing import Any

from psycopg import AsyncConnection

from api.auth.principal import Actor
from api.campaign.deadlines import before_found
from api.campaign.ledger import LedgerContradiction, ledger_category
from api.campaign.lifecycle import STANDING
from api.db.locate import Location, locate
from api.db.records import (
    geometry_sql,
    insert_record,
    lock_for_write,
    soft_delete_record,
    update_record,
)
from api.db.writes import check_scope, live_parent
from api.errors import Unprocessable
from api.features import FeatureIn, FeaturePatch, checked_footprint, refuse_nulls
from api.settings import Settings
from api.violations import duplicates, events
from api.violations.schemas import REQUIRED, ViolationCreate, ViolationPatch
from api.violations.tables import VIOLATIONS
from spatial.geojson import geojson_text
from spatial.validate import CheckedPolygonal


async def _located(conn: AsyncConnection, geojson: str, actor: Actor) -> Location:
    location = await locate(conn, geojson)
    if location is None:
        raise Unprocessable(
            "the footprint lies outside every compound: draw it inside the compound where the "
            "structure stands (check that the coordinates are WGS84/CGCS2000 lon/lat, not "
            "GCJ-02 from a consumer map)"
        )
    check_scope(actor.principal, location.community_id, "the footprint")
    return location


def _check_dates(values: dict[str, Any], settings: Settings) -> None:
    today = datetime.now(settings.zone).date()
    built, found = values.get("built_date"), values.get("found_date")
    if isinstance(found, date) and found > today:
        raise Unprocessable(f"found_date {found} is in the future (today is {today})")
    if isinstance(built, date) and isinstance(found, date) and built > found:
        raise Unprocessable(
            f"built_date {built} is after found_date {found}: a structure cannot be found "
            "before it is built"
        )
    refused = before_found(values.get("plan_deadline"), found)
    if refused:
        raise Unprocessable(refused)


def _ledger(values: dict[str, Any], settings: Settings) -> str:
    try:
        return ledger_category(
            values["built_date"],
            values["on_ministry_ledger"],
            values["on_survey5_ledger"],
            settings.cutoff_date,
        ).value
    except LedgerContradiction as exc:
        raise Unprocessable(str(exc)) from exc


def _place_values(location: Location) -> dict[str, Any]:
    return {
        "grid_id": location.grid_id,
        "compound_id": location.compound_id,
        "community_id": location.community_id,
    }


async def _overlap(
    conn: AsyncConnection,
    settings: Settings,
    actor: Actor,
    geojson: str,
    location: Location,
    confirmed: bool,
    self_id: int | None = None,
) -> dict[str, list[Any]]:
    """The duplicate check (api/violations/duplicates.py): 409 for a footprint over a
    standing violation unless confirmed; a confirmed overlap as its history entry. One
    footprint is checked at a time per compound, so two requests cannot both pass."""
    await conn.execute(
        "SELECT pg_advisory_xact_lock(hashtext('violation footprint'), %(compound)s::int)",
        {"compound": location.compound_id},
    )
    overlap = await duplicates.check_overlap(
        conn, geojson, settings.duplicate_overlap, actor.principal, confirmed, self_id
    )
    return {duplicates.RECORDED: [None, overlap.recorded()]} if overlap else {}


async def create_violation(
    conn: AsyncConnection,
    settings: Settings,
    actor: Actor,
    feature: FeatureIn[ViolationCreate],
    repair: bool,
    confirm_overlap: bool = False,
) -> tuple[int, CheckedPolygonal]:
    checked = checked_footprint(feature.geometry, repair)
    values = feature.properties.model_dump()
    _check_dates(values, settings)
    values["ledger"] = _ledger(values, settings)
    values["geom_repaired"] = checked.repaired
    if values["household_id"] is not None:
        await live_parent(conn, "household", "household", values["household_id"], actor.principal)
    geojson = geojson_text(checked.geometry)
    async with conn.transaction():
        location = await _located(conn, geojson, actor)
        values.update(_place_values(location))
        confirmed = await _overlap(conn, settings, actor, geojson, location, confirm_overlap)
        violation_id = await insert_record(
            conn, VIOLATIONS, values, geometry_sql("geom", multi=True), {"geom": geojson}
        )
        initial = {**values, "status": "registered", "geom": json.loads(geojson)}
        await events.append_event(
            conn,
            violation_id,
            actor,
            "created",
            changes={**events.diff({}, initial), **confirmed},
            to_status="registered",
        )
    return violation_id, checked


async def patch_violation(
    conn: AsyncConnection,
    settings: Settings,
    actor: Actor,
    violation_id: int,
    version: int | None,
    patch: FeaturePatch[ViolationPatch],
    repair: bool,
    confirm_overlap: bool = False,
) -> CheckedPolygonal | None:
    changes = patch.changed_properties()
    nulls = refuse_nulls(changes, REQUIRED)
    if nulls:
        raise Unprocessable(f"{', '.join(nulls)} cannot be emptied on a violation")
    checked = checked_footprint(patch.geometry, repair) if patch.geometry_sent else None
    if changes.get("household_id") is not None:
        await live_parent(conn, "household", "household", changes["household_id"], actor.principal)
    async with conn.transaction():
        old = await lock_for_write(conn, VIOLATIONS, violation_id, version, actor.principal)
        merged = {**old, **changes}
        _check_dates(merged, settings)
        changes["ledger"] = _ledger(merged, settings)
        if changes["ledger"] != old["ledger"]:
            raise Unprocessable(
                f"this change moves the violation from ledger {old['ledger']} to "
                f"{changes['ledger']}: a change of ledger needs a reason — send it to "
                f"POST /api/v1/violations/{violation_id}/ledger"
            )
        params = None
        geometry = None
        confirmed: dict[str, list[Any]] = {}
        if checked is not None:
            geojson = geojson_text(checked.geometry)
            location = await _located(conn, geojson, actor)
            changes.update(_place_values(location))
            changes["geom_repaired"] = checked.repaired
            geometry, params = geometry_sql("geom", multi=True), {"geom": geojson}
            if old["status"] in STANDING:
                confirmed = await _overlap(
                    conn, settings, actor, geojson, location, confirm_overlap, violation_id
                )
        recorded = {**events.diff(old, changes), **confirmed}
        if checked is not None:
            # 15 decimals: the stored coordinates exactly, so that the footprint as it
            # was (and its area, in past monthly reports) replays exactly.
            cur = await conn.execute(
                "SELECT ST_AsGeoJSON(geom, 15)::json FROM violation WHERE id = %(id)s",
                {"id": violation_id},
            )
            row = await cur.fetchone()
            recorded["geom"] = [row[0] if row else None, json.loads(geojson)]
        await update_record(conn, VIOLATIONS, violation_id, changes, geometry, params)
        await events.append_event(conn, violation_id, actor, "updated", changes=recorded)
    return checked


async def delete_violation(
    conn: AsyncConnection, actor: Actor, violation_id: int, version: int | None, reason: str
) -> None:
    async with conn.transaction():
        old = await lock_for_write(conn, VIOLATIONS, violation_id, version, actor.principal)
        await soft_delete_record(conn, VIOLATIONS, violation_id, actor.username, reason)
        await events.append_event(
            conn,
            violation_id,
            actor,
            "deleted",
            reason=reason,
            from_status=old["status"],
            to_status=old["status"],
        )
