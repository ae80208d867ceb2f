"""The landing page, the conformance declaration and the API definition of /ogc."""

from typing import Any

from fastapi import APIRouter, Request, Response

from api.ogc.answers import ApiDefinition, Conformance, Landing, answers
from api.ogc.auth import OgcReader
from api.ogc.common import HTML, JSON, OPENAPI, PREFIX, Format, answer, self_links, url
from api.ogc.openapi import ogc_openapi

CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
)

router = APIRouter(prefix=PREFIX, tags=["ogc"])


@router.get(
    "",
    summary="OGC API – Features: landing page",
    responses=answers(Landing, "What this API offers."),
)
async def landing(request: Request, viewer: OgcReader, f: Format = None) -> Response:
    """What this API offers, with links to its definition, conformance and collections."""
    body: dict[str, Any] = {
        "title": "Weijian 违建 — OGC API – Features",
        "description": "The campaign's layers for desktop GIS: communities, compounds, grid "
        "cells, households, violations, sweeps and complaints. Log in with HTTP Basic auth "
        "(username and password, or an API key as the password) or X-API-Key.",
        "links": [
            *self_links(request, "", JSON, "This page"),
            {
                "rel": "service-desc",
                "href": url(request, "/api"),
                "type": OPENAPI,
                "title": "The API definition (OpenAPI 3.0)",
            },
            {
                "rel": "service-doc",
                "href": str(request.base_url) + "docs",
                "type": HTML,
                "title": "The API documentation",
            },
            {
                "rel": "conformance",
                "href": url(request, "/conformance"),
                "type": JSON,
                "title": "Conformance classes",
            },
            {
                "rel": "data",
                "href": url(request, "/collections"),
                "type": JSON,
                "title": "The collections",
            },
        ],
    }
    return answer(request, f, body, "landing.html")


@router.get(
    "/conformance",
    summary="OGC API – Features: conformance classes",
    responses=answers(Conformance, "The conformance classes."),
)
async def conformance(request: Request, viewer: OgcReader, f: Format = None) -> Response:
    """The conformance classes this API passes."""
    body = {
        "conformsTo": list(CONFORMANCE),
        "links": self_links(request, "/conformance", JSON, "Conformance"),
    }
    return answer(request, f, body, "conformance.html")


@router.get(
    "/api",
    summary="OGC API – Features: the API definition (OpenAPI 3.0)",
    response_class=Response,
    responses=answers(ApiDefinition, "The OpenAPI 3.0 definition.", OPENAPI),
)
async def api_definition(request: Request, viewer: OgcReader, f: Format = None) -> Response:
    """The OpenAPI 3.0 definition of the /ogc routes (as HTML: its operations, with a link
    to the interactive documentation of the whole service at /docs)."""
    body = ogc_openapi(request.app, str(request.base_url).rstrip("/"))
    docs = str(request.base_url) + "docs"
    return answer(request, f, body, "api.html", media_type=OPENAPI, docs=docs)
