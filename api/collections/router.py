"""The REST resource of a collection, built from its declaration: list (with the declared
filters as query parameters), get one, and — where the collection is written through
the API — create, change and soft-delete, each through the collection's own service.

A route here parses, authorises and calls one function; the rules live in the services.
The endpoints' signatures are generated from the declaration, so FastAPI validates and
documents exactly the parameters the collection declares.
"""

import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import BaseModel

from api.auth.deps import Reader
from api.auth.principal import Actor
from api.collections.declare import Collection
from api.collections.read import get_feature, list_features
from api.collections.schemas import feature_model, page_model
from api.contract.problems import AUTHED, IF_MATCH, problems
from api.deps import (
    DbConn,
    DeleteReason,
    IfMatch,
    PagingDep,
    Repair,
    SettingsDep,
    check_date_range,
    parse_if_match,
)
from api.errors import Unprocessable
from api.features import FeatureIn, FeaturePatch
from api.geojson import GeoJSONResponse, feature_collection, feature_response, repaired_members
from api.settings import Settings
from spatial.validate import CheckedPolygonal

API_V1 = "/api/v1"


@dataclass(frozen=True)
class WriteCall:
    """What a write is given: the connection, the settings, who acts, whether an
    invalid geometry may be repaired, and the values of the operation's own query
    parameters (`Operation.query`), by name."""

    conn: Any
    settings: Settings
    actor: Actor
    repair: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class QueryOption:
    """A query parameter of one write beyond those every write has (e.g. a confirmation
    a rule asks for): declared here, so it is documented and accepted (unknown query
    parameters answer 400), and its value reaches the service call in
    `WriteCall.options[name]`."""

    name: str
    type: Any
    default: Any
    description: str


# A creation answers the new record's id and the geometry check (for its repair note);
# a change answers the geometry check (or None); a deletion nothing.
Created = tuple[int, CheckedPolygonal | None]


@dataclass(frozen=True)
class Operation:
    """One write of a collection: the service call, who may make it (an Actor
    dependency), the properties model of its body, and its OpenAPI texts. The call is
    `run(call, body) -> Created` to create, `run(call, id, version, body)` to change,
    `run(call, id, version, reason)` to delete."""

    run: Callable[..., Awaitable[Any]]
    actor: Any
    summary: str
    description: str
    model: type[BaseModel] | None = None
    query: tuple[QueryOption, ...] = ()


@dataclass(frozen=True)
class Texts:
    list_summary: str
    list_description: str
    get_summary: str
    get_description: str


@dataclass(frozen=True)
class Writes:
    create: Operation | None = None
    patch: Operation | None = None
    delete: Operation | None = None
    repair: bool = False  # whether create and patch offer ?repair=true


def keyword_param(
    name: str, annotation: Any, default: Any = inspect.Parameter.empty
) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
    )


def with_signature(
    endpoint: Callable[..., Awaitable[Response]], params: list[inspect.Parameter], doc: str
) -> Callable[..., Awaitable[Response]]:
    """Give a generic endpoint the signature FastAPI reads its parameters from."""
    endpoint.__signature__ = inspect.Signature(params, return_annotation=Response)  # type: ignore[attr-defined]
    endpoint.__doc__ = doc
    return endpoint


def _filter_arg(name: str) -> str:
    return f"filter_{name}"


def _positions(coordinates: Any, stop_at: int) -> int:
    """How many positions a GeoJSON geometry's coordinates hold (counting stops once
    past stop_at)."""
    count, pending = 0, [coordinates]
    while pending and count <= stop_at:
        item = pending.pop()
        if isinstance(item, list | tuple) and item and isinstance(item[0], list | tuple):
            pending.extend(item)
        elif isinstance(item, list | tuple):
            count += 1
    return count


def refuse_too_many_vertices(geometry: Any, settings: Settings) -> None:
    """422 for a geometry of more than settings.max_vertices positions, before it is
    parsed or checked (which take time in proportion)."""
    if not isinstance(geometry, dict):
        return
    limit = settings.max_vertices
    parts = geometry.get("geometries") if geometry.get("type") == "GeometryCollection" else None
    coordinates = (
        [g.get("coordinates") for g in parts if isinstance(g, dict)]
        if isinstance(parts, list)
        else [geometry.get("coordinates")]
    )
    count = _positions([c for c in coordinates if isinstance(c, list)], limit)
    if count > limit:
        raise Unprocessable(
            f"the geometry has more than {limit} positions, the most accepted "
            "(WEIJIAN_MAX_VERTICES): simplify it",
            limit_vertices=limit,
        )


def parsed_filters(c: Collection, kw: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """The declared filters' values, from an endpoint built with `filter_params(c)`,
    each parsed by its filter (None: not given)."""
    raw = {name: kw[_filter_arg(name)] for name in c.filters}
    for name in raw:  # a range's ends in order: found_from ≤ found_to
        if name.endswith("_from") and f"{name[:-5]}_to" in raw:
            check_date_range(raw[name], raw[f"{name[:-5]}_to"], name[:-5])
    return {
        name: None if value is None else c.filters[name].parse(value, settings)
        for name, value in raw.items()
    }


def filter_params(c: Collection) -> list[inspect.Parameter]:
    """The declared filters as the query parameters of a generated endpoint."""
    params = []
    for name, f in c.filters.items():
        query = Query(alias=name, description=f.description, examples=list(f.examples) or None)
        params.append(keyword_param(_filter_arg(name), Annotated[f.type | None, query], None))
    return params


def _option_arg(name: str) -> str:
    return f"option_{name}"


def _option_params(op: Operation) -> list[inspect.Parameter]:
    """The operation's own query parameters, as endpoint parameters."""
    return [
        keyword_param(
            _option_arg(o.name),
            Annotated[o.type, Query(alias=o.name, description=o.description)],
            o.default,
        )
        for o in op.query
    ]


def _write_call(kw: dict[str, Any], op: Operation) -> WriteCall:
    options = {o.name: kw[_option_arg(o.name)] for o in op.query}
    return WriteCall(kw["conn"], kw["settings"], kw["actor"], kw.get("repair", False), options)


def _list_route(router: APIRouter, c: Collection, texts: Texts) -> None:
    async def list_items(**kw: Any) -> Response:
        parsed = parsed_filters(c, kw, kw["settings"])
        paging = kw["paging"]
        matched, features = await list_features(
            kw["conn"], c, parsed, kw["viewer"], limit=paging.limit, offset=paging.offset
        )
        return feature_collection(kw["request"], features, matched, paging)

    params = [
        keyword_param("request", Request),
        keyword_param("conn", DbConn),
        keyword_param("settings", SettingsDep),
        keyword_param("viewer", Reader),
        keyword_param("paging", PagingDep),
        *filter_params(c),
    ]
    router.add_api_route(
        "",
        with_signature(list_items, params, texts.list_description),
        methods=["GET"],
        response_class=GeoJSONResponse,
        responses={
            200: {"model": page_model(c), "description": "A page of features"},
            **problems(*AUTHED),
        },
        summary=texts.list_summary,
        name=f"list_{c.path}",
    )


def _get_route(router: APIRouter, c: Collection, texts: Texts) -> None:
    async def get_item(**kw: Any) -> Response:
        feature, version = await get_feature(kw["conn"], c, kw[c.item_param], kw["viewer"])
        return feature_response(feature, version)

    params = [
        keyword_param(c.item_param, int),
        keyword_param("conn", DbConn),
        keyword_param("viewer", Reader),
    ]
    router.add_api_route(
        f"/{{{c.item_param}}}",
        with_signature(get_item, params, texts.get_description),
        methods=["GET"],
        response_class=GeoJSONResponse,
        responses={
            200: {"model": feature_model(c), "description": "The feature"},
            **problems(*AUTHED, 404, 410),
        },
        summary=texts.get_summary,
        name=f"get_{c.path}",
    )


def _create_route(router: APIRouter, c: Collection, op: Operation, repair: bool) -> None:
    async def create_item(**kw: Any) -> Response:
        call = _write_call(kw, op)
        refuse_too_many_vertices(kw["body"].geometry, call.settings)
        record_id, checked = await op.run(call, kw["body"])
        feature, version = await get_feature(call.conn, c, record_id, call.actor.principal)
        location = f"{API_V1}/{c.path}/{record_id}"
        return feature_response(feature, version, 201, location, **repaired_members(checked))

    params = [
        keyword_param("body", FeatureIn[op.model]),  # type: ignore[name-defined]
        keyword_param("conn", DbConn),
        keyword_param("settings", SettingsDep),
        keyword_param("actor", op.actor),
    ]
    if repair:
        params.append(keyword_param("repair", bool, Repair))
    params.extend(_option_params(op))
    router.add_api_route(
        "",
        with_signature(create_item, params, op.description),
        methods=["POST"],
        status_code=status.HTTP_201_CREATED,
        response_class=GeoJSONResponse,
        responses={
            201: {"model": feature_model(c), "description": "The record created"},
            **problems(*AUTHED, 409),
        },
        summary=op.summary,
        name=f"create_{c.path}",
    )


def _patch_route(router: APIRouter, c: Collection, op: Operation, repair: bool) -> None:
    async def patch_item(**kw: Any) -> Response:
        call = _write_call(kw, op)
        record_id = kw[c.item_param]
        refuse_too_many_vertices(kw["body"].geometry, call.settings)
        version = parse_if_match(kw["if_match"])
        checked = await op.run(call, record_id, version, kw["body"])
        feature, new_version = await get_feature(call.conn, c, record_id, call.actor.principal)
        return feature_response(feature, new_version, **repaired_members(checked))

    params = [
        keyword_param(c.item_param, int),
        keyword_param("body", FeaturePatch[op.model]),  # type: ignore[name-defined]
        keyword_param("conn", DbConn),
        keyword_param("settings", SettingsDep),
        keyword_param("actor", op.actor),
        keyword_param("if_match", IfMatch, None),
    ]
    if repair:
        params.append(keyword_param("repair", bool, Repair))
    params.extend(_option_params(op))
    router.add_api_route(
        f"/{{{c.item_param}}}",
        with_signature(patch_item, params, op.description),
        methods=["PATCH"],
        response_class=GeoJSONResponse,
        responses={
            200: {"model": feature_model(c), "description": "The record as changed"},
            **problems(*AUTHED, *IF_MATCH, 410),
        },
        summary=op.summary,
        name=f"patch_{c.path}",
    )


def _delete_route(router: APIRouter, c: Collection, op: Operation) -> None:
    async def delete_item(**kw: Any) -> Response:
        call = _write_call(kw, op)
        version = parse_if_match(kw["if_match"]) if kw["if_match"] else None
        await op.run(call, kw[c.item_param], version, kw["reason"])
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    params = [
        keyword_param(c.item_param, int),
        keyword_param("conn", DbConn),
        keyword_param("settings", SettingsDep),
        keyword_param("actor", op.actor),
        keyword_param("reason", DeleteReason),
        keyword_param("if_match", IfMatch, None),
        *_option_params(op),
    ]
    router.add_api_route(
        f"/{{{c.item_param}}}",
        with_signature(delete_item, params, op.description),
        methods=["DELETE"],
        status_code=status.HTTP_204_NO_CONTENT,
        response_class=Response,
        responses=problems(*AUTHED, *IF_MATCH, 410),
        summary=op.summary,
        name=f"delete_{c.path}",
    )


def collection_router(
    collection: Collection, texts: Texts, writes: Writes | None = None, *, tag: str
) -> APIRouter:
    """The REST resource /{collection.path}: list and get, plus the declared writes."""
    router = APIRouter(prefix=f"/{collection.path}", tags=[tag])
    _list_route(router, collection, texts)
    _get_route(router, collection, texts)
    writes = writes or Writes()
    if writes.create:
        _create_route(router, collection, writes.create, writes.repair)
    if writes.patch:
        _patch_route(router, collection, writes.patch, writes.repair)
    if writes.delete:
        _delete_route(router, collection, writes.delete)
    return router
