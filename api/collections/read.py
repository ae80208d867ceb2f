"""Reading a collection: the one place every reader goes through.

Scoping (an inspector sees only their communities' rows) and personal data (masked
for those who may not see it; some properties left out for all but the street office)
are applied here, from the collection's declaration, for lists and single records
alike. PostGIS builds each Feature's JSON; Python only joins the texts.
"""

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from psycopg import AsyncConnection, sql

from api.auth.principal import Principal
from api.collections.declare import Collection
from api.errors import Gone, NotFound

# GeoJSON coordinates: 7 decimals of a degree is about 1 cm.
COORD_DECIMALS = 7


def feature_sql(collection: Collection, viewer: Principal) -> sql.Composable:
    """A Feature's JSON text, with the properties this viewer gets (masked as needed)."""
    pairs = sql.SQL(", ").join(
        sql.SQL("{}, {}").format(sql.Literal(name), sql.SQL(prop.expression()))
        for name, prop in collection.shown(viewer).items()
    )
    return sql.SQL(
        "json_build_object('type', 'Feature', 'id', t.id, "
        "'geometry', ST_AsGeoJSON({geom}, {decimals})::json, "
        "'properties', json_build_object({pairs}))::text"
    ).format(geom=sql.SQL(collection.geometry), decimals=COORD_DECIMALS, pairs=pairs)


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
) -> tuple[sql.Composable, dict[str, Any]]:
    """WHERE for live rows the viewer may see, matching every filter given (None = not
    given). Values are already parsed (a mapping binds several parameters)."""
    scoped, params = viewer_params(collection, viewer)
    conditions: list[sql.Composable] = [sql.SQL("t.deleted_at IS NULL"), *scoped]
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
) -> tuple[int, list[str]]:
    """(number matched, the page of Feature texts), ordered by id."""
    where, params = where_clause(collection, filters, viewer)
    table = sql.Identifier(collection.name)
    count = sql.SQL("SELECT count(*) FROM {table} t WHERE {where}").format(table=table, where=where)
    cur = await conn.execute(count, params)
    row = await cur.fetchone()
    matched = int(row[0]) if row else 0
    page = sql.SQL(
        "SELECT {feature} FROM {table} t WHERE {where} ORDER BY t.id "
        "LIMIT %(limit)s OFFSET %(offset)s"
    ).format(feature=feature_sql(collection, viewer), table=table, where=where)
    cur = await conn.execute(page, {**params, "limit": limit, "offset": offset})
    return matched, [r[0] for r in await cur.fetchall()]


async def get_feature(
    conn: AsyncConnection, collection: Collection, record_id: int, viewer: Principal
) -> tuple[str, int]:
    """(Feature text, version) of a live record the viewer may see; NotFound or Gone
    otherwise. Another community's record is 'not found': its existence does not leak."""
    scoped, params = viewer_params(collection, viewer)
    where = sql.SQL(" AND ").join([sql.SQL("t.id = %(id)s"), *scoped])
    query = sql.SQL(
        "SELECT {feature}, t.version, t.deleted_at, t.deleted_reason FROM {table} t WHERE {where}"
    ).format(
        feature=feature_sql(collection, viewer),
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
