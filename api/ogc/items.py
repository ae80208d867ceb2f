"""/ogc/collections/{id}/items and /items/{featureId}, generated for each layer of the
registry: the declared filters are query parameters beside OGC's own (bbox, bbox-crs,
datetime where the layer has a time, crs, limit, offset, f), and everything is read
through `api.collections.read`, so scoping and masking are the REST API's."""

import json
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from markupsafe import Markup

from api.collections.declare import Collection
from api.collections.read import Query as ReadQuery
from api.collections.read import get_feature, list_features
from api.collections.router import keyword_param, with_signature
from api.collections.schemas import feature_model, page_model
from api.deps import DbConn, SettingsDep, check_date_range
from api.errors import NotFound
from api.ogc.answers import geojson_answers
from api.ogc.auth import OgcReader
from api.ogc.collections import LAYERS
from api.ogc.common import GEOJSON, HTML, JSON, PREFIX, Format, answer, url, wants_html
from api.ogc.cql import filter_condition
from api.ogc.crs import CRS84, URIS, content_crs, find_crs, output
from api.ogc.query import bbox_condition, datetime_condition, sort_order
from api.settings import Settings

CrsParam = Annotated[
    str | None,
    Query(
        alias="crs", description=f"The CRS of the coordinates answered: one of {', '.join(URIS)}."
    ),
]
BBoxCrsParam = Annotated[
    str | None,
    Query(alias="bbox-crs", description="The CRS of bbox (default CRS84), as for crs."),
]
BBoxParam = Annotated[
    str | None,
    Query(
        alias="bbox",
        description="Only features intersecting this box: lower corner, upper corner, in "
        "the axis order of bbox-crs (CRS84: minLon,minLat,maxLon,maxLat).",
        examples=["117.79,39.24,117.81,39.26"],
    ),
]
DatetimeParam = Annotated[
    str | None,
    Query(
        alias="datetime",
        description="Only features whose time meets this instant or interval (RFC 3339; "
        "'start/end', either end may be '..').",
        examples=["2019-07-01T00:00:00+08:00/2019-12-31T23:59:59+08:00"],
    ),
]
FilterParam = Annotated[
    str | None,
    Query(
        alias="filter",
        description="Only features meeting this CQL2 condition over the queryables "
        "(/queryables), in filter-lang.",
        examples=["status = 'registered' AND found_date >= DATE('2019-08-01')"],
    ),
]
FilterLangParam = Annotated[
    Literal["cql2-text", "cql2-json"],
    Query(alias="filter-lang", description="The language of filter (default cql2-text)."),
]
FilterCrsParam = Annotated[
    str | None,
    Query(alias="filter-crs", description="The CRS of geometries in filter (default CRS84)."),
]
SortbyParam = Annotated[
    str | None,
    Query(
        alias="sortby",
        description="Queryables to order by, comma-separated, each +ascending (the "
        "default) or -descending; then by id.",
        examples=["-found_date,address"],
    ),
]
OffsetParam = Annotated[int, Query(alias="offset", ge=0, description="Features to skip.")]


def _limit_param(settings: Settings) -> Any:
    """`limit`, its default and maximum in the API definition (GDAL and QGIS read them to
    choose their page size); a larger limit answers the maximum, as OGC asks."""
    return Annotated[
        int,
        Query(
            alias="limit",
            ge=1,
            description=f"Most features to answer (default {settings.default_page_size}; a "
            f"larger limit than {settings.max_page_size} answers {settings.max_page_size}).",
            json_schema_extra={"maximum": settings.max_page_size},
        ),
    ]


def _page_link(request: Request, rel: str, offset: int, limit: int) -> dict[str, Any]:
    href = str(request.url.include_query_params(offset=offset, limit=limit))
    return {"rel": rel, "type": GEOJSON, "href": href, "title": f"The {rel} page"}


def _parsed_filters(c: Collection, kw: dict[str, Any], settings: Settings) -> dict[str, Any]:
    raw = {name: kw[f"declared_{name}"] for name in c.filters if name != "bbox"}
    for name in raw:  # a range's ends in order: found_from ≤ found_to
        if name.endswith("_from") and f"{name[:-5]}_to" in raw:
            check_date_range(raw[name], raw[f"{name[:-5]}_to"], name[:-5])
    return {
        name: None if value is None else c.filters[name].parse(value, settings)
        for name, value in raw.items()
    }


SCALARS = (int, str, float, bool, date, datetime)


def _html_context(c: Collection, features: list[dict[str, Any]], crs_uri: str) -> dict[str, Any]:
    """The table's columns (the scalar properties), and the features for the map (in
    CRS84 only: Leaflet draws longitude/latitude)."""
    columns = [name for name, p in c.layer_properties().items() if p.type in SCALARS]
    geojson = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    # Inside <script type="application/json">: no '<' can close the element.
    return {
        "collection": c,
        "columns": columns,
        "map": crs_uri == CRS84,
        "geojson": Markup(geojson.replace("<", "\\u003c")),
    }


def _items_route(router: APIRouter, c: Collection, settings: Settings) -> None:
    layer = c.layer
    assert layer is not None

    async def items(**kw: Any) -> Response:
        request: Request = kw["request"]
        settings: Settings = kw["settings"]
        crs = find_crs(kw["crs"], "crs")
        conditions: list[Any] = []
        params: dict[str, Any] = {}
        if kw["bbox"] is not None:
            condition, bound = bbox_condition(kw["bbox"], find_crs(kw["bbox_crs"], "bbox-crs"))
            conditions.append(condition)
            params.update(bound)
        if kw.get("datetime") is not None:
            condition, bound = datetime_condition(c, kw["datetime"], settings)
            conditions.append(condition)
            params.update(bound)
        if kw["filter"] is not None:
            filter_crs = find_crs(kw["filter_crs"], "filter-crs")
            condition, bound = filter_condition(c, kw["filter"], kw["filter_lang"], filter_crs)
            conditions.append(condition)
            params.update(bound)
        order = sort_order(c, kw["sortby"]) if kw["sortby"] else []
        query = ReadQuery(conditions, params, order)
        limit = min(kw["limit"], settings.max_page_size)
        offset = kw["offset"]
        matched, features = await list_features(
            kw["conn"],
            c,
            _parsed_filters(c, kw, settings),
            kw["viewer"],
            limit=limit,
            offset=offset,
            query=query,
            output=output(crs),
        )
        links = [
            {"rel": "self", "type": GEOJSON, "href": str(request.url), "title": "This page"},
            {
                "rel": "alternate",
                "type": HTML,
                "href": str(request.url.include_query_params(f="html")),
                "title": "This page (HTML)",
            },
            {
                "rel": "collection",
                "type": JSON,
                "href": url(request, f"/collections/{c.path}"),
                "title": layer.title,
            },
        ]
        if offset + len(features) < matched:
            links.append(_page_link(request, "next", offset + limit, limit))
        if offset > 0:
            links.append(_page_link(request, "prev", max(0, offset - limit), limit))
        head = {
            "type": "FeatureCollection",
            "timeStamp": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "numberMatched": matched,
            "numberReturned": len(features),
            "links": links,
        }
        headers = content_crs(crs)
        if wants_html(request, kw["f"]):
            parsed = [json.loads(f) for f in features]
            body = {**head, "features": parsed}
            context = _html_context(c, parsed, crs.uri)
            return answer(request, "html", body, "items.html", headers=headers, **context)
        text = json.dumps(head, ensure_ascii=False)
        text = text[:-1] + ', "features": [' + ",".join(features) + "]}"
        return Response(text.encode(), media_type=GEOJSON, headers=headers)

    params = [
        keyword_param("request", Request),
        keyword_param("conn", DbConn),
        keyword_param("settings", SettingsDep),
        keyword_param("viewer", OgcReader),
        keyword_param("f", Format, None),
        keyword_param("bbox", BBoxParam, None),
        keyword_param("bbox_crs", BBoxCrsParam, None),
        keyword_param("crs", CrsParam, None),
        keyword_param("limit", _limit_param(settings), settings.default_page_size),
        keyword_param("offset", OffsetParam, 0),
        keyword_param("filter", FilterParam, None),
        keyword_param("filter_lang", FilterLangParam, "cql2-text"),
        keyword_param("filter_crs", FilterCrsParam, None),
        keyword_param("sortby", SortbyParam, None),
    ]
    if layer.temporal is not None:
        params.append(keyword_param("datetime", DatetimeParam, None))
    for name, f in c.filters.items():
        if name == "bbox":
            continue
        described = Query(alias=name, description=f.description, examples=list(f.examples) or None)
        params.append(keyword_param(f"declared_{name}", Annotated[f.type | None, described], None))
    router.add_api_route(
        f"/{c.path}/items",
        with_signature(items, params, f"The features of {c.path}, a page at a time."),
        methods=["GET"],
        response_class=Response,
        responses=geojson_answers(page_model(c), "A page of features"),
        summary=f"OGC API – Features: the features of {c.path}",
        name=f"ogc_items_{c.path}",
    )


def _item_route(router: APIRouter, c: Collection) -> None:
    async def item(
        request: Request,
        conn: DbConn,
        viewer: OgcReader,
        featureId: str,  # noqa: N803 — OGC's name for it
        f: Format = None,
        crs: CrsParam = None,
    ) -> Response:
        chosen = find_crs(crs, "crs")
        if not featureId.isdigit():
            raise NotFound(f"there is no {c.label} {featureId!r}: feature ids are numbers")
        layer = c.layer
        assert layer is not None
        text, _version = await get_feature(conn, c, int(featureId), viewer, output(chosen))
        feature = json.loads(text)
        path = f"/collections/{c.path}/items/{featureId}"
        feature["links"] = [
            {"rel": "self", "type": GEOJSON, "href": url(request, path, f="json")},
            {"rel": "alternate", "type": HTML, "href": url(request, path, f="html")},
            {"rel": "collection", "type": JSON, "href": url(request, f"/collections/{c.path}")},
        ]
        return answer(request, f, feature, "item.html", GEOJSON, content_crs(chosen), collection=c)

    item.__doc__ = f"One feature of {c.path}."
    router.add_api_route(
        f"/{c.path}/items/{{featureId}}",
        item,
        methods=["GET"],
        response_class=Response,
        responses=geojson_answers(feature_model(c), "The feature"),
        summary=f"OGC API – Features: one feature of {c.path}",
        name=f"ogc_item_{c.path}",
    )


def build_router(settings: Settings) -> APIRouter:
    """The items routes (limit's documented bounds come from the settings)."""
    router = APIRouter(prefix=f"{PREFIX}/collections", tags=["ogc"])
    for c in LAYERS.values():
        _items_route(router, c, settings)
        _item_route(router, c)
    return router
