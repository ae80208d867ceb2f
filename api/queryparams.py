"""Unknown query parameters are refused (OGC API – Features, /req/core/query-param-unknown).

A parameter a route does not define would otherwise be ignored: `?communty_id=1` (a typo)
or `?crs=EPSG:3857` would answer everything, in WGS84, as if it were not there. Instead
every route of the API answers 400 problem+json naming the parameters it does not know
and listing the ones it accepts (members `unknown` and `accepted`).

The accepted names are computed from the route's own declared parameters — FastAPI's
dependant tree of the matched route (`request.scope["route"]`): its query parameters
and its dependencies', by the name the client sends (the alias) — once per route and
kept on it, so any route added to the app, however it is made, is covered without a
list to keep. The route in the scope is the route as declared on its router (with that
router's dependencies), so a query parameter must not come from a dependency given to
`include_router(...)` or `FastAPI(dependencies=...)`; tests/test_query_params.py checks
that the accepted names are exactly the OpenAPI document's, route by route.

`refuse_unknown_query` is installed once, as an app-level dependency
(`FastAPI(dependencies=[QUERY_CHECK])`), and runs before the route's own dependencies
and parameters are read. Routes hidden from the OpenAPI document
(`include_in_schema=False`: the map app's pages) are outside the API contract and are
not checked; static files are not routes.
"""

from typing import Any

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_validation_alias
from fastapi.routing import APIRoute
from pydantic import BaseModel

from api.errors import BadRequest

_CACHE_ATTRIBUTE = "_weijian_query_parameters"


def _names(field: Any) -> set[str]:
    """The names a client may send for one declared query parameter: its alias, or for
    a query-parameter model (`Annotated[Filters, Query()]`) its fields' aliases."""
    model = field.field_info.annotation
    if isinstance(model, type) and issubclass(model, BaseModel):
        return {
            info.validation_alias if isinstance(info.validation_alias, str) else info.alias or name
            for name, info in model.model_fields.items()
        }
    return {get_validation_alias(field)}


def declared_query_parameters(dependant: Dependant) -> frozenset[str]:
    """Every query parameter a route reads: its own and its dependencies', by alias."""
    names: set[str] = set()
    seen: set[int] = set()
    pending = [dependant]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        for field in current.query_params:
            names |= _names(field)
        pending.extend(current.dependencies)
    return frozenset(names)


def accepted_query_parameters(route: APIRoute) -> frozenset[str]:
    """The route's declared query parameters, computed once and kept on the route."""
    cached: frozenset[str] | None = route.__dict__.get(_CACHE_ATTRIBUTE)
    if cached is None:
        cached = declared_query_parameters(route.dependant)
        setattr(route, _CACHE_ATTRIBUTE, cached)
    return cached


def unknown_parameters_problem(path: str, unknown: list[str], accepted: list[str]) -> BadRequest:
    plural = "s" if len(unknown) > 1 else ""
    what = f"unknown query parameter{plural} {', '.join(repr(n) for n in unknown)}"
    offer = f"accepts {', '.join(accepted)}" if accepted else "accepts no query parameters"
    return BadRequest(f"{what}: {path} {offer}", unknown=unknown, accepted=accepted)


async def refuse_unknown_query(request: Request) -> None:
    """400 when the request names a query parameter its route does not define (async:
    it runs on the event loop, not in the thread pool, on every request)."""
    route: Any = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.include_in_schema:
        return
    sent = request.query_params.keys()
    if not sent:
        return
    accepted = accepted_query_parameters(route)
    unknown = sorted({name for name in sent if name not in accepted})
    if unknown:
        raise unknown_parameters_problem(request.url.path, unknown, sorted(accepted))


QUERY_CHECK = Depends(refuse_unknown_query)
