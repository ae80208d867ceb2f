"""What every /ogc answer shares: the `f` parameter and content negotiation (JSON or
HTML), the links, and the answers themselves."""

import json
from typing import Annotated, Any, Literal

from fastapi import Query, Request, Response
from fastapi.responses import HTMLResponse

from api.ogc.html import render

PREFIX = "/ogc"
JSON = "application/json"
GEOJSON = "application/geo+json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"

Format = Annotated[
    Literal["json", "html"] | None,
    Query(
        alias="f",
        description="The encoding: json (GeoJSON for features) or html. Without it, the "
        "Accept header decides; JSON unless it asks for HTML only.",
    ),
]


def wants_html(request: Request, f: str | None) -> bool:
    if f is not None:
        return f == "html"
    accept = request.headers.get("accept", "")
    return HTML in accept and "json" not in accept


def base(request: Request) -> str:
    """The /ogc root as the client reached it."""
    return str(request.base_url).rstrip("/") + PREFIX


def url(request: Request, path: str, **query: str) -> str:
    href = base(request) + path
    if query:
        href += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return href


def self_links(request: Request, path: str, json_type: str, title: str) -> list[dict[str, Any]]:
    """self (in the encoding answered) and alternate (the other)."""
    as_json = {"href": url(request, path, f="json"), "type": json_type, "title": f"{title} (JSON)"}
    as_html = {"href": url(request, path, f="html"), "type": HTML, "title": f"{title} (HTML)"}
    return [{"rel": "self", **as_json}, {"rel": "alternate", **as_html}]


def answer(
    request: Request,
    f: str | None,
    body: dict[str, Any],
    template: str,
    media_type: str = JSON,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> Response:
    """The body as JSON, or as the HTML page `template` shows it."""
    if wants_html(request, f):
        page = render(template, body=body, base=base(request), **context)
        return HTMLResponse(page, headers=headers)
    text = json.dumps(body, ensure_ascii=False, default=str)
    return Response(text.encode(), media_type=media_type, headers=headers)
