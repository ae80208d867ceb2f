"""GeoJSON responses: PostGIS writes each Feature; these wrap and send the bytes."""

import json
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from api.deps import Paging, etag
from spatial.validate import CheckedPolygonal

GEOJSON = "application/geo+json"


class GeoJSONResponse(JSONResponse):
    """A GeoJSON answer. Routes build the bytes (PostGIS writes them) and answer a plain
    Response; as a route's response class this names the media type in the OpenAPI."""

    media_type = GEOJSON


def _page_url(request: Request, offset: int, limit: int) -> str:
    params = dict(request.query_params)
    params["offset"] = str(offset)
    params["limit"] = str(limit)
    return str(request.url.replace_query_params(**params))


def feature_collection(
    request: Request, features: list[str], matched: int, paging: Paging
) -> Response:
    """A FeatureCollection page with numberMatched/numberReturned and self/next/prev links."""
    links: list[dict[str, Any]] = [
        {"rel": "self", "type": GEOJSON, "href": str(request.url)},
    ]
    if paging.offset + len(features) < matched:
        links.append(
            {
                "rel": "next",
                "type": GEOJSON,
                "href": _page_url(request, paging.offset + paging.limit, paging.limit),
            }
        )
    if paging.offset > 0:
        links.append(
            {
                "rel": "prev",
                "type": GEOJSON,
                "href": _page_url(request, max(0, paging.offset - paging.limit), paging.limit),
            }
        )
    head = json.dumps(
        {
            "type": "FeatureCollection",
            "numberMatched": matched,
            "numberReturned": len(features),
            "links": links,
        },
        ensure_ascii=False,
    )
    body = head[:-1] + ', "features": [' + ",".join(features) + "]}"
    return Response(body.encode(), media_type=GEOJSON)


def feature_response(
    feature: str,
    version: int,
    status_code: int = 200,
    location: str | None = None,
    **extra_members: Any,
) -> Response:
    """One Feature with its ETag (and, when created, its Location); extra members (e.g. a
    repair note) are added at the top."""
    body = feature
    if extra_members:
        data = json.loads(feature)
        data.update(extra_members)
        body = json.dumps(data, ensure_ascii=False)
    headers = {"ETag": etag(version)}
    if location:
        headers["Location"] = location
    return Response(body.encode(), status_code=status_code, media_type=GEOJSON, headers=headers)


def not_modified(version: int) -> Response:
    return Response(status_code=304, headers={"ETag": etag(version)})


GEOJSON_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {GEOJSON: {}}, "description": "GeoJSON"}
}


def repaired_members(checked: CheckedPolygonal | None) -> dict[str, Any]:
    if checked is None or not checked.repaired:
        return {}
    return {
        "repaired": True,
        "repair_note": f"the geometry was invalid ({checked.note}) and was repaired",
    }
