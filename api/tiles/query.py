"""A tile's SQL, built from the collection's declaration.

The tile's envelope (ST_TileEnvelope, web mercator) is transformed into the data's CRS
once, so the rows are picked through the geometry's spatial index; the rows are those
the viewer may see (api/collections/read.py's `where_clause`: live rows, the viewer's
communities only); each feature carries the properties its collection declares for the
zoom (`Collection.tiles`), is simplified at low zooms, clipped and encoded by
ST_AsMVTGeom, and PostGIS writes the tile with ST_AsMVT. Identifiers and expressions
come from declarations; every value is a bound parameter.
"""

from datetime import date, datetime
from typing import Any

from psycopg import sql

from api.auth.principal import Principal
from api.collections.declare import Collection, Property
from api.collections.read import where_clause
from api.tiles.grid import BUFFER, EXTENT, margin, tolerance

DATA_SRID = 4326  # the CRS of every geometry column
TILE_SRID = 3857

# The tile in web mercator, and the part of the data's CRS it covers with its buffer.
BOUNDS = sql.SQL(
    "bounds AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS tile, "
    "ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(margin)s), {srid}) AS area)"
).format(srid=sql.Literal(DATA_SRID))
IN_TILE = "ST_Intersects({geom}, (SELECT area FROM bounds))"


def tile_value(prop: Property) -> sql.Composable:
    """A property as a value MVT carries: integers, floats, booleans, text (dates and
    times as their ISO 8601 text)."""
    expression = sql.SQL(prop.expression())
    if prop.type is int:
        return sql.SQL("({})::bigint").format(expression)
    if prop.type is float:
        return sql.SQL("({})::float8").format(expression)
    if prop.type is bool:
        return expression
    if prop.type in (date, datetime):
        return sql.SQL("to_json({}) #>> '{{}}'").format(expression)
    return sql.SQL("({})::text").format(expression)


def in_tile(collection: Collection) -> str:
    """The condition picking a collection's rows in the tile (with its buffer)."""
    return IN_TILE.format(geom=collection.geometry)


def tile_geometry(collection: Collection, z: int) -> sql.Composable:
    geom = sql.SQL("ST_Transform({}, {})").format(
        sql.SQL(collection.geometry), sql.Literal(TILE_SRID)
    )
    if tolerance(z) > 0:
        geom = sql.SQL("ST_Simplify({}, %(tolerance)s, true)").format(geom)
    return sql.SQL("ST_AsMVTGeom({}, b.tile, {}, {}, true)").format(
        geom, sql.Literal(EXTENT), sql.Literal(BUFFER)
    )


def tile_sql(
    collection: Collection, viewer: Principal, z: int, x: int, y: int
) -> tuple[sql.Composed, dict[str, Any]]:
    """The statement answering the tile's bytes (one bytea), and its parameters."""
    assert collection.tiles is not None, f"{collection.label} is not drawn in tiles"
    where, params = where_clause(collection, {}, viewer, extra=[in_tile(collection)])
    properties = collection.tile_properties(viewer, z)
    columns = [sql.SQL("t.id"), sql.SQL("{} AS geom").format(tile_geometry(collection, z))]
    columns += [
        sql.SQL("{} AS {}").format(tile_value(prop), sql.Identifier(name))
        for name, prop in properties.items()
    ]
    statement = sql.SQL(
        "WITH {bounds}, picked AS (SELECT t.* FROM {table} t WHERE {where}){source} "
        "SELECT ST_AsMVT(m.*, %(layer)s, {extent}, 'geom', 'id') FROM ("
        "SELECT {columns} FROM picked t CROSS JOIN bounds b {join}"
        ") m WHERE m.geom IS NOT NULL"
    ).format(
        bounds=BOUNDS,
        table=sql.Identifier(collection.name),
        where=where,
        source=sql.SQL(collection.tiles.source),
        extent=sql.Literal(EXTENT),
        columns=sql.SQL(", ").join(columns),
        join=sql.SQL(collection.tiles.join),
    )
    params.update(collection.tiles.params)
    params.update(z=z, x=x, y=y, margin=margin(), tolerance=tolerance(z), layer=collection.path)
    return statement, params
