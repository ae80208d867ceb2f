"""Generic SQL for the geometric records every resource shares.

A `RecordTable` names a table, how its rows look as GeoJSON (PostGIS builds the
JSON; Python only joins the texts) and which filters it supports. Identifiers
come only from these definitions; every value is a bound parameter.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from psycopg import AsyncConnection, sql

from api.auth.principal import Principal
from api.errors import Gone, NotFound, PreconditionFailed

# GeoJSON coordinates: 7 decimals of a degree is about 1 cm.
COORD_DECIMALS = 7


@dataclass(frozen=True)
class RecordTable:
    name: str  # table name
    label: str  # for messages: "violation", "grid cell"
    properties: Mapping[str, str]  # output property -> SQL expression over alias t
    filters: Mapping[str, str] = field(default_factory=dict)  # name -> condition, %(name)s
    geometry: str = "t.geom"
    scope: str = "t.community_id"  # the community a row belongs to, for scoped principals

    def feature_sql(self) -> sql.Composable:
        pairs = sql.SQL(", ").join(
            sql.SQL("{}, {}").format(sql.Literal(name), sql.SQL(expr))
            for name, expr in self.properties.items()
        )
        return sql.SQL(
            "json_build_object('type', 'Feature', 'id', t.id, "
            "'geometry', ST_AsGeoJSON({geom}, {decimals})::json, "
            "'properties', json_build_object({pairs}))::text"
        ).format(geom=sql.SQL(self.geometry), decimals=COORD_DECIMALS, pairs=pairs)

    @property
    def table(self) -> sql.Identifier:
        return sql.Identifier(self.name)


def viewer_params(table: RecordTable, viewer: Principal) -> tuple[list[sql.Composable], dict]:
    """What a principal may see: its communities' rows only, personal data if allowed."""
    params: dict[str, Any] = {"pii": viewer.sees_pii}
    if viewer.communities is None:
        return [], params
    params["scope"] = list(viewer.communities)
    return [sql.SQL("{} = ANY(%(scope)s)").format(sql.SQL(table.scope))], params


def where_clause(
    table: RecordTable, filters: Mapping[str, Any], viewer: Principal, extra: Sequence[str] = ()
) -> tuple[sql.Composable, dict[str, Any]]:
    """WHERE for live rows the viewer may see, matching every filter given (None = not given)."""
    scoped, params = viewer_params(table, viewer)
    conditions: list[sql.Composable] = [sql.SQL("t.deleted_at IS NULL"), *scoped]
    for name, value in filters.items():
        if value is None:
            continue
        if name not in table.filters:
            raise ValueError(f"{table.label} has no filter {name!r}")
        if name == "bbox":
            params.update(dict(zip(("xmin", "ymin", "xmax", "ymax"), value, strict=True)))
        else:
            params[name] = value
        conditions.append(sql.SQL(table.filters[name]))
    conditions.extend(sql.SQL(condition) for condition in extra)
    return sql.SQL(" AND ").join(conditions), params


async def list_features(
    conn: AsyncConnection,
    table: RecordTable,
    filters: Mapping[str, Any],
    viewer: Principal,
    *,
    limit: int,
    offset: int,
) -> tuple[int, list[str]]:
    """(number matched, the page of Feature texts), ordered by id."""
    where, params = where_clause(table, filters, viewer)
    count = sql.SQL("SELECT count(*) FROM {table} t WHERE {where}").format(
        table=table.table, where=where
    )
    cur = await conn.execute(count, params)
    row = await cur.fetchone()
    matched = int(row[0]) if row else 0
    page = sql.SQL(
        "SELECT {feature} FROM {table} t WHERE {where} ORDER BY t.id "
        "LIMIT %(limit)s OFFSET %(offset)s"
    ).format(feature=table.feature_sql(), table=table.table, where=where)
    cur = await conn.execute(page, {**params, "limit": limit, "offset": offset})
    return matched, [r[0] for r in await cur.fetchall()]


def _scoped_id(table: RecordTable, viewer: Principal) -> tuple[sql.Composable, dict[str, Any]]:
    """WHERE for one row by %(id)s, among the rows the viewer may see."""
    scoped, params = viewer_params(table, viewer)
    return sql.SQL(" AND ").join([sql.SQL("t.id = %(id)s"), *scoped]), params


async def get_feature(
    conn: AsyncConnection, table: RecordTable, record_id: int, viewer: Principal
) -> tuple[str, int]:
    """(Feature text, version) of a live record the viewer may see; NotFound or Gone
    otherwise. Another community's record is 'not found': its existence does not leak."""
    where, params = _scoped_id(table, viewer)
    query = sql.SQL(
        "SELECT {feature}, t.version, t.deleted_at, t.deleted_reason FROM {table} t WHERE {where}"
    ).format(feature=table.feature_sql(), table=table.table, where=where)
    cur = await conn.execute(query, {**params, "id": record_id})
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"there is no {table.label} {record_id}")
    feature, version, deleted_at, reason = row
    if deleted_at is not None:
        raise Gone(
            f"{table.label} {record_id} was deleted on {deleted_at:%Y-%m-%d %H:%M}: {reason}"
        )
    return feature, version


async def lock_for_write(
    conn: AsyncConnection,
    table: RecordTable,
    record_id: int,
    expected_version: int | None,
    viewer: Principal,
) -> dict[str, Any]:
    """Lock a live record the principal may see, check its version; returns its columns."""
    where, params = _scoped_id(table, viewer)
    query = sql.SQL("SELECT * FROM {table} t WHERE {where} FOR UPDATE").format(
        table=table.table, where=where
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
    table: RecordTable,
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
        table=table.table,
        columns=sql.SQL(", ").join(columns),
        values=sql.SQL(", ").join(placeholders),
    )
    cur = await conn.execute(query, {**values, **(params or {})})
    row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def update_record(
    conn: AsyncConnection,
    table: RecordTable,
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
        table=table.table, sets=sql.SQL(", ").join(assignments)
    )
    cur = await conn.execute(query, {**values, **(params or {}), "_id": record_id})
    row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def soft_delete_record(
    conn: AsyncConnection, table: RecordTable, record_id: int, actor: str, reason: str
) -> None:
    query = sql.SQL(
        "UPDATE {table} SET deleted_at = now(), deleted_by = %(actor)s, "
        "deleted_reason = %(reason)s, version = version + 1, updated_at = now() "
        "WHERE id = %(id)s"
    ).format(table=table.table)
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
