"""Routes of the vector tiles: /tiles/{collection}/{z}/{x}/{y}.mvt and its TileJSON."""

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response

from api.auth.deps import Reader
from api.collections.declare import Collection
from api.collections.registry import COLLECTIONS
from api.contract.documented import DocumentedAs, binary
from api.contract.problems import AUTHED, problems
from api.deps import DbConn
from api.errors import NotFound
from api.tiles.cache import tile_cache
from api.tiles.grid import check_tile
from api.tiles.query import tile_sql
from api.tiles.schemas import TileJSON
from api.tiles.tilejson import extent, tilejson
from api.tiles.versions import covered_versions, matches, tile_etag

MVT = "application/vnd.mapbox-vector-tile"
# Every answer is checked again (no-cache): a write is visible to the very next read.
CACHE_CONTROL = "private, no-cache"
VARY = "Authorization, X-API-Key"

TILED = {path: c for path, c in COLLECTIONS.items() if c.tiles is not None}

router = APIRouter(prefix="/tiles", tags=["tiles"], responses=problems(*AUTHED, 404))

IfNoneMatch = Annotated[
    str | None,
    Header(description="The ETag of the tile you have: 304 Not Modified if it still holds."),
]


def tiled(name: str) -> Collection:
    collection = TILED.get(name)
    if collection is None:
        raise NotFound(f"there are no tiles of {name!r}: tiles are of {', '.join(sorted(TILED))}")
    return collection


def cached_headers(etag: str) -> dict[str, str]:
    return {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": VARY}


@router.get(
    "/{collection}/{z}/{x}/{y}.mvt",
    response_class=Response,
    responses={
        **binary(MVT, description="The tile (Mapbox Vector Tile; empty where nothing is)."),
        304: {"description": "Not Modified: the tile named by If-None-Match still holds."},
        **problems(400, s400="z/x/y names no tile: zoom 0–22, x and y 0 to 2^z − 1."),
    },
    summary="A vector tile of a collection",
)
async def tile(
    collection: str,
    z: int,
    x: int,
    y: int,
    request: Request,
    conn: DbConn,
    viewer: Reader,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """One web-mercator tile of `violations`, `grids`, `compounds`, `communities` or
    `sweeps`, built by PostGIS, holding only the viewer's communities' records with the
    attributes of the zoom (docs/tiles.md). `ETag` names the data it covers: send it as
    If-None-Match to be answered 304 while nothing in the tile changed."""
    chosen = tiled(collection)
    check_tile(z, x, y)
    versions = await covered_versions(conn, chosen, viewer, z, x, y)
    etag = tile_etag(chosen, z, x, y, versions, viewer)
    headers = cached_headers(etag)
    if matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    cache = tile_cache(request.app.state)
    body = cache.get(etag)
    if body is None:
        statement, params = tile_sql(chosen, viewer, z, x, y)
        cur = await conn.execute(statement, params)
        row = await cur.fetchone()
        body = bytes(row[0]) if row and row[0] is not None else b""
        cache.put(etag, body)
    return Response(body, media_type=MVT, headers=headers)


@router.get("/{collection}/tilejson.json", summary="TileJSON of a collection's tiles")
async def collection_tilejson(
    collection: str, request: Request, conn: DbConn, viewer: Reader
) -> Annotated[dict[str, Any], DocumentedAs(TileJSON)]:
    """Where the collection's tiles are, the extent of what you may see, and the
    attributes with the zoom each appears from."""
    chosen = tiled(collection)
    base = str(request.url_for("collection_tilejson", collection=chosen.path))
    url = base.removesuffix("tilejson.json") + "{z}/{x}/{y}.mvt"
    return tilejson(chosen, viewer, url, await extent(conn, chosen, viewer))
