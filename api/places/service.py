"""Creating, changing and deleting communities, compounds and grid cells.

Places are the frame every other record hangs on, so a place with live records
inside cannot be deleted: its children must be moved or deleted first.
"""

from typing import Any

from psycopg import AsyncConnection

from api.auth.principal import Actor
from api.collections.declare import Collection
from api.complaints.relocate import relocate_complaints
from api.db.locate import relocate
from api.db.records import (
    count_live_children,
    geometry_sql,
    insert_record,
    lock_for_write,
    soft_delete_record,
    update_record,
)
from api.db.writes import live_parent, unique_code
from api.errors import Conflict, Unprocessable
from api.features import FeatureIn, FeaturePatch, checked_footprint, refuse_nulls
from api.places.nesting import check_nesting
from api.places.schemas import (
    CommunityCreate,
    CommunityPatch,
    CompoundCreate,
    CompoundPatch,
    GridCreate,
    GridPatch,
)
from api.places.tables import COMMUNITIES, COMPOUNDS, GRIDS
from spatial.geojson import ewkb_hex, geojson_text
from spatial.validate import CheckedPolygonal

# Children that keep a place from being deleted: (table, column, label).
CHILDREN = {
    "community": [
        ("compound", "community_id", "compounds"),
        ("complaint", "community_id", "complaints"),
    ],
    "compound": [
        ("grid_cell", "compound_id", "grid cells"),
        ("violation", "compound_id", "violations"),
        ("household", "compound_id", "households"),
        ("sweep", "compound_id", "sweeps"),
        ("complaint", "compound_id", "complaints"),
    ],
    "grid_cell": [("violation", "grid_id", "violations")],
}


async def _after_drawing(
    conn: AsyncConnection, table: Collection, record_id: int, area: str | None, actor: Actor
) -> None:
    """Keep places nested; and as grid cells and compounds decide where records belong,
    locate again the records in the `area` they changed; complaints follow communities
    and compounds."""
    await check_nesting(conn, table.name, record_id)
    reason = f"{table.label} {record_id} was drawn or redrawn"
    if area and table.name in ("grid_cell", "compound"):
        await relocate(conn, area, actor.username, reason, actor.request_id)
    if area and table.name in ("community", "compound"):
        await relocate_complaints(conn, area, actor.username, reason, actor.request_id)


async def _create(
    conn: AsyncConnection,
    actor: Actor,
    table: Collection,
    values: dict[str, Any],
    geometry: Any,
    repair: bool,
) -> tuple[int, CheckedPolygonal]:
    checked = checked_footprint(geometry, repair)
    async with unique_code(table.label, values.get("code")), conn.transaction():
        record_id = await insert_record(
            conn,
            table,
            values,
            geometry_sql("geom", multi=True),
            {"geom": geojson_text(checked.geometry)},
        )
        await _after_drawing(conn, table, record_id, ewkb_hex(checked.geometry), actor)
    return record_id, checked


async def create_community(
    conn: AsyncConnection, actor: Actor, feature: FeatureIn[CommunityCreate], repair: bool
) -> tuple[int, CheckedPolygonal]:
    return await _create(
        conn, actor, COMMUNITIES, feature.properties.model_dump(), feature.geometry, repair
    )


async def create_compound(
    conn: AsyncConnection, actor: Actor, feature: FeatureIn[CompoundCreate], repair: bool
) -> tuple[int, CheckedPolygonal]:
    await live_parent(
        conn, "community", "community", feature.properties.community_id, actor.principal
    )
    return await _create(
        conn, actor, COMPOUNDS, feature.properties.model_dump(), feature.geometry, repair
    )


async def create_grid(
    conn: AsyncConnection, actor: Actor, feature: FeatureIn[GridCreate], repair: bool
) -> tuple[int, CheckedPolygonal]:
    compound = await live_parent(
        conn, "compound", "compound", feature.properties.compound_id, actor.principal
    )
    values = {**feature.properties.model_dump(), "community_id": compound["community_id"]}
    return await _create(conn, actor, GRIDS, values, feature.geometry, repair)


async def _patch(
    conn: AsyncConnection,
    actor: Actor,
    table: Collection,
    record_id: int,
    version: int | None,
    patch: FeaturePatch[Any],
    repair: bool,
    required: tuple[str, ...],
) -> CheckedPolygonal | None:
    changes = patch.changed_properties()
    nulls = refuse_nulls(changes, required)
    if nulls:
        raise Unprocessable(f"{', '.join(nulls)} cannot be emptied on a {table.label}")
    checked = checked_footprint(patch.geometry, repair) if patch.geometry_sent else None
    if "community_id" in changes:
        await live_parent(conn, "community", "community", changes["community_id"], actor.principal)
    async with unique_code(table.label, changes.get("code")), conn.transaction():
        old = await lock_for_write(conn, table, record_id, version, actor.principal)
        params = {"geom": geojson_text(checked.geometry)} if checked else None
        geometry = geometry_sql("geom", multi=True) if checked else None
        await update_record(conn, table, record_id, changes, geometry, params)
        area = None
        if checked:
            cur = await conn.execute(
                "SELECT ST_Union(%(old)s::geometry, %(new)s::geometry)::text",
                {"old": old["geom"], "new": ewkb_hex(checked.geometry)},
            )
            row = await cur.fetchone()
            assert row is not None
            area = row[0]
        await _after_drawing(conn, table, record_id, area, actor)
    return checked


async def patch_community(
    conn: AsyncConnection,
    actor: Actor,
    record_id: int,
    version: int | None,
    patch: FeaturePatch[CommunityPatch],
    repair: bool,
) -> CheckedPolygonal | None:
    return await _patch(
        conn, actor, COMMUNITIES, record_id, version, patch, repair, ("code", "name")
    )


async def patch_compound(
    conn: AsyncConnection,
    actor: Actor,
    record_id: int,
    version: int | None,
    patch: FeaturePatch[CompoundPatch],
    repair: bool,
) -> CheckedPolygonal | None:
    required = ("community_id", "code", "name")
    return await _patch(conn, actor, COMPOUNDS, record_id, version, patch, repair, required)


async def patch_grid(
    conn: AsyncConnection,
    actor: Actor,
    record_id: int,
    version: int | None,
    patch: FeaturePatch[GridPatch],
    repair: bool,
) -> CheckedPolygonal | None:
    return await _patch(conn, actor, GRIDS, record_id, version, patch, repair, ("code", "name"))


async def delete_place(
    conn: AsyncConnection,
    table: Collection,
    record_id: int,
    version: int | None,
    actor: Actor,
    reason: str,
) -> None:
    """Soft-delete a place that holds no live records."""
    async with conn.transaction():
        await lock_for_write(conn, table, record_id, version, actor.principal)
        for child, column, label in CHILDREN[table.name]:
            count = await count_live_children(conn, child, column, record_id)
            if count:
                raise Conflict(
                    f"{table.label} {record_id} still holds {count} live {label}; "
                    "move or delete them first"
                )
        await soft_delete_record(conn, table, record_id, actor.username, reason)
