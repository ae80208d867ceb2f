"""Receiving complaints and correcting where they are.

A complaint's community and compound are derived from its point (the community
holding it; the compound there, if any). A point outside every community is outside
the district and refused. Complaints without a point (a hotline call that gave only
an address) belong to no community: unscoped readers (the street office, viewers,
read keys) see them, no inspector does, until the street office places them.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from psycopg import AsyncConnection, errors

from api.auth.principal import Actor, Role
from api.complaints import events, tracking
from api.complaints.schemas import ComplaintPatch
from api.complaints.tables import (
    COMPLAINTS,
    INSERT_SQL,
    PLACE_SQL,
    POINT_SQL,
    SAME_EXTERNAL_REF_SQL,
)
from api.db.records import geometry_sql, lock_for_write, update_record
from api.db.writes import check_scope
from api.errors import Conflict, Unprocessable
from api.features import FeaturePatch
from api.settings import Settings
from api.violations.events import diff
from spatial.geojson import geojson_text
from spatial.validate import GeometryError, point_from_geojson

OUTSIDE = (
    "the point lies outside the district: pick the place on the map again (coordinates "
    "are WGS84/CGCS2000 longitude, latitude — convert points from GCJ-02 consumer maps)"
)
_ATTEMPTS = 5  # new random tracking numbers to try if one is taken


def point_text(geometry: Any) -> str:
    """A checked GeoJSON Point (finite, lon/lat in range) as text, or 422."""
    try:
        return geojson_text(point_from_geojson(geometry))
    except GeometryError as exc:
        raise Unprocessable(exc.reason, where=exc.where) from exc


def lonlat_point(lon: float, lat: float) -> str:
    return point_text({"type": "Point", "coordinates": [lon, lat]})


async def place_of(conn: AsyncConnection, point: str) -> tuple[int, int | None]:
    """(community, compound or None) holding the point; 422 outside the district."""
    cur = await conn.execute(PLACE_SQL, {"geom": point})
    row = await cur.fetchone()
    if row is None:
        raise Unprocessable(OUTSIDE)
    return row[0], row[1]


@dataclass(frozen=True)
class NewComplaint:
    description: str
    channel: str
    point: str | None  # GeoJSON text, checked
    address: str | None = None
    reporter_name: str | None = None
    reporter_phone: str | None = None
    external_ref: str | None = None
    received_at: datetime | None = None


@dataclass(frozen=True)
class Received:
    id: int
    tracking_no: str
    received_at: datetime
    response_deadline: date
    status: str


async def _refuse_repeat(conn: AsyncConnection, new: NewComplaint) -> None:
    if new.external_ref is None:
        return
    cur = await conn.execute(
        SAME_EXTERNAL_REF_SQL, {"channel": new.channel, "external_ref": new.external_ref}
    )
    row = await cur.fetchone()
    if row is not None:
        raise Conflict(
            f"complaint {new.external_ref!r} from channel {new.channel} is already registered, "
            f"as {row[1]} (id {row[0]}): it was not registered twice",
            complaint_id=row[0],
            tracking_no=row[1],
        )


async def receive(
    conn: AsyncConnection, settings: Settings, actor: Actor, new: NewComplaint
) -> Received:
    """Register a complaint as `received`, with its `received` event. Runs in its own
    transaction, or in a savepoint of the caller's (the public intake adds a photo)."""
    community_id = compound_id = None
    if new.point is not None:
        community_id, compound_id = await place_of(conn, new.point)
        check_scope(actor.principal, community_id, "the complaint's point")
    elif actor.principal.role is Role.INSPECTOR:
        raise Unprocessable(
            "give the complaint's point (geometry): a complaint without one belongs to no "
            "community, and only the street office could see it"
        )
    if new.received_at is not None and new.received_at > datetime.now(settings.zone):
        raise Unprocessable(f"received_at {new.received_at.isoformat()} is in the future")
    await _refuse_repeat(conn, new)
    values = {
        "channel": new.channel,
        "external_ref": new.external_ref,
        "description": new.description,
        "geom": new.point,
        "address": new.address,
        "reporter_name": new.reporter_name,
        "reporter_phone": new.reporter_phone,
        "community_id": community_id,
        "compound_id": compound_id,
        "received_at": new.received_at,
        "days": settings.complaint_response_days,
    }
    async with conn.transaction():
        row = None
        for attempt in range(_ATTEMPTS):
            try:
                async with conn.transaction():
                    cur = await conn.execute(
                        INSERT_SQL, {**values, "suffix": tracking.new_suffix()}
                    )
                    row = await cur.fetchone()
                break
            except errors.UniqueViolation as exc:
                constraint = exc.diag.constraint_name or ""
                if constraint == "complaint_external_ref_key":  # sent twice at once
                    await _refuse_repeat(conn, new)
                if constraint != "complaint_tracking_no_key" or attempt == _ATTEMPTS - 1:
                    raise
        assert row is not None
        received = Received(*row)
        # The reporter's identity stays out of the history, which every reader sees.
        initial = {
            "status": received.status,
            "channel": new.channel,
            "external_ref": new.external_ref,
            "description": new.description,
            "address": new.address,
            "geom": json.loads(new.point) if new.point else None,
            "community_id": community_id,
            "compound_id": compound_id,
            "received_at": received.received_at,
            "response_deadline": received.response_deadline,
            "tracking_no": received.tracking_no,
        }
        await events.append_event(
            conn, received.id, actor, "received", changes=diff({}, initial), to_status="received"
        )
    return received


async def replace(
    conn: AsyncConnection,
    actor: Actor,
    complaint_id: int,
    version: int | None,
    patch: FeaturePatch[ComplaintPatch],
) -> None:
    """Correct a received complaint's point and/or address; the place is derived anew
    and an `updated` event records the change. Once assigned, the place stays."""
    changes = patch.changed_properties()
    point = None
    if patch.geometry_sent and patch.geometry is not None:
        point = point_text(patch.geometry)
    async with conn.transaction():
        old = await lock_for_write(conn, COMPLAINTS, complaint_id, version, actor.principal)
        if old["status"] != "received":
            raise Conflict(
                f"complaint {old['tracking_no']} is {old['status']}: its place can be corrected "
                "only while it is received, before it is assigned",
                current_status=old["status"],
            )
        geometry = params = None
        if patch.geometry_sent:
            community_id, compound_id = await place_of(conn, point) if point else (None, None)
            changes.update(community_id=community_id, compound_id=compound_id)
            geometry, params = geometry_sql("geom", multi=False), {"geom": point}
        recorded = diff(old, changes)
        if patch.geometry_sent:
            cur = await conn.execute(POINT_SQL, {"id": complaint_id})
            before = await cur.fetchone()
            after = json.loads(point) if point else None
            if (before[0] if before else None) != after:
                recorded["geom"] = [before[0] if before else None, after]
        await update_record(conn, COMPLAINTS, complaint_id, changes, geometry, params)
        await events.append_event(
            conn,
            complaint_id,
            actor,
            "updated",
            changes=recorded,
        )
