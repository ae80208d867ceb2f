"""TileJSON 3.0.0 of a collection's tiles: where they are, the zooms, the extent of what
the viewer may see, and the layer's fields with the zoom each appears from."""

from typing import Any

from psycopg import AsyncConnection, sql

from api.auth.principal import Principal
from api.collections.declare import Collection
from api.collections.read import where_clause
from api.tiles.grid import MAX_ZOOM, MIN_ZOOM

WORLD = [-180.0, -85.0511, 180.0, 85.0511]


async def extent(conn: AsyncConnection, collection: Collection, viewer: Principal) -> list[float]:
    """[west, south, east, north] of the rows the viewer may see (the world if none)."""
    where, params = where_clause(collection, {}, viewer)
    statement = sql.SQL(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
        "FROM (SELECT ST_Extent({geom}) AS e FROM {table} t WHERE {where}) x"
    ).format(geom=sql.SQL(collection.geometry), table=sql.Identifier(collection.name), where=where)
    cur = await conn.execute(statement, params)
    row = await cur.fetchone()
    if row is None or row[0] is None:
        return list(WORLD)
    return [round(float(v), 7) for v in row]


def fields(collection: Collection, viewer: Principal) -> tuple[dict[str, str], dict[str, int]]:
    """({field: description}, {field: the zoom it appears from}) for this viewer."""
    assert collection.tiles is not None
    described: dict[str, str] = {}
    first: dict[str, int] = {}
    for low in sorted(collection.tiles.zooms):
        for name, prop in collection.tile_properties(viewer, low).items():
            described.setdefault(name, prop.description or name)
            first.setdefault(name, low)
    return described, first


def tilejson(
    collection: Collection, viewer: Principal, tiles_url: str, bounds: list[float]
) -> dict[str, Any]:
    described, first = fields(collection, viewer)
    return {
        "tilejson": "3.0.0",
        "name": collection.path,
        "description": collection.title,
        "scheme": "xyz",
        "tiles": [tiles_url],
        "minzoom": MIN_ZOOM,
        "maxzoom": MAX_ZOOM,
        "bounds": bounds,
        "center": [
            round((bounds[0] + bounds[2]) / 2, 7),
            round((bounds[1] + bounds[3]) / 2, 7),
            MIN_ZOOM,
        ],
        "vector_layers": [
            {
                "id": collection.path,
                "description": collection.description,
                "minzoom": MIN_ZOOM,
                "maxzoom": MAX_ZOOM,
                "fields": described,
                "field_minzoom": first,
            }
        ],
    }
