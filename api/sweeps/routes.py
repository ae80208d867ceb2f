"""Routes for sweeps (排查): the ground inspectors covered, and when."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from api.auth.deps import Reader, RecordActor
from api.db.records import get_feature, list_features
from api.deps import (
    BBoxParam,
    CommunityParam,
    CompoundParam,
    DbConn,
    DeleteReason,
    IfMatch,
    PagingDep,
    Repair,
    SettingsDep,
    check_date_range,
    parse_bbox,
    parse_if_match,
)
from api.features import FeatureIn, FeaturePatch
from api.geojson import GEOJSON_RESPONSE, feature_collection, feature_response
from api.sweeps import service
from api.sweeps.schemas import SweepCreate, SweepPatch
from api.sweeps.tables import SWEEPS

router = APIRouter(prefix="/sweeps", tags=["sweeps"])

DayParam = Annotated[
    date | None, Query(description="A day (YYYY-MM-DD, campaign time zone), inclusive.")
]


@router.get("", response_class=Response, responses=GEOJSON_RESPONSE, summary="List sweeps")
async def list_sweeps(
    request: Request,
    conn: DbConn,
    viewer: Reader,
    paging: PagingDep,
    bbox: BBoxParam = None,
    community_id: CommunityParam = None,
    compound_id: CompoundParam = None,
    grid_id: Annotated[
        int | None, Query(description="Only sweeps whose footprint touches this grid cell.")
    ] = None,
    swept_from: DayParam = None,
    swept_to: DayParam = None,
) -> Response:
    """Live sweeps as a GeoJSON FeatureCollection: each footprint with who swept, when,
    and for GPS tracks the track and sight radius."""
    check_date_range(swept_from, swept_to, "swept")
    filters = {
        "bbox": parse_bbox(bbox),
        "community_id": community_id,
        "compound_id": compound_id,
        "grid_id": grid_id,
        "swept_from": swept_from,
        "swept_to": swept_to,
    }
    matched, features = await list_features(
        conn, SWEEPS, filters, viewer, limit=paging.limit, offset=paging.offset
    )
    return feature_collection(request, features, matched, paging)


@router.get(
    "/{sweep_id}", response_class=Response, responses=GEOJSON_RESPONSE, summary="Get one sweep"
)
async def get_sweep(sweep_id: int, conn: DbConn, viewer: Reader) -> Response:
    """One sweep as a GeoJSON Feature with its `ETag`."""
    feature, version = await get_feature(conn, SWEEPS, sweep_id, viewer)
    return feature_response(feature, version)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_class=Response,
    responses={201: GEOJSON_RESPONSE[200]},
    summary="Record a sweep",
)
async def create_sweep(
    body: FeatureIn[SweepCreate],
    conn: DbConn,
    settings: SettingsDep,
    actor: RecordActor,
    repair: bool = Repair,
) -> Response:
    """Record a sweep from a GeoJSON Feature. The geometry is the ground covered
    (Polygon/MultiPolygon), or the GPS track walked (LineString) with `sight_radius_m`
    (default 10): the footprint is then the track widened by that many metres."""
    sweep_id = await service.create_sweep(conn, settings, actor, body, repair)
    feature, version = await get_feature(conn, SWEEPS, sweep_id, actor.principal)
    return feature_response(feature, version, 201, f"/api/v1/sweeps/{sweep_id}")


@router.patch(
    "/{sweep_id}", response_class=Response, responses=GEOJSON_RESPONSE, summary="Change a sweep"
)
async def patch_sweep(
    sweep_id: int,
    body: FeaturePatch[SweepPatch],
    conn: DbConn,
    settings: SettingsDep,
    actor: RecordActor,
    if_match: IfMatch = None,
    repair: bool = Repair,
) -> Response:
    """Change some properties and/or the geometry; `If-Match` carries the ETag you read."""
    version = parse_if_match(if_match)
    await service.patch_sweep(conn, settings, actor, sweep_id, version, body, repair)
    feature, new_version = await get_feature(conn, SWEEPS, sweep_id, actor.principal)
    return feature_response(feature, new_version)


@router.delete("/{sweep_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a sweep")
async def delete_sweep(
    sweep_id: int,
    conn: DbConn,
    actor: RecordActor,
    reason: DeleteReason,
    if_match: IfMatch = None,
) -> Response:
    """Soft-delete a sweep recorded by mistake; it no longer counts towards coverage."""
    version = parse_if_match(if_match) if if_match else None
    await service.delete_sweep(conn, sweep_id, version, actor, reason)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
