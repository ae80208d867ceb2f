"""Generic SQL for writing the geometric records every collection shares: lock a row
(checking its version), insert, update, soft-delete. Reading goes through
`api.collections.read`. Identifiers come only from the collections' declarations;
every value is a bound parameter.
"""

from collections.abc import Mapping
from typing import Any

from psycopg import AsyncConnection, sql

from api.auth.principal import Principal
from api.collections.declare import Collection
from api.collections.read import viewer_params
from api.errors import Gone, NotFound, PreconditionFailed


async def lock_for_write(
    conn: AsyncConnection,
    table: Collection,
    record_id: int,
    expected_version: int | None,
    viewer: Principal,
) -> dict[str, Any]:
    """Lock a live record the principal may see, check its version; returns its columns."""
    scoped, params = viewer_params(table, viewer)
    where = sql.SQL(" AND ").join([sql.SQL("t.id = %(id)s"), *scoped])
    query = sql.SQL("SELECT * FROM {table} t WHERE {where} FOR UPDATE").format(
        table=sql.Identifier(table.name), where=where
    )
    cur = await conn.execute(query, {**params, "id": record_id})
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"there is no {table.label} {record_id}")
    assert cur.description is not None
    record = dict(zip([c.name for c in cur.description], row, strict=True))
    if record["deleted_at"] is not None:
        raise Gone(
            f"{table.label} {record_id} was deleted on {record['deleted_at']:%Y-%m-%d %H:%M}: "
            f"{record['deleted_reason']}"
        )
    if expected_version is not None and record["version"] != expected_version:
        raise PreconditionFailed(
            f"{table.label} {record_id} has changed since you read it: you sent version "
            f"{expected_version}, it is now at version {record['version']}; fetch it again, "
            "reapply your change and send the new ETag in If-Match",
            current_version=record["version"],
        )
    return record


def geometry_sql(param: str, multi: bool) -> sql.Composable:
    """SQL turning a bound GeoJSON text into a geometry in EPSG:4326."""
    expr = f"ST_SetSRID(ST_GeomFromGeoJSON(%({param})s), 4326)"
    return sql.SQL(f"ST_Multi({expr})" if multi else expr)


async def insert_record(
    conn: AsyncConnection,
    table: Collection,
    values: Mapping[str, Any],
    geometry: sql.Composable | None = None,
    params: Mapping[str, Any] | None = None,
) -> int:
    """Insert a row; `geometry` is an SQL expression for its geom column."""
    columns = [sql.Identifier(name) for name in values]
    placeholders: list[sql.Composable] = [sql.Placeholder(name) for name in values]
    if geometry is not None:
        columns.append(sql.Identifier("geom"))
        placeholders.append(geometry)
    query = sql.SQL("INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id").format(
        table=sql.Identifier(table.name),
        columns=sql.SQL(", ").join(columns),
        values=sql.SQL(", ").join(placeholders),
    )
    cur = await conn.execute(query, {**values, **(params or {})})
    row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def update_record(
    conn: AsyncConnection,
    table: Collection,
    record_id: int,
    values: Mapping[str, Any],
    geometry: sql.Composable | None = None,
    params: Mapping[str, Any] | None = None,
) -> int:
    """Update a locked row, bump its version; returns the new version."""
    assignments: list[sql.Composable] = [
        sql.SQL("{} = {}").format(sql.Identifier(name), sql.Placeholder(name)) for name in values
    ]
    if geometry is not None:
        assignments.append(sql.SQL("geom = {}").format(geometry))
    assignments.append(sql.SQL("version = version + 1, updated_at = now()"))
    query = sql.SQL("UPDATE {table} SET {sets} WHERE id = %(_id)s RETURNING version").format(
        table=sql.Identifier(table.name), sets=sql.SQL(", ").join(assignments)
    )
    cur = await conn.execute(query, {**values, **(params or {}), "_id": record_id})
    row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def soft_delete_record(
    conn: AsyncConnection, table: Collection, record_id: int, actor: str, reason: str
) -> None:
    query = sql.SQL(
        "UPDATE {table} SET deleted_at = now(), deleted_by = %(actor)s, "
        "deleted_reason = %(reason)s, version = version + 1, updated_at = now() "
        "WHERE id = %(id)s"
    ).format(table=sql.Identifier(table.name))
    await conn.execute(query, {"id": record_id, "actor": actor, "reason": reason})


async def count_live_children(
    conn: AsyncConnection, child: str, column: str, parent_id: int
) -> int:
    query = sql.SQL(
        "SELECT count(*) FROM {child} WHERE {column} = %(id)s AND deleted_at IS NULL"
    ).format(child=sql.Identifier(child), column=sql.Identifier(column))
    cur = await conn.execute(query, {"id": parent_id})
    row = await cur.fetchone()
    return int(row[0]) if row else 0
