"""The data versions a tile covers, and its ETag.

Every write bumps the version of each community it touches, in the writing transaction
(table data_version, migration 0010). A tile covers the communities whose outline
touches it and those of the collection's rows in it (community 0: rows without one),
within the viewer's scope. Its ETag hashes the collection, z/x/y, those versions, the
viewer's scope and whether it sees personal data: a write inside the tile changes it at
once, a write elsewhere leaves it as it was.

The versions are read before the tile is built, in a statement of their own: under READ
COMMITTED the tile's rows are then at least as new as the versions, so bytes are never
kept under a key newer than their content.
"""

import hashlib
import json
from typing import Any

from psycopg import AsyncConnection, sql

from api.auth.principal import Principal
from api.collections.declare import Collection
from api.collections.read import viewer_params, where_clause
from api.collections.registry import COLLECTIONS
from api.tiles.grid import margin
from api.tiles.query import BOUNDS, in_tile

# Bumped when what a tile holds for the same data changes (attributes, encoding).
TILE_FORMAT = 1


def versions_sql(collection: Collection, viewer: Principal) -> tuple[sql.Composed, dict[str, Any]]:
    """[[community_id, version], …] (JSON text) of the communities the tile covers."""
    communities = COLLECTIONS["communities"]
    scoped, params = viewer_params(communities, viewer)
    outlines = sql.SQL(" AND ").join([sql.SQL(in_tile(communities)), *scoped])
    rows, row_params = where_clause(collection, {}, viewer, extra=[in_tile(collection)])
    params.update(row_params)
    statement = sql.SQL(
        "WITH {bounds} "
        "SELECT COALESCE(json_agg(json_build_array(v.community_id, v.version) "
        "ORDER BY v.community_id), '[]')::text FROM data_version v "
        "WHERE v.community_id IN ("
        "SELECT t.id FROM community t WHERE {outlines} "
        "UNION SELECT COALESCE({scope}, 0) FROM {table} t WHERE {rows})"
    ).format(
        bounds=BOUNDS,
        outlines=outlines,
        scope=sql.SQL(collection.scope),
        table=sql.Identifier(collection.name),
        rows=rows,
    )
    return statement, params


async def covered_versions(
    conn: AsyncConnection, collection: Collection, viewer: Principal, z: int, x: int, y: int
) -> list[list[int]]:
    statement, params = versions_sql(collection, viewer)
    cur = await conn.execute(statement, {**params, "z": z, "x": x, "y": y, "margin": margin()})
    row = await cur.fetchone()
    return json.loads(row[0]) if row else []


def tile_etag(
    collection: Collection, z: int, x: int, y: int, versions: list[list[int]], viewer: Principal
) -> str:
    """The strong ETag of this viewer's tile at these data versions."""
    scope = None if viewer.communities is None else sorted(viewer.communities)
    key = [TILE_FORMAT, collection.path, z, x, y, versions, scope, viewer.sees_pii]
    digest = hashlib.sha256(json.dumps(key, separators=(",", ":")).encode()).hexdigest()
    return f'"{digest[:32]}"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether If-None-Match names this ETag (or is *); weak tags compare by value."""
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags
