"""/ogc/collections and /ogc/collections/{id}: each layer of the registry described —
title, extent (of what the viewer may see), the CRSs offered, and links."""

from datetime import date, datetime, time
from typing import Any

from fastapi import APIRouter, Request, Response
from psycopg import AsyncConnection

from api.auth.principal import Principal
from api.collections.declare import Collection
from api.collections.read import layer_extent
from api.collections.registry import COLLECTIONS
from api.deps import DbConn, SettingsDep
from api.ogc.answers import OgcCollection, OgcCollections, Queryables, answers
from api.ogc.auth import OgcReader
from api.ogc.common import GEOJSON, HTML, JSON, PREFIX, Format, answer, self_links, url
from api.ogc.cql import GEOMETRY
from api.ogc.crs import CRS84, URIS
from api.settings import Settings

GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"

LAYERS: dict[str, Collection] = {path: c for path, c in COLLECTIONS.items() if c.layer}

router = APIRouter(prefix=f"{PREFIX}/collections", tags=["ogc"])


def _instant(value: Any, settings: Settings) -> str | None:
    if value is None:
        return None
    if not isinstance(value, datetime) and isinstance(value, date):
        value = datetime.combine(value, time(), settings.zone)
    return str(value.isoformat())


async def describe(
    request: Request,
    conn: AsyncConnection,
    collection: Collection,
    viewer: Principal,
    settings: Settings,
) -> dict[str, Any]:
    layer = collection.layer
    assert layer is not None
    box, span = await layer_extent(conn, collection, viewer)
    extent: dict[str, Any] = {
        "spatial": {"bbox": [list(box) if box else [-180, -90, 180, 90]], "crs": CRS84}
    }
    if span is not None:
        extent["temporal"] = {
            "interval": [[_instant(span[0], settings), _instant(span[1], settings)]],
            "trs": GREGORIAN,
        }
    path = f"/collections/{collection.path}"
    links = [
        *self_links(request, path, JSON, layer.title),
        {
            "rel": "items",
            "href": url(request, f"{path}/items", f="json"),
            "type": GEOJSON,
            "title": "The features (GeoJSON)",
        },
        {
            "rel": "items",
            "href": url(request, f"{path}/items", f="html"),
            "type": HTML,
            "title": "The features (HTML)",
        },
        {
            "rel": "http://www.opengis.net/def/rel/ogc/1.0/queryables",
            "href": url(request, f"{path}/queryables"),
            "type": "application/schema+json",
            "title": "What may be filtered and sorted on",
        },
    ]
    return {
        "id": collection.path,
        "title": layer.title,
        "description": collection.description,
        "itemType": "feature",
        "extent": extent,
        "crs": list(URIS),
        "storageCrs": CRS84,
        "links": links,
    }


@router.get(
    "",
    summary="OGC API – Features: the collections",
    responses=answers(OgcCollections, "Every layer, with its extent."),
)
async def collections(
    request: Request, conn: DbConn, settings: SettingsDep, viewer: OgcReader, f: Format = None
) -> Response:
    """Every layer, with its extent over the records the caller may see."""
    body = {
        "links": self_links(request, "/collections", JSON, "The collections"),
        "collections": [
            await describe(request, conn, c, viewer, settings) for c in LAYERS.values()
        ],
    }
    return answer(request, f, body, "collections.html")


SCHEMA_TYPES: dict[Any, dict[str, str]] = {
    int: {"type": "integer"},
    float: {"type": "number"},
    str: {"type": "string"},
    bool: {"type": "boolean"},
    date: {"type": "string", "format": "date"},
    datetime: {"type": "string", "format": "date-time"},
}


def queryables(request: Request, collection: Collection) -> dict[str, Any]:
    """The layer's queryables as JSON Schema (Part 3): its declared queryable properties
    and its geometry."""
    assert collection.layer is not None
    properties: dict[str, Any] = {
        GEOMETRY: {
            "title": "The geometry",
            "format": f"geometry-{collection.geometry_type.lower()}",
            "x-ogc-role": "primary-geometry",
        }
    }
    for name, prop in collection.queryables.items():
        properties[name] = {
            "title": name,
            "description": prop.description,
            **SCHEMA_TYPES[prop.type],
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url(request, f"/collections/{collection.path}/queryables"),
        "type": "object",
        "title": f"{collection.layer.title}: queryables",
        "properties": properties,
        "additionalProperties": False,
    }


def _collection_route(collection: Collection) -> None:
    async def one(
        request: Request, conn: DbConn, settings: SettingsDep, viewer: OgcReader, f: Format = None
    ) -> Response:
        body = await describe(request, conn, collection, viewer, settings)
        return answer(request, f, body, "collection.html", queryables=True)

    one.__doc__ = f"The layer {collection.path}: {collection.description}"
    router.add_api_route(
        f"/{collection.path}",
        one,
        methods=["GET"],
        summary=f"OGC API – Features: {collection.path}",
        responses=answers(OgcCollection, "The layer."),
        name=f"ogc_collection_{collection.path}",
    )

    async def its_queryables(request: Request, viewer: OgcReader, f: Format = None) -> Response:
        body = queryables(request, collection)
        return answer(request, f, body, "queryables.html", "application/schema+json")

    its_queryables.__doc__ = (
        f"What the features of {collection.path} may be filtered and sorted on."
    )
    router.add_api_route(
        f"/{collection.path}/queryables",
        its_queryables,
        methods=["GET"],
        summary=f"OGC API – Features: the queryables of {collection.path}",
        response_class=Response,
        responses=answers(Queryables, "The queryables.", "application/schema+json"),
        name=f"ogc_queryables_{collection.path}",
    )


for _c in LAYERS.values():
    _collection_route(_c)
