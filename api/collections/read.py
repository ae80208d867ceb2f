"""Reading a collection: the one place every reader goes through.

Scoping (an inspector sees only their communities' rows) and personal data (masked
for those who may not see it; some properties left out for all but the street office)
are applied here, from the collection's declaration, for lists and single records
alike. PostGIS builds each Feature's JSON; Python only joins the texts.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from psycopg import AsyncConnection, sql

from api.auth.principal import Principal
from api.collections.declare import Collection
from api.errors import Gone, NotFound

# GeoJSON coordinates: 7 decimals of a degree is about 1 cm.
COORD_DECIMALS = 7


@dataclass(frozen=True)
class Output:
    """How features are written: in which CRS (an EPSG code; PostGIS reprojects), with
    the coordinates swapped to the CRS's own axis order (lat/lon, northing/easting)
    where it is not x/y, to how many decimals, and as the REST resource or as the
    collection's GIS layer (`Collection.layer`: its properties, only records with a
    geometry)."""

    srid: int = 4326
    swap_axes: bool = False
    decimals: int = COORD_DECIMALS
    layer: bool = False


REST = Output()


@dataclass(frozen=True)
class Query:
    """What a reader adds to the declared filters: conditions over alias t with their
    bound parameters (built from declared SQL and queryables only), and the order
    (SQL over t, descending or not) before the id."""

    conditions: Sequence[sql.Composable] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    order: Sequence[tuple[str, bool]] = ()


def geometry_sql(collection: Collection, output: Output) -> sql.Composable:
    geom: sql.Composable = sql.SQL(collection.geometry)
    if output.srid != 4326:
        geom = sql.SQL("ST_Transform({}, {})").format(geom, sql.Literal(output.srid))
    if output.swap_axes:
        geom = sql.SQL("ST_FlipCoordinates({})").format(geom)
    return geom


def feature_sql(collection: Collection, viewer: Principal, output: Output = REST) -> sql.Composable:
    """A Feature's JSON text, with the properties this viewer gets (masked as needed)."""
    pairs = sql.SQL(", ").join(
        sql.SQL("{}, {}").format(sql.Literal(name), sql.SQL(prop.expression()))
        for name, prop in collection.shown(viewer, layer=output.layer).items()
    )
    return sql.SQL(
        "json_build_object('type', 'Feature', 'id', t.id, "
        "'geometry', ST_AsGeoJSON({geom}, {decimals})::json, "
        "'properties', json_build_object({pairs}))::text"
    ).format(
        geom=geometry_sql(collection, output),
        decimals=sql.Literal(output.decimals),
        pairs=pairs,
    )


def viewer_params(
    collection: Collection, viewer: Principal
) -> tuple[list[sql.Composable], dict[str, Any]]:
    """What a principal may see: its communities' rows only, personal data if allowed."""
    params: dict[str, Any] = {"pii": viewer.sees_pii}
    if viewer.communities is None:
        return [], params
    params["scope"] = list(viewer.communities)
    return [sql.SQL("{} = ANY(%(scope)s)").format(sql.SQL(collection.scope))], params


def where_clause(
    collection: Collection,
    filters: Mapping[str, Any],
    viewer: Principal,
    extra: Sequence[str] = (),
    query: Query | None = None,
    output: Output = REST,
) -> tuple[sql.Composable, dict[str, Any]]:
    """WHERE for live rows the viewer may see, matching every filter given (None = not
    given) and the query's conditions. Values are already parsed (a mapping binds
    several parameters). A GIS layer has only the rows with a geometry."""
    scoped, params = viewer_params(collection, viewer)
    conditions: list[sql.Composable] = [sql.SQL("t.deleted_at IS NULL"), *scoped]
    if output.layer and not collection.geometry_required:
        conditions.append(sql.SQL("{} IS NOT NULL").format(sql.SQL(collection.geometry)))
    if query is not None:
        conditions.extend(query.conditions)
        params.update(query.params)
    for name, value in filters.items():
        if value is None:
            continue
        if name not in collection.filters:
            raise ValueError(f"{collection.label} has no filter {name!r}")
        if isinstance(value, Mapping):
            params.update(value)
        else:
            params[name] = value
        conditions.append(sql.SQL(collection.filters[name].sql))
    conditions.extend(sql.SQL(condition) for condition in extra)
    return sql.SQL(" AND ").join(conditions), params


async def list_features(
    conn: AsyncConnection,
    collection: Collection,
    filters: Mapping[str, Any],
    viewer: Principal,
    *,
    limit: int,
    offset: int,
    query: Query | None = None,
    output: Output = REST,
) -> tuple[int, list[str]]:
    """(number matched, the page of Feature texts), ordered by the query's order, then id."""
    where, params = where_clause(collection, filters, viewer, query=query, output=output)
    table = sql.Identifier(collection.name)
    count = sql.SQL("SELECT count(*) FROM {table} t WHERE {where}").format(table=table, where=where)
    cur = await conn.execute(count, params)
    row = await cur.fetchone()
    matched = int(row[0]) if row else 0
    order = [
        sql.SQL("{} {} NULLS LAST").format(sql.SQL(expr), sql.SQL("DESC" if desc else "ASC"))
        for expr, desc in (query.order if query else ())
    ]
    page = sql.SQL(
        "SELECT {feature} FROM {table} t WHERE {where} ORDER BY {order} "
        "LIMIT %(limit)s OFFSET %(offset)s"
    ).format(
        feature=feature_sql(collection, viewer, output),
        table=table,
        where=where,
        order=sql.SQL(", ").join([*order, sql.SQL("t.id")]),
    )
    cur = await conn.execute(page, {**params, "limit": limit, "offset": offset})
    return matched, [r[0] for r in await cur.fetchall()]


async def get_feature(
    conn: AsyncConnection,
    collection: Collection,
    record_id: int,
    viewer: Principal,
    output: Output = REST,
) -> tuple[str, int]:
    """(Feature text, version) of a live record the viewer may see; NotFound or Gone
    otherwise. Another community's record is 'not found': its existence does not leak."""
    scoped, params = viewer_params(collection, viewer)
    if output.layer and not collection.geometry_required:
        scoped.append(sql.SQL("{} IS NOT NULL").format(sql.SQL(collection.geometry)))
    where = sql.SQL(" AND ").join([sql.SQL("t.id = %(id)s"), *scoped])
    query = sql.SQL(
        "SELECT {feature}, t.version, t.deleted_at, t.deleted_reason FROM {table} t WHERE {where}"
    ).format(
        feature=feature_sql(collection, viewer, output),
        table=sql.Identifier(collection.name),
        where=where,
    )
    cur = await conn.execute(query, {**params, "id": record_id})
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"there is no {collection.label} {record_id}")
    feature, version, deleted_at, reason = row
    if deleted_at is not None:
        raise Gone(
            f"{collection.label} {record_id} was deleted on {deleted_at:%Y-%m-%d %H:%M}: {reason}"
        )
    return feature, version


async def layer_extent(
    conn: AsyncConnection, collection: Collection, viewer: Principal
) -> tuple[tuple[float, float, float, float] | None, tuple[Any, Any] | None]:
    """The extent of the records of a GIS layer this viewer may see: the lon/lat box
    (None when there are none) and the first and last time (None without a temporal)."""
    where, params = where_clause(collection, {}, viewer, output=Output(layer=True))
    layer = collection.layer
    times: sql.Composable = sql.SQL("NULL, NULL")
    if layer is not None and layer.temporal:
        times = sql.SQL("min({}), max({})").format(
            sql.SQL(layer.temporal), sql.SQL(layer.temporal_end or layer.temporal)
        )
    query = sql.SQL(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), first, last FROM "
        "(SELECT ST_Extent({geom}) AS e, {times} FROM {table} t WHERE {where}) x(e, first, last)"
    ).format(
        geom=sql.SQL(collection.geometry),
        times=times,
        table=sql.Identifier(collection.name),
        where=where,
    )
    cur = await conn.execute(query, params)
    row = await cur.fetchone()
    assert row is not None
    box = None if row[0] is None else (row[0], row[1], row[2], row[3])
    span = None if layer is None or not layer.temporal else (row[4], row[5])
    return box, span


def column_sql(collection: Collection, viewer: Principal) -> list[sql.Composable]:
    """The properties this viewer gets as columns (masked as needed), named as in the
    Features; values that are not scalars (lists, objects) as their JSON text."""
    columns: list[sql.Composable] = []
    for name, prop in collection.shown(viewer).items():
        expression: sql.Composable = sql.SQL(prop.expression())
        if prop.type is float:  # numeric columns would come as Decimal
            expression = sql.SQL("({})::float8").format(expression)
        elif prop.type not in SCALARS:
            expression = sql.SQL("to_json({})::text").format(expression)
        columns.append(sql.SQL("{} AS {}").format(expression, sql.Identifier(name)))
    return columns


SCALARS = (int, float, str, bool, date, datetime)


async def rows_after(
    conn: AsyncConnection,
    collection: Collection,
    filters: Mapping[str, Any],
    viewer: Principal,
    geometry: Sequence[sql.Composable],
    *,
    after: int,
    limit: int,
    extra: Mapping[str, tuple[str, Any]] | None = None,
) -> list[tuple[Any, ...]]:
    """The next rows by id after `after` (keyset paging), for readers that write files:
    (id, the geometry columns given — SQL over `collection.geometry` —, then the
    viewer's properties in declaration order), scoped and masked as the lists are.
    `extra` adds conditions of the caller's code, each {parameter: (SQL, value)}."""
    extra = extra or {}
    conditions = ("t.id > %(after)s", *(condition for condition, _ in extra.values()))
    where, params = where_clause(collection, filters, viewer, conditions)
    params.update({name: value for name, (_, value) in extra.items()})
    query = sql.SQL(
        "SELECT t.id, {columns} FROM {table} t WHERE {where} ORDER BY t.id LIMIT %(limit)s"
    ).format(
        columns=sql.SQL(", ").join([*geometry, *column_sql(collection, viewer)]),
        table=sql.Identifier(collection.name),
        where=where,
    )
    cur = await conn.execute(query, {**params, "after": after, "limit": limit})
    return await cur.fetchall()
