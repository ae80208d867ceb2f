"""Recording, changing and deleting sweeps.

A sweep's geometry is either the footprint it covered (Polygon/MultiPolygon) or
the GPS track walked (LineString) with a sight radius: then the stored footprint
is the track widened by that many metres, buffered by PostGIS on the ellipsoid
(geography), not in degrees. Its compound and community are those holding the
largest part of the footprint.
"""

from datetime import datetime
from typing import Any

from psycopg import AsyncConnection, sql

from api.auth.principal import Actor
from api.db.locate import locate
from api.db.records import insert_record, lock_for_write, soft_delete_record, update_record
from api.db.writes import check_scope
from api.errors import Unprocessable
from api.features import FeatureIn, FeaturePatch, checked_footprint, refuse_nulls
from api.settings import Settings
from api.sweeps.schemas import SweepCreate, SweepPatch
from api.sweeps.tables import SWEEPS
from spatial.geojson import ewkb_hex, geojson_text
from spatial.validate import GeometryError, line_from_geojson

DEFAULT_SIGHT_RADIUS_M = 10.0

# The footprint of a track: the line widened by the sight radius, in metres.
TRACK_FOOTPRINT_SQL = """
SELECT ST_AsGeoJSON(ST_Multi(ST_Buffer(
    %(track)s::geometry::geography, %(radius)s)::geometry))
"""


def _aware(value: datetime, settings: Settings) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=settings.zone)


async def _geometry_values(
    conn: AsyncConnection, geometry: Any, sight_radius_m: float | None, repair: bool
) -> dict[str, Any]:
    """Column values for a sweep's geometry: footprint, and track + radius if a track."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind == "MultiLineString":
        parts = geometry.get("coordinates")
        many = f"{len(parts)} parts" if isinstance(parts, list) else "several parts"
        raise Unprocessable(
            f"a GPS track must be one line (LineString); this MultiLineString has {many} "
            "(the receiver lost its fix, or several walks were exported together): send "
            "each part as its own sweep, or join them into one line"
        )
    if kind is not None and kind not in ("LineString", "Polygon", "MultiPolygon"):
        raise Unprocessable(
            f"geometry type {kind!r} is not a sweep: send the ground covered (Polygon or "
            "MultiPolygon), or the GPS track walked (LineString)"
        )
    if kind == "LineString":
        try:
            track = ewkb_hex(line_from_geojson(geometry))
        except GeometryError as exc:
            raise Unprocessable(exc.reason, where=exc.where) from exc
        radius = sight_radius_m or DEFAULT_SIGHT_RADIUS_M
        cur = await conn.execute(TRACK_FOOTPRINT_SQL, {"track": track, "radius": radius})
        row = await cur.fetchone()
        assert row is not None
        return {"geom": row[0], "track": track, "sight_radius_m": radius}
    if sight_radius_m is not None:
        raise Unprocessable("sight_radius_m applies only to a GPS track (LineString geometry)")
    checked = checked_footprint(geometry, repair)
    return {"geom": geojson_text(checked.geometry), "track": None, "sight_radius_m": None}


async def _place(conn: AsyncConnection, footprint: str, actor: Actor) -> dict[str, int]:
    location = await locate(conn, footprint)
    if location is None:
        raise Unprocessable(
            "the sweep lies outside every compound: record the ground inside the compounds "
            "that were swept (lon/lat in WGS84/CGCS2000)"
        )
    check_scope(actor.principal, location.community_id, "the sweep")
    return {"compound_id": location.compound_id, "community_id": location.community_id}


FOOTPRINT_SQL = sql.SQL("ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(%(geom)s), 4326))")


def _columns(values: dict[str, Any]) -> dict[str, Any]:
    """Values for plain columns (the footprint goes in through FOOTPRINT_SQL)."""
    return {k: v for k, v in values.items() if k != "geom"}


async def create_sweep(
    conn: AsyncConnection,
    settings: Settings,
    actor: Actor,
    feature: FeatureIn[SweepCreate],
    repair: bool,
) -> int:
    props = feature.properties.model_dump()
    geometry = await _geometry_values(conn, feature.geometry, props.pop("sight_radius_m"), repair)
    props["started_at"] = _aware(props["started_at"], settings)
    props["ended_at"] = _aware(props["ended_at"], settings)
    if props["ended_at"] < props["started_at"]:
        raise Unprocessable("ended_at is before started_at")
    async with conn.transaction():
        values = {**props, **_columns(geometry), **await _place(conn, geometry["geom"], actor)}
        return await insert_record(conn, SWEEPS, values, FOOTPRINT_SQL, {"geom": geometry["geom"]})


async def patch_sweep(
    conn: AsyncConnection,
    settings: Settings,
    actor: Actor,
    sweep_id: int,
    version: int | None,
    patch: FeaturePatch[SweepPatch],
    repair: bool,
) -> None:
    changes = patch.changed_properties()
    nulls = refuse_nulls(changes, ("inspectors", "started_at", "ended_at"))
    if nulls:
        raise Unprocessable(f"{', '.join(nulls)} cannot be emptied on a sweep")
    for name in ("started_at", "ended_at"):
        if changes.get(name):
            changes[name] = _aware(changes[name], settings)
    async with conn.transaction():
        old = await lock_for_write(conn, SWEEPS, sweep_id, version, actor.principal)
        merged = {**old, **changes}
        if merged["ended_at"] < merged["started_at"]:
            raise Unprocessable(
                f"ended_at {merged['ended_at']} is before started_at {merged['started_at']}"
            )
        geometry_sql, params = None, None
        if patch.geometry_sent:
            is_track = (
                isinstance(patch.geometry, dict) and patch.geometry.get("type") == "LineString"
            )
            radius = old["sight_radius_m"] if is_track else None
            geometry = await _geometry_values(conn, patch.geometry, radius, repair)
            changes.update(_columns(geometry))
            changes.update(await _place(conn, geometry["geom"], actor))
            geometry_sql, params = FOOTPRINT_SQL, {"geom": geometry["geom"]}
        await update_record(conn, SWEEPS, sweep_id, changes, geometry_sql, params)


async def delete_sweep(
    conn: AsyncConnection, sweep_id: int, version: int | None, actor: Actor, reason: str
) -> None:
    async with conn.transaction():
        await lock_for_write(conn, SWEEPS, sweep_id, version, actor.principal)
        await soft_delete_record(conn, SWEEPS, sweep_id, actor.username, reason)
