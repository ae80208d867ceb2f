"""Creating, changing and deleting households. A household's point, when given,
must lie inside its compound."""

from typing import Any

from psycopg import AsyncConnection

from api.auth.principal import Actor
from api.db.records import (
    count_live_children,
    geometry_sql,
    insert_record,
    lock_for_write,
    soft_delete_record,
    update_record,
)
from api.db.writes import live_parent
from api.errors import Conflict, Unprocessable
from api.features import FeatureIn, FeaturePatch, refuse_nulls
from api.households.schemas import HouseholdCreate, HouseholdPatch
from api.households.tables import HOUSEHOLDS
from spatial.geojson import geojson_text
from spatial.validate import GeometryError, point_from_geojson


def _point(geometry: Any) -> str | None:
    if geometry is None:
        return None
    try:
        return geojson_text(point_from_geojson(geometry))
    except GeometryError as exc:
        raise Unprocessable(exc.reason, where=exc.where) from exc


async def _inside_compound(conn: AsyncConnection, compound_id: int, point: str) -> None:
    cur = await conn.execute(
        "SELECT ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON(%(p)s), 4326)) "
        "FROM compound WHERE id = %(id)s",
        {"p": point, "id": compound_id},
    )
    row = await cur.fetchone()
    if not row or not row[0]:
        raise Unprocessable(
            f"the household's point lies outside compound {compound_id}; place it on its "
            "building, or leave the geometry null"
        )


async def create_household(
    conn: AsyncConnection, actor: Actor, feature: FeatureIn[HouseholdCreate]
) -> int:
    values = feature.properties.model_dump()
    compound = await live_parent(
        conn, "compound", "compound", values["compound_id"], actor.principal
    )
    values["community_id"] = compound["community_id"]
    point = _point(feature.geometry)
    async with conn.transaction():
        if point:
            await _inside_compound(conn, values["compound_id"], point)
        geometry = geometry_sql("geom", multi=False) if point else None
        return await insert_record(conn, HOUSEHOLDS, values, geometry, {"geom": point})


async def patch_household(
    conn: AsyncConnection,
    actor: Actor,
    household_id: int,
    version: int | None,
    patch: FeaturePatch[HouseholdPatch],
) -> None:
    changes = patch.changed_properties()
    if refuse_nulls(changes, ("building",)):
        raise Unprocessable("building cannot be emptied on a household")
    point = _point(patch.geometry) if patch.geometry_sent else None
    async with conn.transaction():
        old = await lock_for_write(conn, HOUSEHOLDS, household_id, version, actor.principal)
        if point:
            await _inside_compound(conn, old["compound_id"], point)
        if patch.geometry_sent and point is None:
            changes["geom"] = None
        geometry = geometry_sql("geom", multi=False) if point else None
        await update_record(conn, HOUSEHOLDS, household_id, changes, geometry, {"geom": point})


async def delete_household(
    conn: AsyncConnection, household_id: int, version: int | None, actor: Actor, reason: str
) -> None:
    async with conn.transaction():
        await lock_for_write(conn, HOUSEHOLDS, household_id, version, actor.principal)
        count = await count_live_children(conn, "violation", "household_id", household_id)
        if count:
            raise Conflict(
                f"household {household_id} still has {count} live violations; "
                "delete or reassign them first"
            )
        await soft_delete_record(conn, HOUSEHOLDS, household_id, actor.username, reason)
