"""Routes for communities, compounds and grid cells.

The three kinds of place behave alike (reference polygons the street office
maintains), so one function builds each router; the texts differ per kind.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import APIRouter, Request, Response, status

from api.auth.deps import PlaceActor, Reader
from api.db.records import RecordTable, get_feature, list_features
from api.deps import (
    BBoxParam,
    CommunityParam,
    CompoundParam,
    DbConn,
    DeleteReason,
    IfMatch,
    PagingDep,
    Repair,
    parse_bbox,
    parse_if_match,
)
from api.features import FeatureIn, FeaturePatch
from api.geojson import GEOJSON_RESPONSE, feature_collection, feature_response, repaired_members
from api.places import schemas, service
from api.places.tables import COMMUNITIES, COMPOUNDS, GRIDS
from spatial.validate import CheckedPolygonal


@dataclass(frozen=True)
class PlaceKind:
    path: str
    tag: str
    table: RecordTable
    create_model: type
    patch_model: type
    create: Callable[..., Awaitable[tuple[int, CheckedPolygonal]]]
    patch: Callable[..., Awaitable[CheckedPolygonal | None]]
    about: str  # one sentence: what this kind of place is


def place_router(kind: PlaceKind) -> APIRouter:
    router = APIRouter(prefix=f"/{kind.path}", tags=[kind.tag])
    label = kind.table.label
    create_body = FeatureIn[kind.create_model]  # type: ignore[name-defined]
    patch_body = FeaturePatch[kind.patch_model]  # type: ignore[name-defined]

    @router.get("", response_class=Response, responses=GEOJSON_RESPONSE, summary=f"List {label}s")
    async def list_places(
        request: Request,
        conn: DbConn,
        viewer: Reader,
        paging: PagingDep,
        bbox: BBoxParam = None,
        community_id: CommunityParam = None,
        compound_id: CompoundParam = None,
    ) -> Response:
        filters = {
            "bbox": parse_bbox(bbox),
            "community_id": community_id,
            "compound_id": compound_id,
        }
        matched, features = await list_features(
            conn, kind.table, filters, viewer, limit=paging.limit, offset=paging.offset
        )
        return feature_collection(request, features, matched, paging)

    list_places.__doc__ = (
        f"{kind.about}\n\nA GeoJSON FeatureCollection of live {label}s, ordered by id, with "
        "`numberMatched` and a `next` link while more remain."
    )

    @router.get(
        "/{record_id}",
        response_class=Response,
        responses=GEOJSON_RESPONSE,
        summary=f"Get one {label}",
    )
    async def get_place(record_id: int, conn: DbConn, viewer: Reader) -> Response:
        feature, version = await get_feature(conn, kind.table, record_id, viewer)
        return feature_response(feature, version)

    get_place.__doc__ = f"One {label} as a GeoJSON Feature; its `ETag` goes into `If-Match`."

    @router.post(
        "",
        status_code=status.HTTP_201_CREATED,
        response_class=Response,
        responses={201: GEOJSON_RESPONSE[200]},
        summary=f"Create a {label}",
    )
    async def create_place(
        body: create_body,  # type: ignore[valid-type]
        conn: DbConn,
        actor: PlaceActor,
        repair: bool = Repair,
    ) -> Response:
        record_id, checked = await kind.create(conn, actor, body, repair)
        feature, version = await get_feature(conn, kind.table, record_id, actor.principal)
        location = f"/api/v1/{kind.path}/{record_id}"
        return feature_response(feature, version, 201, location, **repaired_members(checked))

    create_place.__doc__ = (
        f"Create a {label} from a GeoJSON Feature (Polygon or MultiPolygon, lon/lat in "
        "EPSG:4326 or CGCS2000). Invalid geometry answers 422 with the reason and where."
    )

    @router.patch(
        "/{record_id}",
        response_class=Response,
        responses=GEOJSON_RESPONSE,
        summary=f"Change a {label}",
    )
    async def patch_place(
        record_id: int,
        body: patch_body,  # type: ignore[valid-type]
        conn: DbConn,
        actor: PlaceActor,
        if_match: IfMatch = None,
        repair: bool = Repair,
    ) -> Response:
        version = parse_if_match(if_match)
        checked = await kind.patch(conn, actor, record_id, version, body, repair)
        feature, new_version = await get_feature(conn, kind.table, record_id, actor.principal)
        return feature_response(feature, new_version, **repaired_members(checked))

    patch_place.__doc__ = (
        f"Change some properties and/or the geometry of a {label}. Send `If-Match` with the "
        "ETag you read: a stale one answers 412, a missing one 428."
    )

    @router.delete(
        "/{record_id}", status_code=status.HTTP_204_NO_CONTENT, summary=f"Delete a {label}"
    )
    async def delete_place(
        record_id: int,
        conn: DbConn,
        actor: PlaceActor,
        reason: DeleteReason,
        if_match: IfMatch = None,
    ) -> Response:
        version = parse_if_match(if_match) if if_match else None
        await service.delete_place(conn, kind.table, record_id, version, actor, reason)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    delete_place.__doc__ = (
        f"Soft-delete a {label}: it leaves lists and maps but keeps its data and the reason. "
        f"Refused (409) while the {label} still holds live records."
    )
    return router


COMMUNITY_ROUTES = place_router(
    PlaceKind(
        path="communities",
        tag="places",
        table=COMMUNITIES,
        create_model=schemas.CommunityCreate,
        patch_model=schemas.CommunityPatch,
        create=service.create_community,
        patch=service.patch_community,
        about="Communities (社区): administrative areas of the street, each holding compounds.",
    )
)
COMPOUND_ROUTES = place_router(
    PlaceKind(
        path="compounds",
        tag="places",
        table=COMPOUNDS,
        create_model=schemas.CompoundCreate,
        patch_model=schemas.CompoundPatch,
        create=service.create_compound,
        patch=service.patch_compound,
        about="Compounds (小区): residential estates, the campaign's unit of planning, each with "
        "its rectification deadline.",
    )
)
GRID_ROUTES = place_router(
    PlaceKind(
        path="grids",
        tag="places",
        table=GRIDS,
        create_model=schemas.GridCreate,
        patch_model=schemas.GridPatch,
        create=service.create_grid,
        patch=service.patch_grid,
        about="Grid cells (网格): the cells of a compound, each the unit of responsibility for "
        "sweeping.",
    )
)
